/* SPDX-License-Identifier: ISC */
/*
 * The event loop every kind of run uses, and the one table of the
 * signals they answer (as tmux's proc.c and lldpd's event.c keep
 * theirs).  A signal is just another event: its handler runs from the
 * loop, never from inside a signal handler, so it may end a check,
 * re-read the config or start a check like any other callback.
 *
 *   signal    --once  --fix  --cleanup  daemon     a round's child
 *   SIGINT    stop    stop   stop       stop       stop
 *   SIGTERM   stop    stop   stop       stop       stop
 *   SIGHUP    stop    stop   -          reload     - (ignored)
 *   SIGUSR1   -       -      -          check now  - (ignored)
 *   SIGCHLD   child   -      -          child      -
 *
 * "-" keeps the signal's disposition: the default action for
 * --cleanup (ExecStopPost=), which has nothing to end cleanly that
 * SIGHUP could interrupt, and elsewhere for SIGUSR1, which means
 * nothing outside the daemon.  A round's child ignores the daemon's
 * reload and "check now" (netround.c): systemctl kill sends them to
 * every process of the unit, and neither must end a check.  "child" is a round's (netround.c): a
 * check ran in a child process (each of the daemon's, each namespace's
 * of --once with netns), reaped from the loop when it ends.
 */
#include "config.h"

#include <errno.h>
#include <event2/event.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "evloop.h"
#include "log.h"

enum sig_action {
	ACT_NONE,		/* not taken: the default action stands */
	ACT_STOP,
	ACT_RELOAD,
	ACT_CHECK_NOW,
	ACT_CHILD
};

static const struct {
	int		sig;
	enum sig_action	action[RUN_MODES];
} signal_table[] = {
	/*		   ONCE      FIX       CLEANUP   DAEMON     CHILD */
	{ SIGINT,	{ ACT_STOP, ACT_STOP, ACT_STOP, ACT_STOP, ACT_STOP } },
	{ SIGTERM,	{ ACT_STOP, ACT_STOP, ACT_STOP, ACT_STOP, ACT_STOP } },
	{ SIGHUP,	{ ACT_STOP, ACT_STOP, ACT_NONE, ACT_RELOAD,
			  ACT_NONE } },
	{ SIGUSR1,	{ ACT_NONE, ACT_NONE, ACT_NONE, ACT_CHECK_NOW,
			  ACT_NONE } },
	{ SIGCHLD,	{ ACT_CHILD, ACT_NONE, ACT_NONE, ACT_CHILD,
			  ACT_NONE } },
};
#define NSIGNALS (sizeof(signal_table) / sizeof(signal_table[0]))

struct evloop {
	struct event_base	*base;
	enum run_mode	 mode;
	struct evloop_handlers	 h;
	void			*arg;
	struct event		*sigev[NSIGNALS];
};

/* The exit status of a run libevent cannot go on with: UNKNOWN. */
#define EVLOOP_FATAL_EXIT	3

static evloop_fatal_cb fatal_cb;

/*
 * libevent ends the program itself when it cannot go on (no descriptor
 * for its signal socketpair, say), with exit(1), which a monitoring
 * system reads as WARNING.  Instead: its reason, to the run's own
 * callback (which reports it as UNKNOWN, in the format asked for), and
 * exit 3.  A check cut short here leaves its route to the next run's
 * sweep, as a SIGKILL would.
 */
static void
on_libevent_fatal(int code)
{
	char msg[512];

	if (log_libevent_error() != NULL)
		snprintf(msg, sizeof(msg), "event loop: %s",
		    log_libevent_error());
	else
		snprintf(msg, sizeof(msg), "event loop: fatal error %d", code);
	if (fatal_cb != NULL)
		fatal_cb(msg);
	else
		log_warnx("%s", msg);
	_exit(EVLOOP_FATAL_EXIT);
}

/* Before any loop: libevent's messages to our log, its exits to cb. */
void
evloop_init(evloop_fatal_cb cb)
{
	fatal_cb = cb;
	log_libevent();
	event_set_fatal_callback(on_libevent_fatal);
}

static void
on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct evloop *l = arg;
	size_t i;

	(void)what;
	for (i = 0; i < NSIGNALS; i++) {
		if (signal_table[i].sig != (int)sig)
			continue;
		switch (signal_table[i].action[l->mode]) {
		case ACT_STOP:
			l->h.stop(l->arg, (int)sig);
			break;
		case ACT_RELOAD:
			l->h.reload(l->arg);
			break;
		case ACT_CHECK_NOW:
			l->h.check_now(l->arg);
			break;
		case ACT_CHILD:
			if (l->h.child != NULL)
				l->h.child(l->arg);
			break;
		case ACT_NONE:
			break;
		}
		return;
	}
}

/*
 * The loop's timers are precise: libevent's default clock
 * (CLOCK_MONOTONIC_COARSE) ticks every few milliseconds, which would
 * stretch a check's deadline by as much.
 */
static struct event_base *
base_new(void)
{
	struct event_config *cfg;
	struct event_base *base;
	int saved;

	if ((cfg = event_config_new()) == NULL)
		return NULL;
	event_config_set_flag(cfg, EVENT_BASE_FLAG_PRECISE_TIMER);
	base = event_base_new_with_config(cfg);
	saved = errno;
	event_config_free(cfg);
	errno = saved;
	return base;
}

/*
 * A loop with the mode's signals taken, from now until evloop_free():
 * a signal at any moment of the run is an event.  NULL with errno set
 * (0 when libevent did not say) when any part cannot be had.
 */
struct evloop *
evloop_new(enum run_mode mode, const struct evloop_handlers *h,
    void *arg)
{
	struct evloop *l;
	size_t i;
	int saved;

	if ((l = calloc(1, sizeof(*l))) == NULL)
		return NULL;
	l->mode = mode;
	l->h = *h;
	l->arg = arg;
	if ((l->base = base_new()) == NULL)
		goto fail;
	for (i = 0; i < NSIGNALS; i++) {
		if (signal_table[i].action[mode] == ACT_NONE)
			continue;
		l->sigev[i] = evsignal_new(l->base, signal_table[i].sig,
		    on_signal, l);
		if (l->sigev[i] == NULL || evsignal_add(l->sigev[i], NULL) == -1)
			goto fail;
	}
	return l;
fail:
	saved = errno;
	evloop_free(l);
	errno = saved;
	return NULL;
}

struct event_base *
evloop_base(const struct evloop *l)
{
	return l->base;
}

/* Until evloop_stop() or nothing is left to wait for. */
void
evloop_run(struct evloop *l)
{
	event_base_dispatch(l->base);
}

/* The loop returns once the callback that calls this does. */
void
evloop_stop(struct evloop *l)
{
	event_base_loopbreak(l->base);
}

/* The signals back to their default action, and the loop gone. */
void
evloop_free(struct evloop *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < NSIGNALS; i++)
		if (l->sigev[i] != NULL)
			event_free(l->sigev[i]);
	if (l->base != NULL)
		event_base_free(l->base);
	free(l);
}
