/* SPDX-License-Identifier: ISC */
/*
 * The check's own route for the group, and the rules of its shape.
 *
 * IPv4: dst/32 dev lo in the main table, a link-scope unicast route.
 * IPv6: dst/128 dev lo in the local table, of type local.  The local
 * table is looked up before main, and holds the kernel's own
 * ff00::/8 route of every interface, which would otherwise win; and
 * the kernel turns any route through loopback that is not of type
 * local into a reject route (fib6_is_reject()), which drops what it
 * carries.  Of the IPv6 routes, only this one keeps every send method
 * on loopback (measured, Linux 6.18; tests/ns-ipv6.sh asserts it).
 *
 * Every route a check adds carries protocol 201, metric 0 (IPv4; the
 * kernel makes that 1024 for IPv6), no gateway, and at most a loopback
 * source (which the send-route-src probe gives it).  The sweep removes
 * exactly that shape, and nothing that differs from it in any field:
 * another program's route that happens to use number 201 is safe.  A
 * fix trial (check.c) puts the same route, with the source 127.0.0.1,
 * in the table a class's lookup ends in for a moment; with that source
 * it is ours in any table.
 */
#include "config.h"

#include <errno.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "iface.h"
#include "route.h"

/* The kernel gives an IPv6 route without a metric this one. */
#define IP6_RT_PRIO_USER	1024

/* The route a check adds for group through the loopback lo_ifindex. */
void
route_own(const struct addr *group, unsigned lo_ifindex, struct route_info *r)
{
	int v6 = group->family == AF_INET6;

	memset(r, 0, sizeof(*r));
	r->dst = *group;
	r->dst_len = addr_bits(group);
	r->table = v6 ? RT_TABLE_LOCAL : RT_TABLE_MAIN;
	r->protocol = MCASTLO_RTPROT;
	r->type = v6 ? RTN_LOCAL : RTN_UNICAST;
	r->scope = v6 ? RT_SCOPE_HOST : RT_SCOPE_LINK;
	r->oif = lo_ifindex;
}

int
route_own_add(struct nl *nl, const struct addr *group, unsigned lo_ifindex)
{
	struct route_info r;

	route_own(group, lo_ifindex, &r);
	return nl_route_change(nl, NL_ROUTE_ADD, &r);
}

/* Names our protocol, so the kernel deletes only a route with our tag. */
int
route_own_delete(struct nl *nl, const struct addr *group, unsigned lo_ifindex)
{
	struct route_info r;

	route_own(group, lo_ifindex, &r);
	return nl_route_change(nl, NL_ROUTE_DELETE, &r);
}

/* Gives our route a preferred source address (the host-level fix). */
int
route_own_set_src(struct nl *nl, const struct addr *group,
    unsigned lo_ifindex, const struct addr *src)
{
	struct route_info r;

	route_own(group, lo_ifindex, &r);
	r.has_prefsrc = 1;
	r.prefsrc = *src;
	return nl_route_change(nl, NL_ROUTE_REPLACE, &r);
}

/*
 * The route a fix trial puts in table: the check's own shape with the
 * source 127.0.0.1, in the table the kernel uses for a class.  It is
 * removed as soon as the trial's probes are out (check.c).
 */
static void
route_trial(const struct addr *group, unsigned lo_ifindex, unsigned table,
    struct route_info *r)
{
	route_own(group, lo_ifindex, r);
	r->table = table;
	r->has_prefsrc = 1;
	addr_loopback(AF_INET, &r->prefsrc);
}

int
route_trial_add(struct nl *nl, const struct addr *group, unsigned lo_ifindex,
    unsigned table)
{
	struct route_info r;

	route_trial(group, lo_ifindex, table, &r);
	return nl_route_change(nl, NL_ROUTE_ADD, &r);
}

int
route_trial_delete(struct nl *nl, const struct addr *group,
    unsigned lo_ifindex, unsigned table)
{
	struct route_info r;

	route_trial(group, lo_ifindex, table, &r);
	return nl_route_change(nl, NL_ROUTE_DELETE, &r);
}

