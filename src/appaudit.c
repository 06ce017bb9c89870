/* SPDX-License-Identifier: ISC */
/*
 * The socket audit: which applications leak, now, without traffic.
 *
 * Every UDP socket connect()ed to a multicast group (sockdiag.c) sends
 * where the kernel routes its flow: its source (the one connect() took,
 * or bind()'s), its ports, its bound device, its mark and owner.  For
 * each such socket the kernel is asked twice (netlink.c):
 *
 *   - where an unbound socket's datagram to the group goes: if not to
 *     loopback, the host sends that group to the network on purpose,
 *     and the socket is none of our business;
 *   - where this socket's datagram goes: anywhere but loopback, and it
 *     is at risk of leaking on every send().
 *
 * That is a prediction: options sock_diag does not report
 * (IP_MULTICAST_IF after connect(), IP_PKTINFO) keep datagrams on
 * loopback.  The check's capture settles each socket at risk
 * (appaudit_observe): seen leaving, it leaks; seen on loopback, it is
 * cleared; not seen, it stays at risk.
 *
 * Each socket is named by its cgroup's unit (cgroup.c: no privilege
 * needed), and by its process where /proc shows it (sockowner.c); where
 * /proc hides a process (hidepid, another user's), the pid is unknown
 * and said to be, never guessed.
 */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "appaudit.h"
#include "cgroup.h"
#include "flowowner.h"
#include "frame.h"
#include "iface.h"
#include "sockdiag.h"
#include "sockowner.h"

/* Groups already asked about: one decision each, however many sockets. */
#define GROUPS_CACHED	32

struct audit_walk {
	struct nl		*nl;
	unsigned		 lo_ifindex;
	struct app_audit	*a;
	struct sockowners	*owners;
	const char		*proc_root;
	size_t			 ngroups;
	struct {
		struct addr	group;
		int		to_loopback;
	} groups[GROUPS_CACHED];
};

/* Whether an unbound socket's datagram to the group stays on loopback. */
static int
group_to_loopback(struct audit_walk *w, const struct addr *group,
    unsigned port)
{
	struct route_info r;
	struct flow f;
	size_t i;
	int lo;

	for (i = 0; i < w->ngroups; i++)
		if (addr_equal(&w->groups[i].group, group))
			return w->groups[i].to_loopback;
	memset(&f, 0, sizeof(f));
	f.dst = *group;
	f.proto = IPPROTO_UDP;
	f.dport = port;
	lo = nl_route_get(w->nl, &f, &r) == 0 && r.oif == w->lo_ifindex;
	if (w->ngroups < GROUPS_CACHED) {
		w->groups[w->ngroups].group = *group;
		w->groups[w->ngroups++].to_loopback = lo;
	}
	return lo;
}

/* Keeps a socket in the report: leaking ones before the others. */
static struct app_socket *
keep(struct app_audit *a, int leaks)
{
	size_t i;

	if (a->n < APPS_MAX)
		return &a->apps[a->n++];
	if (!leaks)
		return NULL;
	for (i = APPS_MAX; i-- > 0;)	/* a safe one makes room */
		if (!a->apps[i].at_risk)
			return &a->apps[i];
	return NULL;
}

static int
audit_cb(const struct sockdiag_sock *s, void *arg)
{
	struct audit_walk *w = arg;
	struct app_audit *a = w->a;
	struct app_socket *app;
	struct route_info r;
	struct flow f;
	int leaks;

	a->sockets++;
	if (!group_to_loopback(w, &s->group, s->group_port))
		return 0;	/* meant for the network */
	a->routed_to_loopback++;
	memset(&f, 0, sizeof(f));
	f.dst = s->group;
	if (!addr_is_any(&s->local))
		f.src = s->local;
	f.proto = IPPROTO_UDP;
	f.sport = s->local_port;
	f.dport = s->group_port;
	f.oif = s->ifindex;
	f.mark = s->mark;	/* 0 when the kernel gave none */
	f.has_uid = 1;
	f.uid = s->uid;
	/* A prediction: only a capture makes it a leak (appaudit_observe). */
	leaks = nl_route_get(w->nl, &f, &r) == 0 && r.oif != w->lo_ifindex;
	a->at_risk += leaks ? 1u : 0u;
	if ((app = keep(a, leaks)) == NULL)
		return 0;
	memset(app, 0, sizeof(*app));
	app->pid = APP_OWNER_UNKNOWN;
	app->uid = (long)s->uid;
	app->at_risk = leaks;
	app->src = s->local;
	app->sport = s->local_port;
	app->dst = s->group;
	app->inode = s->inode;
	app->port = s->group_port;
	addr_endpoint(&s->local, s->local_port, app->local, sizeof(app->local));
	addr_ntop(&s->group, app->group, sizeof(app->group));
	iface_name(r.oif, app->ifname);
	app->cgroup_id = s->cgroup_id;
	sockowners_want(w->owners, s->inode);
	return 0;
}

