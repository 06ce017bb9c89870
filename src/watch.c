/* SPDX-License-Identifier: ISC */
/*
 * Watch mode (--watch, config "watch yes"): between the daemon's
 * checks, a capture counts what applications really leak.
 *
 * The groups are the multicast prefixes someone routes to loopback
 * (logroups.c; the check's own route, protocol 201, left out), listed
 * again WATCH_SETTLE_MS after a route changes (RTMGRP_IPV4_ROUTE,
 * RTMGRP_IPV6_ROUTE).  No group, no capture at all: the handle is
 * closed until a route appears.  Else one pcap handle on "any" whose
 * kernel filter keeps only what the host sends through an interface
 * other than loopback to those prefixes, so everything else stays in
 * the kernel.  More prefixes than a kernel filter should hold
 * (WATCH_EXACT) widen it to all multicast, and the groups are matched
 * here instead; they are matched here anyway, so that frames the ring
 * held from before a route went away are not counted.
 *
 * The capture decodes headers only (capture_decode_headers()): a
 * datagram longer than the snapshot, or fragmented, is one datagram,
 * counted at its first fragment (which has the UDP header); later
 * fragments are tied to it by their IP identification, and one whose
 * first fragment was never seen is counted once, untracked.
 *
 * Each leaked datagram is counted by sending socket (source address and
 * port), group, port and interface, in a table of WATCH_SOURCES
 * sources.  A new source is named off the capture callback
 * (watchowner.c: queued, batched, rate-limited), and logged once named
 * or once known to be unnamed (and why).  So that no one can blind the
 * watch by leaking from many sockets: a uid holds WATCH_UID_SOURCES
 * sources at most, its others are counted "untracked" (the first per
 * uid, group and port logged); sources not seen for WATCH_SOURCE_AGE
 * make room for new ones.  A source the host does not own (frames it
 * bridges or forwards for a container) is no host application's leak:
 * counted apart, as forwarded.  Nothing here wakes the daemon unless a
 * datagram leaks or a route changes.
 */
#include "config.h"

#include <errno.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "capture.h"
#include "frame.h"
#include "iface.h"
#include "log.h"
#include "logroups.h"
#include "netlink.h"
#include "probe.h"
#include "watch.h"
#include "watchowner.h"

/* Prefixes the kernel's filter names one by one, at most. */
#define WATCH_EXACT		64
/* Sources counted one by one; a uid's share of them. */
#define WATCH_SOURCES		1024
#define WATCH_UID_SOURCES	8
#define WATCH_SOURCE_AGE	60		/* seconds unseen */
/* Untracked (uid, group, port) already logged, remembered at most. */
#define WATCH_UNTRACKED_LOGGED	256
/* First fragments remembered, to tie their later fragments to. */
#define WATCH_FRAGMENTS		64
/* Route changes wait this long for the rest of their burst. */
#define WATCH_SETTLE_MS		100
/* A route dump that failed is tried again after this long. */
#define WATCH_RETRY_MS		500

/*
 * An owner that could not be named is asked about again, on a later
 * datagram: its process may have been between /proc's listing and its
 * fd table, or /proc briefly unreadable.  A few tries, spaced out, so
 * that a socket whose owner stays hidden costs no more than that.
 */
#define OWNER_TRIES		8
#define OWNER_RETRY_MS		100

enum source_state {
	SOURCE_FREE = 0,
	SOURCE_ASK,		/* to be queued (again) for its owner */
	SOURCE_QUEUED,		/* its owner asked, no answer yet */
	SOURCE_NAMED,		/* owner known, or known to be unknown */
	SOURCE_UNTRACKED,	/* over its uid's share: counted apart */
	SOURCE_FOREIGN		/* not the host's: bridged, forwarded */
};

/* A sending socket, as seen leaking, and the report's text of it. */
struct source {
	enum source_state	 state;
	unsigned		 ifindex;
	struct addr		 src;
	unsigned		 sport;
	struct addr		 dst;
	unsigned		 dport;
	struct timeval		 last;		/* its last datagram */
	unsigned		 tries;		/* owner lookups */
	struct timeval		 next;		/* none again before */
	struct watch_leak	 leak;
};

