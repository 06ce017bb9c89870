/* SPDX-License-Identifier: ISC */
/*
 * Probes.  The two base methods are what an application does, nothing
 * more: the kernel's own choices (source address, output interface)
 * are the thing under test, so no socket option steers them.  The
 * others are the known fixes for the connect() then send() leak, each
 * as an application would apply it (--mitigations).  Only the multicast
 * TTL (hop limit) is set: 1 by default, so a leaked probe dies at the
 * first router, or what --ttl says, as the applications use it.  Each
 * fix has its IPv6 form: the same option in IPPROTO_IPV6, and ::1 for
 * 127.0.0.1.
 *
 * A probe is prepared first (socket, options, bind, connect: none of
 * them sends anything), so that its flow (source, ports, interface) is
 * known and the kernel can be asked where it will go; it is then fired
 * with one call.  A socket that sends without connecting is bound to
 * the wildcard address first, as the kernel would do on the first
 * send, so its port is known too.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/sockios.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/fsuid.h>
#include <sys/socket.h>
#include <unistd.h>

#include "addr.h"
#include "method.h"
#include "payload.h"
#include "probe.h"

static int
is_v6(const struct probe_ctx *ctx)
{
	return ctx->group.family == AF_INET6;
}

/* Binds to addr (the wildcard if NULL), port 0: the kernel picks one. */
static int
bind_any_port(int fd, const struct probe_ctx *ctx, const struct addr *addr,
    const char **step)
{
	struct sockaddr_storage ss;
	struct addr any;
	socklen_t len;

	if (addr == NULL) {
		memset(&any, 0, sizeof(any));
		any.family = ctx->group.family;
		addr = &any;
	}
	len = addr_sockaddr(addr, 0, &ss);
	*step = "bind";
	return bind(fd, (struct sockaddr *)&ss, len);
}

static int
connect_group(int fd, const struct probe_ctx *ctx, const char **step)
{
	struct sockaddr_storage ss;
	socklen_t len = addr_sockaddr(&ctx->group, ctx->port, &ss);

	*step = "connect";
	return connect(fd, (struct sockaddr *)&ss, len);
}

/* sendto() on an unconnected socket: the route for the group decides. */
static int
prepare_sendto(int fd, const struct probe_ctx *ctx, const char **step)
{
	return bind_any_port(fd, ctx, NULL, step);
}

/*
 * connect() then send(): connect() fixes a source address, and a
 * multicast lookup that has a source leaves through the interface that
 * owns it (HACKING, section 1).
 */
static int
prepare_connect(int fd, const struct probe_ctx *ctx, const char **step)
{
	return connect_group(fd, ctx, step);
}

/* Fix: name the multicast interface before connect(). */
static int
prepare_multicast_if(int fd, const struct probe_ctx *ctx, const char **step)
{
	struct ip_mreqn mreq;
	int rc;

	if (is_v6(ctx)) {
		*step = "IPV6_MULTICAST_IF";
		rc = setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF,
		    &ctx->lo_ifindex, sizeof(ctx->lo_ifindex));
	} else {
		memset(&mreq, 0, sizeof(mreq));
		mreq.imr_ifindex = (int)ctx->lo_ifindex;
		*step = "IP_MULTICAST_IF";
		rc = setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mreq,
		    sizeof(mreq));
	}
	if (rc == -1)
		return -1;
	return connect_group(fd, ctx, step);
}

/* Fix: bind to a loopback address, so connect() keeps that source. */
static int
prepare_bind_loopback(int fd, const struct probe_ctx *ctx, const char **step)
{
	struct addr lo;

	addr_loopback(ctx->group.family, &lo);
	if (bind_any_port(fd, ctx, &lo, step) == -1) {
		*step = is_v6(ctx) ? "bind ::1" : "bind 127.0.0.1";
		return -1;
	}
	return connect_group(fd, ctx, step);
}

/* Fix: bind the socket to the loopback device. */
static int
prepare_bindtodevice(int fd, const struct probe_ctx *ctx, const char **step)
{
	*step = "SO_BINDTODEVICE";
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ctx->lo_name,
	    (socklen_t)strlen(ctx->lo_name) + 1) == -1)
		return -1;
	return connect_group(fd, ctx, step);
}

static int
fire_sendto(int fd, const struct probe_ctx *ctx, const void *buf, size_t len,
    const char **step)
{
	struct sockaddr_storage ss;
	socklen_t sslen = addr_sockaddr(&ctx->group, ctx->port, &ss);

	*step = "sendto";
	return sendto(fd, buf, len, 0, (struct sockaddr *)&ss, sslen) == -1 ?
	    -1 : 0;
}

