/* SPDX-License-Identifier: ISC */
/*
 * Who sent a flow: the sockets that can have sent it, asked of the
 * kernel, and the service and process behind each.
 *
 * One sock_diag dump per address family, filtered in the kernel to the
 * flows' source ports (an AF_INET6 socket may send IPv4 from a
 * v4-mapped address, so IPv4 flows are asked of both families).  Then,
 * in userspace, the exact rule: a connected socket owns a flow when all
 * four fields match; an unconnected one when its bound address (or the
 * wildcard) and port do, since sendto() may send anywhere.  Every
 * candidate is kept, the exact ones first: a neighbour on the same port
 * (SO_REUSEADDR) that is connected elsewhere is never one.
 *
 * The service is the socket's cgroup (cgroup.c), which any user may
 * read; the process comes from /proc (sockowner.c) only where /proc
 * shows other users' fds.
 */
#include "config.h"

#include <errno.h>
#include <ifaddrs.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "flowowner.h"
#include "sanitize.h"
#include "sockdiag.h"
#include "sockowner.h"

struct lookup {
	const struct flow	*flows;
	size_t			 n;
	struct flow_owners	*out;
};

/*
 * Whether a socket of family bound to a (maybe the wildcard) may send
 * from src: an AF_INET socket never sends IPv6; an AF_INET6 one sends
 * IPv4 from :: or a v4-mapped address.
 */
static int
bound_to(int family, const struct addr *a, const struct addr *src)
{
	static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };

	if (src->family == 0)		/* any address: who holds the port */
		return 1;
	if (family == AF_INET && src->family != AF_INET)
		return 0;
	if (addr_is_any(a))
		return 1;
	if (a->family == AF_INET6 && src->family == AF_INET)
		return memcmp(&a->u.v6, mapped, 12) == 0 &&
		    memcmp(a->u.v6.s6_addr + 12, &src->u.v4, 4) == 0;
	return addr_equal(a, src);
}

/* 2: connected and all four fields match; 1: unconnected, bound fits. */
static int
socket_fits(const struct sockdiag_sock *s, const struct flow *f)
{
	int connected = s->group.family != 0 && !addr_is_any(&s->group);

	if (s->local_port != f->sport ||
	    !bound_to(s->family, &s->local, &f->src))
		return 0;
	if (!connected)
		return s->group_port == 0 ? 1 : 0;
	/* A group not given (AF_UNSPEC): any group; never a unicast peer. */
	if (f->dst.family == 0)
		return addr_is_multicast(&s->group) ? 2 : 0;
	return addr_equal(&s->group, &f->dst) && s->group_port == f->dport ?
	    2 : 0;
}

static void
owner_add(struct flow_owners *fo, const struct sockdiag_sock *s, int exact)
{
	struct owner *o;
	size_t i;

	if (fo->n == OWNER_CANDIDATES_MAX) {
		/* An exact candidate takes the place of a bound one. */
		for (i = OWNER_CANDIDATES_MAX; i-- > 0;)
			if (!fo->o[i].exact)
				break;
		fo->more = 1;
		if (!exact || i == (size_t)-1)
			return;
		o = &fo->o[i];
	} else
		o = &fo->o[fo->n++];
	memset(o, 0, sizeof(*o));
	o->uid = (long)s->uid;
	o->inode = s->inode;
	o->cgroup_id = s->cgroup_id;
	o->pid = -1;
	o->exact = exact == 2;
}

static int
lookup_cb(const struct sockdiag_sock *s, void *arg)
{
	struct lookup *l = arg;
	size_t i;
	int fit;

	for (i = 0; i < l->n; i++) {
		if (l->out[i].foreign_source)
			continue;
		if ((fit = socket_fits(s, &l->flows[i])) != 0)
			owner_add(&l->out[i], s, fit);
	}
	return 0;
}

/* Exact candidates first, then by inode: the same order every time. */
static int
owner_cmp(const void *a, const void *b)
{
	const struct owner *x = a, *y = b;

	if (x->exact != y->exact)
		return y->exact - x->exact;
	return x->inode < y->inode ? -1 : x->inode > y->inode;
}