struct untracked_key {
	long		uid;
	struct addr	group;
	unsigned	port;
};

struct fragment {
	struct addr	src;
	struct addr	dst;
	uint32_t	id;
	int		used;
};

struct watch {
	struct event_base	*base;
	unsigned		 lo_ifindex;
	struct capture		*capture;	/* NULL: no group */
	struct capture_totals	 totals;
	unsigned long		 dropped_before;	/* closed handles' */
	struct nl		*nl;
	struct nl		*routes;	/* route changes */
	struct event		*routes_ev;
	struct event		*refresh;	/* lists the groups again */
	struct owner_queue	*owners;
	struct watch_counts	 counts;
	char			*filter;	/* in force, NULL none */
	int			 filter_set;	/* the groups were listed */
	struct lo_groups	 groups;		/* routed to loopback */
	size_t			 nsources;	/* slots ever used */
	struct source		 sources[WATCH_SOURCES];
	size_t			 nlogged;
	struct untracked_key	 logged[WATCH_UNTRACKED_LOGGED];
	size_t			 fragnext;
	struct fragment		 frags[WATCH_FRAGMENTS];
};

/* --- the groups routed to loopback, and the filter -------------------- */

static void
log_groups(const struct watch *w, size_t shown, int was_wide)
{
	if (w->counts.ngroups == 0)
		log_info("watch: groups routed to loopback: none (nothing "
		    "captured)");
	else if (shown == w->counts.ngroups)
		log_info("watch: groups routed to loopback: %s",
		    w->counts.groups);
	else
		log_info("watch: groups routed to loopback: %s and %zu more",
		    w->counts.groups, w->counts.ngroups - shown);
	if (w->counts.wide_filter && !was_wide)
		log_info("watch: %zu groups are more than the kernel's filter "
		    "names (%d): it keeps all multicast sent out, and the "
		    "groups are matched here", w->counts.ngroups, WATCH_EXACT);
}

static void on_watch_frame(void *, const struct frame_udp *,
    enum frame_error, const struct captured *);
static void on_watch_error(void *, const char *, const char *);

static void
close_capture(struct watch *w)
{
	if (w->capture == NULL)
		return;
	capture_close(w->capture);	/* its drops into w->totals */
	w->capture = NULL;
	w->dropped_before += w->totals.dropped;
	w->totals.dropped = 0;
}

/* Puts filter in force: a new handle, or the running one's filter. */
static int
apply_filter(struct watch *w, const char *filter, char *err, size_t errlen)
{
	if (w->capture != NULL)
		return capture_set_filter(w->capture, filter, err, errlen);
	w->capture = capture_open(w->base, filter, CAPTURE_BUFFER_WATCH,
	    &w->totals, on_watch_frame, on_watch_error, w, err, errlen);
	if (w->capture == NULL)
		return -1;
	capture_decode_headers(w->capture);
	w->counts.error[0] = '\0';
	return 0;
}

/*
 * The filter for groups g: the exact one, or the wide one if there are
 * more than WATCH_EXACT or the kernel refuses the exact one (too long);
 * put in force, *wide set.  NULL on error, with err.
 */
static char *
filter_for(struct watch *w, const struct lo_groups *g, int *wide, char *err,
    size_t errlen)
{
	char *filter = NULL;

	*wide = 0;
	if (g->n <= WATCH_EXACT &&
	    (filter = lo_groups_filter(g, w->lo_ifindex)) != NULL) {
		if (apply_filter(w, filter, err, errlen) == 0)
			return filter;
		log_debug("watch: %s", err);
		free(filter);
	}
	*wide = 1;
	if (w->counts.wide_filter && w->capture != NULL) {
		filter = w->filter;	/* in force already */
		w->filter = NULL;
		return filter;
	}
	if ((filter = lo_groups_wide_filter(w->lo_ifindex)) == NULL)
		snprintf(err, errlen, "filter: %s", strerror(errno));
	else if (apply_filter(w, filter, err, errlen) == -1) {
		free(filter);
		filter = NULL;
	}
	return filter;
}

/*
 * The groups now routed to loopback become the watch's: the capture
 * closed for none, else filtered for them.
 */
