/* SPDX-License-Identifier: ISC */
/*
 * The socket listener: a UDP socket bound to the group and port, joined
 * on loopback only (IP_MULTICAST_ALL or IPV6_MULTICAST_ALL off, so other
 * sockets' memberships do not leak in), with IP_PKTINFO or
 * IPV6_RECVPKTINFO to learn the receiving interface.
 * Port 0 asks the kernel for a free port, which is then the probes'.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "flowowner.h"
#include "listener.h"
#include "log.h"

#define LISTENER_BUFSIZE	2048
#define LISTENER_BATCH		64
#define LISTENER_POLL_BATCHES	64
/* Room for a burst of foreign datagrams while a check sets up. */
#define LISTENER_RCVBUF		(1024 * 1024)

struct listener {
	int		 fd;
	struct event	*ev;
	listener_cb	 cb;
	void		*arg;
};

/* Not in every libc's headers (Linux 4.20 added it). */
#ifndef IPV6_MULTICAST_ALL
#define IPV6_MULTICAST_ALL	29
#endif

static unsigned
pktinfo_ifindex(struct msghdr *msg)
{
	struct cmsghdr *c;
	struct in_pktinfo pi;
	struct in6_pktinfo pi6;

	for (c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c)) {
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			return (unsigned)pi.ipi_ifindex;
		}
		if (c->cmsg_level == IPPROTO_IPV6 &&
		    c->cmsg_type == IPV6_PKTINFO) {
			memcpy(&pi6, CMSG_DATA(c), sizeof(pi6));
			return pi6.ipi6_ifindex;
		}
	}
	return 0;
}

static void
listener_readable(evutil_socket_t fd, short what, void *arg)
{
	struct listener *l = arg;
	uint8_t buf[LISTENER_BUFSIZE];
	union {
		struct cmsghdr	align;
		char		buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	} control;
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr msg;
	ssize_t n;
	int i;

	(void)what;
	/* A bounded batch: libevent calls again while more is queued. */
	for (i = 0; i < LISTENER_BATCH; i++) {
		memset(&msg, 0, sizeof(msg));
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = control.buf;
		msg.msg_controllen = sizeof(control.buf);
		n = recvmsg(fd, &msg, MSG_DONTWAIT);
		if (n == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR)
				log_warn("listener: recvmsg");
			return;
		}
		l->cb(l->arg, pktinfo_ifindex(&msg), buf, (size_t)n);
	}
}

static int
listener_pending(int fd)
{
	struct pollfd pfd = { fd, POLLIN, 0 };

	return poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN);
}

/* Receives only what was joined here, and learns the interface. */
static int
listener_options4(int fd, const char **step)
{
	int on = 1, off = 0;

	if ((*step = "IP_MULTICAST_ALL", setsockopt(fd, IPPROTO_IP,
	    IP_MULTICAST_ALL, &off, sizeof(off))) == -1 ||
	    (*step = "IP_PKTINFO", setsockopt(fd, IPPROTO_IP, IP_PKTINFO,
	    &on, sizeof(on))) == -1)
		return -1;
	return 0;
}

/*
 * Kernels before 4.20 lack IPV6_MULTICAST_ALL: the socket then also gets
 * the group's datagrams that other sockets joined elsewhere, which the
 * nonce already tells apart (they count as foreign).
 */
static int
listener_options6(int fd, const char **step)
{
	int on = 1, off = 0;

	if ((*step = "IPV6_V6ONLY", setsockopt(fd, IPPROTO_IPV6,
	    IPV6_V6ONLY, &on, sizeof(on))) == -1 ||
	    (*step = "IPV6_RECVPKTINFO", setsockopt(fd, IPPROTO_IPV6,
	    IPV6_RECVPKTINFO, &on, sizeof(on))) == -1)
		return -1;
	*step = "IPV6_MULTICAST_ALL";
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_ALL, &off,
	    sizeof(off)) == -1 && errno != ENOPROTOOPT)
		return -1;
	return 0;
}

