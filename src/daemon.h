/* SPDX-License-Identifier: ISC */
/*
 * Daemon mode: a check every interval, in one event loop.
 */
#ifndef MCV_DAEMON_H
#define MCV_DAEMON_H

#include <time.h>

#include "result.h"
#include "settings.h"

/* What the log said last, so that it says only what changed. */
struct log_memory {
	int		any;
	enum status	status;
	char		summary[sizeof(((struct check_result *)0)->summary)];
	time_t		when;		/* CLOCK_MONOTONIC seconds */
};

enum log_kind {
	LOG_KIND_NONE,		/* the same as before: debug only */
	LOG_KIND_CHANGE,	/* the first result, or a new one */
	LOG_KIND_REMINDER,	/* still bad, an hour after it was said */
	LOG_KIND_RECOVERED	/* an error that repeated is gone */
};

/* An error that may come back at every check (a full disk, say). */
struct log_repeat {
	char		error[1024];	/* "" while all is well */
	time_t		when;		/* CLOCK_MONOTONIC seconds */
};

int		daemon_run(const struct options *cli,
		    const struct options *opt);
enum log_kind	daemon_log_kind(struct log_memory *,
		    const struct check_result *, time_t now);
enum log_kind	daemon_log_repeat(struct log_repeat *, const char *error,
		    time_t now);

#endif
