/* SPDX-License-Identifier: ISC */
/*
 * Multicast forwarding.  A multicast router (smcroute, pimd, mrouted)
 * makes interfaces virtual interfaces (VIFs) of the kernel's multicast
 * routing, and installs forwarding entries (MFC) that copy a group
 * received on one VIF to others.  A group routed to loopback is then
 * forwarded from loopback to the uplinks: the datagrams of applications
 * that send with a TTL above 1 leave the host, whatever the route says.
 * A TTL-1 probe is not forwarded, so the audit reads the tables
 * (/proc/net/ip_mr_vif and ip_mr_cache, ip6_mr_vif and ip6_mr_cache),
 * and --ttl probes as the applications send.
 *
 * A forwarding entry line: group, origin, input VIF, three counters,
 * then the outputs as "vif:ttl".  IPv4 prints the addresses as 8 hex
 * digits of the network-order value read as a host integer (as
 * /proc/net/igmp does); IPv6 in full colon notation.
 */
#include "config.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forward.h"
#include "readfile.h"

/* The VIFs by index; how many lines named one. */
int
forward_parse_vifs(const char *text, char names[FORWARD_MAXVIFS][IF_NAMESIZE])
{
	const char *p = text;
	char name[IF_NAMESIZE];
	int idx, n = 0;

	memset(names, 0, FORWARD_MAXVIFS * IF_NAMESIZE);
	for (; p != NULL && *p != '\0'; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (sscanf(p, "%d %15s", &idx, name) == 2 && idx >= 0 &&
		    idx < FORWARD_MAXVIFS) {
			snprintf(names[idx], IF_NAMESIZE, "%s", name);
			n++;
		}
	return n;
}

/* Whether a line's group (its first word) is the group. */
static int
mfc_group_is(const char *line, const struct addr *group)
{
	char word[64];
	struct addr a;
	unsigned hex;

	if (sscanf(line, "%63s", word) != 1)
		return 0;
	if (group->family == AF_INET6)
		return addr_parse(word, &a) == 0 && addr_equal(&a, group);
	if (sscanf(word, "%8x", &hex) != 1 || strlen(word) != 8)
		return 0;
	return (uint32_t)hex == group->u.v4.s_addr;
}

/* The output VIFs ("vif:ttl" words after the seventh) of one line. */
static unsigned
mfc_outputs(const char *line)
{
	const char *p = line;
	unsigned mask = 0;
	int word, vif, ttl, used;

	for (word = 0; word < 6; word++) {
		while (*p == ' ' || *p == '\t')
			p++;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
	}
	while (sscanf(p, " %d:%d%n", &vif, &ttl, &used) == 2) {
		if (vif >= 0 && vif < FORWARD_MAXVIFS)
			mask |= 1u << vif;
		p += used;
	}
	return mask;
}

/*
 * The VIFs the group is forwarded to from the input VIF iif, as a mask,
 * over all its entries (one per origin).
 */
unsigned
forward_parse_mfc(const char *text, const struct addr *group, int iif)
{
	char first[64], second[64];
	const char *p = text;
	unsigned mask = 0;
	int in;

	for (; p != NULL && *p != '\0'; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (mfc_group_is(p, group) &&
		    sscanf(p, "%63s %63s %d", first, second, &in) == 3 &&
		    in == iif)
			mask |= mfc_outputs(p);
	return mask;
}

/* "eth0,eth1": the names of the VIFs in mask, but loopback's. */
static void
vif_list(char names[FORWARD_MAXVIFS][IF_NAMESIZE], unsigned mask, int lo,
    char *out, size_t size)
{
	size_t len = 0;
	int i, n;

	out[0] = '\0';
	for (i = 0; i < FORWARD_MAXVIFS; i++) {
		if (!(mask & (1u << i)) || i == lo || names[i][0] == '\0')
			continue;
		n = snprintf(out + len, size - len, "%s%s", len ? "," : "",
		    names[i]);
		if (n < 0 || (size_t)n >= size - len) {
			out[len] = '\0';
			break;
		}
		len += (size_t)n;
	}
}

/*
 * Whether a multicast router forwards the group from loopback, and to
 * where: its forwarding entries for the group that come in on
 * loopback's VIF.  Loopback as a VIF without an entry yet (a router
 * that makes them on demand) may forward as soon as a datagram comes:
 * the other VIFs are named then.
 */
void
audit_forwarding(struct check_result *r, const char *proc_root)
{
	static char text[65536];
	char names[FORWARD_MAXVIFS][IF_NAMESIZE], path[256];
	struct host_audit *a = &r->audit;
	const char *v6 = r->group.family == AF_INET6 ? "6" : "";
	unsigned mask;
	int lo;

	snprintf(path, sizeof(path), "%s/net/ip%s_mr_vif", proc_root, v6);
	if (readfile_at(AT_FDCWD, path, text, sizeof(text)) == -1 ||
	    forward_parse_vifs(text, names) == 0)
		return;
	a->mc_forwarding = 1;
	for (lo = 0; lo < FORWARD_MAXVIFS; lo++)
		if (strcmp(names[lo], r->loopback) == 0)
			break;
	if (lo == FORWARD_MAXVIFS)
		return;		/* loopback is not routed from */
	snprintf(path, sizeof(path), "%s/net/ip%s_mr_cache", proc_root, v6);
	if (readfile_at(AT_FDCWD, path, text, sizeof(text)) == -1)
		text[0] = '\0';
	mask = forward_parse_mfc(text, &r->group, lo);
	a->forward_entry = mask != 0;
	if (mask == 0)
		mask = ~0u;	/* no entry yet: any VIF it may make one for */
	addr_ntop(&r->group, a->forward_group, sizeof(a->forward_group));
	vif_list(names, mask, lo, a->forward_from_loopback,
	    sizeof(a->forward_from_loopback));
	if (a->forward_from_loopback[0] == '\0')
		a->forward_group[0] = '\0';
}
