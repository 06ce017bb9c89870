/* SPDX-License-Identifier: ISC */
/*
 * /proc/net/igmp and /proc/net/igmp6 parsing: the devices where a group
 * is joined.
 */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "audit.h"
#include "unit.h"

static void
test_igmp6(void)
{
	static const char igmp6[] =
	    "1    lo              ff020000000000000000000000000001     1 0000000C 0\n"
	    "1    lo              ff150000000000000000000016170008     1 00000004 0\n"
	    "2    eth0            ff150000000000000000000016170008     2 00000004 0\n"
	    "2    eth0            FF150000000000000000000016170009     1 00000004 0\n"
	    "3    eth1            ff15000000000000000000001617000";
	char names[4][IF_NAMESIZE];
	struct in6_addr g;

	inet_pton(AF_INET6, "ff15::1617:8", &g);
	CHECK(audit_parse_igmp6(igmp6, &g, names, 4) == 2);
	CHECK(strcmp(names[0], "lo") == 0 && strcmp(names[1], "eth0") == 0);
	CHECK(audit_parse_igmp6(igmp6, &g, names, 1) == 1);
	inet_pton(AF_INET6, "ff15::1617:9", &g);
	CHECK(audit_parse_igmp6(igmp6, &g, names, 4) == 1);
	CHECK(strcmp(names[0], "eth0") == 0);
	inet_pton(AF_INET6, "ff15::1617:7", &g);
	CHECK(audit_parse_igmp6(igmp6, &g, names, 4) == 0);
	CHECK(audit_parse_igmp6("", &g, names, 4) == 0);
}

int
main(void)
{
	test_igmp6();
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
