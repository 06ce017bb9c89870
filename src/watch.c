/*
 * Watch mode (--watch, config "watch yes"): between the daemon's
 * checks, a capture counts what applications really leak.
 *
 * One pcap handle on "any", whose kernel filter keeps only what the host
 * sends (outbound) through an interface other than loopback, to the
 * groups the routing table sends to loopback: everything else, however
 * much of it, stays in the kernel.  libpcap turns "outbound" and
 * "ifindex" into the kernel's own packet-type and interface tests for a
 * cooked capture, so the filter runs there.  The groups follow route
 * changes: a route monitor (RTMGRP_IPV4_ROUTE, RTMGRP_IPV6_ROUTE) makes
 * the filter be built again.  The check's own route (protocol 201) is
 * left out, and so are the check's probes (their payloads say what they
 * are).
 *
 * Each leaked datagram is counted by group, port, interface and sending
 * socket (source address and port); the first one of a socket names its
 * process through the socket audit (appaudit.c) and is logged (a few
 * later ones try again while the owner is unknown); later ones are only
 * counted.  Nothing here wakes the daemon unless a
 * datagram leaks or a route changes.
 */
#include "config.h"

#include <errno.h>
#include <event2/event.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <syslog.h>

#include "appaudit.h"
#include "capture.h"
#include "frame.h"
#include "iface.h"
#include "log.h"
#include "netlink.h"
#include "probe.h"
#include "route.h"
#include "watch.h"

/* Prefixes put in the filter, at most; a host with more is unusual. */
#define WATCH_PREFIXES	64
#define PREFIXES_MAX	(WATCH_PREFIXES * (ADDR_STRLEN + 24))
#define FILTER_MAX	(PREFIXES_MAX + 128)

/*
 * A socket whose owner could not be named is asked about again, on a
 * later datagram: its process may have been between /proc's listing and
 * its fd table, or /proc briefly unreadable.  A few tries, spaced out,
 * so that a socket whose owner stays hidden costs no more than that.
 */
#define OWNER_TRIES		8
#define OWNER_RETRY_MS		100

/*
 * What the watch keeps of each counted leak beside the report's text:
 * the socket and interface in binary, matched on each datagram without
 * formatting anything (an interface renamed later keeps its first
 * name), and the owner lookups so far.
 */
struct leak_state {
	unsigned		 ifindex;
	struct addr		 src;
	unsigned		 sport;
	struct addr		 dst;
	unsigned		 dport;
	unsigned		 tries;		/* owner lookups */
	struct timeval		 next;		/* none again before */
};

struct watch {
	struct event_base	*base;
	unsigned		 lo_ifindex;
	struct capture		*capture;
	struct capture_totals	 totals;
	struct nl		*nl;
	struct nl		*routes;	/* route changes */
	struct event		*routes_ev;
	struct event		*refresh;	/* builds the filter again */
	struct watch_counts	 counts;
	struct leak_state	 state[WATCH_MAX];	/* by counts.leaks[] */
	char			 filter[FILTER_MAX];
};

/* A route to loopback for a multicast prefix, someone else's. */
struct prefixes {
	unsigned		 lo_ifindex;
	size_t			 n;
	char			 text[PREFIXES_MAX];
	char			*list;		/* the report's copy */
	size_t			 listsize;
};

static int
prefix_cb(void *arg, const struct route_info *r)
{
	struct prefixes *p = arg;
	char dst[ADDR_STRLEN], one[ADDR_STRLEN + 8];
	unsigned min = r->dst.family == AF_INET6 ? 8 : 4;
	size_t len;

	if (!route_is_others_to(r, p->lo_ifindex) ||
	    !addr_is_multicast(&r->dst) || r->dst_len < min ||
	    p->n == WATCH_PREFIXES)
		return 0;
	snprintf(one, sizeof(one), "%s/%u", addr_ntop(&r->dst, dst,
	    sizeof(dst)), r->dst_len);
	len = strlen(p->text);
	snprintf(p->text + len, sizeof(p->text) - len, "%sdst net %s",
	    p->n ? " or " : "", one);
	len = strlen(p->list);
	snprintf(p->list + len, p->listsize - len, "%s%s", p->n ? "," : "",
	    one);
	p->n++;
	return 0;
}

/*
 * The filter: what the host sends out of another interface than
 * loopback, UDP, to a prefix routed to loopback; nothing at all when no
 * prefix is.
 */
