/* SPDX-License-Identifier: ISC */
/*
 * One check, end to end, as a state machine on the caller's event loop.
 *
 * The stages (the table at the end, each with why it comes where it
 * does) run one after the other from a loop event.  A stage either is
 * done, fails with a one-line reason in result->error, or starts
 * something that ends in a later event (the lock) and resumes the run
 * from there.  No stage runs the loop itself or blocks in it, so a
 * signal at any moment is just another event: check_abort() stops the
 * run between two stages.  Every way out (all probes accounted for,
 * the deadline, a fault, a signal) goes through one deferred finish
 * event that tears down in reverse, removes the route if this check
 * added it, judges and calls back; teardown is safe after any partial
 * setup.  --once and the daemon drive the same machine.
 */
#include "config.h"

#include <arpa/inet.h>
#include <limits.h>
#include <errno.h>
#include <event2/event.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/socket.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "advice.h"
#include "appaudit.h"
#include "audit.h"
#include "capture.h"
#include "classify.h"
#include "check.h"
#include "class.h"
#include "evidence.h"
#include "explain.h"
#include "forward.h"
#include "iface.h"
#include "listener.h"
#include "lock.h"
#include "log.h"
#include "netlink.h"
#include "payload.h"
#include "privs.h"
#include "probe.h"
#include "route.h"
#include "routetext.h"
#include "sweep.h"
#include "verdict.h"


enum stage_result {
	STAGE_NEXT,		/* done: on to the next stage */
	STAGE_WAIT,		/* an event resumes the run (check_resume) */
	STAGE_STOP		/* failed, or nothing more to do: finish */
};

struct check {
	const struct options	*opt;
	int			 flags;
	struct check_result	*r;
	check_done_cb		 done;
	void			*done_arg;
	struct timespec		 start;
	struct event_base	*base;
	size_t			 stage;		/* the next one to run */
	struct event		*step;		/* runs the stages */
	struct event		*finish;	/* runs teardown */
	int			 finishing;
	struct event		*deadline;	/* --probe-wait */
	struct event		*time_limit;	/* --timeout */
	int			 collecting;	/* every probe is out */
	struct lock		*lock;
	struct nl		*nl;
	struct nl		*links;		/* link changes during the check */
	struct event		*links_ev;
	struct listener		*listener;
	struct capture		*capture;
	unsigned		 lo_ifindex;
	unsigned		 egress_ifindex;
	struct nonce		 nonce;
	struct probe_ctx	 pctx;
	struct evidence		 evidence;	/* --pcap */
	struct probe		 probes[PROBE_MAX];
	/* The probes sent as each class of applications (class.c). */
	struct probe		 class_probes[CLASSES_MAX][METHOD_BASE_COUNT];
	struct probe_ctx	 class_ctx[CLASSES_MAX];
	struct nonce		 class_nonce[CLASSES_MAX];
	/* The probes of each fix trial, by slot: 0 the default class's,
	   k + 1 class k's (opened early: a uid needs CAP_SETUID). */
	struct probe		 trial_probes[TRIALS_MAX][METHOD_BASE_COUNT];
	size_t			 trial_slot[TRIALS_MAX];	/* by trial */
	struct privs_user	 user;
};

static void
fail(struct check *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
fail(struct check *c, const char *fmt, ...)
{
	va_list ap;

	if (c->r->error[0] != '\0')
		return;		/* the first reason is the real one */
	va_start(ap, fmt);
	vsnprintf(c->r->error, sizeof(c->r->error), fmt, ap);
	va_end(ap);
}

/*
 * A set-up step that could not be done, where the check can still go on
 * (lo down, a route that cannot be added, a listener that cannot bind):
 * the capture and whatever probes can be sent still run, so a leak seen
 * wins (verdict.c), and the problem is named beside it.
 */
static void
setback(struct check *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
setback(struct check *c, const char *fmt, ...)
{
	va_list ap;

	if (c->r->setup_error[0] != '\0')
		return;		/* the first is the one that matters */
	va_start(ap, fmt);
	vsnprintf(c->r->setup_error, sizeof(c->r->setup_error), fmt, ap);
	va_end(ap);
	log_debug("set-up problem, the check goes on: %s",
	    c->r->setup_error);
}

static const char *
group_str(const struct check *c)
{
	static char buf[ADDR_STRLEN];

	return addr_ntop(&c->r->group, buf, sizeof(buf));
}

/* The group's host route as ip(8) names it: G/32 or G/128. */
static const char *
group_route_str(const struct check *c)
{
	static char buf[ADDR_STRLEN + 5];

	snprintf(buf, sizeof(buf), "%s/%u", group_str(c),
	    addr_bits(&c->r->group));
	return buf;
}

static double
elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - since->tv_sec) * 1e3 +
	    (double)(now.tv_nsec - since->tv_nsec) / 1e6;
}

static double
unix_now(void)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* --- events ------------------------------------------------------------ */

/* Ends the check from the loop, whatever state it is in. */
static void
request_finish(struct check *c)
{
	if (c->finishing)
		return;
	c->finishing = 1;
	event_active(c->finish, 0, 0);
}

/* Runs the rest of the stages from the loop. */
static void
check_resume(struct check *c)
{
	if (!c->finishing)
		event_active(c->step, 0, 0);
}

static void
on_timer_done(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	request_finish(arg);
}

/* The whole check took longer than --timeout: no verdict, route goes. */
static void
on_time_limit(evutil_socket_t fd, short what, void *arg)
{
	struct check *c = arg;

	(void)fd;
	(void)what;
	fail(c, "timed out after %u s (--timeout)", c->opt->timeout_s);
	request_finish(c);
}

/* --- observations ------------------------------------------------------ */

/*
 * Whether every copy of probe i has passed the packet taps, so that
 * nothing more about it can show up (HACKING, section 3):
 *
 *   - not sent: nothing to see;
 *   - captured leaving through an interface other than loopback: a
 *     datagram leaves through one device, and the tap saw it there;
 *   - captured on loopback: done once the listener has it too, since
 *     the kernel forwards a multicast datagram (a multicast router) and
 *     taps it before it delivers it to local sockets;
 *   - not captured yet: it may sit in a device's queue (its bytes are
 *     still charged to its socket), in loopback's backlog, or have been
 *     dropped.  Capture or the listener will say when it shows up; if
 *     it never does, the deadline ends the wait.
 */
