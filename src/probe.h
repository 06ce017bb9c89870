/* SPDX-License-Identifier: ISC */
/*
 * Probes: one socket per send method, prepared as an application would
 * (options, bind, connect), asked where its datagram would go, fired
 * once, and kept open until the check ends, so that the bytes still
 * charged to it tell whether its datagram is still queued.
 */
#ifndef MCV_PROBE_H
#define MCV_PROBE_H

#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "method.h"
#include "netlink.h"

struct nonce;

#define PROBE_MAX	METHOD_COUNT

/* What a probe needs to know besides its method. */
struct probe_ctx {
	struct addr		group;
	unsigned		port;
	unsigned		lo_ifindex;
	char			lo_name[IF_NAMESIZE];
	unsigned		ttl;	/* multicast TTL or hop limit */
	unsigned		mark;	/* SO_MARK, 0: none (class.c) */
	int			has_uid;	/* open the socket as uid */
	unsigned		uid;
};

struct probe {
	enum method	method;
	int		fd;		/* -1: not open */
	struct flow	flow;		/* what its datagram will carry */
};

void	probe_init(struct probe *, enum method);
int	probe_prepare(struct probe *, const struct probe_ctx *, char *err,
	    size_t errlen);
int	probe_open(struct probe *, const struct probe_ctx *, char *err,
	    size_t errlen);
int	probe_fire(struct probe *, const struct probe_ctx *, const void *buf,
	    size_t len, char *err, size_t errlen);
int	probe_queued(const struct probe *);
void	probe_close(struct probe *);
int	probe_identify(const uint8_t *payload, size_t len,
	    const struct nonce *);
int	probe_is_ours(const uint8_t *payload, size_t len);

#endif
