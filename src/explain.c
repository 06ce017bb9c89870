/* SPDX-License-Identifier: ISC */
/*
 * The kernel's routing decisions for each send method (HACKING,
 * section 1), asked through rtnetlink as `ip route get` does, without
 * sending a packet:
 *
 *   sendto()            route get G: the route's interface;
 *   connect(), send()   route get G picks a source S; connect() keeps S,
 *                       and route get G from S, a multicast lookup that
 *                       has a source, leaves through the device that
 *                       owns S, whatever the route says.
 *
 * IPv6 differs (HACKING, section 1): the local table's ff00::/8 route of each
 * interface comes before the main table; the kernel makes any route
 * through loopback that is not of type local a reject route, which
 * drops what it carries; and a lookup with a source follows the route.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "explain.h"
#include "iface.h"
#include "probe.h"

/*
 * Asks about the two applications' flows: sendto()'s (no source) and
 * send()'s (the source connect() took).  Without a connected send()
 * socket, the source is the one the first decision picks, which is
 * what connect() would take.
 */
void
explain_ask(struct nl *nl, const struct flow *sendto, const struct flow *send,
    struct decisions *d)
{
	struct flow f;

	memset(d, 0, sizeof(*d));
	d->family = sendto->dst.family;
	if (nl_route_get(nl, sendto, &d->first) == -1) {
		d->error = errno;
		return;
	}
	d->first_ok = 1;
	if (send != NULL && send->src.family != 0)
		f = *send;
	else {
		f = *sendto;
		if (!d->first.has_prefsrc)
			return;
		f.src = d->first.prefsrc;
	}
	d->source = f.src;
	if (nl_route_get(nl, &f, &d->second) == 0)
		d->second_ok = 1;
}

/*
 * The kernel's decision for one probe's flow, as the probe will meet
 * it; nothing is sent.
 */
void
explain_probe(struct nl *nl, const struct flow *f, struct probe_result *p)
{
	struct route_info r;

	if (nl_route_get(nl, f, &r) == 0)
		explain_set(&r, p);
}

/* A probe's prediction from the kernel's decision for its flow. */
void
explain_set(const struct route_info *r, struct probe_result *p)
{
	p->predicted = 1;
	iface_name(r->oif, p->predicted_if);
	p->predicted_no_carrier = iface_no_carrier(p->predicted_if);
}

/* Where connect() then send() goes, or 0 if the kernel cannot say. */
static unsigned
explain_send_oif(const struct decisions *d)
{
	if (d->second_ok)
		return d->second.oif;
	return d->first_ok ? d->first.oif : 0;
}

/* IPv6 through loopback: anything but a local route drops (fib6_is_reject). */
static int
is_reject6(const struct decisions *d, unsigned lo_ifindex)
{
	return d->family == AF_INET6 && d->first_ok &&
	    d->first.oif == lo_ifindex && d->first.type != RTN_LOCAL;
}

/*
 * IPv6 out of an interface with no usable source address (none, or only
 * tentative ones during duplicate address detection): every send fails
 * with EADDRNOTAVAIL.
 */
static int
is_sourceless6(const struct decisions *d, unsigned lo_ifindex)
{
	return d->family == AF_INET6 && d->first_ok &&
	    d->first.oif != lo_ifindex && !d->first.has_prefsrc;
}

/*
 * IPv6 kept on loopback, but loopback has no address (::1 removed): the
 * kernel has no source for it, and every send fails (EADDRNOTAVAIL).
 */
static int
is_lo_sourceless6(const struct decisions *d, unsigned lo_ifindex)
{
	return d->family == AF_INET6 && d->first_ok &&
	    d->first.oif == lo_ifindex && d->first.type == RTN_LOCAL &&
	    !d->first.has_prefsrc;
}

/* "main", "local", "default" or the number, as ip(8) names tables. */
static const char *
table_str(unsigned table, char *buf, size_t size)
{
	switch (table) {
	case RT_TABLE_MAIN:
		return "main";
	case RT_TABLE_LOCAL:
		return "local";
	case RT_TABLE_DEFAULT:
		return "default";
	}
	snprintf(buf, size, "%u", table);
	return buf;
}

/* The route types that stop a lookup with an error (and "throw"). */
static int
refuses(unsigned type)
{
	return type == RTN_BLACKHOLE || type == RTN_UNREACHABLE ||
	    type == RTN_PROHIBIT || type == RTN_THROW;
}