static int
probe_result_complete(const struct check_result *r,
    const struct probe_result *p)
{
	size_t i;
	int on_lo = 0;

	if (!p->sent)
		return 1;
	for (i = 0; i < r->ncaptures; i++) {
		if (!(p->captured_on & (1u << i)))
			continue;
		if (!r->captures[i].loopback)
			return 1;	/* it left */
		on_lo = 1;
	}
	/* (no listener: what capture saw on loopback is all there is) */
	if (on_lo)
		return r->no_listener || p->listener_count > 0;
	return 0;
}

static int
probe_complete(const struct check_result *r, size_t i)
{
	return probe_result_complete(r, &r->probes[i]);
}

/* The same for every probe sent as a class. */
static int
classes_complete(const struct check_result *r)
{
	size_t i, m;

	for (i = 0; i < r->nclasses; i++)
		for (m = 0; m < METHOD_BASE_COUNT; m++)
			if (!probe_result_complete(r, &r->classes[i].probes[m]))
				return 0;
	for (i = 0; i < r->ntrials; i++)
		for (m = 0; m < METHOD_BASE_COUNT; m++)
			if (!probe_result_complete(r, &r->trials[i].probes[m]))
				return 0;
	return 1;
}

/* Reads what the listener's socket and the capture's ring hold now. */
static void
read_queued(struct check *c)
{
	if (c->listener != NULL)	/* none if it could not be set up */
		listener_poll(c->listener);
	capture_poll(c->capture);
}

/* Ends the check as soon as every probe is complete: no fixed wait. */
static void
maybe_finish(struct check *c)
{
	size_t i;

	if (!c->collecting || c->finishing)
		return;
	for (i = 0; i < c->r->nprobes; i++)
		if (!probe_complete(c->r, i))
			return;
	/* Sockets at risk: seen leaving or on loopback, or the deadline. */
	if (!appaudit_settled(&c->r->apps))
		return;
	if (!classes_complete(c->r))
		return;
	/* Whatever else is queued now is read before the end. */
	c->collecting = 0;
	read_queued(c);
	request_finish(c);
}

static void
on_frame(void *arg, const struct frame_udp *f, enum frame_error error,
    const struct captured *raw)
{
	struct check *c = arg;
	int probe;

	if (error == FRAME_OK && appaudit_observe(&c->r->apps, c->lo_ifindex,
	    f)) {
		maybe_finish(c);
		return;
	}
	if ((probe = classify_frame(c->r, c->lo_ifindex, &c->nonce, f,
	    error)) < 0)
		return;
	/* The evidence is the default probes' (PROBE_MAX: a class's probe
	 * or a fix trial's, which the report shows instead). */
	if (c->opt->pcap_file[0] != '\0' && probe < PROBE_MAX)
		evidence_add(&c->evidence, raw, f, probe, c->lo_ifindex);
	maybe_finish(c);
}

static void
on_capture_error(void *arg, const char *ifname, const char *error)
{
	struct check *c = arg;

	fail(c, "capture on %s failed during the check: %s", ifname, error);
	request_finish(c);
}

/* An interface we watch going down or away spoils the check. */
static void
on_link(void *arg, unsigned ifindex, int up, int gone)
{
	struct check *c = arg;
	const char *name;

	if (ifindex == c->lo_ifindex)
		name = c->r->loopback;
	else if (ifindex == c->egress_ifindex)
		name = c->r->egress;
	else
		return;
	if (up && !gone)
		return;
	fail(c, "interface %s %s during the check", name,
	    gone ? "disappeared" : "went down");
	request_finish(c);
}

static void
on_links_readable(evutil_socket_t fd, short what, void *arg)
{
	struct check *c = arg;

	(void)fd;
	(void)what;
	if (nl_read_links(c->links, on_link, c) == -1) {
		/* Overrun (ENOBUFS): we may have missed a change. */
		fail(c, "rtnetlink link monitor: %s", strerror(errno));
		request_finish(c);
	}
}

static const char *
ifname_of(const struct check *c, unsigned ifindex, char *buf)
{
	if (ifindex == c->lo_ifindex)
		return c->r->loopback;
	if (ifindex == c->egress_ifindex)
		return c->r->egress;
	return iface_name(ifindex, buf);
}

/* Keeps a line per received datagram; foreign ones leave room for ours. */
static void
keep_received(struct check *c, int probe, const char *ifname,
    const uint8_t *payload, size_t len)
{
	struct check_result *r = c->r;
	struct received *rx;

	r->nreceived_total++;
	if (r->nreceived == RECEIVED_MAX ||
	    (probe < 0 && r->nreceived >= RECEIVED_FOREIGN_MAX))
		return;
	rx = &r->received[r->nreceived++];
	rx->probe = probe;
	snprintf(rx->ifname, sizeof(rx->ifname), "%s", ifname);
	payload_printable(rx->payload, sizeof(rx->payload), payload, len);
}

static void
on_datagram(void *arg, unsigned ifindex, const uint8_t *payload, size_t len)
{
	struct check *c = arg;
	struct probe_result *p;
	char buf[IF_NAMESIZE];
	const char *ifname = ifname_of(c, ifindex, buf);
	int probe = probe_identify(payload, len, &c->nonce);

	keep_received(c, probe, ifname, payload, len);
	if (probe < 0 && (p = classify_class_probe(c->r, payload, len,
	    0)) != NULL) {
		if (p->listener_count++ == 0)
			snprintf(p->listener_if, sizeof(p->listener_if), "%s",
			    ifname);
		maybe_finish(c);
		return;
	}
	if (probe < 0) {
		c->r->listener_foreign++;
		return;
	}
	p = &c->r->probes[probe];
	if (p->listener_count++ == 0)
		snprintf(p->listener_if, sizeof(p->listener_if), "%s", ifname);
	maybe_finish(c);
}

/* --- stages ------------------------------------------------------------ */

static enum stage_result
stage_privileges(struct check *c)
{
	char err[256];

	if (privs_lookup_user(c->opt->user, &c->user, err, sizeof(err)) == -1 ||
	    privs_check(!c->r->explain_only, !c->opt->no_route, err,
	    sizeof(err)) == -1) {
		fail(c, "%s", err);
		return STAGE_STOP;
	}
	return STAGE_NEXT;
}

static void
on_lock(void *arg, int held, const char *why)
{
	struct check *c = arg;

	if (held) {
		log_debug("check lock taken");
		check_resume(c);
		return;
	}
	fail(c, "%s", why);
	request_finish(c);
}

/*
 * Waits, from the loop, for another check in this network namespace to
 * end; a signal meanwhile ends this one before anything is changed.
 */