/* Marks the flows whose source no interface of this host has. */
static int
mark_foreign(const struct flow *flows, size_t n, struct flow_owners *out)
{
	struct ifaddrs *ifa, *i;
	struct addr a;
	size_t k;

	if (getifaddrs(&ifa) == -1)
		return -1;
	for (k = 0; k < n; k++)		/* no source given: not foreign */
		out[k].foreign_source = flows[k].src.family != 0;
	for (i = ifa; i != NULL; i = i->ifa_next) {
		if (i->ifa_addr == NULL || (i->ifa_addr->sa_family != AF_INET &&
		    i->ifa_addr->sa_family != AF_INET6))
			continue;
		addr_from_sockaddr((const struct sockaddr_storage *)
		    (const void *)i->ifa_addr, &a);
		for (k = 0; k < n; k++)
			if (addr_equal(&a, &flows[k].src))
				out[k].foreign_source = 0;
	}
	freeifaddrs(ifa);
	return 0;
}

/* The kernel's filter: each flow's source port, once. */
static size_t
port_conds(const struct flow *flows, size_t n, int family,
    struct sockdiag_cond *c)
{
	size_t i, k, nc = 0;

	for (i = 0; i < n; i++) {
		if (family != AF_UNSPEC && flows[i].src.family != family &&
		    flows[i].src.family != 0)
			continue;
		for (k = 0; k < nc; k++)
			if (c[k].port == flows[i].sport)
				break;
		if (k < nc)
			continue;
		memset(&c[nc], 0, sizeof(c[nc]));
		c[nc].kind = SOCKDIAG_SPORT;
		c[nc++].port = flows[i].sport;
	}
	return nc;
}

/*
 * One family's filtered dump: AF_INET6 sockets for every flow (an
 * AF_INET6 socket may send IPv4 from a v4-mapped address), AF_INET ones
 * for IPv4 flows.  Each walks the kernel's whole UDP table, so a
 * lookup done in steps does one per step.
 */
static int
query_family(int family, const struct flow *flows, size_t n,
    struct flow_owners *out, char *err, size_t errlen)
{
	struct lookup l = { flows, n, out };
	struct sockdiag_cond *c;
	size_t nc;
	int rc = 0;

	if ((c = calloc(n, sizeof(*c))) == NULL) {
		snprintf(err, errlen, "flowowner: %s", strerror(errno));
		return -1;
	}
	if ((nc = port_conds(flows, n, family == AF_INET6 ? AF_UNSPEC :
	    AF_INET, c)) > 0)
		rc = sockdiag_udp_matching(family, c, nc, lookup_cb, &l, err,
		    errlen);
	free(c);
	return rc;
}

/* Each candidate's cgroup path and unit: one walk of the tree for all. */
static void
name_units(struct flow_owners *out, size_t n)
{
	struct cgroup_want *w;
	char mount[256];
	size_t i, k, nw = 0;

	if (cgroup_mount("/proc/self/mountinfo", mount, sizeof(mount)) == -1 ||
	    (w = calloc(n * OWNER_CANDIDATES_MAX, sizeof(*w))) == NULL)
		return;
	for (i = 0; i < n; i++)
		for (k = 0; k < out[i].n; k++) {
			w[nw].id = out[i].o[k].cgroup_id;
			w[nw].path = out[i].o[k].cgroup;
			w[nw++].pathlen = sizeof(out[i].o[k].cgroup);
		}
	if (cgroup_find(mount, w, nw) > 0)
		for (i = 0; i < n; i++)
			for (k = 0; k < out[i].n; k++)
				cgroup_unit(out[i].o[k].cgroup,
				    out[i].o[k].unit, sizeof(out[i].o[k].unit));
	free(w);
}

#define CGROUP_PIDS_MAX	4096	/* then every process is looked at */

/* Adds the pids of the cgroup at path (under mount); -1 if too many,
 * or if its list cannot be read. */
static int
cgroup_pids(const char *mount, const char *path, pid_t *pids, size_t *n)
{
	char file[PATH_MAX];
	FILE *fp;
	long pid;
	int rc = 0;

	snprintf(file, sizeof(file), "%s%s/cgroup.procs", mount, path);
	if ((fp = fopen(file, "re")) == NULL)
		return -1;	/* a tree mountinfo names but we cannot see */
	while (rc == 0 && fscanf(fp, "%ld", &pid) == 1) {
		if (*n == CGROUP_PIDS_MAX)
			rc = -1;
		else
			pids[(*n)++] = (pid_t)pid;
	}
	fclose(fp);
	return rc;
}