static int
follow_routes(struct watch *w, char *err, size_t errlen)
{
	struct lo_groups g;
	char *filter = NULL;
	int wide = 0, was_wide = w->counts.wide_filter;
	size_t shown;

	if (lo_groups_list(w->nl, w->lo_ifindex, &g) == -1) {
		snprintf(err, errlen, "listing routes: %s", strerror(errno));
		return -1;
	}
	if (w->filter_set && lo_groups_equal(&g, &w->groups)) {
		lo_groups_free(&g);	/* another's route, or the check's */
		return 0;
	}
	if (g.n == 0)
		close_capture(w);
	else if ((filter = filter_for(w, &g, &wide, err, errlen)) == NULL) {
		lo_groups_free(&g);
		return -1;
	}
	free(w->filter);
	w->filter = filter;
	w->filter_set = 1;
	lo_groups_free(&w->groups);
	w->groups = g;
	w->counts.ngroups = g.n;
	w->counts.wide_filter = wide;
	shown = lo_groups_format(&g, w->counts.groups,
	    sizeof(w->counts.groups));
	log_groups(w, shown, was_wide);
	return 0;
}

/* --- sources ------------------------------------------------------------ */

static struct source *
find_source(struct watch *w, const struct frame_udp *f)
{
	struct source *s;
	size_t i;

	for (i = 0; i < w->nsources; i++) {
		s = &w->sources[i];
		if (s->state != SOURCE_FREE && s->ifindex == f->ifindex &&
		    s->sport == f->sport && s->dport == f->dport &&
		    addr_equal(&s->src, &f->src) &&
		    addr_equal(&s->dst, &f->dst))
			return s;
	}
	return NULL;
}

/*
 * A slot for a new source: a free one; else the one unseen for longest,
 * if that is WATCH_SOURCE_AGE or more, or if it is only counted apart
 * (untracked, foreign).  NULL: the table is full of live sources.
 */
static struct source *
free_slot(struct watch *w, const struct timeval *now)
{
	struct source *s, *oldest = NULL;
	size_t i;

	for (i = 0; i < w->nsources; i++) {
		s = &w->sources[i];
		if (s->state == SOURCE_FREE)
			return s;
		if (s->state == SOURCE_QUEUED)
			continue;	/* its answer is on its way */
		if (oldest == NULL || timercmp(&s->last, &oldest->last, <))
			oldest = s;
	}
	if (w->nsources < WATCH_SOURCES)
		return &w->sources[w->nsources++];
	if (oldest == NULL)
		return NULL;
	if (now->tv_sec - oldest->last.tv_sec >= WATCH_SOURCE_AGE ||
	    oldest->state == SOURCE_UNTRACKED ||
	    oldest->state == SOURCE_FOREIGN)
		return oldest;
	return NULL;
}

static size_t
sources_of_uid(const struct watch *w, long uid)
{
	size_t i, n = 0;

	for (i = 0; i < w->nsources; i++)
		if (w->sources[i].state != SOURCE_FREE &&
		    w->sources[i].state != SOURCE_UNTRACKED &&
		    w->sources[i].leak.uid == uid)
			n++;
	return n;
}

/* Logs the first untracked source of each uid, group and port. */
static void
log_untracked(struct watch *w, long uid, const struct frame_udp *f,
    const char *why)
{
	char group[ADDR_STRLEN], source[ADDR_ENDPOINT_STRLEN];
	size_t i;

	for (i = 0; i < w->nlogged; i++)
		if (w->logged[i].uid == uid && w->logged[i].port == f->dport &&
		    addr_equal(&w->logged[i].group, &f->dst))
			return;
	if (w->nlogged == WATCH_UNTRACKED_LOGGED)
		return;
	w->logged[w->nlogged].uid = uid;
	w->logged[w->nlogged].group = f->dst;
	w->logged[w->nlogged].port = f->dport;
	w->nlogged++;
	addr_ntop(&f->dst, group, sizeof(group));
	addr_endpoint(&f->src, f->sport, source, sizeof(source));
	if (uid >= 0)
		log_warnx("watch: untracked: uid %ld leaks %s:%u from %s too "
		    "(%s); its datagrams are counted as untracked", uid,
		    group, f->dport, source, why);
	else
		log_warnx("watch: untracked: a socket leaks %s:%u from %s "
		    "(%s); its datagrams are counted as untracked", group,
		    f->dport, source, why);
}

