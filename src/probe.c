/*
 * Probe senders.  The two base methods are what an application does,
 * nothing more: the kernel's own choices (source address, output
 * interface) are the thing under test, so no socket option steers them.
 * The others are the known fixes for the connect() then send() leak,
 * each as an application would apply it (--mitigations).  Only the
 * multicast TTL is pinned to 1, so a leaked probe dies at the first
 * router.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "payload.h"
#include "probe.h"

/* sendto() on an unconnected socket: the route for the group decides. */
static int
send_sendto(int fd, const struct probe_ctx *ctx, const void *buf,
    size_t len, const char **step)
{
	*step = "sendto";
	if (sendto(fd, buf, len, 0, (const struct sockaddr *)&ctx->dst,
	    sizeof(ctx->dst)) == -1)
		return -1;
	return 0;
}

/*
 * connect() then send(): connect() fixes a source address, and a
 * multicast lookup that has a source leaves through the interface that
 * owns it (DESIGN.md section 1).
 */
static int
send_connect_send(int fd, const struct probe_ctx *ctx, const void *buf,
    size_t len, const char **step)
{
	*step = "connect";
	if (connect(fd, (const struct sockaddr *)&ctx->dst,
	    sizeof(ctx->dst)) == -1)
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

	memset(&mreq, 0, sizeof(mreq));
	mreq.imr_ifindex = (int)ctx->lo_ifindex;
	*step = "IP_MULTICAST_IF";
	if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mreq,
	    sizeof(mreq)) == -1)
		return -1;
	return send_connect_send(fd, ctx, buf, len, step);
}

/* Fix: bind to a loopback address, so connect() keeps that source. */
static int
send_bind_loopback(int fd, const struct probe_ctx *ctx, const void *buf,
    size_t len, const char **step)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	*step = "bind 127.0.0.1";
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1)
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

/* Fix: no connect(); sendmsg() names loopback in IP_PKTINFO. */
static int
send_sendmsg_pktinfo(int fd, const struct probe_ctx *ctx, const void *buf,
    size_t len, const char **step)
{
	union {
		struct cmsghdr	align;
		char		buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
	} control;
	struct iovec iov = { (void *)(uintptr_t)buf, len };
	struct in_pktinfo pi;
	struct msghdr msg;
	struct cmsghdr *c;

	memset(&control, 0, sizeof(control));
	memset(&msg, 0, sizeof(msg));
	memset(&pi, 0, sizeof(pi));
	pi.ipi_ifindex = (int)ctx->lo_ifindex;
	msg.msg_name = (void *)(uintptr_t)&ctx->dst;
	msg.msg_namelen = sizeof(ctx->dst);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.buf;
	msg.msg_controllen = sizeof(control.buf);
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = IPPROTO_IP;
	c->cmsg_type = IP_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	*step = "sendmsg";
	return sendmsg(fd, &msg, 0) == -1 ? -1 : 0;
}

/*
 * The host-level fix is plain connect() then send(), sent once the
 * check's own route has a loopback source (check.c changes the route).
 */
static const struct probe_method methods[] = {
	{ "sendto", "sendto()", NULL, send_sendto },
	{ "send", "send()", NULL, send_connect_send },
	{ "send-multicast-if", "send-multicast-if()",
	    "set IP_MULTICAST_IF to the loopback interface before connect()",
	    send_multicast_if },
	{ "send-bind-loopback", "send-bind-loopback()",
	    "bind() to 127.0.0.1 before connect()", send_bind_loopback },
	{ "send-bindtodevice", "send-bindtodevice()",
	    "SO_BINDTODEVICE to the loopback interface", send_bindtodevice },
	{ "sendmsg-pktinfo", "sendmsg-pktinfo()",
	    "sendmsg() with IP_PKTINFO naming the loopback interface, "
	    "without connect()", send_sendmsg_pktinfo },
	{ "send-route-src", "send-route-src()",
	    "give the group's route a loopback source (applications "
	    "unchanged)", send_connect_send },
};
#define NMETHODS (sizeof(methods) / sizeof(methods[0]))

_Static_assert(NMETHODS <= PROBE_MAX, "too many probe methods");

size_t
probe_count(void)
{
	return NMETHODS;
}

const struct probe_method *
probe_get(size_t index)
{
	return index < NMETHODS ? &methods[index] : NULL;
}

int
probe_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < NMETHODS; i++)
		if (strcmp(methods[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Which method sent a captured payload; -1 if it is not this run's. */
int
probe_identify(const uint8_t *payload, size_t len, const struct nonce *nonce)
{
	size_t i;

	for (i = 0; i < NMETHODS; i++)
		if (payload_is(payload, len, methods[i].label, nonce))
			return (int)i;
	return -1;
}

/* Sends one probe on a fresh socket; on failure says which call failed. */
int
probe_send(size_t index, const struct probe_ctx *ctx, const void *buf,
    size_t len, char *err, size_t errlen)
{
	const struct probe_method *m = probe_get(index);
	const char *step = "socket";
	unsigned char ttl = 1;
	int fd, rc = -1, saved;

	if (m == NULL) {
		snprintf(err, errlen, "no probe method %zu", index);
		return -1;
	}
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd != -1) {
		step = "IP_MULTICAST_TTL";
		if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl,
		    sizeof(ttl)) == 0)
			rc = m->send(fd, ctx, buf, len, &step);
	}
	if (rc == -1) {
		saved = errno;
		snprintf(err, errlen, "%s: %s", step, strerror(saved));
	}
	if (fd != -1)
		close(fd);
	return rc;
}