static enum stage_result
stage_lock(struct check *c)
{
	char err[256];

	if (c->flags & CHECK_LOCK_HELD)
		return STAGE_NEXT;
	log_debug("taking the check lock");
	if ((c->lock = lock_new(c->base, on_lock, c)) == NULL) {
		fail(c, "lock: out of memory");
		return STAGE_STOP;
	}
	switch (lock_take(c->lock, LOCK_WAIT_MS, err, sizeof(err))) {
	case LOCK_HELD:
		log_debug("check lock taken");
		return STAGE_NEXT;
	case LOCK_WAITING:
		log_debug("waiting for another check to end");
		return STAGE_WAIT;
	case LOCK_FAILED:
		break;
	}
	fail(c, "%s", err);
	return STAGE_STOP;
}

static enum stage_result
stage_link_monitor(struct check *c)
{
	if ((c->links = nl_open_link_monitor()) == NULL) {
		fail(c, "rtnetlink link monitor: %s", strerror(errno));
		return STAGE_STOP;
	}
	c->links_ev = event_new(c->base, nl_fd(c->links),
	    EV_READ | EV_PERSIST, on_links_readable, c);
	if (c->links_ev == NULL || event_add(c->links_ev, NULL) == -1) {
		fail(c, "cannot watch link changes");
		return STAGE_STOP;
	}
	return STAGE_NEXT;
}

static enum stage_result
stage_interfaces(struct check *c)
{
	const struct options *o = c->opt;
	short flags;

	if ((c->lo_ifindex = iface_index(o->loopback)) == 0) {
		fail(c, "loopback interface %s: %s", o->loopback,
		    strerror(errno));
		return STAGE_STOP;
	}
	snprintf(c->r->loopback, sizeof(c->r->loopback), "%s", o->loopback);
	/* A typo such as -l eth0 must not pass as "stayed on eth0". */
	flags = iface_flags(o->loopback);
	if (!(flags & IFF_LOOPBACK)) {
		fail(c, "--loopback %s is not a loopback interface",
		    o->loopback);
		return STAGE_STOP;
	}
	/*
	 * Down, the kernel has flushed every route through it and
	 * applications leak with both methods: the check goes on, and
	 * what the capture sees decides.
	 */
	c->r->loopback_down = !(flags & IFF_UP);
	if (!(flags & IFF_UP))
		setback(c, "loopback interface %s is down", o->loopback);
	if (c->r->group.family == AF_INET6 && iface_ipv6_disabled(o->loopback)) {
		fail(c, "IPv6 is disabled on %s (net.ipv6.conf.%s.disable_ipv6 "
		    "is 1): no IPv6 group can be kept there", o->loopback,
		    o->loopback);
		return STAGE_STOP;
	}
	audit_host(c->r, "/proc");
	audit_forwarding(c->r, "/proc");
	if (o->egress[0] != '\0' &&
	    (c->egress_ifindex = iface_index(o->egress)) == 0) {
		fail(c, "interface %s: %s", o->egress, strerror(errno));
		return STAGE_STOP;
	}
	return STAGE_NEXT;
}

static enum stage_result
stage_netlink(struct check *c)
{
	if ((c->nl = nl_open()) == NULL) {
		fail(c, "rtnetlink: %s", strerror(errno));
		return STAGE_STOP;
	}
	if (sweep_leftovers(c->nl) == -1) {
		fail(c, "removing leftover routes: %s", strerror(errno));
		return STAGE_STOP;
	}
	return STAGE_NEXT;
}

/*
 * Which applications leak now: their sockets, asked about before the
 * check changes any route.  An audit the kernel refuses is reported,
 * not fatal: the probes still test the host.
 */
static enum stage_result
stage_applications(struct check *c)
{
	if (appaudit_run(c->nl, c->lo_ifindex, "/proc", &c->r->apps) == -1)
		log_debug("socket audit: %s", c->r->apps.error);
	else
		log_debug("socket audit: %lu multicast sockets, %lu to groups "
		    "routed to %s, %lu at risk", c->r->apps.sockets,
		    c->r->apps.routed_to_loopback, c->r->loopback,
		    c->r->apps.at_risk);
	return STAGE_NEXT;
}

static enum stage_result
stage_listener(struct check *c)
{
	char err[256];

	c->r->port = c->opt->port;
	if (c->r->explain_only)
		return STAGE_NEXT;
	c->listener = listener_open(c->base, &c->r->group, &c->r->port,
	    c->lo_ifindex, on_datagram, c, err, sizeof(err));
	if (c->listener == NULL && c->r->port != 0) {
		/* The probes still go out, to the port asked for. */
		setback(c, "%s", err);
		c->r->no_listener = 1;
		return STAGE_NEXT;
	}
	if (c->listener == NULL) {
		fail(c, "%s", err);
		return STAGE_STOP;
	}
	log_debug("listener joined %s on %s, port %u", group_str(c),
	    c->r->loopback, c->r->port);
	return STAGE_NEXT;
}

/* Prepares probe i; one that cannot be prepared is not sent, and says why. */
static void
prepare_probe(struct check *c, size_t i)
{
	struct probe_result *p = &c->r->probes[i];
	struct probe *probe = &c->probes[i];

	if (probe_prepare(probe, &c->pctx, p->error, sizeof(p->error)) == -1) {
		log_debug("probe %s: %s", method_get(probe->method)->label,
		    p->error);
		return;
	}
	p->sport = probe->flow.sport;
	if (probe->flow.src.family != 0)
		addr_ntop(&probe->flow.src, p->source, sizeof(p->source));
}

static void
fire_probe(struct check *c, size_t i)
{
	struct probe_result *p = &c->r->probes[i];
	struct probe *probe = &c->probes[i];
	char payload[PAYLOAD_MAX];
	size_t len;

	if (probe->fd == -1)
		return;		/* not prepared: error says why */
	len = payload_format(payload, sizeof(payload),
	    method_get(probe->method)->label, &c->nonce);
	p->sent = probe_fire(probe, &c->pctx, payload, len, p->error,
	    sizeof(p->error)) == 0;
	log_debug("probe %s: %s", method_get(probe->method)->label,
	    p->sent ? "sent" : p->error);
}

/* The flow of an unbound socket's datagram to the group. */
static void
group_flow(const struct check *c, struct flow *f)
{
	memset(f, 0, sizeof(*f));
	f->dst = c->r->group;
	f->proto = IPPROTO_UDP;
	f->dport = c->r->port;
}

/*
 * The kernel answered the group's lookup with an error only: a
 * blackhole, unreachable, prohibit or throw route may be why, and is
 * then the route in effect, named with its type, table and rule.
 */
