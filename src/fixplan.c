/* SPDX-License-Identifier: ISC */
/*
 * The plan of --fix: which routes to change, from the kernel's own
 * answers (HACKING, section 1), and the ip(8) commands that say the
 * same.
 *
 *   IPv4  the route the kernel uses for the group, when it leads to
 *         loopback, is replaced by the same route (its prefix, table,
 *         metric, protocol, type and every other attribute, as the
 *         kernel dumps it) with src 127.0.0.1: connect() then send()
 *         stays on loopback too.  With -g inside an administrator's
 *         /24, that is the whole /24.  Where no route leads there, a
 *         route of ours (protocol 201) is added in the table the
 *         lookup ends in.
 *   IPv6  only a local route in table local keeps every method on
 *         loopback: one of ours is added, for the prefix of an
 *         administrator's route to loopback when there is one.
 *
 * The plan is a list of (class, table, route) entries; today's class
 * is "default" (every socket: no uid, no mark).
 */
#include "config.h"

#include <errno.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "fix.h"
#include "iface.h"
#include "route.h"

static struct fix_entry *
new_entry(struct repair *rep, unsigned table, enum fix_action action)
{
	struct fix_entry *e = &rep->e[rep->n++];

	memset(e, 0, sizeof(*e));
	snprintf(e->class_name, sizeof(e->class_name), "default");
	e->table = table;
	e->action = action;
	return e;
}

static void
entry_commands(struct fix_entry *e)
{
	if (e->action == FIX_REPLACE) {
		fix_describe(&e->after, "replace", e->command,
		    sizeof(e->command));
		fix_describe(&e->before, "replace", e->undo, sizeof(e->undo));
	} else {
		fix_describe(&e->after, "add", e->command, sizeof(e->command));
		fix_describe(&e->after, "del", e->undo, sizeof(e->undo));
	}
}

/* A route of ours for prefix through loopback, in table. */
static void
own_route(const struct addr *dst, unsigned dst_len, unsigned table,
    unsigned lo_ifindex, struct route_info *r)
{
	int v6 = dst->family == AF_INET6;

	memset(r, 0, sizeof(*r));
	r->dst = *dst;
	r->dst_len = dst_len;
	r->table = table;
	r->protocol = MCASTLO_RTPROT;
	r->type = v6 ? RTN_LOCAL : RTN_UNICAST;
	r->scope = v6 ? RT_SCOPE_HOST : RT_SCOPE_LINK;
	r->oif = lo_ifindex;
	r->priority = FIX_METRIC;
	if (!v6) {
		r->has_prefsrc = 1;
		addr_loopback(AF_INET, &r->prefsrc);
	}
}

static int
is_loopback_src(const struct route_info *r)
{
	struct addr lo;

	addr_loopback(r->dst.family, &lo);
	return r->has_prefsrc && addr_equal(&r->prefsrc, &lo);
}

static int
plan4(struct nl *nl, const struct flow *f, unsigned lo_ifindex,
    struct repair *rep, char *err, size_t errlen)
{
	struct route_view v;
	struct route_info own;
	struct fix_entry *e;
	struct addr lo;
	unsigned table = RT_TABLE_MAIN;

	if (route_view(nl, f, &v) == 0) {
		table = v.entry.table;
		if (v.decision.oif == lo_ifindex && is_loopback_src(&v.entry)) {
			snprintf(rep->why, sizeof(rep->why), "the route in "
			    "effect already leads to loopback with src "
			    "127.0.0.1");
			return 0;
		}
		if (v.decision.oif == lo_ifindex) {
			e = new_entry(rep, table, FIX_REPLACE);
			addr_loopback(AF_INET, &lo);
			if (nl_route_find_raw(nl, &v.entry, &e->before) == -1 ||
			    nl_route_raw_with_prefsrc(&e->before, &lo,
			    &e->after) == -1) {
				snprintf(err, errlen, "reading the route in "
				    "effect: %s", strerror(errno));
				return -1;
			}
			/* (the table it is in: see nl_route_find_raw()) */
			if (nl_route_raw_parse(&e->before, &own) == 0)
				e->table = own.table;
			entry_commands(e);
			return 0;
		}
	}
	own_route(&f->dst, 32, table, lo_ifindex, &own);
	e = new_entry(rep, table, FIX_ADD);
	nl_route_build_raw(&own, &e->after);
	entry_commands(e);
	return 0;
}