static struct source *
new_source(struct watch *w, const struct frame_udp *f,
    const struct timeval *now)
{
	struct source *s;
	struct watch_leak *l;

	if ((s = free_slot(w, now)) == NULL) {
		log_untracked(w, -1, f, "no room for another source");
		return NULL;
	}
	memset(s, 0, sizeof(*s));
	s->state = SOURCE_ASK;
	s->ifindex = f->ifindex;
	s->src = f->src;
	s->sport = f->sport;
	s->dst = f->dst;
	s->dport = f->dport;
	l = &s->leak;
	addr_ntop(&f->dst, l->group, sizeof(l->group));
	l->port = f->dport;
	iface_name(f->ifindex, l->ifname);
	addr_endpoint(&f->src, f->sport, l->source, sizeof(l->source));
	l->pid = APP_OWNER_UNKNOWN;
	l->uid = -1;
	return s;
}

/* Asks for the source's owner, if it is time to. */
static void
ask_owner(struct watch *w, struct source *s, const struct timeval *now)
{
	struct owner_ask ask;

	if (s->state != SOURCE_ASK || timercmp(now, &s->next, <))
		return;
	ask.src = s->src;
	ask.sport = s->sport;
	ask.dst = s->dst;
	ask.dport = s->dport;
	if (owner_queue_add(w->owners, &ask) == 0)
		s->state = SOURCE_QUEUED;
}

/* --- frames --------------------------------------------------------------- */

/*
 * A fragment: a first one is remembered (and counted as the datagram it
 * starts); a later one is part of a datagram already counted, unless
 * its first fragment was never seen: then it is counted here, once.
 * Returns whether the frame is a datagram to count.
 */
static int
datagram_starts(struct watch *w, const struct frame_udp *f)
{
	struct fragment *fr;
	size_t i;

	if (f->fragment == FRAME_FRAG_NONE)
		return 1;
	for (i = 0; i < WATCH_FRAGMENTS; i++) {
		fr = &w->frags[i];
		if (fr->used && fr->id == f->frag_id &&
		    addr_equal(&fr->src, &f->src) &&
		    addr_equal(&fr->dst, &f->dst))
			return 0;
	}
	fr = &w->frags[w->fragnext];
	w->fragnext = (w->fragnext + 1) % WATCH_FRAGMENTS;
	fr->used = 1;
	fr->id = f->frag_id;
	fr->src = f->src;
	fr->dst = f->dst;
	return 1;
}

static void
count(struct watch *w, struct source *s)
{
	switch (s->state) {
	case SOURCE_FOREIGN:
		w->counts.forwarded++;
		break;
	case SOURCE_UNTRACKED:
		w->counts.datagrams++;
		w->counts.untracked++;
		break;
	default:
		w->counts.datagrams++;
		s->leak.datagrams++;
	}
}

static void
on_watch_frame(void *arg, const struct frame_udp *f, enum frame_error error,
    const struct captured *raw)
{
	struct watch *w = arg;
	struct timeval now;
	struct source *s;

	(void)raw;
	/* (the kernel's filter already kept only these; this is the proof) */
	if ((error != FRAME_OK && !(error == FRAME_FRAGMENT &&
	    f->fragment == FRAME_FRAG_LATER)) ||
	    f->ifindex == w->lo_ifindex ||
	    f->pkttype != FRAME_PKTTYPE_OUTGOING ||
	    !lo_groups_match(&w->groups, &f->dst) ||
	    !datagram_starts(w, f))
		return;
	if (error == FRAME_FRAGMENT) {
		/* a later fragment, its first unseen: no ports to go by */
		w->counts.datagrams++;
		w->counts.untracked++;
		return;
	}
	if (probe_is_ours(f->payload, f->payload_len))
		return;
	event_base_gettimeofday_cached(w->base, &now);
	if ((s = find_source(w, f)) == NULL &&
	    (s = new_source(w, f, &now)) == NULL) {
		w->counts.datagrams++;
		w->counts.untracked++;
		return;
	}
	s->last = now;
	count(w, s);
	ask_owner(w, s, &now);
}

