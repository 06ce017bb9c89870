/* SPDX-License-Identifier: ISC */
/*
 * A round: the check in every network namespace the netns setting
 * names (a list, or all), one after another, each in a child process
 * that enters its namespace first and stays there for the whole check.
 * The round's result is one entry per namespace, the daemon's own
 * first, and the worst status of them.  With no netns setting (the
 * daemon's every check) the round is the own namespace alone, and its
 * one entry's r.netns is empty: a check's result as outside rounds.
 */
#ifndef MCV_NETROUND_H
#define MCV_NETROUND_H

#include "netns.h"
#include "result.h"
#include "settings.h"

#define NETROUND_MAX	64	/* namespaces checked in one round */
#define NETROUND_SELF	NETNS_SELF_NAME	/* the own namespace's name */

enum ns_state {
	NS_CHECKED,	/* its check ran: r is its result */
	NS_FAILED,	/* it could not be checked (a namespace named in
			   the list that does not exist, a child that died
			   or timed out): r.status UNKNOWN, r.summary why */
	NS_VANISHED	/* netns all: gone between the round's listing and
			   its turn; skipped, r.summary says so, and not
			   counted in the round's status */
};

struct ns_entry {
	enum ns_state		state;
	struct check_result	r;	/* r.netns: name, inode, owner */
};

struct round_result {
	enum status		status;	/* the worst of CHECKED and FAILED */
	char			summary[1024];
	char			spec[SETTINGS_NETNS_MAX];	/* "all", or
						   the list as configured */
	size_t			n;
	unsigned long		over_limit;	/* found past NETROUND_MAX:
						   not checked */
	double			duration_ms;
	double			finished_at;	/* Unix time, seconds */
	/* Last: a round clears only what comes before (netround_run()),
	 * and fills each entry whole at its turn, so that the 4.6 MB are
	 * touched only as far as n (a daemon without netns: one entry). */
	struct ns_entry		entries[NETROUND_MAX];
};

/* roundresult.c: the status and summary from the entries. */
void	round_result_finish(struct round_result *);

struct netround;
struct event_base;

typedef void (*netround_done_cb)(void *arg, struct round_result *);

/* check_flags: check.h's, for each namespace's check. */
struct netround	*netround_new(struct event_base *, const struct options *,
		    int check_flags, struct round_result *, netround_done_cb,
		    void *arg);
void		 netround_run(struct netround *);
void		 netround_abort(struct netround *, int signal);
void		 netround_child_exited(struct netround *);
void		 netround_free(struct netround *);

#endif
