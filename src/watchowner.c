/* SPDX-License-Identifier: ISC */
/*
 * Watch mode's owner lookups, batched on a timer (watchowner.h).
 *
 * The capture callback only queues a flow (a copy into a fixed ring:
 * no allocation, no system call).  A timer then takes up to
 * OWNER_BATCH flows and looks them all up at once, one filtered kernel
 * query (per address family) for the batch, and hands each answer back.
 * The lookup is done in steps, one per turn of the loop (flowowner_step():
 * a family's dump, the units, then OWNER_FDS_STEP /proc fds at a time),
 * so that no turn waits for all of it: on a host with 100,000 sockets a
 * dump walks them all in the kernel, and a process may hold as many fds.
 * Batches are OWNER_INTERVAL_MS apart at the closest, measured from the
 * end of the last one, so that lookups leave the loop most of its
 * time.  A full ring refuses more: the caller asks again on a later
 * datagram.
 */
#include "config.h"

#include <event2/event.h>
#include <sys/time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowowner.h"
#include "log.h"
#include "watchowner.h"

#define OWNER_QUEUE		256	/* flows waiting, at most */
#define OWNER_BATCH		16	/* flows per kernel query */
#define OWNER_INTERVAL_MS	100	/* between queries, at least */
#define OWNER_FDS_STEP		2048	/* /proc fds read per loop turn */

struct owner_queue {
	struct event_base	*base;
	struct event		*timer;
	owner_answer_cb		 cb;
	void			*arg;
	struct timeval		 next;		/* no batch before */
	struct flowowner_step	*step;		/* the batch under way */
	size_t			 nbatch;	/* flows in it */
	size_t			 head;		/* the oldest */
	size_t			 n;
	struct owner_ask	 ring[OWNER_QUEUE];
	struct flow		 flows[OWNER_BATCH];
	struct flow_owners	 owners[OWNER_BATCH];
};

/* The next batch: now, or OWNER_INTERVAL_MS after the last one ended. */
static void
arm(struct owner_queue *q)
{
	struct timeval now, tv = { 0, 0 };

	if (q->n == 0 || evtimer_pending(q->timer, NULL))
		return;
	event_base_gettimeofday_cached(q->base, &now);
	if (timercmp(&now, &q->next, <))
		timersub(&q->next, &now, &tv);
	evtimer_add(q->timer, &tv);
}

/* The first candidate of a lookup's answer, in the watch's terms. */
static void
answer_from(const struct flow_owners *fo, struct owner_answer *a)
{
	const struct owner *o = &fo->o[0];

	memset(a, 0, sizeof(*a));
	a->uid = -1;
	a->pid = -1;
	a->foreign = fo->foreign_source;
	a->candidates = fo->n;
	a->more = fo->more;
	if (fo->foreign_source) {
		snprintf(a->why, sizeof(a->why), "the host does not own "
		    "that source address: a frame it bridges or forwards");
		return;
	}
	if (fo->n == 0) {
		snprintf(a->why, sizeof(a->why), "no socket sends from that "
		    "address and port any more");
		return;
	}
	/* Several sockets can have sent it (a shared port): naming the
	 * first would blame one at random (appaudit_owner() says the same). */
	if (fo->n > 1) {
		snprintf(a->why, sizeof(a->why), "%zu%s sockets share that "
		    "address and port: the sender is one of them", fo->n,
		    fo->more ? " or more" : "");
		return;
	}
	a->exact = o->exact;
	a->uid = o->uid;
	a->pid = o->pid;
	snprintf(a->comm, sizeof(a->comm), "%s", o->pid == -1 ? "" : o->comm);
	snprintf(a->unit, sizeof(a->unit), "%s", o->unit);
	if (o->pid == -1 && o->unit[0] == '\0')
		snprintf(a->why, sizeof(a->why), "/proc hides its process");
}

/* Hands the batch's answers back, and frees its place in the ring. */
static void
batch_done(struct owner_queue *q, int rc, const char *err)
{
	struct owner_answer a;
	size_t i;

	for (i = 0; i < q->nbatch; i++) {
		struct owner_ask ask = q->ring[q->head];

		q->head = (q->head + 1) % OWNER_QUEUE;
		q->n--;
		if (rc == 0)
			answer_from(&q->owners[i], &a);
		else {
			memset(&a, 0, sizeof(a));
			a.failed = 1;
			a.uid = a.pid = -1;
			snprintf(a.why, sizeof(a.why), "%s", err);
		}
		q->cb(q->arg, &ask, &a);
	}
	q->nbatch = 0;
}

/* The next batch's lookup, begun; -1 with err if it could not be. */
static int
batch_start(struct owner_queue *q, char *err, size_t errlen)
{
	size_t i;

	q->nbatch = q->n < OWNER_BATCH ? q->n : OWNER_BATCH;
	for (i = 0; i < q->nbatch; i++) {
		const struct owner_ask *ask = &q->ring[(q->head + i) %
		    OWNER_QUEUE];

		memset(&q->flows[i], 0, sizeof(q->flows[i]));
		q->flows[i].src = ask->src;
		q->flows[i].sport = ask->sport;
		q->flows[i].dst = ask->dst;
		q->flows[i].dport = ask->dport;
	}
	q->step = flowowner_start(q->flows, q->nbatch, "/proc", err, errlen);
	return q->step == NULL ? -1 : 0;
}

/*
 * One step of the batch under way (starting one if none is): the loop
 * turns between steps, and the batch's answers go back once its last
 * step is done.
 */
static void
on_batch(evutil_socket_t fd, short what, void *arg)
{
	struct owner_queue *q = arg;
	struct timeval now, gap = { 0, OWNER_INTERVAL_MS * 1000 };
	struct timeval again = { 0, 0 };
	char err[160];
	int rc;

	(void)fd;
	(void)what;
	if (q->step == NULL) {
		if (q->n == 0)
			return;
		if (batch_start(q, err, sizeof(err)) == 0) {
			evtimer_add(q->timer, &again);	/* the next turn */
			return;
		}
		rc = -1;
	} else if ((rc = flowowner_step(q->step, OWNER_FDS_STEP, q->owners,
	    err, sizeof(err))) == 1) {
		evtimer_add(q->timer, &again);
		return;
	}
	flowowner_end(q->step);
	q->step = NULL;
	/* The next batch waits from now: the lookup's own time is not its
	 * (set before the answers, which may queue more). */
	event_base_update_cache_time(q->base);
	event_base_gettimeofday_cached(q->base, &now);
	timeradd(&now, &gap, &q->next);
	batch_done(q, rc, err);
	arm(q);
}

struct owner_queue *
owner_queue_new(struct event_base *base, owner_answer_cb cb, void *arg)
{
	struct owner_queue *q;

	if ((q = calloc(1, sizeof(*q))) == NULL)
		return NULL;
	q->base = base;
	q->cb = cb;
	q->arg = arg;
	if ((q->timer = evtimer_new(base, on_batch, q)) == NULL) {
		free(q);
		return NULL;
	}
	return q;
}

/* Queues a flow to name; -1 when the queue is full (nothing queued). */
int
owner_queue_add(struct owner_queue *q, const struct owner_ask *ask)
{
	if (q->n == OWNER_QUEUE)
		return -1;
	q->ring[(q->head + q->n) % OWNER_QUEUE] = *ask;
	q->n++;
	arm(q);
	return 0;
}

size_t
owner_queue_pending(const struct owner_queue *q)
{
	return q->n;
}

void
owner_queue_free(struct owner_queue *q)
{
	if (q == NULL)
		return;
	event_free(q->timer);
	flowowner_end(q->step);
	free(q);
}
