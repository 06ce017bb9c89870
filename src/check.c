/*
 * One check, end to end (DESIGN.md section 2).
 *
 * The stages run in order and each either succeeds or leaves a one-line
 * reason in result->error; teardown then undoes whatever was set up, in
 * reverse, and is safe after any partial setup.  The setup runs at
 * once; collection runs in the caller's event loop, and every way out
 * (all probes seen, deadline, fault, check_abort() from a signal
 * handler) goes through one deferred event that tears down, judges and
 * calls back.  The caller keeps its signal events for as long as a
 * check may run, so a signal at any moment still ends in teardown.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/event.h>
#include <net/if.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/socket.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "capture.h"
#include "classify.h"
#include "check.h"
#include "explain.h"
#include "iface.h"
#include "listener.h"
#include "lock.h"
#include "log.h"
#include "netlink.h"
#include "payload.h"
#include "privs.h"
#include "probe.h"
#include "sweep.h"
#include "verdict.h"

/* After the last probe is seen: time for its other copies to show up. */
#define GRACE_MS	10

struct check {
	const struct options	*opt;
	int			 flags;
	struct check_result	*r;
	check_done_cb		 done;
	void			*done_arg;
	struct timespec		 start;
	struct event_base	*base;
	struct event		*finish;	/* runs teardown from the loop */
	int			 finishing;
	int			 in_setup;	/* check_run() is on the stack */
	struct event		*deadline;
	struct event		*grace;
	struct nl		*nl;
	struct nl		*links;		/* link changes during the check */
	struct event		*links_ev;
	struct listener		*listener;
	struct capture		*capture;
	unsigned		 lo_ifindex;
	unsigned		 egress_ifindex;
	struct nonce		 nonce;
	struct route_info	 group_route;	/* the FIB entry for the group */
	int			 have_group_route;
	struct privs_user	 user;
	int			 lock;
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

static void
on_timer_done(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	request_finish(arg);
}

static void on_finish(evutil_socket_t, short, void *);

static int
stage_events(struct check *c)
{
	c->finish = event_new(c->base, -1, 0, on_finish, c);
	c->deadline = evtimer_new(c->base, on_timer_done, c);
	c->grace = evtimer_new(c->base, on_timer_done, c);
	if (c->finish == NULL || c->deadline == NULL || c->grace == NULL) {
		fail(c, "cannot create events");
		return -1;
	}
	return 0;
}

/* --- observations ------------------------------------------------------ */

/* Every probe is accounted for once it was captured or could not be sent. */
static int
all_accounted(const struct check_result *r)
{
	size_t i;

	for (i = 0; i < r->nprobes; i++)
		if (r->probes[i].sent && r->probes[i].captured_on == 0)
			return 0;	/* skipped or unsent ones have sent == 0 */
	return 1;
}

static void
maybe_finish(struct check *c)
{
	struct timeval tv = { 0, GRACE_MS * 1000 };

	if (!evtimer_pending(c->grace, NULL) && all_accounted(c->r))
		evtimer_add(c->grace, &tv);
}

static void
on_frame(void *arg, const struct frame_udp *f, enum frame_error error)
{
	struct check *c = arg;

	if (classify_frame(c->r, c->lo_ifindex, &c->nonce, f, error) >= 0)
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

/* Subscribed before the interfaces are looked up, so no change is lost. */
static int
stage_link_monitor(struct check *c)
{
	if ((c->links = nl_open_link_monitor()) == NULL) {
		fail(c, "rtnetlink link monitor: %s", strerror(errno));
		return -1;
	}
	c->links_ev = event_new(c->base, nl_fd(c->links),
	    EV_READ | EV_PERSIST, on_links_readable, c);
	if (c->links_ev == NULL || event_add(c->links_ev, NULL) == -1) {
		fail(c, "cannot watch link changes");
		return -1;
	}
	return 0;
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
	if (probe < 0) {
		c->r->listener_foreign++;
		return;
	}
	p = &c->r->probes[probe];
	if (p->listener_count++ == 0)
		snprintf(p->listener_if, sizeof(p->listener_if), "%s", ifname);
}

/* --- stages ------------------------------------------------------------ */

static int
stage_interfaces(struct check *c)
{
	const struct options *o = c->opt;
	short flags;

	if ((c->lo_ifindex = if_nametoindex(o->loopback)) == 0) {
		fail(c, "loopback interface %s: %s", o->loopback,
		    strerror(errno));
		return -1;
	}
	snprintf(c->r->loopback, sizeof(c->r->loopback), "%s", o->loopback);
	/* A typo such as -l eth0 must not pass as "stayed on eth0". */
	flags = iface_flags(o->loopback);
	if (!(flags & IFF_LOOPBACK)) {
		fail(c, "--loopback %s is not a loopback interface",
		    o->loopback);
		return -1;
	}
	if (!(flags & IFF_UP)) {
		fail(c, "loopback interface %s is down", o->loopback);
		return -1;
	}
	audit_host(c->r, "/proc");	/* before our listener joins */
	if (o->egress[0] != '\0' &&
	    (c->egress_ifindex = if_nametoindex(o->egress)) == 0) {
		fail(c, "interface %s: %s", o->egress, strerror(errno));
		return -1;
	}
	return 0;
}

/* What the check needs, named before anything is touched. */
static int
stage_privileges(struct check *c)
{
	char err[256];

	if (privs_lookup_user(c->opt->user, &c->user, err, sizeof(err)) == -1 ||
	    privs_check(!c->r->explain_only, !c->opt->no_route, err,
	    sizeof(err)) == -1) {
		fail(c, "%s", err);
		return -1;
	}
	return 0;
}

/*
 * Everything privileged is open now; only the route's removal still
 * needs a capability (CAP_NET_ADMIN).
 */
static int
stage_drop_privileges(struct check *c)
{
	char err[256];

	if (!(c->flags & CHECK_DROP_PRIVILEGES))
		return 0;
	if (privs_drop(&c->user, 0, err, sizeof(err)) == -1) {
		fail(c, "%s", err);
		return -1;
	}
	log_debug("privileges dropped: CAP_NET_ADMIN kept%s",
	    c->user.set ? ", running as -u user" : "");
	return 0;
}

/*
 * One check at a time per network namespace.  A signal while waiting
 * is handled once the wait is over, before anything is changed.
 */
static int
stage_lock(struct check *c)
{
	log_debug("taking the check lock");
	if ((c->lock = lock_acquire(LOCK_WAIT_MS)) == -1) {
		if (errno == EAGAIN)
			fail(c, "another check is running (waited %d s)",
			    LOCK_WAIT_MS / 1000);
		else
			fail(c, "lock: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* With the lock held, any route with our tag is a killed run's. */
static int
stage_netlink(struct check *c)
{
	if ((c->nl = nl_open()) == NULL) {
		fail(c, "rtnetlink: %s", strerror(errno));
		return -1;
	}
	if (sweep_leftovers(c->nl) == -1) {
		fail(c, "removing leftover routes: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int
stage_listener(struct check *c)
{
	char err[256];

	c->r->port = c->opt->port;
	if (c->r->explain_only)
		return 0;
	c->listener = listener_open(c->base, &c->r->group, &c->r->port,
	    c->lo_ifindex, on_datagram, c, err, sizeof(err));
	if (c->listener == NULL) {
		fail(c, "%s", err);
		return -1;
	}
	log_debug("listener joined %s on %s, port %u", group_str(c),
	    c->r->loopback, c->r->port);
	return 0;
}

/*
 * Uses a host route for the group that is already there, in any table,
 * and leaves it alone; otherwise, unless --no-route, adds ours, tagged
 * (netlink.c says which route an IPv6 group needs).
 */
static int
stage_route(struct check *c)
{
	struct route_info existing;
	int rc;

	c->r->route_checked = 1;
	rc = nl_route_find_host(c->nl, &c->r->group, &existing);
	if (rc == -1) {
		fail(c, "listing routes: %s", strerror(errno));
		return -1;
	}
	if (rc == 1) {
		c->group_route = existing;
		c->have_group_route = 1;
		c->r->route = ROUTE_PREEXISTING;
		log_debug("route for %s exists (table %u, protocol %u): "
		    "using it as it is", group_route_str(c), existing.table,
		    existing.protocol);
		return 0;
	}
	if (c->opt->no_route) {
		c->r->route = ROUTE_NONE;
		return 0;
	}
	if (nl_route_add(c->nl, &c->r->group, c->lo_ifindex,
	    MCASTLO_RTPROT) == -1) {
		if (errno == EEXIST) {	/* added since we looked */
			c->r->route = ROUTE_PREEXISTING;
			return 0;
		}
		fail(c, "adding route %s dev %s: %s%s", group_route_str(c),
		    c->r->loopback, strerror(errno), errno == EPERM ?
		    " (needs root or CAP_NET_ADMIN)" : "");
		return -1;
	}
	c->r->route = ROUTE_ADDED;
	c->group_route.table = nl_group_route_table(c->r->group.family);
	c->group_route.protocol = MCASTLO_RTPROT;
	c->have_group_route = 1;
	log_debug("added route %s dev %s proto %d", group_route_str(c),
	    c->r->loopback, MCASTLO_RTPROT);
	return 0;
}

/*
 * The egress is where the kernel would send the group: the route's
 * interface, or, when the route says loopback, the interface that owns
 * the source address it picks (where connect() then send() goes); when
 * neither leaves loopback, the default route's interface (for an IPv6
 * group, the IPv4 one if there is no IPv6 default route).
 */
/* The interface of family's default route, unless none or loopback. */
static unsigned
default_route_oif(struct check *c, int family)
{
	struct route_info def;

	if (nl_default_route(c->nl, family, &def) == 1 &&
	    def.oif != c->lo_ifindex)
		return def.oif;
	return 0;
}

static unsigned
kernel_egress(struct check *c, const struct decisions *d)
{
	unsigned send_oif = explain_send_oif(d), oif;

	if (d->first_ok && d->first.oif != c->lo_ifindex)
		return d->first.oif;
	if (send_oif != 0 && send_oif != c->lo_ifindex)
		return send_oif;
	if ((oif = default_route_oif(c, c->r->group.family)) != 0)
		return oif;
	/* A host whose uplink has only IPv4 routes still has an uplink. */
	if (c->r->group.family == AF_INET6)
		return default_route_oif(c, AF_INET);
	return 0;
}

/*
 * Without -i and with no interface but loopback in the kernel's answers
 * (no default route, and a route for the group that keeps both methods
 * on loopback), there is nothing else to watch: only loopback is
 * captured, and a probe the kernel cannot route fails to send.
 */
static int
stage_egress(struct check *c)
{
	struct decisions d;

	explain_ask(c->nl, &c->r->group, &d);
	explain_fill(&d, c->lo_ifindex, c->r);
	if (c->egress_ifindex == 0)
		c->egress_ifindex = kernel_egress(c, &d);
	if (c->egress_ifindex == 0) {
		log_debug("no egress interface: the kernel routes %s nowhere "
		    "but %s, and there is no default route", group_str(c),
		    c->r->loopback);
		audit_route(c->r, "/proc", c->have_group_route ? &c->group_route :
	    d.first_ok ? &d.first : NULL);
		return 0;
	}
	if (c->egress_ifindex == c->lo_ifindex) {
		fail(c, "the egress interface is the loopback interface");
		return -1;
	}
	if (if_indextoname(c->egress_ifindex, c->r->egress) == NULL) {
		fail(c, "egress interface %u: %s", c->egress_ifindex,
		    strerror(errno));
		return -1;
	}
	log_debug("egress interface %s", c->r->egress);
	audit_route(c->r, "/proc", c->have_group_route ? &c->group_route :
	    d.first_ok ? &d.first : NULL);
	return 0;
}

/*
 * One capture sees every interface.  Loopback and the egress are listed
 * first, even with nothing seen on them; other interfaces are added as
 * frames show up there.
 */
static int
stage_capture(struct check *c)
{
	struct capture_spec spec = { c->r->group, c->r->port };
	char err[256];

	classify_add_interface(c->r, c->lo_ifindex, c->r->loopback, 1);
	if (c->egress_ifindex != 0)
		classify_add_interface(c->r, c->egress_ifindex, c->r->egress,
		    0);
	c->capture = capture_open(c->base, &spec, &c->r->capture, on_frame,
	    on_capture_error, c, err, sizeof(err));
	if (c->capture == NULL) {
		fail(c, "%s", err);
		return -1;
	}
	return 0;
}

static void
send_probe(struct check *c, const struct probe_ctx *ctx, enum method m)
{
	struct probe_result *p = &c->r->probes[m];
	char payload[PAYLOAD_MAX];
	size_t len;

	len = payload_format(payload, sizeof(payload), method_get(m)->label,
	    &c->nonce);
	p->sent = probe_send(m, ctx, payload, len, p->error,
	    sizeof(p->error)) == 0;
	log_debug("probe %s: %s", method_get(m)->label,
	    p->sent ? "sent" : p->error);
}

/*
 * The host-level fix is tried on this check's own route, given the
 * source 127.0.0.1 once the other probes are out; an administrator's
 * route is never changed.  IPv6 has no such fix to try: its connect()
 * follows the route (DESIGN.md), and the check's own route is already
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
	if (nl_route_set_src(c->nl, &c->r->group, c->lo_ifindex,
	    MCASTLO_RTPROT, &src) == -1) {
		snprintf(p->error, sizeof(p->error), "giving the route the "
		    "source 127.0.0.1: %s", strerror(errno));
		return 0;
	}
	p->skipped = 0;
	log_debug("route %s/32 dev %s now has src 127.0.0.1", group_str(c),
	    c->r->loopback);
	return 1;
}

/*
 * Foreign traffic for the group and port that queued up while the check
 * was set up is read, and counted as foreign, before the probes leave:
 * a full socket or ring must not drop a probe.
 */
static void
drain_queues(struct check *c)
{
	listener_poll(c->listener);
	capture_poll(c->capture);
}

static int
stage_probes(struct check *c)
{
	struct probe_ctx ctx;
	size_t i;

	if (nonce_generate(&c->nonce) == -1) {
		fail(c, "getrandom: %s", strerror(errno));
		return -1;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.dstlen = addr_sockaddr(&c->r->group, c->r->port, &ctx.dst);
	ctx.lo_ifindex = c->lo_ifindex;
	snprintf(ctx.lo_name, sizeof(ctx.lo_name), "%s", c->r->loopback);
	drain_queues(c);
	if (c->finishing)	/* a capture failed while draining */
		return -1;
	c->r->nprobes = c->opt->mitigations ? METHOD_COUNT : METHOD_BASE_COUNT;
	for (i = 0; i < c->r->nprobes; i++) {
		c->r->probes[i].required = (c->opt->require_mask >> i) & 1;
		if (method_get((enum method)i)->kind != METHOD_HOST_FIX)
			send_probe(c, &ctx, (enum method)i);
	}
	/* The host fix changes the route: after every other probe. */
	for (i = 0; i < c->r->nprobes; i++)
		if (method_get((enum method)i)->kind == METHOD_HOST_FIX &&
		    route_src_ready(c, &c->r->probes[i]))
			send_probe(c, &ctx, (enum method)i);
	return 0;
}

/*
 * A route manager (systemd-networkd, say) may remove routes it does not
 * know.  If ours went before the probes did, they did not test it.
 */
static int
stage_route_held(struct check *c)
{
	struct route_info info;

	if (c->r->route != ROUTE_ADDED)
		return 0;
	if (nl_route_find_host(c->nl, &c->r->group, &info) == 1 &&
	    info.protocol == MCASTLO_RTPROT)
		return 0;
	c->r->route_lost = 1;
	fail(c, "the route for %s was removed by someone else while the "
	    "probes went out; no verdict", group_route_str(c));
	return -1;
}

/* Arms the deadline; the loop then runs until every probe is seen. */
static void
stage_collect(struct check *c)
{
	struct timeval tv = { c->opt->timeout_ms / 1000,
	    (c->opt->timeout_ms % 1000) * 1000 };

	evtimer_add(c->deadline, &tv);
	maybe_finish(c);
}

/* --- teardown ---------------------------------------------------------- */

static void
remove_route(struct check *c)
{
	if (c->r->route != ROUTE_ADDED)
		return;
	if (nl_route_del(c->nl, &c->r->group, c->lo_ifindex,
	    MCASTLO_RTPROT) == 0) {
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

static void
teardown(struct check *c)
{
	capture_close(c->capture);
	listener_close(c->listener);
	if (c->links_ev != NULL)
		event_free(c->links_ev);
	nl_close(c->links);
	if (c->nl != NULL) {
		remove_route(c);
		nl_close(c->nl);
	}
	if (c->grace != NULL)
		event_free(c->grace);
	if (c->deadline != NULL)
		event_free(c->deadline);
	if (c->finish != NULL)
		event_free(c->finish);	/* safe from its own callback */
	lock_release(c->lock);
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
	if (c->in_setup)
		return;		/* check_run() finishes it once it returns */
	teardown(c);
	r->duration_ms = elapsed_ms(&c->start);
	r->finished_at = unix_now();
	free(c);
	verdict_decide(r);
	done(done_arg, r);
}

/*
 * A signal that came while we waited for another check's lock is
 * handled now, before anything is changed: the caller's signal events
 * run, and check_abort() stops the setup.
 */
static int
stage_signals_so_far(struct check *c)
{
	event_base_loop(c->base, EVLOOP_NONBLOCK);
	return 0;
}

/* --explain stops here: everything it reports is known. */
static int
stage_stop_when_explaining(struct check *c)
{
	return c->r->explain_only ? -1 : 0;
}

static int (*const setup_stages[])(struct check *) = {
	stage_privileges,
	stage_lock,
	stage_signals_so_far,
	stage_link_monitor,
	stage_interfaces,
	stage_netlink,
	stage_listener,
	stage_route,
	stage_egress,
	stage_stop_when_explaining,
	stage_capture,
	stage_drop_privileges,
	stage_probes,
	stage_route_held,
};
#define NSTAGES (sizeof(setup_stages) / sizeof(setup_stages[0]))

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
	c->lock = -1;
	r->group = opt->group;
	r->port = opt->port;
	r->require_mask = opt->require_mask;
	r->explain_only = (flags & CHECK_EXPLAIN_ONLY) != 0;
	if (stage_events(c) == -1) {
		teardown(c);
		free(c);
		return NULL;
	}
	return c;
}

/*
 * Sets the check up and sends the probes; the rest happens in the loop.
 * Whatever happens, done() is called once, from the loop.
 */
void
check_run(struct check *c)
{
	size_t i;

	c->in_setup = 1;
	for (i = 0; i < NSTAGES && !c->finishing; i++)
		if (setup_stages[i](c) == -1)
			break;
	c->in_setup = 0;
	if (i == NSTAGES && !c->finishing) {
		stage_collect(c);
		return;
	}
	/* (Again, if a finish requested during the setup found it busy.) */
	c->finishing = 0;
	request_finish(c);
}

/* A signal ends the check at once: no verdict, and the route goes. */
void
check_abort(struct check *c, int sig)
{
	fail(c, "interrupted by signal %d (%s)", sig, strsignal(sig));
	request_finish(c);
}