static void
on_watch_error(void *arg, const char *ifname, const char *error)
{
	struct watch *w = arg;

	snprintf(w->counts.error, sizeof(w->counts.error), "capture on %s: "
	    "%s", ifname, error);
	log_warnx("watch: %s", w->counts.error);
}

/* --- owners ------------------------------------------------------------- */

/* Whether the source is the one whose owner was asked about. */
static int
asked_about(const struct source *s, const struct owner_ask *ask)
{
	return s->state == SOURCE_QUEUED && s->sport == ask->sport &&
	    s->dport == ask->dport && addr_equal(&s->src, &ask->src) &&
	    addr_equal(&s->dst, &ask->dst);
}

/* A source its uid has no room for: its datagrams move to untracked. */
static void
untrack(struct watch *w, struct source *s)
{
	struct frame_udp f;

	memset(&f, 0, sizeof(f));
	f.src = s->src;
	f.sport = (uint16_t)s->sport;
	f.dst = s->dst;
	f.dport = (uint16_t)s->dport;
	w->counts.untracked += s->leak.datagrams;
	s->leak.datagrams = 0;
	s->state = SOURCE_UNTRACKED;
	log_untracked(w, s->leak.uid, &f, "more sources than a uid is "
	    "tracked for");
}

/* Frames the host bridges or forwards: not an application's leak. */
static void
set_foreign(struct watch *w, struct source *s)
{
	w->counts.datagrams -= s->leak.datagrams;
	w->counts.forwarded += s->leak.datagrams;
	s->leak.datagrams = 0;
	s->state = SOURCE_FOREIGN;
	log_info("watch: %s to %s:%u through %s is not a host application's "
	    "(the host does not own that address: it bridges or forwards "
	    "it); counted as forwarded, not as a leak", s->leak.source,
	    s->leak.group, s->leak.port, s->leak.ifname);
}

static void
log_named(const struct watch_leak *l)
{
	if (l->unit[0] != '\0' && l->pid != APP_OWNER_UNKNOWN)
		log_warnx("watch: %s (%s, pid %ld) leaks %s:%u through %s, "
		    "from %s", l->unit, l->comm, l->pid, l->group, l->port,
		    l->ifname, l->source);
	else if (l->unit[0] != '\0')
		log_warnx("watch: %s (uid %ld) leaks %s:%u through %s, from "
		    "%s", l->unit, l->uid, l->group, l->port, l->ifname,
		    l->source);
	else
		log_warnx("watch: %s (pid %ld) leaks %s:%u through %s, from "
		    "%s", l->comm, l->pid, l->group, l->port, l->ifname,
		    l->source);
}

/*
 * What the lookup said of a source: not the host's; over its uid's
 * share; named (logged once); or unnamed, logged with why the first
 * time and asked about again later, OWNER_TRIES times in all.
 */
static void
answer(struct watch *w, struct source *s, const struct owner_answer *a)
{
	struct timeval now, wait = { 0, OWNER_RETRY_MS * 1000 };
	struct watch_leak *l = &s->leak;

	if (a->foreign) {
		set_foreign(w, s);
		return;
	}
	s->tries++;
	if (a->uid != -1)		/* the socket's, even if unnamed */
		l->uid = a->uid;
	l->candidates = (unsigned)a->candidates;
	if (l->uid != -1 && sources_of_uid(w, l->uid) > WATCH_UID_SOURCES) {
		untrack(w, s);
		return;
	}
	if (a->pid != -1 || a->unit[0] != '\0') {
		s->state = SOURCE_NAMED;
		l->pid = a->pid == -1 ? APP_OWNER_UNKNOWN : a->pid;
		snprintf(l->comm, sizeof(l->comm), "%.*s",
		    (int)sizeof(l->comm) - 1, a->comm);
		snprintf(l->unit, sizeof(l->unit), "%s", a->unit);
		log_named(l);
		return;
	}
	if (s->tries == 1 && l->uid != -1)
		log_warnx("watch: a socket of uid %ld (process unknown: %s) "
		    "leaks %s:%u through %s, from %s", l->uid, a->why,
		    l->group, l->port, l->ifname, l->source);
	else if (s->tries == 1)
		log_warnx("watch: a socket (owner unknown: %s) leaks "
		    "%s:%u through %s, from %s", a->why, l->group, l->port,
		    l->ifname, l->source);
	else
		log_debug("watch: the owner of %s is still unknown: %s",
		    l->source, a->why);
	/* Asked again on a later datagram, OWNER_TRIES times in all. */
	s->state = s->tries < OWNER_TRIES ? SOURCE_ASK : SOURCE_NAMED;
	event_base_gettimeofday_cached(w->base, &now);
	timeradd(&now, &wait, &s->next);
}