/* A loopback address, or none: the only sources our route may have. */
static int
own_prefsrc(const struct route_info *r)
{
	struct addr lo;

	if (!r->has_prefsrc)
		return 1;
	addr_loopback(r->dst.family, &lo);
	return addr_equal(&r->prefsrc, &lo);
}

/*
 * A fix trial's route (route_trial()) may sit in any table, and always
 * has the source 127.0.0.1: the only IPv4 routes of ours outside main.
 */
static int
trial_shape(const struct route_info *r)
{
	return r->dst.family == AF_INET && r->has_prefsrc && own_prefsrc(r);
}

/*
 * Whether a dumped route has exactly the shape a check adds, for any
 * group and any loopback device (the sweep's test).
 */
int
route_is_own_shape(const struct route_info *r)
{
	struct route_info own;
	unsigned metric;

	if (!addr_is_multicast(&r->dst) || !iface_is_loopback(r->oif))
		return 0;
	route_own(&r->dst, r->oif, &own);
	metric = r->dst.family == AF_INET6 ? IP6_RT_PRIO_USER : 0;
	/* The kernel reports every IPv6 route with universe scope. */
	if (r->dst.family == AF_INET6)
		own.scope = RT_SCOPE_UNIVERSE;
	return r->dst_len == own.dst_len &&
	    (r->table == own.table || trial_shape(r)) &&
	    r->protocol == own.protocol && r->type == own.type &&
	    r->scope == own.scope && r->priority == metric && r->tos == 0 &&
	    !r->has_gateway && !r->multipath &&
	    !(r->flags & RTM_F_CLONED) && own_prefsrc(r);
}

struct own_search {
	const struct route_info	*own;
	int			 found;
};

static int
find_own_cb(void *arg, const struct route_info *r)
{
	struct own_search *s = arg;

	if (addr_equal(&r->dst, &s->own->dst) && route_is_own_shape(r) &&
	    r->oif == s->own->oif) {
		s->found = 1;
		return -1;
	}
	return 0;
}

/*
 * Whether our route is still there, with our tag and our shape (in
 * effect or not: a bypass is reported when it is added): 1 yes, 0 no
 * (removed, or replaced by someone else's), -1 error.
 */
int
route_own_present(struct nl *nl, const struct addr *group,
    unsigned lo_ifindex)
{
	struct route_info own;
	struct own_search s = { &own, 0 };
	struct route_filter ours;

	route_own(group, lo_ifindex, &own);
	ours.protocol = MCASTLO_RTPROT;
	ours.table = own.table;
	ours.oif = lo_ifindex;
	if (nl_route_dump(nl, group->family, &ours, find_own_cb, &s) == -1)
		return -1;
	return s.found;
}

/* The policy rule that sent a lookup to table, for a report. */
struct rule_search {
	const struct addr	*group;
	unsigned		 table;
	struct route_view	*view;
};

static int
rule_cb(void *arg, const struct rule_info *r)
{
	struct rule_search *s = arg;

	if (r->table != s->table || (r->dst_len != 0 &&
	    !addr_in_prefix(s->group, &r->dst, r->dst_len)))
		return 0;
	s->view->rule_priority = (int)r->priority;
	s->view->rule_selective = r->selective;
	return -1;	/* the first in order is the one that matched */
}

/*
 * The rules the kernel starts with (local 0, main 32766, default 32767)
 * say nothing worth a report; any other that leads to the table does.
 */
static int
default_rule(const struct route_view *v)
{
	return (v->rule_priority == 0 && v->entry.table == RT_TABLE_LOCAL) ||
	    (v->rule_priority == 32766 && v->entry.table == RT_TABLE_MAIN) ||
	    (v->rule_priority == 32767 && v->entry.table == RT_TABLE_DEFAULT);
}

struct local_search {
	const struct route_info	*entry;
	int			 found;
};