static void
note_refusal(struct check *c)
{
	struct route_info rej;
	int saved = errno, rule = -1;

	log_debug("the kernel has no route for %s: %s", group_str(c),
	    strerror(saved));
	if (route_find_reject(c->nl, &c->r->group, &rej, &rule) != 1)
		return;
	route_describe(&rej, rule, 0, 0, &c->r->route_in_effect);
	/* The kernel's own rules (local 0, main 32766) say nothing. */
	if ((rule == 0 && rej.table == RT_TABLE_LOCAL) ||
	    (rule == 32766 && rej.table == RT_TABLE_MAIN) ||
	    (rule == 32767 && rej.table == RT_TABLE_DEFAULT))
		c->r->route_in_effect.rule = -1;
	log_debug("the group's lookup ends in %s %s (table %u)",
	    route_type_name(rej.type), c->r->route_in_effect.prefix,
	    rej.table);
}

/*
 * Asks the kernel first.  If the group already reaches loopback, by any
 * route in any table the rules lead to, the host is tested as it is.
 * If a route to loopback exists but the kernel does not use it (another
 * table wins, or a rule leads elsewhere), the host is tested as it is
 * too: its applications do not get the route their administrator
 * wrote, and the report says which one the kernel uses instead.  Only
 * where no route leads the group to loopback does the check add its
 * own (route.c), and then confirms with the kernel that it is in
 * effect; one that is bypassed tests nothing, and the check says what
 * bypasses it.
 */
static enum stage_result
stage_route(struct check *c)
{
	struct route_view v;
	struct route_info lo_route, own;
	struct flow f;
	int rc, in_effect;

	c->r->route_checked = 1;
	group_flow(c, &f);
	if (route_view(c->nl, &f, &v) == 0) {
		route_describe_view(&v, &c->r->route_in_effect);
		if (v.decision.oif == c->lo_ifindex) {
			c->r->route = ROUTE_PREEXISTING;
			log_debug("the kernel routes %s to %s by %s (table %u): "
			    "tested as it is", group_str(c), c->r->loopback,
			    c->r->route_in_effect.prefix, v.entry.table);
			return STAGE_NEXT;
		}
	} else
		note_refusal(c);
	if ((rc = route_find_to_loopback(c->nl, &c->r->group, c->lo_ifindex,
	    &lo_route)) == -1) {
		fail(c, "listing routes: %s", strerror(errno));
		return STAGE_STOP;
	}
	if (rc == 1) {
		route_describe(&lo_route, -1, 0, lo_route.oif,
		    &c->r->route_unused);
		c->r->route = ROUTE_PREEXISTING;
		log_debug("%s dev %s (table %u) is not the route the kernel "
		    "uses: tested as it is", c->r->route_unused.prefix,
		    c->r->loopback, lo_route.table);
		return STAGE_NEXT;
	}
	if (c->opt->no_route) {
		c->r->route = ROUTE_NONE;
		return STAGE_NEXT;
	}
	if (route_own_add(c->nl, &c->r->group, c->lo_ifindex) == 0) {
		c->r->route = ROUTE_ADDED;
		log_debug("added route %s dev %s proto %d", group_route_str(c),
		    c->r->loopback, MCASTLO_RTPROT);
	} else if (errno == EEXIST) {	/* someone else's, same key */
		c->r->route = ROUTE_PREEXISTING;
		log_debug("a route for %s exists and does not lead to %s: "
		    "tested as it is", group_route_str(c), c->r->loopback);
		return STAGE_NEXT;
	} else {
		/* The host is then tested as it is: a leak still shows. */
		setback(c, "adding route %s dev %s: %s%s", group_route_str(c),
		    c->r->loopback, strerror(errno), errno == EPERM ?
		    " (needs root or CAP_NET_ADMIN)" : "");
		c->r->route = ROUTE_NONE;
		return STAGE_NEXT;
	}
	in_effect = route_view(c->nl, &f, &v) == 0;
	if (in_effect)
		route_describe_view(&v, &c->r->route_in_effect);
	else
		memset(&c->r->route_in_effect, 0, sizeof(c->r->route_in_effect));
	if (in_effect && route_view_is_own(&v, c->lo_ifindex))
		return STAGE_NEXT;
	/*
	 * Bypassed (a rule leads to another table): the probes then test
	 * the host as its applications meet it, and the report says what
	 * the kernel uses instead of our route.
	 */
	route_own(&c->r->group, c->lo_ifindex, &own);
	route_describe(&own, -1, 0, c->lo_ifindex, &c->r->route_unused);
	log_debug("the check's route %s dev %s is not in effect: the kernel "
	    "uses %s dev %s (table %u%s)", group_route_str(c),
	    c->r->loopback, c->r->route_in_effect.prefix,
	    c->r->route_in_effect.ifname, c->r->route_in_effect.table,
	    route_rule_str(&c->r->route_in_effect));
	return STAGE_NEXT;
}

/* Every probe but the host fix, prepared: their flows are known now. */
static enum stage_result
stage_prepare_probes(struct check *c)
{
	struct probe_ctx *ctx = &c->pctx;
	size_t i;

	if (nonce_generate(&c->nonce) == -1) {
		fail(c, "getrandom: %s", strerror(errno));
		return STAGE_STOP;
	}
	memset(ctx, 0, sizeof(*ctx));
	ctx->group = c->r->group;
	ctx->port = c->r->port;
	ctx->lo_ifindex = c->lo_ifindex;
	ctx->ttl = c->opt->ttl;
	snprintf(ctx->lo_name, sizeof(ctx->lo_name), "%s", c->r->loopback);
	c->r->nprobes = c->opt->mitigations ? METHOD_COUNT : METHOD_BASE_COUNT;
	for (i = 0; i < c->r->nprobes; i++) {
		c->r->probes[i].required = (c->opt->require_mask >> i) & 1;
		if (method_get((enum method)i)->kind != METHOD_HOST_FIX)
			prepare_probe(c, i);
	}
	return STAGE_NEXT;
}

/*
 * The kernel's decisions for the probes' own flows (source, ports,
 * interface), and from them the egress: where a leak is expected.
 * Without -i and with no interface but loopback in the kernel's answers
 * (no default route, and a route that keeps both methods on loopback),
 * there is nothing else to name: a probe the kernel cannot route fails
 * to send.
 */
