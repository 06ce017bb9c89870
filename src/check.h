/* SPDX-License-Identifier: ISC */
/*
 * One check, end to end: route, capture, listener, probes, collection.
 * It runs in the caller's event loop and reports through a callback.
 */
#ifndef MCV_CHECK_H
#define MCV_CHECK_H

#include "result.h"
#include "settings.h"

struct event_base;
struct check;

/* Called once per check, from the loop, with the verdict decided. */
typedef void (*check_done_cb)(void *arg, struct check_result *);

/* What check_run() must do besides the check itself. */
enum check_flags {
	CHECK_DROP_PRIVILEGES = 1,	/* keep only CAP_NET_ADMIN after setup */
	CHECK_EXPLAIN_ONLY = 2,		/* ask the kernel, send nothing */
	CHECK_LOCK_HELD = 4		/* the caller holds the check lock
					   (--fix, across its checks) */
};

struct check	*check_new(struct event_base *, const struct options *,
		    int flags, struct check_result *, check_done_cb,
		    void *arg);
void		 check_run(struct check *);
void		 check_abort(struct check *, int signal);

#endif
