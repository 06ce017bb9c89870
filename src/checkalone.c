/* SPDX-License-Identifier: ISC */
/*
 * One check on a loop of its own (checkalone.h).
 *
 * The loop takes its signals (evloop.c's table) before the check
 * starts and keeps them until it is done, so SIGINT, SIGTERM or SIGHUP
 * at any moment end the check cleanly, its route removed.  Signals the
 * caller held back until then (a round's child, forked with them
 * blocked) arrive once the loop has them.  The caller's mask is back
 * before the loop lets go of them: a round's child that is sent a stop
 * once its check is done (systemctl stop signals the whole unit) keeps
 * it pending while it sends its result, instead of dying of it with
 * the result unsent (an UNKNOWN "killed by signal 15" for a check that
 * had its verdict).
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "checkalone.h"
#include "evloop.h"

struct alone {
	struct evloop	*loop;
	struct check	*check;
	int		 done;
};

static void
alone_done(void *arg, struct check_result *r)
{
	struct alone *a = arg;

	(void)r;
	a->check = NULL;
	a->done = 1;
	evloop_stop(a->loop);
}

static void
alone_signal(void *arg, int sig)
{
	struct alone *a = arg;

	if (a->check != NULL)
		check_abort(a->check, sig);
}

static const struct evloop_handlers alone_handlers = {
	.stop = alone_signal,
};

int
check_alone(enum run_mode mode, const struct options *opt, int flags,
    struct check_result *r,
    char *err, size_t errlen)
{
	struct alone a;
	sigset_t none, caller;

	memset(&a, 0, sizeof(a));
	errno = 0;
	if ((a.loop = evloop_new(mode, &alone_handlers, &a)) == NULL) {
		snprintf(err, errlen, "cannot create the event loop: %s",
		    strerror(errno != 0 ? errno : ENOMEM));
		return -1;
	}
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, &caller);
	a.check = check_new(evloop_base(a.loop), opt, flags, r, alone_done,
	    &a);
	if (a.check != NULL) {
		check_run(a.check);
		evloop_run(a.loop);
	}
	sigprocmask(SIG_SETMASK, &caller, NULL);
	evloop_free(a.loop);
	if (!a.done) {
		snprintf(err, errlen, "cannot start the check: out of memory");
		return -1;
	}
	return 0;
}