/* "224.16.17.8/32 (table local)", "0.0.0.0/0 (table 100, rule 32765)". */
static void
route_str(const struct route_effect *e, char *buf, size_t size)
{
	char table[16], rule[24] = "";

	if (!e->known) {
		snprintf(buf, size, "for the group");
		return;
	}
	if (e->rule >= 0)
		snprintf(rule, sizeof(rule), ", rule %d", e->rule);
	snprintf(buf, size, "%s%s%s (table %s%s)", refuses(e->type) ?
	    route_type_name(e->type) : "", refuses(e->type) ? " " : "",
	    e->prefix, table_str(e->table, table, sizeof(table)), rule);
}

/* What a refusing route does with what it carries, by type. */
static const char *
refusal_str(unsigned type)
{
	switch (type) {
	case RTN_BLACKHOLE:
		return "discards it (the send fails: Invalid argument)";
	case RTN_UNREACHABLE:
		return "refuses it (No route to host)";
	case RTN_PROHIBIT:
		return "refuses it (Permission denied)";
	case RTN_THROW:
		return "ends the lookup there, and no later table routes "
		    "the group (Network is unreachable)";
	}
	return "refuses it";
}

/*
 * Why sendto() goes where it goes: the route the unbound socket's
 * lookup found, and its interface.
 */
static void
why_sendto(const struct decisions *d, unsigned lo_ifindex,
    const struct route_effect *e, struct prediction *p)
{
	char route[ADDR_STRLEN + 64];

	route_str(e, route, sizeof(route));
	snprintf(p->why_method[METHOD_SENDTO], sizeof(p->why_method[0]),
	    "the route %s %s %s", route, d->first.oif == lo_ifindex ?
	    "keeps sendto() on" : "sends sendto() out of",
	    p->ifname[METHOD_SENDTO]);
}

/*
 * Why connect() then send() goes where it goes (IPv4): the source the
 * first lookup picked, and the second lookup, which has that source
 * and a multicast destination, leaves through the device that owns
 * the source, whatever the route says (HACKING, section 1).
 */
static void
why_send4(const struct decisions *d, unsigned lo_ifindex,
    struct prediction *p)
{
	char *w = p->why_method[METHOD_SEND];
	size_t n = sizeof(p->why_method[0]);
	const char *out = p->ifname[METHOD_SEND];

	if (!d->second_ok)
		snprintf(w, n, "the route picks no source address for "
		    "connect()");
	else if (d->second.oif == lo_ifindex)
		snprintf(w, n, "connect() takes the source %s, which %s owns, "
		    "and a multicast lookup that has a source leaves through "
		    "the device that owns it, so send() stays on %s", p->source,
		    out, out);
	else if (d->first.oif == lo_ifindex)
		snprintf(w, n, "%s has only host-scope addresses, so connect() "
		    "takes the source %s from %s; a multicast lookup that has a "
		    "source leaves through the device that owns it, so send() "
		    "goes out of %s", p->ifname[METHOD_SENDTO], p->source, out,
		    out);
	else
		snprintf(w, n, "connect() takes the source %s, which %s owns, "
		    "so send() goes out of %s too", p->source, out, out);
}

/* The plain sentences that say why each method goes where it goes. */
static void
explain_why(const struct decisions *d, unsigned lo_ifindex,
    const struct route_effect *e, struct prediction *p)
{
	char route[ADDR_STRLEN + 64];
	const char *prefix = e->prefix;

	if (!d->first_ok && e->known && refuses(e->type)) {
		route_str(e, route, sizeof(route));
		snprintf(p->why, sizeof(p->why), "the group's lookup ends in "
		    "the route %s, proto %s, which %s, so neither method can "
		    "send", route, route_owner_name(e->protocol),
		    refusal_str(e->type));
	} else if (!d->first_ok) {
		snprintf(p->why, sizeof(p->why), "the kernel has no route for "
		    "the group (%s), so neither method can send",
		    strerror(d->error));
	} else if (is_reject6(d, lo_ifindex)) {
		snprintf(p->why, sizeof(p->why), "the group's route (table "
		    "%u) leads to %s but is not of type local, and the kernel "
		    "turns such an IPv6 route into a reject route: what it "
		    "carries is dropped", d->first.table, p->ifname[METHOD_SENDTO]);
	} else if (is_lo_sourceless6(d, lo_ifindex)) {
		snprintf(p->why, sizeof(p->why), "the group's route keeps it on "
		    "%s, which has no IPv6 address (::1 is missing), so the "
		    "kernel has no source for it and neither method can send",
		    p->ifname[METHOD_SENDTO]);
	} else if (is_sourceless6(d, lo_ifindex)) {
		snprintf(p->why, sizeof(p->why), "the group's route leads out "
		    "of %s, which has no usable IPv6 source address (none, or "
		    "only tentative ones during duplicate address detection), "
		    "so neither method can send", p->ifname[METHOD_SENDTO]);
	} else if (d->family == AF_INET6 && d->first.oif != lo_ifindex &&
	    d->first.table == RT_TABLE_LOCAL) {
		snprintf(p->why, sizeof(p->why), "the local table, looked up "
		    "before main, has the route %s of %s, so both methods leave "
		    "the host", prefix[0] ? prefix : "for the group",
		    p->ifname[METHOD_SENDTO]);
	} else if (d->family == AF_INET6) {
		/* A lookup with a source follows the route (HACKING). */
		why_sendto(d, lo_ifindex, e, p);
		snprintf(p->why, sizeof(p->why), "%s; an IPv6 lookup that has "
		    "a source follows the route too, so send() goes the same "
		    "way", p->why_method[METHOD_SENDTO]);
		snprintf(p->why_method[METHOD_SEND], sizeof(p->why_method[0]),
		    "an IPv6 lookup that has a source follows the route: "
		    "send() goes out of %s", p->ifname[METHOD_SEND]);
	} else {
		why_sendto(d, lo_ifindex, e, p);
		why_send4(d, lo_ifindex, p);
		snprintf(p->why, sizeof(p->why), "%s; %s",
		    p->why_method[METHOD_SENDTO], p->why_method[METHOD_SEND]);
	}
}

