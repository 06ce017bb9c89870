/* SPDX-License-Identifier: ISC */
/*
 * Host facts that explain surprises (issue: "host audit"): the loopback
 * MULTICAST flag, rp_filter on loopback, the egress and "all", and the
 * interfaces where some socket has joined the group (/proc/net/igmp,
 * /proc/net/igmp6).
 * Read before the check's own listener joins, so it is not counted.
 */
#include "config.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "audit.h"
#include "iface.h"
#include "readfile.h"

static int
rp_filter(const char *proc_root, const char *ifname)
{
	char path[256], buf[32];

	snprintf(path, sizeof(path), "%s/sys/net/ipv4/conf/%s/rp_filter",
	    proc_root, ifname);
	if (readfile_at(AT_FDCWD, path, buf, sizeof(buf)) == -1)
		return -1;
	return atoi(buf);
}

/*
 * The devices of /proc/net/igmp that list the group.  A device line is
 * "Idx<TAB>Device : Count Querier"; its groups follow, each on a line
 * that starts with a tab, as 8 hex digits in host byte order.
 */
int
audit_parse_igmp(const char *text, struct in_addr group,
    char names[][IF_NAMESIZE], int max)
{
	char device[IF_NAMESIZE] = "", line[256];
	const char *p = text, *nl;
	unsigned long addr;
	size_t len;
	int n = 0, idx;

	while (*p != '\0' && n < max) {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		memcpy(line, p, len);
		line[len] = '\0';
		p = nl != NULL ? nl + 1 : p + len;
		if (line[0] != '\t') {
			if (sscanf(line, "%d %15s", &idx, device) != 2)
				device[0] = '\0';
			continue;
		}
		if (device[0] != '\0' &&
		    sscanf(line, " %lx", &addr) == 1 &&
		    (uint32_t)addr == group.s_addr) {
			snprintf(names[n++], IF_NAMESIZE, "%s", device);
			device[0] = '\0';	/* once per device */
		}
	}
	return n;
}

/*
 * The devices of /proc/net/igmp6 that list the group: one line per
 * membership, "Idx Device Group Users Flags Timer", the group as 32 hex
 * digits in network byte order.
 */
int
audit_parse_igmp6(const char *text, const struct in6_addr *group,
    char names[][IF_NAMESIZE], int max)
{
	char device[IF_NAMESIZE], hex[33], want[33];
	const char *p = text;
	int n = 0, idx, i;

	for (i = 0; i < 16; i++)
		snprintf(want + 2 * i, 3, "%02x", group->s6_addr[i]);
	while (*p != '\0' && n < max) {
		if (sscanf(p, "%d %15s %32s", &idx, device, hex) == 3 &&
		    strcasecmp(hex, want) == 0)
			snprintf(names[n++], IF_NAMESIZE, "%s", device);
		if ((p = strchr(p, '\n')) == NULL)
			break;
		p++;
	}
	return n;
}

/* Once the egress and the route the kernel uses are known. */
void
audit_route(struct check_result *r, const char *proc_root)
{
	struct host_audit *a = &r->audit;
	const struct route_effect *e = &r->route_in_effect;

	a->rp_filter_egress = r->egress[0] ? rp_filter(proc_root, r->egress) :
	    -1;
	if (!e->known)
		return;
	a->route_known = 1;
	a->route_table = e->table;
	a->route_protocol = e->protocol;
	snprintf(a->route_prefsrc, sizeof(a->route_prefsrc), "%s", e->prefsrc);
}

/* Fills r->audit for r->loopback, before the check's listener joins. */
void
audit_host(struct check_result *r, const char *proc_root)
{
	struct host_audit *a = &r->audit;
	char path[256];
	static char igmp[65536];

	a->known = 1;
	a->rp_filter_egress = -1;
	a->loopback_multicast = (iface_flags(r->loopback) & IFF_MULTICAST) != 0;
	a->rp_filter_all = rp_filter(proc_root, "all");
	a->rp_filter_loopback = rp_filter(proc_root, r->loopback);
	snprintf(path, sizeof(path), "%s/net/igmp%s", proc_root,
	    r->group.family == AF_INET6 ? "6" : "");
	if (readfile_at(AT_FDCWD, path, igmp, sizeof(igmp)) == -1)
		a->nmembers = 0;
	else if (r->group.family == AF_INET6)
		a->nmembers = audit_parse_igmp6(igmp, &r->group.u.v6,
		    a->members, AUDIT_MEMBERS_MAX);
	else
		a->nmembers = audit_parse_igmp(igmp, r->group.u.v4,
		    a->members, AUDIT_MEMBERS_MAX);
}