static int
local_cb(void *arg, const struct route_info *r)
{
	struct local_search *s = arg;

	if (r->table == RT_TABLE_LOCAL && r->dst_len == s->entry->dst_len &&
	    addr_equal(&r->dst, &s->entry->dst) && r->oif == s->entry->oif &&
	    !(r->flags & RTM_F_CLONED)) {
		s->found = 1;
		return -1;
	}
	return 0;
}

/*
 * Whether an IPv4 entry the kernel names as main's is table local's:
 * until a policy rule is added, the kernel merges local into main, and
 * an answer names the merged table (254), while the route, and any fix
 * for it, belongs to local (HACKING, section 1).
 */
static int
entry_in_local(struct nl *nl, const struct route_info *e)
{
	struct route_filter local = { 0, RT_TABLE_LOCAL, 0 };
	struct local_search s = { e, 0 };

	if (e->dst.family != AF_INET || e->table != RT_TABLE_MAIN)
		return 0;
	if (nl_route_dump(nl, AF_INET, &local, local_cb, &s) == -1)
		return -1;
	return s.found;
}

/*
 * How the kernel routes a flow to the group, as an application's socket
 * meets it: its decision (the interface, the source it picks, the table
 * the rules led to), the FIB entry behind it (prefix, table, protocol,
 * metric), and the rule that led there when it is not a default one.
 * -1 with errno when the kernel has no route.
 */
int
route_view(struct nl *nl, const struct flow *f, struct route_view *v)
{
	struct rule_search s = { &f->dst, 0, v };

	memset(v, 0, sizeof(*v));
	v->rule_priority = -1;
	if (nl_route_get(nl, f, &v->decision) == -1 ||
	    nl_route_get_entry(nl, f, &v->entry) == -1)
		return -1;
	if (entry_in_local(nl, &v->entry) == 1)
		v->entry.table = RT_TABLE_LOCAL;
	/*
	 * The rule that led there is worth naming, and a dump, only for a
	 * table other than the ones the kernel's default rules look up.
	 */
	s.table = v->entry.table;
	if (s.table != RT_TABLE_MAIN && s.table != RT_TABLE_LOCAL &&
	    s.table != RT_TABLE_DEFAULT &&
	    nl_rule_dump(nl, f->dst.family, rule_cb, &s) == -1)
		return -1;
	if (default_rule(v))
		v->rule_priority = -1;
	return 0;
}

/* Whether the route in effect is this check's own. */
int
route_view_is_own(const struct route_view *v, unsigned lo_ifindex)
{
	struct route_info own;

	route_own(&v->entry.dst, lo_ifindex, &own);
	return v->entry.protocol == MCASTLO_RTPROT &&
	    v->entry.dst_len == own.dst_len && v->entry.table == own.table &&
	    v->decision.oif == lo_ifindex;
}

struct lo_search {
	const struct addr	*group;
	unsigned		 lo_ifindex;
	struct route_info	*out;
	int			 found;
};

/*
 * Whether r leads to the device ifindex and is someone else's: an
 * administrator's or a daemon's, not the kernel's own, not a cached
 * clone, not this program's.
 */
int
route_is_others_to(const struct route_info *r, unsigned ifindex)
{
	return r->oif == ifindex && !(r->flags & RTM_F_CLONED) &&
	    r->protocol != MCASTLO_RTPROT && r->protocol != RTPROT_KERNEL;
}

static int
find_lo_cb(void *arg, const struct route_info *r)
{
	struct lo_search *s = arg;

	if (!route_is_others_to(r, s->lo_ifindex) ||
	    !addr_in_prefix(s->group, &r->dst, r->dst_len))
		return 0;
	/* (::1 and 127/8 are the host's own: they cover no group) */
	if (!s->found || r->dst_len > s->out->dst_len)
		*s->out = *r;
	s->found = 1;
	return 0;
}