/* Records the prediction for the base methods in the result. */
void
explain_fill(const struct decisions *d, unsigned lo_ifindex,
    struct check_result *r)
{
	explain_predict(d, lo_ifindex, &r->route_in_effect, &r->prediction);
}

/*
 * The prediction for the base methods from the kernel's decisions, with
 * e the route in effect for the same flow (a class's, say).
 */
void
explain_predict(const struct decisions *d, unsigned lo_ifindex,
    const struct route_effect *e, struct prediction *p)
{
	unsigned send_oif = explain_send_oif(d);

	memset(p, 0, sizeof(*p));
	p->known = 1;
	if (d->first_ok) {
		iface_name(d->first.oif, p->ifname[METHOD_SENDTO]);
		iface_name(send_oif, p->ifname[METHOD_SEND]);
		if (d->source.family != 0)
			addr_ntop(&d->source, p->source, sizeof(p->source));
		if (d->first.oif != lo_ifindex)
			p->leak_mask |= method_bit(METHOD_SENDTO);
		if (send_oif != lo_ifindex)
			p->leak_mask |= method_bit(METHOD_SEND);
	}
	if (!d->first_ok || is_reject6(d, lo_ifindex) ||
	    is_sourceless6(d, lo_ifindex) || is_lo_sourceless6(d, lo_ifindex))
		p->unroutable = 1;
	explain_why(d, lo_ifindex, e, p);
}

/* The main table's default route with the lowest metric. */
struct default_search {
	struct route_info	best;
	int			found;
};

static int
default_cb(void *arg, const struct route_info *r)
{
	struct default_search *s = arg;

	if (r->dst_len != 0 || r->table != RT_TABLE_MAIN ||
	    r->type != RTN_UNICAST || r->oif == 0)
		return 0;
	if (!s->found || r->priority < s->best.priority)
		s->best = *r;
	s->found = 1;
	return 0;
}

/* The interface of family's default route, unless none or loopback. */
static unsigned
default_route_oif(struct nl *nl, int family, unsigned lo_ifindex)
{
	struct default_search s;

	memset(&s, 0, sizeof(s));
	if (nl_route_dump(nl, family, NULL, default_cb, &s) == 0 && s.found &&
	    s.best.oif != lo_ifindex)
		return s.best.oif;
	return 0;
}

/*
 * The egress is where the kernel would send the group: the route's
 * interface, or, when the route says loopback, the interface that owns
 * the source address it picks (where connect() then send() goes); when
 * neither leaves loopback, the default route's interface (for an IPv6
 * group, the IPv4 one if there is no IPv6 default route: a host whose
 * uplink has only IPv4 routes still has an uplink).  0: none.
 */
unsigned
explain_egress(struct nl *nl, const struct decisions *d, unsigned lo_ifindex)
{
	unsigned send_oif = explain_send_oif(d), oif;

	if (d->first_ok && d->first.oif != lo_ifindex)
		return d->first.oif;
	if (send_oif != 0 && send_oif != lo_ifindex)
		return send_oif;
	if ((oif = default_route_oif(nl, d->family, lo_ifindex)) != 0)
		return oif;
	if (d->family == AF_INET6)
		return default_route_oif(nl, AF_INET, lo_ifindex);
	return 0;
}