/*
 * The processes worth looking at: those of the candidates' cgroups,
 * where every candidate's is known (a socket is its creator's, who is
 * in the cgroup it was made in, but for passed or moved sockets); else
 * every process.
 */
static int
limit_scan(struct sockowners *so, const struct flow_owners *out, size_t n)
{
	char mount[256];
	pid_t *pids;
	size_t i, k, np = 0;

	if (cgroup_mount("/proc/self/mountinfo", mount, sizeof(mount)) == -1)
		return 0;
	for (i = 0; i < n; i++)
		for (k = 0; k < out[i].n; k++)
			if (out[i].o[k].cgroup[0] == '\0' ||
			    strchr(out[i].o[k].cgroup, '\\') != NULL)
				return 0;	/* unknown, or escaped */
	if ((pids = calloc(CGROUP_PIDS_MAX, sizeof(*pids))) == NULL)
		return 0;
	for (i = 0; i < n; i++)
		for (k = 0; k < out[i].n; k++)
			if (cgroup_pids(mount, out[i].o[k].cgroup, pids,
			    &np) == -1) {
				free(pids);
				return 0;
			}
	sockowners_only(so, pids, np);
	free(pids);
	return 1;
}

/*
 * Sets up the pass over /proc for the candidates still unnamed: over
 * their cgroups' processes where every cgroup can be listed (a socket
 * is its creator's, who is in the cgroup it was made in; one passed
 * on, or whose process moved, is missed: a second pass over every
 * process would cost as much again each time /proc hides an owner,
 * which is the common case for a daemon), else every process.
 */
