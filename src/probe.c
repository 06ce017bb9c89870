/*
 * Probe senders.  The two base methods are what an application does,
 * nothing more: the kernel's own choices (source address, output
 * interface) are the thing under test, so no socket option steers them.
 * The others are the known fixes for the connect() then send() leak,
 * each as an application would apply it (--mitigations).  Only the
 * multicast TTL (hop limit) is pinned to 1, so a leaked probe dies at
 * the first router.  Each fix has its IPv6 form: the same option in
 * IPPROTO_IPV6, and ::1 for 127.0.0.1.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "addr.h"
#include "method.h"
#include "payload.h"
#include "probe.h"

static int
is_v6(const struct probe_ctx *ctx)
{
	return ctx->dst.ss_family == AF_INET6;
}

/* sendto() on an unconnected socket: the route for the group decides. */
static int
send_sendto(int fd, const struct probe_ctx *ctx, const void *buf,
    size_t len, const char **step)
{
	*step = "sendto";
	if (sendto(fd, buf, len, 0, (const struct sockaddr *)&ctx->dst,
	    ctx->dstlen) == -1)
		return -1;
	return 0;
}

/*
 * connect() then send(): connect() fixes a source address, and a
 * multicast lookup that has a source leaves through the interface that
 * owns it (HACKING, section 1).
 */
static int
send_connect_send(int fd, const struct probe_ctx *ctx, const void *buf,
    size_t len, const char **step)
{
	*step = "connect";
	if (connect(fd, (const struct sockaddr *)&ctx->dst,
	    ctx->dstlen) == -1)
		return -1;
	*step = "send";
	if (send(fd, buf, len, 0) == -1)
		return -1;
	return 0;
}

/* Fix: name the multicast interface before connect(). */
static int
send_multicast_if(int fd, const struct probe_ctx *ctx, const void *buf,
    size_t len, const char **step)
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
	return send_connect_send(fd, ctx, buf, len, step);
}

/* Fix: bind to a loopback address, so connect() keeps that source. */
static int
send_bind_loopback(int fd, const struct probe_ctx *ctx, const void *buf,
    size_t len, const char **step)
{
	struct sockaddr_storage ss;
	struct addr lo;
	socklen_t sslen;

	addr_loopback(ctx->dst.ss_family, &lo);
	sslen = addr_sockaddr(&lo, 0, &ss);
	*step = is_v6(ctx) ? "bind ::1" : "bind 127.0.0.1";
	if (bind(fd, (struct sockaddr *)&ss, sslen) == -1)
		return -1;
	return send_connect_send(fd, ctx, buf, len, step);
}

/* Fix: bind the socket to the loopback device. */
static int
send_bindtodevice(int fd, const struct probe_ctx *ctx, const void *buf,
    size_t len, const char **step)
{
	*step = "SO_BINDTODEVICE";
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ctx->lo_name,
	    (socklen_t)strlen(ctx->lo_name) + 1) == -1)
		return -1;
	return send_connect_send(fd, ctx, buf, len, step);
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
send_sendmsg_pktinfo(int fd, const struct probe_ctx *ctx, const void *buf,
    size_t len, const char **step)
{
	union {
		struct cmsghdr	align;
		char		buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	} control;
	struct iovec iov = { (void *)(uintptr_t)buf, len };
	struct msghdr msg;

	memset(&control, 0, sizeof(control));
	memset(&msg, 0, sizeof(msg));
	msg.msg_name = (void *)(uintptr_t)&ctx->dst;
	msg.msg_namelen = ctx->dstlen;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.buf;
	msg.msg_controllen = sizeof(control.buf);
	msg.msg_controllen = put_pktinfo(CMSG_FIRSTHDR(&msg), ctx);
	*step = "sendmsg";
	return sendmsg(fd, &msg, 0) == -1 ? -1 : 0;
}

/*
 * The senders, by method.  The host-level fix is plain connect() then
 * send(), sent once the check's own route has a loopback source
 * (check.c changes the route).
 */
typedef int (*probe_sender)(int fd, const struct probe_ctx *, const void *buf,
    size_t len, const char **step);

static const probe_sender senders[METHOD_COUNT] = {
	[METHOD_SENDTO] = send_sendto,
	[METHOD_SEND] = send_connect_send,
	[METHOD_MULTICAST_IF] = send_multicast_if,
	[METHOD_BIND_LOOPBACK] = send_bind_loopback,
	[METHOD_BINDTODEVICE] = send_bindtodevice,
	[METHOD_PKTINFO] = send_sendmsg_pktinfo,
	[METHOD_ROUTE_SRC] = send_connect_send,
};

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

static int
set_ttl_one(int fd, const struct probe_ctx *ctx, const char **step)
{
	unsigned char ttl = 1;
	int hops = 1;

	if (is_v6(ctx)) {
		*step = "IPV6_MULTICAST_HOPS";
		return setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops,
		    sizeof(hops));
	}
	*step = "IP_MULTICAST_TTL";
	return setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof(ttl));
}

/* Sends one probe on a fresh socket; on failure says which call failed. */
int
probe_send(enum method m, const struct probe_ctx *ctx, const void *buf,
    size_t len, char *err, size_t errlen)
{
	const char *step = "socket";
	int fd, rc = -1, saved;

	fd = socket(ctx->dst.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd != -1 && set_ttl_one(fd, ctx, &step) == 0)
		rc = senders[m](fd, ctx, buf, len, &step);
	if (rc == -1) {
		saved = errno;
		snprintf(err, errlen, "%s: %s", step, strerror(saved));
	}
	if (fd != -1)
		close(fd);
	return rc;
}