static enum stage_result
stage_predict(struct check *c)
{
	const struct flow *send = c->probes[METHOD_SEND].fd != -1 ?
	    &c->probes[METHOD_SEND].flow : NULL;
	struct decisions d;
	struct flow sendto;
	size_t i;

	if (c->probes[METHOD_SENDTO].fd != -1)
		sendto = c->probes[METHOD_SENDTO].flow;
	else
		group_flow(c, &sendto);
	explain_ask(c->nl, &sendto, send, &d);
	explain_fill(&d, c->lo_ifindex, c->r);
	/* The base methods' flows were asked about just now. */
	if (c->probes[METHOD_SENDTO].fd != -1 && d.first_ok)
		explain_set(&d.first, &c->r->probes[METHOD_SENDTO]);
	if (send != NULL && send->src.family != 0 && d.second_ok)
		explain_set(&d.second, &c->r->probes[METHOD_SEND]);
	else if (send != NULL)
		explain_probe(c->nl, send, &c->r->probes[METHOD_SEND]);
	for (i = METHOD_BASE_COUNT; i < c->r->nprobes; i++)
		if (c->probes[i].fd != -1)
			explain_probe(c->nl, &c->probes[i].flow,
			    &c->r->probes[i]);
	if (c->egress_ifindex == 0)
		c->egress_ifindex = explain_egress(c->nl, &d, c->lo_ifindex);
	if (c->egress_ifindex == c->lo_ifindex) {
		fail(c, "the egress interface is the loopback interface");
		return STAGE_STOP;
	}
	if (c->egress_ifindex != 0 &&
	    iface_indexname(c->egress_ifindex, c->r->egress) == NULL) {
		fail(c, "egress interface %u: %s", c->egress_ifindex,
		    strerror(errno));
		return STAGE_STOP;
	}
	if (c->egress_ifindex != 0)
		log_debug("egress interface %s", c->r->egress);
	else
		log_debug("no egress interface: the kernel routes %s nowhere "
		    "but %s, and there is no default route", group_str(c),
		    c->r->loopback);
	audit_route(c->r, "/proc");
	return STAGE_NEXT;
}

/*
 * Prepares the probes of one class: sockets owned by its uid (which
 * needs CAP_SETUID) and with its mark.  One that cannot be opened as
 * the class leaves it judged by the kernel's answer alone, and says why.
 */
static void
prepare_class_probes(struct check *c, size_t k)
{
	struct class_result *cl = &c->r->classes[k];
	struct probe_ctx *ctx = &c->class_ctx[k];
	char err[128];
	size_t m;

	*ctx = c->pctx;
	ctx->mark = cl->mark;
	ctx->has_uid = cl->has_uid;
	ctx->uid = cl->uid;
	if (nonce_generate(&c->class_nonce[k]) == -1) {
		snprintf(cl->not_probed, sizeof(cl->not_probed), "getrandom: "
		    "%s", strerror(errno));
		return;
	}
	snprintf(cl->nonce, sizeof(cl->nonce), "%s", c->class_nonce[k].hex);
	for (m = 0; m < METHOD_BASE_COUNT; m++) {
		struct probe *pr = &c->class_probes[k][m];

		probe_init(pr, (enum method)m);
		if (probe_prepare(pr, ctx, err, sizeof(err)) == -1) {
			char name[sizeof(cl->name)];

			snprintf(name, sizeof(name), "%s", cl->name);
			snprintf(cl->not_probed, sizeof(cl->not_probed),
			    "judged by the kernel's answer alone: a socket as "
			    "%s cannot be opened here (%s%s)", name, err,
			    cl->has_uid && errno == EPERM ?
			    "; needs CAP_SETUID" : "");
			for (m = 0; m < METHOD_BASE_COUNT; m++)
				probe_close(&c->class_probes[k][m]);
			return;
		}
		cl->probes[m].required = (c->opt->require_mask >> m) & 1;
		cl->probes[m].sport = pr->flow.sport;
		if (pr->flow.src.family != 0)
			addr_ntop(&pr->flow.src, cl->probes[m].source,
			    sizeof(cl->probes[m].source));
		explain_probe(c->nl, &pr->flow, &cl->probes[m]);
	}
	cl->probed = 1;
	/* The fix trial's sockets too, while CAP_SETUID is held. */
	for (m = 0; m < METHOD_BASE_COUNT; m++)
		if (probe_open(&c->trial_probes[k + 1][m], ctx, err,
		    sizeof(err)) == -1)
			log_debug("class %s: fix trial socket: %s", cl->name,
			    err);
}

/*
 * The classes of applications the policy rules route apart (class.c):
 * for each, the kernel's answers for its flows (RTA_UID, RTA_MARK) and
 * the route in effect for it; then its probes, unless only explaining.
 */
static enum stage_result
stage_classes(struct check *c)
{
	struct route_view v;
	struct decisions d;
	struct flow f;
	size_t k;

	if (class_find(c->nl, &c->r->group, c->r->port, c->r) == -1) {
		log_debug("policy rules: %s", strerror(errno));
		return STAGE_NEXT;	/* the default class is still tested */
	}
	for (k = 0; k < c->r->nclasses; k++) {
		struct class_result *cl = &c->r->classes[k];

		group_flow(c, &f);
		class_flow(cl, &f);
		if (route_view(c->nl, &f, &v) == 0)
			route_describe_view(&v, &cl->route);
		explain_ask(c->nl, &f, NULL, &d);
		explain_predict(&d, c->lo_ifindex, &cl->route,
		    &cl->prediction);
		log_debug("class %s (%s): sendto() %s, send() %s", cl->name,
		    cl->rule_text, cl->prediction.ifname[METHOD_SENDTO],
		    cl->prediction.ifname[METHOD_SEND]);
		if (!c->r->explain_only)
			prepare_class_probes(c, k);
		else
			snprintf(cl->not_probed, sizeof(cl->not_probed),
			    "judged by the kernel's answer alone: --explain "
			    "sends nothing");
	}
	return STAGE_NEXT;
}

/* --explain stops here: everything it reports is known, nothing is sent. */
static enum stage_result
stage_stop_when_explaining(struct check *c)
{
	if (!c->r->explain_only)
		return STAGE_NEXT;
	c->r->nprobes = 0;
	return STAGE_STOP;
}

/*
 * One capture sees every interface.  Loopback and the egress are listed
 * first, even with nothing seen on them; other interfaces are added as
 * frames show up there.
 */
static enum stage_result
stage_capture(struct check *c)
{
	char err[256], group[ADDR_STRLEN], filter[2048];
	int n;

	classify_add_interface(c->r, c->lo_ifindex, c->r->loopback, 1);
	if (c->egress_ifindex != 0)
		classify_add_interface(c->r, c->egress_ifindex, c->r->egress,
		    0);
	/*
	 * For IPv6, "udp" and "port" match only a UDP header right after
	 * the fixed header; the probes never carry extension headers.
	 */
	n = snprintf(filter, sizeof(filter), "(udp and dst host %s and dst "
	    "port %u)", addr_ntop(&c->r->group, group, sizeof(group)),
	    c->r->port);
	/* And the flows of the sockets the audit found at risk. */
	appaudit_filter(&c->r->apps, filter + n, sizeof(filter) - (size_t)n);
	c->capture = capture_open(c->base, filter, CAPTURE_BUFFER_CHECK,
	    &c->r->capture, on_frame, on_capture_error, c, err, sizeof(err));
	if (c->capture == NULL) {
		fail(c, "%s", err);
		return STAGE_STOP;
	}
	return STAGE_NEXT;
}

