/* SPDX-License-Identifier: ISC */
/*
 * Who sent a datagram: the sockets that can own a captured flow, asked
 * of the kernel (sock_diag, filtered in the kernel to the candidates),
 * named by the socket's cgroup (systemd unit, container) and, where
 * /proc allows, its process.  Every string here is already sanitized
 * (sanitize.c): control bytes and invalid UTF-8 are "\xNN".
 */
#ifndef MCV_FLOWOWNER_H
#define MCV_FLOWOWNER_H

#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "netlink.h"

/*
 * A datagram's flow, as captured, is netlink.h's struct flow (one
 * definition: the two could not be included together otherwise): the
 * lookup reads its src (AF_UNSPEC: any local address, for who holds a
 * port), sport, dst (the group; AF_UNSPEC: any group) and dport, and
 * nothing else.
 */

#define OWNER_CANDIDATES_MAX	4
#define OWNER_UNIT_MAX		128	/* sanitized, bounded */
#define OWNER_CGROUP_MAX	256
#define OWNER_COMM_MAX		64	/* a 15-byte comm, escaped */

struct owner {
	long		uid;		/* the socket's; -1 unknown */
	unsigned long	inode;
	uint64_t	cgroup_id;	/* INET_DIAG_CGROUP_ID; 0 unknown */
	char		unit[OWNER_UNIT_MAX];	/* "marketfeed.service", "" */
	char		cgroup[OWNER_CGROUP_MAX];	/* path, "" unknown */
	long		pid;		/* -1: /proc did not say */
	char		comm[OWNER_COMM_MAX];	/* "" when pid is -1 */
	int		exact;		/* connected: all four fields matched */
	char		exe[256];	/* "" when pid is -1 or unreadable */
};

struct flow_owners {
	int		foreign_source;	/* the host does not own src: not a
					   host application (bridged,
					   forwarded) */
	size_t		n;		/* candidates kept below */
	int		more;		/* more candidates than kept */
	struct owner	o[OWNER_CANDIDATES_MAX];
};

/*
 * Looks up the owners of n flows (proc_root: "/proc", or a test's tree) with one filtered kernel query (per
 * address family) and fills out[0..n-1].  Returns 0, or -1 with err set
 * (out is then untouched).  Waits on nothing but the kernel: one dump
 * per family, filtered to the flows' source ports, and /proc read for
 * the candidates' cgroups' processes only (every process only where a
 * candidate's cgroup is unknown).
 */
int	flowowner_lookup(const struct flow *flows, size_t n,
	    const char *proc_root, struct flow_owners *out, char *err,
	    size_t errlen);

/* "marketfeed.service (python3, pid 4242)", "uid 1000", for a summary. */
/* The same lookup, a bounded step at a time (flowowner.c). */
struct flowowner_step;
struct flowowner_step	*flowowner_start(const struct flow *flows, size_t n,
			    const char *proc_root, char *err, size_t errlen);
int			 flowowner_step(struct flowowner_step *, size_t fds,
			    struct flow_owners *out, char *err,
			    size_t errlen);
void			 flowowner_end(struct flowowner_step *);

const char	*flowowner_name(const struct owner *, char *buf, size_t len);

#endif