static int
build_filter(struct watch *w, char *filter, size_t size, char *groups,
    size_t groupsize)
{
	struct route_filter through_lo = { 0, 0, w->lo_ifindex };
	struct prefixes p;

	memset(&p, 0, sizeof(p));
	p.lo_ifindex = w->lo_ifindex;
	p.list = groups;
	p.listsize = groupsize;
	groups[0] = '\0';
	if (nl_route_dump(w->nl, AF_INET, &through_lo, prefix_cb, &p) == -1 ||
	    nl_route_dump(w->nl, AF_INET6, &through_lo, prefix_cb, &p) == -1)
		return -1;
	if (p.n == 0)
		snprintf(filter, size, "udp and not udp");
	else
		snprintf(filter, size, "outbound and not ifindex %u and udp "
		    "and (%s)", w->lo_ifindex, p.text);
	return 0;
}

static struct watch_leak *
find_leak(struct watch *w, const struct frame_udp *f)
{
	const struct leak_state *st;
	size_t i;

	for (i = 0; i < w->counts.n; i++) {
		st = &w->state[i];
		if (st->ifindex == f->ifindex && st->sport == f->sport &&
		    st->dport == f->dport && addr_equal(&st->src, &f->src) &&
		    addr_equal(&st->dst, &f->dst))
			return &w->counts.leaks[i];
	}
	return NULL;
}

/*
 * Names the process behind leak l: logged once when named, or when
 * first seen with its owner unknown (and why); an unknown owner is
 * asked about again as above, OWNER_TRIES times in all.
 */
static void
name_owner(struct watch *w, struct watch_leak *l, const struct frame_udp *f)
{
	struct leak_state *r = &w->state[l - w->counts.leaks];
	struct timeval now, wait = { 0, OWNER_RETRY_MS * 1000 };
	struct app_socket app;
	char why[160];
	int found;

	event_base_gettimeofday_cached(w->base, &now);
	if (r->tries == OWNER_TRIES ||
	    (r->tries > 0 && timercmp(&now, &r->next, <)))
		return;
	r->tries++;
	memset(&app, 0, sizeof(app));
	found = appaudit_owner(&f->src, f->sport, "/proc", &app, why,
	    sizeof(why));
	/*
	 * The next try waits from the end of this one: on a host with many
	 * sockets the search itself takes a good part of the wait.
	 */
	event_base_update_cache_time(w->base);
	event_base_gettimeofday_cached(w->base, &now);
	timeradd(&now, &wait, &r->next);
	if (found == 0) {
		r->tries = OWNER_TRIES;		/* named: never again */
		l->pid = app.pid;
		l->uid = app.uid;
		snprintf(l->comm, sizeof(l->comm), "%s", app.comm);
		log_warnx("watch: %s (pid %ld) leaks %s:%u through %s, "
		    "from %s", l->comm, l->pid, l->group, l->port, l->ifname,
		    l->source);
		return;
	}
	if (app.uid != -1)		/* the socket's uid, if it was found */
		l->uid = app.uid;
	if (r->tries == 1)
		log_warnx("watch: a socket (owner unknown: %s) leaks "
		    "%s:%u through %s, from %s", why, l->group, l->port,
		    l->ifname, l->source);
	else
		log_debug("watch: the owner of %s is still unknown: %s",
		    l->source, why);
}

/* A socket seen leaking for the first time. */
static struct watch_leak *
new_leak(struct watch *w, const struct frame_udp *f)
{
	struct watch_counts *c = &w->counts;
	struct leak_state *st;
	struct watch_leak *l;

	if (c->n == WATCH_MAX)
		return NULL;
	l = &c->leaks[c->n];
	st = &w->state[c->n];
	c->n++;
	memset(st, 0, sizeof(*st));
	st->ifindex = f->ifindex;
	st->src = f->src;
	st->sport = f->sport;
	st->dst = f->dst;
	st->dport = f->dport;
	memset(l, 0, sizeof(*l));
	addr_ntop(&f->dst, l->group, sizeof(l->group));
	l->port = f->dport;
	iface_name(f->ifindex, l->ifname);
	addr_endpoint(&f->src, f->sport, l->source, sizeof(l->source));
	l->pid = APP_OWNER_UNKNOWN;
	l->uid = -1;
	return l;
}

