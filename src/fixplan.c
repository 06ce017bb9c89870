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
 * The plan is a list of (class, table, route) entries: the default
 * class (every socket: no uid, no mark) first, then each class the
 * policy rules route apart (class.c, found by the check before the
 * fix), planned the same way from the kernel's answer for that class's
 * flow (its uid, its mark), in the table the lookup ends in for it.  A
 * class whose lookup ends in a route already planned adds nothing.  A
 * route of ours in a class's table covers the prefix of the
 * administrator's route the default class's entry replaces, when there
 * is one: the administrator meant that prefix for loopback.  IPv6 needs
 * no class: its fix is in table local, which rule 0 looks up before any
 * uidrange or fwmark rule.
 */
#include "config.h"

#include <errno.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "class.h"
#include "fix.h"
#include "iface.h"
#include "route.h"

/* What one class's plan is made from. */
struct plan_class {
	const char	*name;		/* "default", "uid 1000-1999" */
	struct flow	 flow;		/* the class's uid and mark */
	const struct addr *prefix;	/* a route of ours covers this, */
	unsigned	 prefix_len;	/* or the group alone (0) */
	char		 why[256];	/* nothing to change: why */
};

static struct fix_entry *
new_entry(struct repair *rep, const struct plan_class *pc, unsigned table,
    enum fix_action action)
{
	struct fix_entry *e = &rep->e[rep->n++];

	memset(e, 0, sizeof(*e));
	snprintf(e->class_name, sizeof(e->class_name), "%s", pc->name);
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

/*
 * Whether an entry already changes the route with this prefix in this
 * table: a class whose lookup ends where another's does.
 */
static int
planned(const struct repair *rep, unsigned table, const struct addr *dst,
    unsigned dst_len)
{
	struct route_info r;
	size_t i;

	for (i = 0; i < rep->n; i++)
		if (nl_route_raw_parse(&rep->e[i].after, &r) == 0 &&
		    r.table == table && r.dst_len == dst_len &&
		    addr_equal(&r.dst, dst))
			return 1;
	return 0;
}

static int
full(struct repair *rep, const struct plan_class *pc, char *err,
    size_t errlen)
{
	if (rep->n < FIX_ENTRIES_MAX)
		return 0;
	snprintf(err, errlen, "the fix for the class %s would change more "
	    "than %d routes", pc->name, FIX_ENTRIES_MAX);
	return 1;
}

static int
plan4(struct nl *nl, struct plan_class *pc, unsigned lo_ifindex,
    struct repair *rep, char *err, size_t errlen)
{
	const struct flow *f = &pc->flow;
	struct route_view v;
	struct route_info own;
	struct fix_entry *e;
	struct addr lo;
	unsigned table = RT_TABLE_MAIN;

	if (route_view(nl, f, &v) == 0) {
		table = v.entry.table;
		if (v.decision.oif == lo_ifindex && is_loopback_src(&v.entry)) {
			snprintf(pc->why, sizeof(pc->why), "the route in "
			    "effect already leads to loopback with src "
			    "127.0.0.1");
			return 0;
		}
		if (v.decision.oif == lo_ifindex) {
			if (planned(rep, table, &v.entry.dst, v.entry.dst_len))
				return 0;
			if (full(rep, pc, err, errlen))
				return -1;
			e = new_entry(rep, pc, table, FIX_REPLACE);
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
	if (pc->prefix_len != 0)
		own_route(pc->prefix, pc->prefix_len, table, lo_ifindex, &own);
	else
		own_route(&f->dst, 32, table, lo_ifindex, &own);
	if (planned(rep, table, &own.dst, own.dst_len))
		return 0;
	if (full(rep, pc, err, errlen))
		return -1;
	e = new_entry(rep, pc, table, FIX_ADD);
	nl_route_build_raw(&own, &e->after);
	entry_commands(e);
	return 0;
}

static int
plan6(struct nl *nl, struct plan_class *pc, unsigned lo_ifindex,
    struct repair *rep, char *err, size_t errlen)
{
	const struct flow *f = &pc->flow;
	struct route_view v;
	struct route_info admin, own;
	struct fix_entry *e;
	int rc;

	if (route_view(nl, f, &v) == 0 && v.decision.oif == lo_ifindex &&
	    v.entry.type == RTN_LOCAL && v.entry.table == RT_TABLE_LOCAL) {
		snprintf(pc->why, sizeof(pc->why), "a local route in table "
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
	e = new_entry(rep, pc, RT_TABLE_LOCAL, FIX_ADD);
	nl_route_build_raw(&own, &e->after);
	entry_commands(e);
	return 0;
}

/* The prefix of the administrator's route the default entry replaces. */
static void
admin_prefix(const struct repair *rep, struct plan_class *pc,
    struct route_info *admin)
{
	if (rep->n == 0 || rep->e[0].action != FIX_REPLACE ||
	    nl_route_raw_parse(&rep->e[0].before, admin) == -1)
		return;
	pc->prefix = &admin->dst;
	pc->prefix_len = admin->dst_len;
}

/*
 * The plan, from the kernel's routes now: the default class's entry,
 * then each class's of diag->classes (the check before the fix found
 * them).  rep->n entries (0 and rep->why when there is nothing to
 * change).  0, or -1 and err.
 */
int
fix_plan(struct nl *nl, const struct check_result *diag, unsigned lo_ifindex,
    struct repair *rep, char *err, size_t errlen)
{
	struct plan_class pc;
	struct route_info admin;
	char why[sizeof(rep->why)];
	size_t k;

	memset(&pc, 0, sizeof(pc));
	pc.name = "default";
	pc.flow.dst = diag->group;
	pc.flow.proto = IPPROTO_UDP;
	rep->n = 0;
	rep->why[0] = '\0';
	if (diag->group.family == AF_INET6) {
		if (plan6(nl, &pc, lo_ifindex, rep, err, errlen) == -1)
			return -1;
		snprintf(rep->why, sizeof(rep->why), "%s", pc.why);
		return 0;
	}
	if (plan4(nl, &pc, lo_ifindex, rep, err, errlen) == -1)
		return -1;
	snprintf(why, sizeof(why), "%s", pc.why);
	admin_prefix(rep, &pc, &admin);
	for (k = 0; k < diag->nclasses; k++) {
		const struct class_result *cl = &diag->classes[k];

		pc.name = cl->name;
		memset(&pc.flow, 0, sizeof(pc.flow));
		pc.flow.dst = diag->group;
		pc.flow.proto = IPPROTO_UDP;
		class_flow(cl, &pc.flow);
		if (plan4(nl, &pc, lo_ifindex, rep, err, errlen) == -1)
			return -1;
	}
	if (rep->n == 0)
		snprintf(rep->why, sizeof(rep->why), "%.200s%s", why,
		    diag->nclasses ? ", for every class of application" : "");
	return 0;
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
