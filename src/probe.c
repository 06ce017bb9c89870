/*
 * Probe senders.  Each method is what an application does, nothing
 * more: the kernel's own choices (source address, output interface)
 * are the thing under test, so no socket option steers them.  Only the
 * multicast TTL is pinned to 1, so a leaked probe dies at the first
 * router.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "payload.h"
#include "probe.h"

/* sendto() on an unconnected socket: the route for the group decides. */
static int
send_sendto(int fd, const struct sockaddr_in *dst, const void *buf,
    size_t len, const char **step)
{
	*step = "sendto";
	if (sendto(fd, buf, len, 0, (const struct sockaddr *)dst,
	    sizeof(*dst)) == -1)
		return -1;
	return 0;
}

/*
 * connect() then send(): connect() fixes a source address, and a
 * multicast lookup that has a source leaves through the interface that
 * owns it (DESIGN.md section 1).
 */
static int
send_connect_send(int fd, const struct sockaddr_in *dst, const void *buf,
    size_t len, const char **step)
{
	*step = "connect";
	if (connect(fd, (const struct sockaddr *)dst, sizeof(*dst)) == -1)
		return -1;
	*step = "send";
	if (send(fd, buf, len, 0) == -1)
		return -1;
	return 0;
}

static const struct probe_method methods[] = {
	{ "sendto", "sendto()", send_sendto },
	{ "send", "send()", send_connect_send },
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
probe_send(size_t index, const struct sockaddr_in *dst, const void *buf,
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
			rc = m->send(fd, dst, buf, len, &step);
	}
	if (rc == -1) {
		saved = errno;
		snprintf(err, errlen, "%s: %s", step, strerror(saved));
	}
	if (fd != -1)
		close(fd);
	return rc;
}
