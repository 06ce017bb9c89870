/*
 * Probe senders: one function per send method an application may use,
 * and per known fix for the connect() then send() leak.
 */
#ifndef MCV_PROBE_H
#define MCV_PROBE_H

#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct nonce;

#include "method.h"

#define PROBE_MAX	METHOD_COUNT

/* What a sender may need to know besides the destination. */
struct probe_ctx {
	struct sockaddr_storage	dst;	/* the group and port */
	socklen_t		dstlen;
	unsigned		lo_ifindex;
	char			lo_name[IF_NAMESIZE];
};

int	probe_identify(const uint8_t *payload, size_t len,
	    const struct nonce *);
int	probe_send(enum method, const struct probe_ctx *, const void *buf,
	    size_t len, char *err, size_t errlen);

#endif