/* The first process that holds the socket, found: into app. */
static void
set_owner(struct app_socket *app, const struct sockowner_list *list)
{
	app->pid = (long)list->owner[0].pid;
	app->uid = (long)list->owner[0].uid;
	snprintf(app->comm, sizeof(app->comm), "%s", list->owner[0].comm);
	snprintf(app->exe, sizeof(app->exe), "%s", list->owner[0].exe);
}

/*
 * The services behind the sockets kept, from their cgroups: what any
 * user may read, so every socket is named even where /proc hides.
 */
static void
name_units(struct app_audit *a)
{
	struct cgroup_want w[APPS_MAX];
	char mount[256];
	size_t i;

	if (a->n == 0 ||
	    cgroup_mount("/proc/self/mountinfo", mount, sizeof(mount)) == -1)
		return;
	for (i = 0; i < a->n; i++) {
		w[i].id = a->apps[i].cgroup_id;
		w[i].path = a->apps[i].cgroup;
		w[i].pathlen = sizeof(a->apps[i].cgroup);
	}
	if (cgroup_find(mount, w, a->n) <= 0)
		return;
	for (i = 0; i < a->n; i++)
		cgroup_unit(a->apps[i].cgroup, a->apps[i].unit,
		    sizeof(a->apps[i].unit));
}

/* The processes behind the sockets kept, or "unknown" where /proc hides. */
static void
name_owners(struct audit_walk *w)
{
	struct app_audit *a = w->a;
	struct sockowner_list list;
	char err[128];
	size_t i;

	if (a->n == 0 || sockowners_scan(w->owners, w->proc_root, err,
	    sizeof(err)) == -1)
		return;
	for (i = 0; i < a->n; i++) {
		struct app_socket *app = &a->apps[i];

		sockowners_get(w->owners, (uint32_t)app->inode, &list);
		if (list.state == SOCKOWNER_UNKNOWN)
			a->owners_hidden = 1;
		if (list.state != SOCKOWNER_FOUND)
			continue;
		set_owner(app, &list);
		app->more_owners = list.total > 1;
	}
}

/*
 * Audits this network namespace's multicast-connected UDP sockets into
 * *a; -1 (a->error says why) if the kernel would not list them.
 */
int
appaudit_run(struct nl *nl, unsigned lo_ifindex, const char *proc_root,
    struct app_audit *a)
{
	struct audit_walk w;
	int rc;

	memset(a, 0, sizeof(*a));
	memset(&w, 0, sizeof(w));
	w.proc_root = proc_root;
	w.nl = nl;
	w.lo_ifindex = lo_ifindex;
	w.a = a;
	if ((w.owners = sockowners_new()) == NULL) {
		snprintf(a->error, sizeof(a->error), "out of memory");
		return -1;
	}
	rc = sockdiag_udp_groups(AF_UNSPEC, audit_cb, &w, a->error,
	    sizeof(a->error));
	if (rc == 0) {
		name_units(a);
		name_owners(&w);
		a->done = 1;
	}
	sockowners_free(w.owners);
	return rc == 0 ? 0 : -1;
}

/*
 * The socket that sends from local:port (a leak the watch saw) and the
 * service and process behind it, into app: 0 if exactly one socket can
 * have sent it; else -1, with app->pid APP_OWNER_UNKNOWN and why in
 * err.  The group is not known here, so every socket connected to a
 * group from there, and every unconnected one bound there, is a
 * candidate (flowowner.c): several mean the sender is not known, and
 * none of them is named.
 */
int
appaudit_owner(const struct addr *local, unsigned port, const char *proc_root,
    struct app_socket *app, char *err, size_t errlen)
{
	struct flow_owners fo;
	const struct owner *o;
	struct flow f;

