/* SPDX-License-Identifier: ISC */
/*
 * The socket listener: what an application joined to the group on
 * loopback would receive.
 */
#ifndef MCV_LISTENER_H
#define MCV_LISTENER_H

#include <stddef.h>
#include <stdint.h>

#include "addr.h"

struct event_base;
struct listener;

/* Called per datagram, with the interface it arrived on. */
typedef void (*listener_cb)(void *arg, unsigned ifindex,
    const uint8_t *payload, size_t len);

struct listener	*listener_open(struct event_base *, const struct addr *group,
		    unsigned *port, unsigned ifindex, listener_cb, void *arg,
		    char *err, size_t errlen);
void		 listener_poll(struct listener *);
void		 listener_close(struct listener *);

#endif