/*
 * An owner lookup's answer, for each source of that flow (one per
 * interface it left by); none if they made room for others since.
 */
static void
on_owner(void *arg, const struct owner_ask *ask, const struct owner_answer *a)
{
	struct watch *w = arg;
	size_t i;

	for (i = 0; i < w->nsources; i++)
		if (asked_about(&w->sources[i], ask))
			answer(w, &w->sources[i], a);
}

/* --- routes --------------------------------------------------------------- */

static void
on_refresh(evutil_socket_t fd, short what, void *arg)
{
	struct watch *w = arg;
	struct timeval retry = { 0, WATCH_RETRY_MS * 1000 };
	char err[256];

	(void)fd;
	(void)what;
	if (follow_routes(w, err, sizeof(err)) == 0)
		return;
	if (strncmp(err, w->counts.error, sizeof(w->counts.error) - 1) != 0)
		log_warnx("watch: %s (trying again every %d ms)", err,
		    WATCH_RETRY_MS);
	snprintf(w->counts.error, sizeof(w->counts.error), "%.*s",
	    (int)sizeof(w->counts.error) - 1, err);
	event_add(w->refresh, &retry);
}

static void
on_route_change(evutil_socket_t fd, short what, void *arg)
{
	struct watch *w = arg;
	struct timeval soon = { 0, WATCH_SETTLE_MS * 1000 };

	(void)fd;
	(void)what;
	nl_drain(w->routes);	/* an overrun too means "look again" */
	/* A burst of changes is one listing, WATCH_SETTLE_MS after its first. */
	if (!evtimer_pending(w->refresh, NULL))
		evtimer_add(w->refresh, &soon);
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
	w->owners = owner_queue_new(base, on_owner, w);
	w->routes_ev = event_new(base, nl_fd(w->routes), EV_READ | EV_PERSIST,
	    on_route_change, w);
	w->refresh = evtimer_new(base, on_refresh, w);
	if (w->owners == NULL || w->routes_ev == NULL || w->refresh == NULL ||
	    event_add(w->routes_ev, NULL) == -1) {
		snprintf(err, errlen, "watch: cannot watch route changes");
		goto fail;
	}
	if (follow_routes(w, err, errlen) == -1) {
		char why[256];

		snprintf(why, sizeof(why), "%s", err);
		snprintf(err, errlen, "watch: %s", why);
		goto fail;
	}
	return w;
fail:
	watch_close(w);
	return NULL;
}

/* The counts so far, for a report; what the capture holds is read first. */
void
watch_report(struct watch *w, struct watch_counts *out)
{
	const struct source *s;
	size_t i;
	int pass;

	if (w == NULL) {
		memset(out, 0, sizeof(*out));
		return;
	}
	if (w->capture != NULL) {
		capture_poll(w->capture);
		capture_drops(w->capture, &w->totals);
	}
	w->counts.dropped = w->dropped_before +
	    (w->capture != NULL ? w->totals.dropped : 0);
	/* Room in the report goes first to sources whose owner is known. */
	w->counts.n = 0;
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < w->nsources && w->counts.n < WATCH_MAX; i++) {
			s = &w->sources[i];
			if (s->state == SOURCE_FREE ||
			    s->state == SOURCE_UNTRACKED ||
			    s->state == SOURCE_FOREIGN ||
			    (s->leak.uid == -1) == (pass == 0))
				continue;
			w->counts.leaks[w->counts.n++] = s->leak;
		}
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
	owner_queue_free(w->owners);
	capture_close(w->capture);
	nl_close(w->routes);
	nl_close(w->nl);
	free(w->filter);
	lo_groups_free(&w->groups);
	free(w);
}
