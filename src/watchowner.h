/* SPDX-License-Identifier: ISC */
/*
 * Watch mode's owner lookups, off the capture callback: flows to name
 * are queued, and a libevent timer asks the kernel about a batch of
 * them at a time (flowowner.c), at a bounded rate, so that however many
 * sources leak and however many sockets the host holds, the loop is
 * never held up for long.
 */
#ifndef MCV_WATCHOWNER_H
#define MCV_WATCHOWNER_H

#include <stddef.h>

#include "addr.h"

struct event_base;
struct owner_queue;

/* A leaked datagram's flow, to be named. */
struct owner_ask {
	struct addr	src;
	unsigned	sport;
	struct addr	dst;
	unsigned	dport;
};

/* What the lookup found: the first candidate, and how many there were. */
struct owner_answer {
	int		failed;		/* the lookup itself: why in why */
	int		foreign;	/* the host does not own the source */
	size_t		candidates;	/* sockets that may have sent it */
	int		more;		/* more than the lookup kept */
	int		exact;		/* the first matched all four fields */
	long		uid;		/* the first's; -1 unknown */
	long		pid;		/* -1: not named */
	char		comm[64];	/* sanitized */
	char		unit[128];	/* sanitized; "" unknown */
	char		why[160];	/* when not named: why not */
};

typedef void (*owner_answer_cb)(void *arg, const struct owner_ask *,
    const struct owner_answer *);

struct owner_queue	*owner_queue_new(struct event_base *, owner_answer_cb,
			    void *arg);
int			 owner_queue_add(struct owner_queue *,
			    const struct owner_ask *);
size_t			 owner_queue_pending(const struct owner_queue *);
void			 owner_queue_free(struct owner_queue *);

#endif
