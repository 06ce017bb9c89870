/* SPDX-License-Identifier: ISC */
/*
 * One check at a time per network namespace: a lock only the service
 * can take, waited for from the event loop.
 */
#ifndef MCV_LOCK_H
#define MCV_LOCK_H

#include <stddef.h>

/* How long a check waits for another one to finish. */
#define LOCK_WAIT_MS	10000

struct event_base;
struct lock;

enum lock_state {
	LOCK_FAILED = -1,	/* could not be made; err says why */
	LOCK_HELD,
	LOCK_WAITING		/* the callback says how the wait ended */
};

/* From the loop, once a wait ends: held, or why not (timed out). */
typedef void (*lock_cb)(void *arg, int held, const char *why);

struct lock	*lock_new(struct event_base *, lock_cb, void *arg);
enum lock_state	 lock_take(struct lock *, unsigned wait_ms, char *err,
		    size_t errlen);
void		 lock_free(struct lock *);

#endif