static void
on_watch_frame(void *arg, const struct frame_udp *f, enum frame_error error,
    const struct captured *raw)
{
	struct watch *w = arg;
	struct watch_leak *l;

	(void)raw;
	/* (the kernel's filter already kept only these; this is the proof) */
	if (error != FRAME_OK || f->ifindex == w->lo_ifindex ||
	    f->pkttype != FRAME_PKTTYPE_OUTGOING ||
	    probe_is_ours(f->payload, f->payload_len))
		return;
	w->counts.datagrams++;
	if ((l = find_leak(w, f)) == NULL && (l = new_leak(w, f)) == NULL) {
		w->counts.untracked++;
		return;
	}
	if (l->pid == APP_OWNER_UNKNOWN)
		name_owner(w, l, f);
	l->datagrams++;
}

static void
on_watch_error(void *arg, const char *ifname, const char *error)
{
	struct watch *w = arg;

	snprintf(w->counts.error, sizeof(w->counts.error), "capture on %s: "
	    "%s", ifname, error);
	log_warnx("watch: %s", w->counts.error);
}

static void
log_groups(const struct watch *w)
{
	log_info("watch: groups routed to loopback: %s",
	    w->counts.groups[0] ? w->counts.groups : "none");
}

/* The routes changed: the filter follows, and the report's list with it. */
static void
on_refresh(evutil_socket_t fd, short what, void *arg)
{
	struct watch *w = arg;
	char filter[FILTER_MAX], groups[sizeof(w->counts.groups)], err[256];

	(void)fd;
	(void)what;
	if (build_filter(w, filter, sizeof(filter), groups,
	    sizeof(groups)) == -1) {
		log_warn("watch: listing routes");
		return;
	}
	if (strcmp(filter, w->filter) == 0)
		return;
	if (capture_set_filter(w->capture, filter, err, sizeof(err)) == -1) {
		log_warnx("watch: %s", err);
		return;
	}
	snprintf(w->filter, sizeof(w->filter), "%s", filter);
	memcpy(w->counts.groups, groups, sizeof(groups));
	log_groups(w);
}

static void
on_route_change(evutil_socket_t fd, short what, void *arg)
{
	struct watch *w = arg;

	(void)fd;
	(void)what;
	nl_drain(w->routes);	/* an overrun too means "look again" */
	event_active(w->refresh, 0, 0);
}

struct watch *
watch_open(struct event_base *base, const char *loopback, char *err,
    size_t errlen)
{
	struct watch *w;

	if ((w = calloc(1, sizeof(*w))) == NULL) {
		snprintf(err, errlen, "watch: out of memory");
		return NULL;
	}
	w->base = base;
	w->counts.enabled = 1;
	if ((w->lo_ifindex = if_nametoindex(loopback)) == 0) {
		snprintf(err, errlen, "watch: %s: %s", loopback,
		    strerror(errno));
		goto fail;
	}
	if ((w->nl = nl_open()) == NULL ||
	    (w->routes = nl_open_route_monitor()) == NULL) {
		snprintf(err, errlen, "watch: rtnetlink: %s", strerror(errno));
		goto fail;
	}
	if (build_filter(w, w->filter, sizeof(w->filter), w->counts.groups,
	    sizeof(w->counts.groups)) == -1) {
		snprintf(err, errlen, "watch: listing routes: %s",
		    strerror(errno));
		goto fail;
	}
	if ((w->capture = capture_open(base, w->filter, CAPTURE_BUFFER_WATCH,
	    &w->totals, on_watch_frame, on_watch_error, w, err, errlen)) == NULL)
		goto fail;
	w->routes_ev = event_new(base, nl_fd(w->routes), EV_READ | EV_PERSIST,
	    on_route_change, w);
	w->refresh = event_new(base, -1, 0, on_refresh, w);
	if (w->routes_ev == NULL || w->refresh == NULL ||
	    event_add(w->routes_ev, NULL) == -1) {
		snprintf(err, errlen, "watch: cannot watch route changes");
		goto fail;
	}
	log_groups(w);
	return w;
fail:
	watch_close(w);
	return NULL;
}

/* The counts so far, for a report; what the capture holds is read first. */
void
watch_report(struct watch *w, struct watch_counts *out)
{
	if (w == NULL) {
		memset(out, 0, sizeof(*out));
		return;
	}
	capture_poll(w->capture);
	capture_drops(w->capture, &w->totals);
	w->counts.dropped = w->totals.dropped;
	*out = w->counts;
}

void
watch_close(struct watch *w)
{
	if (w == NULL)
		return;
	if (w->routes_ev != NULL)
		event_free(w->routes_ev);
	if (w->refresh != NULL)
		event_free(w->refresh);
	capture_close(w->capture);
	nl_close(w->routes);
	nl_close(w->nl);
	free(w);
}