static enum stage_result
stage_drop_privileges(struct check *c)
{
	char err[256];

	if (!(c->flags & CHECK_DROP_PRIVILEGES))
		return STAGE_NEXT;
	if (privs_drop(&c->user, 0, err, sizeof(err)) == -1) {
		fail(c, "%s", err);
		return STAGE_STOP;
	}
	log_debug("privileges dropped: CAP_NET_ADMIN kept%s",
	    c->user.set ? ", running as -u user" : "");
	return STAGE_NEXT;
}

/*
 * The host-level fix is tried on this check's own route, given the
 * source 127.0.0.1 once the other probes are out; an administrator's
 * route is never changed.  IPv6 has no such fix to try: its connect()
 * follows the route (HACKING), and the check's own route is already
 * the host-level fix.
 */
static int
route_src_ready(struct check *c, struct probe_result *p)
{
	struct addr src;

	p->skipped = 1;
	if (c->r->group.family == AF_INET6) {
		snprintf(p->error, sizeof(p->error), "IPv6 has no route-source "
		    "fix: send() follows the route, and only a local route "
		    "in table local keeps it on %s", c->r->loopback);
		return 0;
	}
	if (c->r->route != ROUTE_ADDED) {
		snprintf(p->error, sizeof(p->error), "the group's route is "
		    "not this check's (%s), and is never changed",
		    route_state_name(c->r->route));
		return 0;
	}
	addr_loopback(AF_INET, &src);
	if (route_own_set_src(c->nl, &c->r->group, c->lo_ifindex,
	    &src) == -1) {
		snprintf(p->error, sizeof(p->error), "giving the route the "
		    "source 127.0.0.1: %s", strerror(errno));
		return 0;
	}
	p->skipped = 0;
	log_debug("route %s/32 dev %s now has src 127.0.0.1", group_str(c),
	    c->r->loopback);
	return 1;
}

static void
fire_class_probes(struct check *c)
{
	char payload[PAYLOAD_MAX];
	size_t k, m, len;

	for (k = 0; k < c->r->nclasses; k++) {
		struct class_result *cl = &c->r->classes[k];

		for (m = 0; cl->probed && m < METHOD_BASE_COUNT; m++) {
			struct probe_result *p = &cl->probes[m];

			len = payload_format(payload, sizeof(payload),
			    method_get((enum method)m)->label,
			    &c->class_nonce[k]);
			p->sent = probe_fire(&c->class_probes[k][m],
			    &c->class_ctx[k], payload, len, p->error,
			    sizeof(p->error)) == 0;
		}
	}
}

static enum stage_result
stage_fire_probes(struct check *c)
{
	size_t i;

	/*
	 * Foreign traffic for the group and port that queued up while the
	 * check was set up is read, and counted as foreign, before the
	 * probes leave: a full socket or ring must not drop a probe.
	 */
	read_queued(c);
	if (c->finishing)	/* a capture failed while reading */
		return STAGE_STOP;
	for (i = 0; i < c->r->nprobes; i++)
		if (method_get((enum method)i)->kind != METHOD_HOST_FIX)
			fire_probe(c, i);
	fire_class_probes(c);
	/* The host fix changes the route: after every other probe. */
	for (i = 0; i < c->r->nprobes; i++) {
		if (method_get((enum method)i)->kind != METHOD_HOST_FIX ||
		    !route_src_ready(c, &c->r->probes[i]))
			continue;
		prepare_probe(c, i);
		if (c->probes[i].fd != -1)
			explain_probe(c->nl, &c->probes[i].flow,
			    &c->r->probes[i]);
		fire_probe(c, i);
	}
	return STAGE_NEXT;
}

/* Fires the trial's probes, as the class, with the trial's own nonce. */
static void
fire_trial_probes(struct check *c, size_t t, size_t slot,
    const struct probe_ctx *ctx)
{
	struct fix_trial *tr = &c->r->trials[t];
	char payload[PAYLOAD_MAX];
	struct nonce n;
	size_t m, len;

	if (nonce_generate(&n) == -1) {
		snprintf(tr->why, sizeof(tr->why), "not tested here: "
		    "getrandom: %s", strerror(errno));
		return;
	}
	snprintf(tr->nonce, sizeof(tr->nonce), "%s", n.hex);
	for (m = 0; m < METHOD_BASE_COUNT; m++) {
		struct probe *pr = &c->trial_probes[slot][m];
		struct probe_result *p = &tr->probes[m];

		if (probe_prepare(pr, ctx, p->error, sizeof(p->error)) == -1)
			continue;
		explain_probe(c->nl, &pr->flow, p);
		len = payload_format(payload, sizeof(payload),
		    method_get((enum method)m)->label, &n);
		p->sent = probe_fire(pr, ctx, payload, len, p->error,
		    sizeof(p->error)) == 0;
	}
	tr->tried = 1;
	c->trial_slot[t] = slot;
}

/*
 * Tries the fix for one class: the route the fix names, put in the
 * table the kernel uses for the class (the check's own route gets the
 * source instead when it is the one in effect), the class's probes
 * fired through it, and the route taken away again at once.  Where the
 * fix would change a route that is not this check's, or --no-route
 * forbids a change, it is not tried, and says why.
 */
