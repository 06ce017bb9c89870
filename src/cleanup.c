/* SPDX-License-Identifier: ISC */
/*
 * --cleanup, for ExecStopPost= and by hand: the routes killed runs left
 * (sweep.c) removed, once the lock (lock.c) says no live check owns
 * one.  The lock may have to be waited for, so this is a run of its
 * own on its own loop (evloop.c); SIGTERM or SIGINT ends the wait.
 * Exit 0 when the sweep was done, 3 (UNKNOWN) when it was not.
 */
#include "config.h"

#include <string.h>

#include "cleanup.h"
#include "evloop.h"
#include "lock.h"
#include "log.h"
#include "netlink.h"
#include "result.h"
#include "sweep.h"

struct cleanup {
	struct evloop	*loop;
	int		 status;
};

static void
sweep_now(struct cleanup *cl)
{
	struct nl *nl;
	int n;

	if ((nl = nl_open()) == NULL) {
		log_warn("rtnetlink");
		return;
	}
	if ((n = sweep_leftovers(nl)) == -1)
		log_warn("removing leftover routes");
	else {
		log_info("cleanup: %d leftover route%s removed", n,
		    n == 1 ? "" : "s");
		cl->status = STATUS_OK;
	}
	nl_close(nl);
}

static void
on_cleanup_lock(void *arg, int held, const char *why)
{
	struct cleanup *cl = arg;

	if (held)
		sweep_now(cl);
	else
		log_warnx("%s", why);
	evloop_stop(cl->loop);
}

static void
on_cleanup_signal(void *arg, int sig)
{
	struct cleanup *cl = arg;

	log_warnx("interrupted by signal %d (%s)", sig, strsignal(sig));
	evloop_stop(cl->loop);
}

static const struct evloop_handlers cleanup_handlers = {
	.stop = on_cleanup_signal,
};

int
cleanup_run(void)
{
	struct cleanup cl = { NULL, STATUS_UNKNOWN };
	struct lock *lock = NULL;
	char err[256];

	if ((cl.loop = evloop_new(RUN_CLEANUP, &cleanup_handlers,
	    &cl)) == NULL ||
	    (lock = lock_new(evloop_base(cl.loop), on_cleanup_lock,
	    &cl)) == NULL) {
		log_warnx("cannot set up the event loop");
		goto out;
	}
	switch (lock_take(lock, LOCK_WAIT_MS, err, sizeof(err))) {
	case LOCK_HELD:
		sweep_now(&cl);
		break;
	case LOCK_WAITING:
		evloop_run(cl.loop);
		break;
	case LOCK_FAILED:
		log_warnx("%s", err);
		break;
	}
out:
	lock_free(lock);
	evloop_free(cl.loop);
	return cl.status;
}