static int
fire_send(int fd, const struct probe_ctx *ctx, const void *buf, size_t len,
    const char **step)
{
	(void)ctx;
	*step = "send";
	return send(fd, buf, len, 0) == -1 ? -1 : 0;
}

/*
 * The IP_PKTINFO or IPV6_PKTINFO message that names the interface;
 * returns the room it takes.
 */
static size_t
put_pktinfo(struct cmsghdr *c, const struct probe_ctx *ctx)
{
	struct in_pktinfo pi;
	struct in6_pktinfo pi6;

	if (is_v6(ctx)) {
		memset(&pi6, 0, sizeof(pi6));
		pi6.ipi6_ifindex = ctx->lo_ifindex;
		c->cmsg_level = IPPROTO_IPV6;
		c->cmsg_type = IPV6_PKTINFO;
		c->cmsg_len = CMSG_LEN(sizeof(pi6));
		memcpy(CMSG_DATA(c), &pi6, sizeof(pi6));
		return CMSG_SPACE(sizeof(pi6));
	}
	memset(&pi, 0, sizeof(pi));
	pi.ipi_ifindex = (int)ctx->lo_ifindex;
	c->cmsg_level = IPPROTO_IP;
	c->cmsg_type = IP_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	return CMSG_SPACE(sizeof(pi));
}

/* Fix: no connect(); sendmsg() names loopback in the pktinfo message. */
static int
fire_sendmsg_pktinfo(int fd, const struct probe_ctx *ctx, const void *buf,
    size_t len, const char **step)
{
	union {
		struct cmsghdr	align;
		char		buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	} control;
	struct iovec iov = { (void *)(uintptr_t)buf, len };
	struct sockaddr_storage ss;
	struct msghdr msg;

	memset(&control, 0, sizeof(control));
	memset(&msg, 0, sizeof(msg));
	msg.msg_name = &ss;
	msg.msg_namelen = addr_sockaddr(&ctx->group, ctx->port, &ss);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.buf;
	msg.msg_controllen = sizeof(control.buf);
	msg.msg_controllen = put_pktinfo(CMSG_FIRSTHDR(&msg), ctx);
	*step = "sendmsg";
	return sendmsg(fd, &msg, 0) == -1 ? -1 : 0;
}

/*
 * Each method: how its socket is prepared, how it sends, and which
 * interface it names itself (for the kernel's lookup).  The host-level
 * fix is plain connect() then send(), prepared once the check's own
 * route has a loopback source (check.c changes the route).
 */
static const struct sender {
	int	(*prepare)(int, const struct probe_ctx *, const char **);
	int	(*fire)(int, const struct probe_ctx *, const void *, size_t,
		    const char **);
	int	names_loopback;
} senders[METHOD_COUNT] = {
	[METHOD_SENDTO] = { prepare_sendto, fire_sendto, 0 },
	[METHOD_SEND] = { prepare_connect, fire_send, 0 },
	[METHOD_MULTICAST_IF] = { prepare_multicast_if, fire_send, 1 },
	[METHOD_BIND_LOOPBACK] = { prepare_bind_loopback, fire_send, 0 },
	[METHOD_BINDTODEVICE] = { prepare_bindtodevice, fire_send, 1 },
	[METHOD_PKTINFO] = { prepare_sendto, fire_sendmsg_pktinfo, 1 },
	[METHOD_ROUTE_SRC] = { prepare_connect, fire_send, 0 },
};

static int
set_ttl(int fd, const struct probe_ctx *ctx, const char **step)
{
	unsigned char ttl = (unsigned char)ctx->ttl;
	int hops = (int)ctx->ttl;

	if (is_v6(ctx)) {
		*step = "IPV6_MULTICAST_HOPS";
		return setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops,
		    sizeof(hops));
	}
	*step = "IP_MULTICAST_TTL";
	return setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof(ttl));
}

/*
 * The socket, owned by ctx's uid if it has one: the kernel records the
 * creator's fsuid as the socket's owner (sk_uid), which uidrange rules
 * match.  Changing the fsuid needs CAP_SETUID; it is set back at once.
 */