static void
try_fix(struct check *c, size_t slot, const char *name,
    const struct probe_ctx *ctx, const struct route_effect *e)
{
	struct fix_trial *tr;
	unsigned table = e->known ? e->table : RT_TABLE_MAIN;
	char tname[sizeof(tr->table)];
	size_t t;

	if (c->r->ntrials == TRIALS_MAX)
		return;
	t = c->r->ntrials++;
	tr = &c->r->trials[t];
	snprintf(tr->class_name, sizeof(tr->class_name), "%s", name);
	route_table_str(e, tname, sizeof(tname));
	snprintf(tr->table, sizeof(tr->table), "%s", tname);
	advice_command(c->r, e, tr->command, sizeof(tr->command));
	if (e->known && strcmp(e->ifname, c->r->loopback) == 0 && !e->ours) {
		snprintf(tr->why, sizeof(tr->why), "not tested here: it "
		    "changes the route %s (table %s), which is not this "
		    "check's, and is never changed", e->prefix, tname);
		return;
	}
	if (e->known && e->ours) {
		/* The check's own route in effect: it gets the source. */
		struct addr src;

		addr_loopback(AF_INET, &src);
		if (route_own_set_src(c->nl, &c->r->group, c->lo_ifindex,
		    &src) == -1) {
			snprintf(tr->why, sizeof(tr->why), "not tested here: "
			    "giving the check's route the source: %s",
			    strerror(errno));
			return;
		}
		fire_trial_probes(c, t, slot, ctx);
		return;
	}
	if (c->opt->no_route) {
		snprintf(tr->why, sizeof(tr->why), "not tested here: "
		    "--no-route: the check changes no route");
		return;
	}
	if (route_trial_add(c->nl, &c->r->group, c->lo_ifindex, table) == -1) {
		snprintf(tr->why, sizeof(tr->why), "not tested here: adding "
		    "%s/32 dev %s src 127.0.0.1 to table %s: %s",
		    group_str(c), c->r->loopback, tname, strerror(errno));
		return;
	}
	fire_trial_probes(c, t, slot, ctx);
	/* Sent: routed already.  The host is left as it was, at once. */
	if (route_trial_delete(c->nl, &c->r->group, c->lo_ifindex,
	    table) == -1)
		fail(c, "cannot remove the fix trial's route %s/32 dev %s "
		    "table %s: %s", group_str(c), c->r->loopback, tname,
		    strerror(errno));
}

/* A class's fix, named with the reason it was not tried. */
static void
not_tried(struct check *c, const char *name, const struct route_effect *e,
    const char *why)
{
	struct fix_trial *tr;
	char class_name[sizeof(tr->class_name)];

	if (c->r->ntrials == TRIALS_MAX)
		return;
	snprintf(class_name, sizeof(class_name), "%s", name);
	tr = &c->r->trials[c->r->ntrials++];
	memcpy(tr->class_name, class_name, sizeof(class_name));
	route_table_str(e, tr->table, sizeof(tr->table));
	advice_command(c->r, e, tr->command, sizeof(tr->command));
	snprintf(tr->why, sizeof(tr->why), "%s", why);
}

/*
 * Every class whose applications the kernel sends out (the default one
 * first) gets its fix tried: a fix is printed as proven only when this
 * run applied it in the table and rule in effect for the class, saw its
 * probes stay on loopback, and removed it (advice.c judges).  IPv4 only:
 * the IPv6 fix is the check's own route.
 */
static enum stage_result
stage_try_fixes(struct check *c)
{
	size_t k;

	if (c->r->group.family != AF_INET || c->finishing)
		return STAGE_NEXT;
	if (c->r->prediction.leak_mask & c->r->require_mask)
		try_fix(c, 0, "", &c->pctx, &c->r->route_in_effect);
	for (k = 0; k < c->r->nclasses; k++) {
		struct class_result *cl = &c->r->classes[k];

		if (!(cl->prediction.leak_mask & c->r->require_mask))
			continue;
		if (!cl->probed) {
			/* Its probes could not be made: nothing to prove with. */
			not_tried(c, cl->name, &cl->route, "not tested here: "
			    "the class could not be probed");
			continue;
		}
		try_fix(c, k + 1, cl->name, &c->class_ctx[k], &cl->route);
	}
	return STAGE_NEXT;
}

/* A route manager (systemd-networkd, say) may remove routes it does not know. */
static enum stage_result
stage_route_held(struct check *c)
{
	int rc;

	if (c->r->route != ROUTE_ADDED)
		return STAGE_NEXT;
	rc = route_own_present(c->nl, &c->r->group, c->lo_ifindex);
	if (rc == 1)
		return STAGE_NEXT;
	if (rc == -1) {
		fail(c, "listing routes: %s", strerror(errno));
		return STAGE_STOP;
	}
	c->r->route_lost = 1;
	fail(c, "the route for %s was removed or replaced by someone else "
	    "while the probes went out; no verdict", group_route_str(c));
	return STAGE_STOP;
}

/* Arms the deadline; the loop then runs until every probe is seen. */
static enum stage_result
stage_collect(struct check *c)
{
	struct timeval tv = { c->opt->probe_wait_ms / 1000,
	    (c->opt->probe_wait_ms % 1000) * 1000 };

	evtimer_add(c->deadline, &tv);
	c->collecting = 1;
	maybe_finish(c);
	return STAGE_WAIT;
}

/*
 * The stages in order, each with why it comes where it does.  A stage
 * that returns STAGE_WAIT is resumed by its event.
 */
static const struct stage {
	enum stage_result	(*run)(struct check *);
	const char		*why;
} stages[] = {
	{ stage_privileges, "name what is missing before anything is done" },
	{ stage_lock, "one check per namespace; nothing changed while waiting" },
	{ stage_link_monitor, "subscribed before interfaces are looked up, "
	    "so no change is lost" },
	{ stage_interfaces, "the host audit reads memberships before our "
	    "listener joins" },
	{ stage_netlink, "with the lock held, a route of our shape is a "
	    "killed run's" },
	{ stage_applications, "the applications' sockets, before the check "
	    "changes a route" },
	{ stage_listener, "its port, if the kernel picks it, is the probes'" },
	{ stage_route, "the route under test, confirmed with the kernel" },
	{ stage_prepare_probes, "their flows, with the route in place" },
	{ stage_predict, "the kernel's decisions for those flows name the "
	    "egress" },
	{ stage_classes, "the route in effect is known; the applications the "
	    "rules route apart are asked about, and probed as, too" },
	{ stage_stop_when_explaining, "--explain needs nothing more" },
	{ stage_capture, "live before any probe leaves" },
	{ stage_drop_privileges, "everything privileged is open; only the "
	    "route's removal needs CAP_NET_ADMIN" },
	{ stage_fire_probes, "everything that sees a probe is in place" },
	{ stage_route_held, "probes that left without our route tested "
	    "nothing" },
	{ stage_try_fixes, "after every probe of the host as it is (and "
	    "the check's route confirmed): a fix changes a route" },

	{ stage_collect, "every probe is out: wait for the captures" },
};
#define NSTAGES (sizeof(stages) / sizeof(stages[0]))

static void
on_step(evutil_socket_t fd, short what, void *arg)
{
	struct check *c = arg;

	(void)fd;
	(void)what;
	while (c->stage < NSTAGES && !c->finishing) {
		switch (stages[c->stage++].run(c)) {
		case STAGE_NEXT:
			continue;
		case STAGE_WAIT:
			return;
		case STAGE_STOP:
			request_finish(c);
			return;
		}
	}
}

/* --- teardown ---------------------------------------------------------- */

