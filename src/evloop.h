/* SPDX-License-Identifier: ISC */
/*
 * The one event loop of a run, and the one table of the signals each
 * kind of run answers (evloop.c): --once, --fix, --cleanup and the
 * daemon create, signal and dispatch their loop the same way.
 */
#ifndef MCV_EVLOOP_H
#define MCV_EVLOOP_H

struct event_base;
struct evloop;

/* The kinds of run; each has its column in the signal table. */
enum run_mode {
	RUN_ONCE,		/* --once: one check */
	RUN_FIX,		/* --fix: checks and route changes */
	RUN_CLEANUP,		/* --cleanup: the sweep under the lock */
	RUN_DAEMON,		/* a check every interval */
	RUN_CHILD,		/* a round's check, in its child */
	RUN_MODES
};

/*
 * What a signal asks of a run.  Only the handlers the mode's column
 * names are called; the others may be NULL.
 */
struct evloop_handlers {
	void	(*stop)(void *arg, int sig);	/* end the run cleanly */
	void	(*reload)(void *arg);		/* re-read the config */
	void	(*check_now)(void *arg);	/* a check, now */
	void	(*child)(void *arg);		/* a child process ended
						   (NULL: the run forks none) */
};

/* Called with libevent's reason when it cannot go on; must not return. */
typedef void (*evloop_fatal_cb)(const char *msg);

void		 evloop_init(evloop_fatal_cb);
struct evloop	*evloop_new(enum run_mode, const struct evloop_handlers *,
		    void *arg);
struct event_base *evloop_base(const struct evloop *);
void		 evloop_run(struct evloop *);
void		 evloop_stop(struct evloop *);
void		 evloop_free(struct evloop *);

#endif