static struct sockowners *
scan_prepare(const struct flow_owners *out, size_t n, const char *proc_root)
{
	struct sockowners *so;
	char err[160];
	size_t i, k;

	if ((so = sockowners_new()) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		for (k = 0; k < out[i].n; k++)
			if (out[i].o[k].pid == -1 &&
			    sockowners_want(so, (uint32_t)out[i].o[k].inode) ==
			    -1) {
				sockowners_free(so);
				return NULL;
			}
	(void)limit_scan(so, out, n);	/* or every process */
	if (sockowners_scan_start(so, proc_root, err, sizeof(err)) == -1) {
		sockowners_free(so);
		return NULL;
	}
	return so;
}

/* The processes a finished scan found, for the candidates it found. */
static void
scan_collect(const struct sockowners *so, struct flow_owners *out, size_t n)
{
	struct sockowner_list list;
	size_t i, k;

	for (i = 0; i < n; i++)
		for (k = 0; k < out[i].n; k++) {
			struct owner *o = &out[i].o[k];

			if (o->pid != -1)
				continue;
			sockowners_get(so, (uint32_t)o->inode, &list);
			if (list.state != SOCKOWNER_FOUND)
				continue;
			o->pid = (long)list.owner[0].pid;
			snprintf(o->comm, sizeof(o->comm), "%s",
			    list.owner[0].comm);
			snprintf(o->exe, sizeof(o->exe), "%s",
			    list.owner[0].exe);
		}
}

/*
 * A lookup done in steps, each bounded, so that a caller's loop runs
 * between them: the AF_INET6 dump, the AF_INET dump, the candidates'
 * units, then the /proc scan a given number of fds at a time.  Sockets
 * or processes that come or go between steps are no different from
 * those that do during a single lookup: what is reported was seen.
 */
enum phase { PHASE_V6, PHASE_V4, PHASE_NAMES, PHASE_SCAN, PHASE_DONE };

struct flowowner_step {
	enum phase		 phase;
	struct flow		*flows;
	size_t			 n;
	struct flow_owners	*fo;
	struct sockowners	*so;
	char			 proc_root[PATH_MAX];
};

void
flowowner_end(struct flowowner_step *st)
{
	if (st == NULL)
		return;
	sockowners_free(st->so);
	free(st->flows);
	free(st->fo);
	free(st);
}

struct flowowner_step *
flowowner_start(const struct flow *flows, size_t n, const char *proc_root,
    char *err, size_t errlen)
{
	struct flowowner_step *st;

	if ((st = calloc(1, sizeof(*st))) == NULL ||
	    (st->flows = calloc(n ? n : 1, sizeof(*flows))) == NULL ||
	    (st->fo = calloc(n ? n : 1, sizeof(*st->fo))) == NULL) {
		snprintf(err, errlen, "flowowner: %s", strerror(errno));
		flowowner_end(st);
		return NULL;
	}
	memcpy(st->flows, flows, n * sizeof(*flows));
	st->n = n;
	snprintf(st->proc_root, sizeof(st->proc_root), "%s", proc_root);
	if (mark_foreign(flows, n, st->fo) == -1) {
		snprintf(err, errlen, "flowowner: addresses: %s",
		    strerror(errno));
		flowowner_end(st);
		return NULL;
	}
	return st;
}

/*
 * The scan's next fds; PHASE_DONE once it is over.  A scan that could
 * not be carried out names no process: the candidates, their uid and
 * unit, stand.
 */
static void
step_scan(struct flowowner_step *st, size_t fds)
{
	char err[160];
	int rc;

	if ((rc = sockowners_scan_step(st->so, fds, err, sizeof(err))) == 1)
		return;
	if (rc == 0)
		scan_collect(st->so, st->fo, st->n);
	sockowners_free(st->so);
	st->so = NULL;
	st->phase = PHASE_DONE;
}

/*
 * Takes the lookup one step further, reading at most fds /proc entries
 * in the scan.  1: more to do; 0: done, each flow's candidates in out
 * (n of them); -1 with a one-line message in err.
 */
int
flowowner_step(struct flowowner_step *st, size_t fds, struct flow_owners *out,
    char *err, size_t errlen)
{
	size_t i;

	switch (st->phase) {
	case PHASE_V6:
		if (query_family(AF_INET6, st->flows, st->n, st->fo, err,
		    errlen) == -1)
			return -1;
		st->phase = PHASE_V4;
		return 1;
	case PHASE_V4:
		if (query_family(AF_INET, st->flows, st->n, st->fo, err,
		    errlen) == -1)
			return -1;
		for (i = 0; i < st->n; i++)
			qsort(st->fo[i].o, st->fo[i].n, sizeof(st->fo[i].o[0]),
			    owner_cmp);
		st->phase = PHASE_NAMES;
		return 1;
	case PHASE_NAMES:
		name_units(st->fo, st->n);
		st->so = scan_prepare(st->fo, st->n, st->proc_root);
		st->phase = st->so != NULL ? PHASE_SCAN : PHASE_DONE;
		return 1;
	case PHASE_SCAN:
		step_scan(st, fds);
		return 1;
	case PHASE_DONE:
		break;
	}
	memcpy(out, st->fo, st->n * sizeof(*st->fo));
	return 0;
}

int
flowowner_lookup(const struct flow *flows, size_t n, const char *proc_root,
    struct flow_owners *out, char *err, size_t errlen)
{
	struct flowowner_step *st;
	int rc;

	if (n == 0)
		return 0;
	if ((st = flowowner_start(flows, n, proc_root, err, errlen)) == NULL)
		return -1;
	while ((rc = flowowner_step(st, SIZE_MAX, out, err, errlen)) == 1)
		;
	flowowner_end(st);
	return rc;
}

/*
 * An owner for a summary, the service first: "marketfeed.service
 * (python3, pid 4242)", "python3 (pid 4242)", "marketfeed.service
 * (uid 1000)", or "a socket of uid 1000".
 */
const char *
flowowner_name(const struct owner *o, char *buf, size_t len)
{
	if (o->unit[0] != '\0' && o->pid != -1)
		snprintf(buf, len, "%s (%s, pid %ld)", o->unit, o->comm, o->pid);
	else if (o->pid != -1)
		snprintf(buf, len, "%s (pid %ld)", o->comm, o->pid);
	else if (o->unit[0] != '\0')
		snprintf(buf, len, "%s (uid %ld)", o->unit, o->uid);
	else
		snprintf(buf, len, "a socket of uid %ld", o->uid);
	return buf;
}