/*
 * A route of someone else's that covers the group and leads to the
 * loopback device, in any table, the most specific one: the
 * administrator's intent, whether or not the kernel uses it.  1 found,
 * 0 none, -1 error.
 */
int
route_find_to_loopback(struct nl *nl, const struct addr *group,
    unsigned lo_ifindex, struct route_info *out)
{
	struct route_filter through_lo = { 0, 0, lo_ifindex };
	struct lo_search s = { group, lo_ifindex, out, 0 };

	if (nl_route_dump(nl, group->family, &through_lo, find_lo_cb, &s) == -1)
		return -1;
	return s.found;
}

/* --- a route that refuses the group ------------------------------------ */

#define REJECT_RULES_MAX	64
#define REJECT_TABLES_MAX	32

/*
 * The kernel answers a lookup that ends in a blackhole, unreachable,
 * prohibit or (last) throw route with an error only (EINVAL,
 * EHOSTUNREACH, EACCES, ENETUNREACH), even with RTM_F_FIB_MATCH: the
 * route is found here from the rules and a dump, as the kernel's
 * lookup walks them (rules in order; per table, the longest prefix; a
 * throw route goes on to the next rule).  Rules that match on more
 * than the destination are left out: this is the default class's walk.
 */
struct reject_search {
	const struct addr	*group;
	size_t			 nrules;
	struct rule_info	 rules[REJECT_RULES_MAX];
	size_t			 ntables;
	struct route_info	 best[REJECT_TABLES_MAX];	/* per table */
};

static int
reject_rule_cb(void *arg, const struct rule_info *r)
{
	struct reject_search *s = arg;

	if (r->selective || (r->dst_len != 0 &&
	    !addr_in_prefix(s->group, &r->dst, r->dst_len)))
		return 0;
	if (s->nrules < REJECT_RULES_MAX)
		s->rules[s->nrules++] = *r;
	return 0;
}

static int
reject_route_cb(void *arg, const struct route_info *r)
{
	struct reject_search *s = arg;
	size_t i;

	if ((r->flags & RTM_F_CLONED) ||
	    !addr_in_prefix(s->group, &r->dst, r->dst_len))
		return 0;
	for (i = 0; i < s->ntables; i++)
		if (s->best[i].table == r->table)
			break;
	if (i == s->ntables) {
		if (s->ntables == REJECT_TABLES_MAX)
			return 0;
		s->ntables++;
	} else if (s->best[i].dst_len >= r->dst_len)
		return 0;
	s->best[i] = *r;
	return 0;
}

static const struct route_info *
reject_best(const struct reject_search *s, unsigned table)
{
	size_t i;

	for (i = 0; i < s->ntables; i++)
		if (s->best[i].table == table)
			return &s->best[i];
	return NULL;
}

static int
is_reject_type(unsigned type)
{
	return type == RTN_BLACKHOLE || type == RTN_UNREACHABLE ||
	    type == RTN_PROHIBIT || type == RTN_THROW;
}

/*
 * The route of a refusing type the group's lookup ends in, and the
 * priority of the rule that led there: 1 found, 0 none, -1 error.
 */
int
route_find_reject(struct nl *nl, const struct addr *group,
    struct route_info *out, int *rule)
{
	struct reject_search *s;
	const struct route_info *best;
	int found = 0;
	size_t i;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return -1;
	s->group = group;
	if (nl_rule_dump(nl, group->family, reject_rule_cb, s) == -1 ||
	    nl_route_dump(nl, group->family, NULL, reject_route_cb, s) == -1) {
		free(s);
		return -1;
	}
	for (i = 0; i < s->nrules; i++) {
		if ((best = reject_best(s, s->rules[i].table)) == NULL)
			continue;
		if (!is_reject_type(best->type))
			break;		/* the kernel would have answered */
		*out = *best;
		*rule = (int)s->rules[i].priority;
		found = 1;
		if (best->type != RTN_THROW)
			break;		/* a throw goes on to the next rule */
	}
	free(s);
	return found;
}
