/*
 * The kernel's routing decisions for each send method (DESIGN.md
 * section 1), asked through rtnetlink as `ip route get` does, without
 * sending a packet:
 *
 *   sendto()            route get G: the route's interface;
 *   connect(), send()   route get G picks a source S; connect() keeps S,
 *                       and route get G from S, a multicast lookup that
 *                       has a source, leaves through the device that
 *                       owns S, whatever the route says.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "explain.h"
#include "probe.h"

void
explain_ask(struct nl *nl, struct in_addr group, struct decisions *d)
{
	memset(d, 0, sizeof(*d));
	if (nl_route_get(nl, group, NULL, &d->first) == -1) {
		d->error = errno;
		return;
	}
	d->first_ok = 1;
	if (d->first.has_prefsrc &&
	    nl_route_get(nl, group, &d->first.prefsrc, &d->second) == 0)
		d->second_ok = 1;
}

/* Where connect() then send() goes, or 0 if the kernel cannot say. */
unsigned
explain_send_oif(const struct decisions *d)
{
	if (d->second_ok)
		return d->second.oif;
	return d->first_ok ? d->first.oif : 0;
}

static void
ifname(unsigned ifindex, char *buf)
{
	if (ifindex == 0 || if_indextoname(ifindex, buf) == NULL)
		snprintf(buf, IF_NAMESIZE, "if%u", ifindex);
}

/* The plain sentence that says why send() goes where it goes. */
static void
explain_why(const struct decisions *d, unsigned lo_ifindex,
    struct prediction *p)
{
	if (!d->first_ok) {
		snprintf(p->why, sizeof(p->why), "the kernel has no route for "
		    "the group (%s), so neither method can send",
		    strerror(d->error));
	} else if (d->first.oif != lo_ifindex) {
		snprintf(p->why, sizeof(p->why), "the route for the group "
		    "leads out of %s, so both methods leave the host",
		    p->sendto_if);
	} else if (!d->second_ok) {
		snprintf(p->why, sizeof(p->why), "the route keeps the group on "
		    "%s and picks no source address", p->sendto_if);
	} else if (d->second.oif == lo_ifindex) {
		snprintf(p->why, sizeof(p->why), "the route gives the source "
		    "%s, which %s owns, so connect() then send() stays on %s "
		    "too", p->source, p->send_if, p->send_if);
	} else {
		snprintf(p->why, sizeof(p->why), "%s has only host-scope "
		    "addresses, so connect() takes the source %s from %s; a "
		    "multicast lookup that has a source leaves through the "
		    "device that owns it, so send() goes out of %s",
		    p->sendto_if, p->source, p->send_if, p->send_if);
	}
}

/* Records the prediction for the base methods in the result. */
void
explain_fill(const struct decisions *d, unsigned lo_ifindex,
    struct check_result *r)
{
	struct prediction *p = &r->prediction;
	int sendto = probe_lookup("sendto"), send = probe_lookup("send");
	unsigned send_oif = explain_send_oif(d);

	memset(p, 0, sizeof(*p));
	p->known = 1;
	if (d->first_ok) {
		ifname(d->first.oif, p->sendto_if);
		ifname(send_oif, p->send_if);
		if (d->first.has_prefsrc)
			inet_ntop(AF_INET, &d->first.prefsrc, p->source,
			    sizeof(p->source));
		if (d->first.oif != lo_ifindex)
			p->leak_mask |= 1u << sendto;
		if (send_oif != lo_ifindex)
			p->leak_mask |= 1u << send;
	} else
		p->unroutable = 1;
	explain_why(d, lo_ifindex, p);
}
