/* SPDX-License-Identifier: ISC */
/*
 * --cleanup, for ExecStopPost= and by hand: the routes killed runs left
 * (sweep.c) removed, once the lock (lock.c) says no live check owns
 * one.  The lock may have to be waited for, so this is a run of its
 * own on its own loop (evloop.c); SIGTERM or SIGINT ends the wait.
 * Exit 0 when the sweep was done, 3 (UNKNOWN) when it was not.
 *
 * --cleanup --netns all sweeps every namespace a round would check
 * (nslist.c), each in a child that enters it first, one at a time:
 * ExecStopPost= of a daemon with the netns setting.
 */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "evloop.h"
#include "lock.h"
#include "log.h"
#include "netlink.h"
#include "netns.h"
#include "nslist.h"
#include "result.h"
#include "sweep.h"

/* Namespaces swept by one --cleanup --netns all, at most. */
#define CLEANUP_NETNS_MAX	4096

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

/* The sweep in entry e's namespace, in a child; its exit status. */
static int
cleanup_in(const struct nslist_entry *e)
{
	char err[512];
	struct stat st;
	pid_t child;
	int fd, pid, status;

	if (e->spec[0] == '\0')
		return cleanup_run();
	if ((fd = netns_open(e->spec, &pid, err, sizeof(err))) == -1) {
		if (e->discovered) {
			log_info("cleanup: netns %s vanished: skipped",
			    e->name);
			return STATUS_OK;
		}
		log_warnx("cleanup: %s", err);
		return STATUS_UNKNOWN;
	}
	if (e->discovered && (fstat(fd, &st) == -1 ||
	    (unsigned long)st.st_ino != e->inode)) {
		log_info("cleanup: netns %s is another namespace now: "
		    "skipped", e->name);
		close(fd);
		return STATUS_OK;
	}
	if ((child = fork()) == 0) {
		if (setns(fd, CLONE_NEWNET) == -1) {
			log_warn("cleanup: netns %s: cannot enter it",
			    e->name);
			_exit(STATUS_UNKNOWN);
		}
		close(fd);
		_exit(cleanup_run());
	}
	close(fd);
	if (child == -1) {
		log_warn("cleanup: netns %s: fork", e->name);
		return STATUS_UNKNOWN;
	}
	while (waitpid(child, &status, 0) == -1)
		if (errno != EINTR)
			return STATUS_UNKNOWN;
	return WIFEXITED(status) ? WEXITSTATUS(status) : STATUS_UNKNOWN;
}

/*
 * Each namespace in turn; UNKNOWN if any sweep was not done.  Listing
 * in steps matters to a loop, not here: it runs to the end at once.
 */
int
cleanup_round(const char *netns_setting)
{
	const struct nslist_entry *e;
	struct nslist *list;
	char err[SETTINGS_NETNS_MAX + 128];
	int rc = STATUS_OK;
	size_t i;

	if (nslist_can_enter(netns_setting, err, sizeof(err)) == -1) {
		log_warnx("cleanup: %s", err);
		return STATUS_UNKNOWN;
	}
	if ((list = nslist_new(netns_setting, CLEANUP_NETNS_MAX)) == NULL) {
		log_warnx("cleanup: out of memory");
		return STATUS_UNKNOWN;
	}
	while (!nslist_step(list))
		;
	for (i = 0; i < nslist_count(list); i++) {
		e = nslist_get(list, i);
		log_info("cleanup: netns %s (inode %lu)", e->name, e->inode);
		if (cleanup_in(e) != STATUS_OK)
			rc = STATUS_UNKNOWN;
	}
	if (nslist_over_limit(list) > 0)
		log_warnx("cleanup: %lu more namespaces not swept (over the "
		    "limit of %d)", nslist_over_limit(list), CLEANUP_NETNS_MAX);
	nslist_free(list);
	return rc;
}