	app->pid = APP_OWNER_UNKNOWN;
	app->uid = -1;
	app->comm[0] = app->unit[0] = app->cgroup[0] = '\0';
	memset(&f, 0, sizeof(f));
	f.src = *local;
	f.sport = port;
	if (flowowner_lookup(&f, 1, proc_root, &fo, err, errlen) == -1)
		return -1;
	if (fo.foreign_source) {
		snprintf(err, errlen, "this host has no such source address: "
		    "forwarded or bridged, not a host application");
		return -1;
	}
	if (fo.n == 0) {
		snprintf(err, errlen, "no socket sends from that address and "
		    "port any more");
		return -1;
	}
	if (fo.n > 1) {
		snprintf(err, errlen, "%zu%s sockets share that address and "
		    "port: the sender is one of them", fo.n, fo.more ?
		    " or more" : "");
		return -1;
	}
	o = &fo.o[0];
	app->uid = o->uid;
	app->inode = o->inode;
	app->cgroup_id = o->cgroup_id;
	snprintf(app->unit, sizeof(app->unit), "%s", o->unit);
	snprintf(app->cgroup, sizeof(app->cgroup), "%s", o->cgroup);
	if (o->pid == -1) {
		snprintf(err, errlen, "%s hides its process", proc_root);
		return -1;
	}
	app->pid = o->pid;
	snprintf(app->comm, sizeof(app->comm), "%s", o->comm);
	snprintf(app->exe, sizeof(app->exe), "%s", o->exe);
	return 0;
}

/*
 * The capture filter's part for the sockets at risk: each one's flow,
 * so that --once sees whether they leak (pcap-filter(7); appended to
 * the probes' filter with "or").  Returns the length written, or 0 if
 * nothing is at risk or it does not fit.
 */
size_t
appaudit_filter(const struct app_audit *a, char *buf, size_t len)
{
	char src[ADDR_STRLEN], dst[ADDR_STRLEN];
	size_t i, o = 0;
	int n;

	buf[0] = '\0';
	for (i = 0; i < a->n; i++) {
		const struct app_socket *app = &a->apps[i];

		if (!app->at_risk)
			continue;
		n = snprintf(buf + o, len - o, " or (udp and src host %s and "
		    "src port %u and dst host %s and dst port %u)",
		    addr_ntop(&app->src, src, sizeof(src)), app->sport,
		    addr_ntop(&app->dst, dst, sizeof(dst)), app->port);
		if (n < 0 || (size_t)n >= len - o) {
			buf[0] = '\0';
			return 0;
		}
		o += (size_t)n;
	}
	return o;
}

static int
same_flow(const struct app_socket *app, const struct frame_udp *f)
{
	return f->sport == app->sport && f->dport == app->port &&
	    addr_equal(&f->src, &app->src) && addr_equal(&f->dst, &app->dst);
}

/*
 * A captured frame: if it belongs to an audited socket's flow, the
 * evidence that settles it (leaving: a leak; on loopback: cleared) and
 * 1; else 0.  Loopback counts its received copy, elsewhere what the host
 * sent, as for the probes (classify.c).
 */
int
appaudit_observe(struct app_audit *a, unsigned lo_ifindex,
    const struct frame_udp *f)
{
	int on_lo = f->ifindex == lo_ifindex, mine = 0;
	size_t i;

	if (f->ifindex == 0 || (on_lo ? f->pkttype == FRAME_PKTTYPE_OUTGOING :
	    f->pkttype != FRAME_PKTTYPE_OUTGOING))
		return 0;
	for (i = 0; i < a->n; i++) {
		struct app_socket *app = &a->apps[i];

		if (!same_flow(app, f))
			continue;
		mine = 1;
		if (on_lo) {
			app->seen_lo = 1;
		} else if (!app->seen_out) {
			app->seen_out = 1;
			app->leaks = 1;
			a->leaking++;
			iface_name(f->ifindex, app->ifname);
		}
		if (app->at_risk) {	/* settled, one way or the other */
			app->at_risk = 0;
			a->at_risk--;
		}
	}
	return mine;
}

/* Whether every socket at risk has been seen, out or on loopback. */
int
appaudit_settled(const struct app_audit *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (a->apps[i].at_risk)
			return 0;
	return 1;
}
