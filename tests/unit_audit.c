/*
 * /proc/net/igmp parsing: the devices where a group is joined.
 */
#include "config.h"

#include <arpa/inet.h>

#include "audit.h"
#include "unit.h"

int
main(void)
{
	static const char igmp[] =
	    "Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter\n"
	    "1\tlo        :     2      V3\n"
	    "\t\t\t\t010000E0     1 0:00000000\t\t0\n"
	    "\t\t\t\t081110E0     1 0:00000000\t\t0\n"
	    "4\teth0      :     3      V3\n"
	    "\t\t\t\t091110E0     1 0:00000000\t\t0\n"
	    "\t\t\t\t081110E0     2 0:00000000\t\t0\n"
	    "\t\t\t\t081110E0     1 0:00000000\t\t0\n"
	    "5\teth1      :     1      V2\n"
	    "\t\t\t\t010000E0     1 0:00000000\t\t0";
	char names[4][IF_NAMESIZE];
	struct in_addr g;

	inet_pton(AF_INET, "224.16.17.8", &g);
	CHECK(audit_parse_igmp(igmp, g, names, 4) == 2);
	CHECK(strcmp(names[0], "lo") == 0 && strcmp(names[1], "eth0") == 0);
	CHECK(audit_parse_igmp(igmp, g, names, 1) == 1);
	inet_pton(AF_INET, "224.16.17.9", &g);
	CHECK(audit_parse_igmp(igmp, g, names, 4) == 1);
	CHECK(strcmp(names[0], "eth0") == 0);
	inet_pton(AF_INET, "239.1.1.1", &g);
	CHECK(audit_parse_igmp(igmp, g, names, 4) == 0);
	CHECK(audit_parse_igmp("", g, names, 4) == 0);
	CHECK(audit_parse_igmp("\t\t081110E0 garbage\nno tabs\n", g, names,
	    4) == 0);
	return unit_done("unit_audit");
}
