/* SPDX-License-Identifier: ISC */
/*
 * The UDP sockets of this network namespace that are connect()ed to a
 * multicast group, as the kernel's sock_diag reports them: the
 * applications whose send() takes the interface of the source address
 * connect() chose, whatever the group's route says.
 */
#ifndef MCV_SOCKDIAG_H
#define MCV_SOCKDIAG_H

#include <stddef.h>
#include <stdint.h>

#include "addr.h"

/*
 * One socket, with what a route query needs to tell where its send()
 * goes: source, destination, ports, bound device, and the mark and uid
 * that policy rules may match.  An AF_INET6 socket connected to
 * ::ffff:a.b.c.d sends IPv4: its local and group are given as IPv4
 * addresses (v4mapped says so), and IPv4 routes decide.
 */
struct sockdiag_sock {
	int		family;		/* the socket's: AF_INET or AF_INET6 */
	int		v4mapped;	/* AF_INET6 socket sending IPv4 */
	struct addr	local;		/* the source connect() or bind() set */
	unsigned	local_port;
	struct addr	group;		/* the address it is connected to */
	unsigned	group_port;
	unsigned	ifindex;	/* SO_BINDTODEVICE; 0 for none */
	int		has_mark;	/* told only to CAP_NET_ADMIN */
	uint32_t	mark;		/* SO_MARK, for fwmark rules */
	uint32_t	inode;		/* "socket:[inode]" in /proc/PID/fd */
	uint32_t	uid;		/* the socket's owner, its creator */
	uint64_t	cookie;		/* SO_COOKIE: unique until reboot */
	uint64_t	cgroup_id;	/* its creator's cgroup v2; 0 unknown */
};

/* What the kernel's filter keeps: any of a list of these. */
enum sockdiag_cond_kind {
	SOCKDIAG_SPORT,			/* bound to this local port */
	SOCKDIAG_DST_PREFIX		/* connected to addr/prefix_len */
};

struct sockdiag_cond {
	enum sockdiag_cond_kind	kind;
	unsigned		port;
	struct addr		addr;
	unsigned		prefix_len;
};

/* Called for each socket; a value other than 0 (best > 0) stops the dump. */
typedef int (*sockdiag_cb)(const struct sockdiag_sock *, void *arg);

int	sockdiag_udp_groups(int family, sockdiag_cb, void *arg, char *err,
	    size_t errlen);
int	sockdiag_udp_matching(int family, const struct sockdiag_cond *,
	    size_t n, sockdiag_cb, void *arg, char *err, size_t errlen);

#endif