static int
listener_join(int fd, const struct addr *group, unsigned ifindex,
    const char **step)
{
	struct ip_mreqn mreq;
	struct ipv6_mreq mreq6;

	if (group->family == AF_INET6) {
		memset(&mreq6, 0, sizeof(mreq6));
		mreq6.ipv6mr_multiaddr = group->u.v6;
		mreq6.ipv6mr_interface = ifindex;
		*step = "IPV6_JOIN_GROUP";
		return setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mreq6,
		    sizeof(mreq6));
	}
	memset(&mreq, 0, sizeof(mreq));
	mreq.imr_multiaddr = group->u.v4;
	mreq.imr_ifindex = (int)ifindex;
	*step = "IP_ADD_MEMBERSHIP";
	return setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq,
	    sizeof(mreq));
}

static int
listener_socket(const struct addr *group, unsigned *port, unsigned ifindex,
    const char **step)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, rcvbuf = LISTENER_RCVBUF;

	*step = "socket";
	if ((fd = socket(group->family, SOCK_DGRAM | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, 0)) == -1)
		return -1;
	len = addr_sockaddr(group, *port, &ss);

	/* Above rmem_max needs CAP_NET_ADMIN; the plain request is capped. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
	    sizeof(rcvbuf)) == -1)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if ((group->family == AF_INET6 ? listener_options6(fd, step) :
	    listener_options4(fd, step)) == -1 ||
	    (*step = "bind", bind(fd, (struct sockaddr *)&ss, len)) == -1 ||
	    (*step = "getsockname", getsockname(fd, (struct sockaddr *)&ss,
	    &len)) == -1 ||
	    listener_join(fd, group, ifindex, step) == -1) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	*port = addr_from_sockaddr(&ss, NULL);
	return fd;
}

/*
 * Another socket holds the port: who, by its uid and service (and its
 * process where /proc shows it), appended to err.
 */
static void
name_squatter(unsigned port, char *err, size_t errlen)
{
	struct flow_owners fo;
	struct flow f;
	char who[OWNER_UNIT_MAX + OWNER_COMM_MAX + 32], e[64];
	size_t len = strlen(err);

	memset(&f, 0, sizeof(f));
	f.sport = port;
	if (flowowner_lookup(&f, 1, "/proc", &fo, e, sizeof(e)) == -1 ||
	    fo.n == 0)
		return;
	if (fo.o[0].pid == -1 && fo.o[0].unit[0] == '\0')
		snprintf(err + len, errlen - len, " (held by a socket of uid "
		    "%ld%s)", fo.o[0].uid, fo.n > 1 ? ", and others" : "");
	else
		snprintf(err + len, errlen - len, " (held by %s, uid %ld%s)",
		    flowowner_name(&fo.o[0], who, sizeof(who)), fo.o[0].uid,
		    fo.n > 1 ? ", and others" : "");
}

struct listener *
listener_open(struct event_base *base, const struct addr *group,
    unsigned *port, unsigned ifindex, listener_cb cb, void *arg, char *err,
    size_t errlen)
{
	struct listener *l;
	const char *step = "calloc";
	int saved;

	if ((l = calloc(1, sizeof(*l))) == NULL)
		goto fail;
	l->fd = -1;
	l->cb = cb;
	l->arg = arg;
	if ((l->fd = listener_socket(group, port, ifindex, &step)) == -1)
		goto fail;
	step = "event";
	l->ev = event_new(base, l->fd, EV_READ | EV_PERSIST,
	    listener_readable, l);
	if (l->ev == NULL || event_add(l->ev, NULL) == -1)
		goto fail;
	return l;
fail:
	saved = errno;
	snprintf(err, errlen, "listener on port %u: %s: %s", *port, step,
	    strerror(saved));
	if (saved == EADDRINUSE)
		name_squatter(*port, err, errlen);
	listener_close(l);
	return NULL;
}

/* Reads what is queued now, as the loop would, up to a bound. */
void
listener_poll(struct listener *l)
{
	int batches = 0;

	do
		listener_readable(l->fd, EV_READ, l);
	while (++batches < LISTENER_POLL_BATCHES && listener_pending(l->fd));
}

void
listener_close(struct listener *l)
{
	if (l == NULL)
		return;
	if (l->ev != NULL)
		event_free(l->ev);
	if (l->fd != -1)
		close(l->fd);
	free(l);
}
