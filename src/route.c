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
 * another program's route that happens to use number 201 is safe.
 */
#include "config.h"

#include <errno.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
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
	return r->dst_len == own.dst_len && r->table == own.table &&
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
 * Whether our route is still there, with our tag and our shape: 1 yes,
 * 0 no (removed, or replaced by someone else's), -1 error.
 */
int
route_own_present(struct nl *nl, const struct addr *group,
    unsigned lo_ifindex)
{
	struct route_info own;
	struct own_search s = { &own, 0 };

	route_own(group, lo_ifindex, &own);
	if (nl_route_dump(nl, group->family, find_own_cb, &s) == -1)
		return -1;
	return s.found;
}

struct host_search {
	const struct addr	*group;
	struct route_info	*out;
	int			 found;
};

static int
find_host_cb(void *arg, const struct route_info *r)
{
	struct host_search *s = arg;

	if (r->dst_len != addr_bits(s->group) ||
	    !addr_equal(&r->dst, s->group) || (r->flags & RTM_F_CLONED))
		return 0;
	if (!s->found || r->priority < s->out->priority)
		*s->out = *r;
	s->found = 1;
	return 0;
}

/*
 * A host route for the group in some table, the lowest metric's:
 * 1 found, 0 none, -1 error.
 */
int
route_find_host(struct nl *nl, const struct addr *group, struct route_info *out)
{
	struct host_search s = { group, out, 0 };

	if (nl_route_dump(nl, group->family, find_host_cb, &s) == -1)
		return -1;
	return s.found;
}