static int
class_socket(const struct probe_ctx *ctx, const char **step)
{
	uid_t saved;
	int fd, saved_errno;

	if (!ctx->has_uid)
		return socket(ctx->group.family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	*step = "setfsuid";
	saved = (uid_t)setfsuid((uid_t)ctx->uid);
	if ((uid_t)setfsuid((uid_t)-1) != (uid_t)ctx->uid) {
		setfsuid(saved);
		errno = EPERM;	/* setfsuid() does not say */
		return -1;
	}
	*step = "socket";
	fd = socket(ctx->group.family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	saved_errno = errno;
	setfsuid(saved);
	errno = saved_errno;
	return fd;
}

/* SO_MARK, which fwmark rules match (needs CAP_NET_ADMIN). */
static int
set_mark(int fd, const struct probe_ctx *ctx, const char **step)
{
	*step = "SO_MARK";
	if (ctx->mark == 0)
		return 0;
	return setsockopt(fd, SOL_SOCKET, SO_MARK, &ctx->mark,
	    sizeof(ctx->mark));
}

/* The flow the kernel will route: source and port as the socket has them. */
static int
probe_flow(struct probe *p, const struct probe_ctx *ctx, const char **step)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	struct addr local;

	*step = "getsockname";
	if (getsockname(p->fd, (struct sockaddr *)&ss, &len) == -1)
		return -1;
	memset(&p->flow, 0, sizeof(p->flow));
	p->flow.dst = ctx->group;
	p->flow.dport = ctx->port;
	p->flow.proto = IPPROTO_UDP;
	p->flow.sport = addr_from_sockaddr(&ss, &local);
	if (!addr_is_any(&local))
		p->flow.src = local;
	if (senders[p->method].names_loopback)
		p->flow.oif = ctx->lo_ifindex;
	p->flow.mark = ctx->mark;
	p->flow.has_uid = ctx->has_uid;
	p->flow.uid = ctx->uid;
	return 0;
}

void
probe_init(struct probe *p, enum method m)
{
	memset(p, 0, sizeof(*p));
	p->method = m;
	p->fd = -1;
}

/*
 * Opens and prepares the probe's socket; nothing is sent.  On failure
 * err says which call failed, and the socket is closed.
 */
int
probe_prepare(struct probe *p, const struct probe_ctx *ctx, char *err,
    size_t errlen)
{
	const char *step = "socket";

	if (p->fd == -1)	/* else probe_open() made it */
		p->fd = class_socket(ctx, &step);
	if (p->fd != -1 && set_mark(p->fd, ctx, &step) == 0 &&
	    set_ttl(p->fd, ctx, &step) == 0 &&
	    senders[p->method].prepare(p->fd, ctx, &step) == 0 &&
	    probe_flow(p, ctx, &step) == 0)
		return 0;
	snprintf(err, errlen, "%s: %s", step, strerror(errno));
	probe_close(p);
	return -1;
}

/*
 * Only the socket, as ctx's uid: made while CAP_SETUID is held, and
 * prepared (connect() routes) later with probe_prepare().
 */
int
probe_open(struct probe *p, const struct probe_ctx *ctx, char *err,
    size_t errlen)
{
	const char *step = "socket";

	if ((p->fd = class_socket(ctx, &step)) != -1)
		return 0;
	snprintf(err, errlen, "%s: %s", step, strerror(errno));
	return -1;
}

/* Sends the one datagram; on failure err says which call failed. */
int
probe_fire(struct probe *p, const struct probe_ctx *ctx, const void *buf,
    size_t len, char *err, size_t errlen)
{
	const char *step = "send";

	if (senders[p->method].fire(p->fd, ctx, buf, len, &step) == 0)
		return 0;
	snprintf(err, errlen, "%s: %s", step, strerror(errno));
	return -1;
}

/*
 * The bytes still charged to the probe's socket (SIOCOUTQ): a datagram
 * stays charged until the device has sent it or it was dropped, and the
 * packet taps see it before that.  -1 if it cannot be asked.
 */
int
probe_queued(const struct probe *p)
{
	int n;

	if (p->fd == -1 || ioctl(p->fd, SIOCOUTQ, &n) == -1)
		return -1;
	return n;
}

void
probe_close(struct probe *p)
{
	if (p->fd != -1)
		close(p->fd);
	p->fd = -1;
}

/* Which method sent a captured payload; -1 if it is not this run's. */
int
probe_identify(const uint8_t *payload, size_t len, const struct nonce *nonce)
{
	int i;

	for (i = 0; i < METHOD_COUNT; i++)
		if (payload_is(payload, len, method_get((enum method)i)->label,
		    nonce))
			return i;
	return -1;
}

/* Whether a payload is any check's probe, this one's or another's. */
int
probe_is_ours(const uint8_t *payload, size_t len)
{
	int i;

	for (i = 0; i < METHOD_COUNT; i++)
		if (payload_is_any(payload, len, method_get((enum method)i)->label))
			return 1;
	return 0;
}