static void
remove_route(struct check *c)
{
	if (c->r->route != ROUTE_ADDED)
		return;
	if (route_own_delete(c->nl, &c->r->group, c->lo_ifindex) == 0) {
		c->r->route_removed = 1;
		log_debug("removed route %s dev %s", group_route_str(c),
		    c->r->loopback);
	} else if (errno == ESRCH || errno == ENOENT) {
		c->r->route_lost = 1;
		log_warnx("route %s dev %s was removed by someone else "
		    "during the check", group_route_str(c), c->r->loopback);
	} else {
		int saved = errno;

		log_warn("cannot remove route %s dev %s proto %d",
		    group_route_str(c), c->r->loopback, MCASTLO_RTPROT);
		fail(c, "cannot remove route %s dev %s: %s", group_route_str(c),
		    c->r->loopback, strerror(saved));
	}
}

/* The frames that carried the probes, for --pcap. */
static void
save_evidence(struct check *c)
{
	char err[PATH_MAX + 128];

	if (c->opt->pcap_file[0] == '\0' || c->r->nprobes == 0)
		return;
	if (evidence_save(&c->evidence, c->r, &c->nonce, c->opt->pcap_file,
	    err, sizeof(err)) == -1)
		log_warnx("pcap file %s", err);
	else
		log_debug("%zu frames saved in %s", c->evidence.n,
		    c->opt->pcap_file);
}

/* What is still queued of each probe that was sent (SIOCOUTQ). */
static void
record_queued(struct check *c)
{
	size_t i, m;

	for (i = 0; i < c->r->nprobes; i++)
		if (c->r->probes[i].sent)
			c->r->probes[i].queued = probe_queued(&c->probes[i]);
	for (i = 0; i < c->r->ntrials; i++)
		for (m = 0; m < METHOD_BASE_COUNT; m++)
			if (c->r->trials[i].probes[m].sent)
				c->r->trials[i].probes[m].queued =
				    probe_queued(&c->trial_probes
				    [c->trial_slot[i]][m]);
	for (i = 0; i < c->r->nclasses; i++)
		for (m = 0; m < METHOD_BASE_COUNT; m++)
			if (c->r->classes[i].probes[m].sent)
				c->r->classes[i].probes[m].queued =
				    probe_queued(&c->class_probes[i][m]);
}

/* Undoes the setup in reverse; safe after any part of it. */
static void
teardown(struct check *c)
{
	size_t i;

	for (i = 0; i < PROBE_MAX; i++)
		probe_close(&c->probes[i]);
	for (i = 0; i < CLASSES_MAX * METHOD_BASE_COUNT; i++)
		probe_close(&c->class_probes[i / METHOD_BASE_COUNT]
		    [i % METHOD_BASE_COUNT]);
	for (i = 0; i < TRIALS_MAX * METHOD_BASE_COUNT; i++)
		probe_close(&c->trial_probes[i / METHOD_BASE_COUNT]
		    [i % METHOD_BASE_COUNT]);
	capture_close(c->capture);
	listener_close(c->listener);
	if (c->links_ev != NULL)
		event_free(c->links_ev);
	nl_close(c->links);
	if (c->nl != NULL) {
		remove_route(c);
		nl_close(c->nl);
	}
	lock_free(c->lock);
	if (c->deadline != NULL)
		event_free(c->deadline);
	if (c->time_limit != NULL)
		event_free(c->time_limit);
	if (c->step != NULL)
		event_free(c->step);
	if (c->finish != NULL)
		event_free(c->finish);	/* safe from its own callback */
}

static void
on_finish(evutil_socket_t fd, short what, void *arg)
{
	struct check *c = arg;
	struct check_result *r = c->r;
	check_done_cb done = c->done;
	void *done_arg = c->done_arg;

	(void)fd;
	(void)what;
	record_queued(c);
	teardown(c);
	r->duration_ms = elapsed_ms(&c->start);
	r->finished_at = unix_now();
	verdict_decide(r);
	advice_fill(r);
	save_evidence(c);	/* after the verdict: each frame names it */
	free(c);
	done(done_arg, r);
}

static int
make_events(struct check *c)
{
	c->step = event_new(c->base, -1, 0, on_step, c);
	c->finish = event_new(c->base, -1, 0, on_finish, c);
	c->deadline = evtimer_new(c->base, on_timer_done, c);
	c->time_limit = evtimer_new(c->base, on_time_limit, c);
	return c->step && c->finish && c->deadline && c->time_limit ? 0 : -1;
}

/*
 * A check that has done nothing yet; the caller keeps the pointer (for
 * check_abort() from its signal events) and calls check_run().  NULL
 * when out of memory.
 */
struct check *
check_new(struct event_base *base, const struct options *opt, int flags,
    struct check_result *r, check_done_cb done, void *arg)
{
	struct check *c;
	size_t i;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	clock_gettime(CLOCK_MONOTONIC, &c->start);
	memset(r, 0, sizeof(*r));
	c->opt = opt;
	c->flags = flags;
	c->r = r;
	c->done = done;
	c->done_arg = arg;
	c->base = base;
	r->group = opt->group;
	r->port = opt->port;
	r->require_mask = opt->require_mask;
	r->ttl = opt->ttl;
	r->no_route = opt->no_route;
	r->explain_only = (flags & CHECK_EXPLAIN_ONLY) != 0;
	for (i = 0; i < PROBE_MAX; i++)
		probe_init(&c->probes[i], (enum method)i);
	for (i = 0; i < CLASSES_MAX * METHOD_BASE_COUNT; i++)
		probe_init(&c->class_probes[i / METHOD_BASE_COUNT]
		    [i % METHOD_BASE_COUNT], (enum method)(i % METHOD_BASE_COUNT));
	for (i = 0; i < TRIALS_MAX * METHOD_BASE_COUNT; i++)
		probe_init(&c->trial_probes[i / METHOD_BASE_COUNT]
		    [i % METHOD_BASE_COUNT], (enum method)(i % METHOD_BASE_COUNT));
	if (make_events(c) == -1) {
		teardown(c);
		free(c);
		return NULL;
	}
	return c;
}

/*
 * Starts the check; everything happens in the loop, and done() is
 * called once, from the loop, whatever happens.
 */
void
check_run(struct check *c)
{
	struct timeval limit = { c->opt->timeout_s, 0 };

	evtimer_add(c->time_limit, &limit);
	event_active(c->step, 0, 0);
}

/* A signal ends the check at once: no verdict, and the route goes. */
void
check_abort(struct check *c, int sig)
{
	fail(c, "interrupted by signal %d (%s)", sig, strsignal(sig));
	request_finish(c);
}