static int
plan6(struct nl *nl, const struct flow *f, unsigned lo_ifindex,
    struct repair *rep, char *err, size_t errlen)
{
	struct route_view v;
	struct route_info admin, own;
	struct fix_entry *e;
	int rc;

	if (route_view(nl, f, &v) == 0 && v.decision.oif == lo_ifindex &&
	    v.entry.type == RTN_LOCAL && v.entry.table == RT_TABLE_LOCAL) {
		snprintf(rep->why, sizeof(rep->why), "a local route in table "
		    "local already keeps the group on loopback");
		return 0;
	}
	if ((rc = route_find_to_loopback(nl, &f->dst, lo_ifindex,
	    &admin)) == -1) {
		snprintf(err, errlen, "listing routes: %s", strerror(errno));
		return -1;
	}
	if (rc == 1)
		own_route(&admin.dst, admin.dst_len, RT_TABLE_LOCAL,
		    lo_ifindex, &own);
	else
		own_route(&f->dst, 128, RT_TABLE_LOCAL, lo_ifindex, &own);
	e = new_entry(rep, RT_TABLE_LOCAL, FIX_ADD);
	nl_route_build_raw(&own, &e->after);
	entry_commands(e);
	return 0;
}

/*
 * The plan for the default class, from the kernel's routes now: rep->n
 * entries (0 and rep->why when there is nothing to change).  0, or -1
 * and err.
 */
int
fix_plan(struct nl *nl, const struct addr *group, unsigned lo_ifindex,
    struct repair *rep, char *err, size_t errlen)
{
	struct flow f;

	memset(&f, 0, sizeof(f));
	f.dst = *group;
	f.proto = IPPROTO_UDP;
	rep->n = 0;
	rep->why[0] = '\0';
	if (group->family == AF_INET6)
		return plan6(nl, &f, lo_ifindex, rep, err, errlen);
	return plan4(nl, &f, lo_ifindex, rep, err, errlen);
}

/* --- ip(8) commands ------------------------------------------------------ */

static const char *
table_name(unsigned table, char *buf, size_t size)
{
	switch (table) {
	case RT_TABLE_MAIN:	return "main";
	case RT_TABLE_LOCAL:	return "local";
	case RT_TABLE_DEFAULT:	return "default";
	}
	snprintf(buf, size, "%u", table);
	return buf;
}

static const char *
proto_name(unsigned proto, char *buf, size_t size)
{
	switch (proto) {
	case RTPROT_KERNEL:	return "kernel";
	case RTPROT_BOOT:	return "boot";
	case RTPROT_STATIC:	return "static";
	}
	snprintf(buf, size, "%u", proto);
	return buf;
}

static const char *
scope_name(unsigned scope)
{
	switch (scope) {
	case RT_SCOPE_HOST:	return "host";
	case RT_SCOPE_LINK:	return "link";
	case RT_SCOPE_SITE:	return "site";
	}
	return "global";
}

static const char *
type_prefix(unsigned type)
{
	switch (type) {
	case RTN_LOCAL:		return "local ";
	case RTN_MULTICAST:	return "multicast ";
	case RTN_BLACKHOLE:	return "blackhole ";
	}
	return "";
}

/* "ip route VERB 224.16.17.0/24 dev lo table main proto static ..." */
void
fix_describe(const struct nl_raw_route *raw, const char *verb, char *buf,
    size_t size)
{
	struct route_info r;
	char dst[ADDR_STRLEN], src[ADDR_STRLEN], ifname[IF_NAMESIZE],
	    tb[16], pb[16], metric[24] = "", srcs[ADDR_STRLEN + 8] = "";

	if (nl_route_raw_parse(raw, &r) == -1) {
		snprintf(buf, size, "(unreadable route)");
		return;
	}
	if (r.priority != 0)
		snprintf(metric, sizeof(metric), " metric %u", r.priority);
	if (r.has_prefsrc)
		snprintf(srcs, sizeof(srcs), " src %s",
		    addr_ntop(&r.prefsrc, src, sizeof(src)));
	snprintf(buf, size, "ip %sroute %s %s%s/%u dev %s table %s proto %s%s "
	    "scope %s%s", r.dst.family == AF_INET6 ? "-6 " : "", verb,
	    type_prefix(r.type), addr_ntop(&r.dst, dst, sizeof(dst)),
	    r.dst_len, iface_name(r.oif, ifname),
	    table_name(r.table, tb, sizeof(tb)),
	    proto_name(r.protocol, pb, sizeof(pb)), metric,
	    scope_name(r.scope), srcs);
}
