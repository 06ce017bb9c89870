/* SPDX-License-Identifier: ISC */
/*
 * Daemon mode: a check every interval (plus a little random jitter, so
 * that hosts started together do not probe in step), in one libevent
 * loop that sleeps between checks.  The signals (evloop.c's table):
 *
 *   SIGUSR1          run a check now (unless one is running)
 *   SIGHUP           re-read the config; a broken one is reported and
 *                    the old one kept
 *   SIGTERM, SIGINT  end the current check (its route goes), exit 0
 *
 * After each check the JSON report goes atomically to the status file,
 * and the metrics to the metrics file if one is set.
 *
 * Every check runs in a child process, forked for it, that sends its
 * result back through a pipe (netround.c: a round, of the daemon's own
 * namespace alone when the netns setting is empty).  The loop never
 * waits on a check's slow steps (the socket audit's /proc walk, the
 * cgroup tree's), so the watchdog, watch mode's capture and the
 * signals are answered all along; a check that crashes or hangs ends
 * as an UNKNOWN result that names the signal or the time it took, and
 * the daemon goes on.  The parent keeps the schedule, the files, the
 * log and watch mode.
 *
 * With the netns setting, each check is a round over the daemon's own
 * namespace and the others, each in a child process, one after
 * another; the files get one entry per namespace and the worst status.
 * The daemon then keeps what entering other namespaces takes
 * (CAP_SYS_ADMIN and the capabilities to see them) for the children,
 * which drop it once inside.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <event2/event.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "atomicfile.h"
#include "daemon.h"
#include "evloop.h"
#include "log.h"
#include "netround.h"
#include "nslist.h"
#include "notify.h"
#include "privs.h"
#include "report.h"
#include "safedir.h"
#include "settings.h"
#include "watch.h"

/* How often a result that stays bad is logged again. */
#define REMINDER_S	3600

/* The jitter is at most a tenth of the interval, and at most this. */
#define JITTER_MAX_MS	5000

struct daemon {
	struct evloop		*loop;
	struct event_base	*base;		/* the loop's */
	const struct options	*cli;
	struct options		 opt;		/* in force */
	struct options		 next;		/* reloaded, for after a check */
	int			 have_next;
	struct event		*timer;
	struct event		*watchdog;	/* WatchdogSec=, if set */
	struct watch		*watch;		/* --watch, if set */
	struct watch		*next_watch;	/* opened by a reload */
	struct timespec		 last_done;	/* when the last check ended */
	struct netround		*round;		/* the one running, if any */
	struct round_result	*rr;		/* each round's */
	int			 netns_caps;	/* kept at start for rounds */
	struct ns_log {
		unsigned long		inode;
		char			name[NETNS_NAME_MAX];
		unsigned long		round;	/* nchecks when last met */
		struct log_memory	m;
	}			 ns_logged[NETROUND_MAX];
	struct log_memory	 round_logged;
	unsigned long		 nchecks;
	struct log_memory	 logged;	/* what the log said last */
	struct log_repeat	 save_error;	/* writing the files */
	int			 stopping;
};

static void start_check(struct daemon *);

static unsigned
jitter_ms(unsigned interval_s)
{
	unsigned max = interval_s * 100, r = 0;

	if (max > JITTER_MAX_MS)
		max = JITTER_MAX_MS;
	if (max == 0 || getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r))
		return 0;
	return r % max;
}

/* Milliseconds from a to b, CLOCK_MONOTONIC, 0 if b is before a. */
static unsigned long long
elapsed_ms(const struct timespec *a, const struct timespec *b)
{
	long long ms = (long long)(b->tv_sec - a->tv_sec) * 1000 +
	    (b->tv_nsec - a->tv_nsec) / 1000000;

	return ms > 0 ? (unsigned long long)ms : 0;
}

/*
 * The next check, an interval (plus jitter) after the last one ended:
 * counted from the check, never from whatever else happened since (a
 * reload), so that reloads, however frequent, never postpone a check.
 */
static void
schedule_next(struct daemon *d)
{
	unsigned long long ms = d->opt.interval_s * 1000ULL +
	    jitter_ms(d->opt.interval_s), gone;
	struct timespec now;
	struct timeval tv;

	clock_gettime(CLOCK_MONOTONIC, &now);
	gone = elapsed_ms(&d->last_done, &now);
	ms = gone < ms ? ms - gone : 0;
	tv.tv_sec = (time_t)(ms / 1000);
	tv.tv_usec = (suseconds_t)(ms % 1000) * 1000;
	evtimer_add(d->timer, &tv);
}

/*
 * What a result is worth in the log: the first one and every change,
 * and a reminder at most hourly while it stays bad; the rest only with
 * -v.  (A daemon checking every minute would otherwise log 1,440
 * identical lines a day.)  Pure, for the unit tests.
 */
static enum log_kind
log_kind_of(struct log_memory *m, enum status status, const char *summary,
    time_t now)
{
	enum log_kind kind = LOG_KIND_NONE;

	if (!m->any || status != m->status ||
	    strcmp(summary, m->summary) != 0)
		kind = LOG_KIND_CHANGE;
	else if (status != STATUS_OK && now - m->when >= REMINDER_S)
		kind = LOG_KIND_REMINDER;
	if (kind == LOG_KIND_NONE)
		return kind;
	m->any = 1;
	m->status = status;
	m->when = now;
	snprintf(m->summary, sizeof(m->summary), "%s", summary);
	return kind;
}

enum log_kind
daemon_log_kind(struct log_memory *m, const struct check_result *r,
    time_t now)
{
	return log_kind_of(m, r->status, r->summary, now);
}

/*
 * The same policy for an error outside the result that every check may
 * meet again (the status file on a full disk): said when it starts or
 * changes, reminded at most hourly, and its end said, so that the log
 * neither fills with it nor leaves it standing.  error is NULL or ""
 * when all went well.  Pure, for the unit tests.
 */
enum log_kind
daemon_log_repeat(struct log_repeat *m, const char *error, time_t now)
{
	if (error == NULL || error[0] == '\0') {
		if (m->error[0] == '\0')
			return LOG_KIND_NONE;
		m->error[0] = '\0';
		return LOG_KIND_RECOVERED;
	}
	if (strcmp(error, m->error) == 0) {
		if (now - m->when < REMINDER_S)
			return LOG_KIND_NONE;
		m->when = now;
		return LOG_KIND_REMINDER;
	}
	snprintf(m->error, sizeof(m->error), "%s", error);
	m->when = now;
	return LOG_KIND_CHANGE;
}

/* A leak is an error, anything else not OK a warning: for journalctl -p. */
static int
status_priority(enum status status)
{
	switch (status) {
	case STATUS_CRITICAL:
		return LOG_ERR;
	case STATUS_WARNING:
	case STATUS_UNKNOWN:
		return LOG_WARNING;
	case STATUS_OK:
		break;
	}
	return LOG_NOTICE;
}

static void
log_result(struct daemon *d, const struct check_result *r)
{
	enum log_kind kind;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	log_debug("check %lu: %s: %s (%.1f ms)", d->nchecks,
	    status_name(r->status), r->summary, r->duration_ms);
	kind = daemon_log_kind(&d->logged, r, now.tv_sec);
	if (kind == LOG_KIND_NONE)
		return;
	log_at(status_priority(r->status), "check %s%s: %s",
	    kind == LOG_KIND_REMINDER ? "still " : "",
	    status_name(r->status), r->summary);
}

/*
 * A namespace's memory of what the log said of it, by inode and name
 * (a namespace the setting names that is not there has no inode, and
 * two such must not share one memory, or each would be said anew at
 * every round): a slot of its own while it lives, so that churning pods
 * cannot grow it.  A new one takes the slot met longest ago, never one
 * of this round's (a round has at most as many namespaces as slots).
 */
static struct log_memory *
ns_memory(struct daemon *d, const struct netns_id *ns)
{
	struct ns_log *l, *slot = &d->ns_logged[0];
	size_t i;

	for (i = 0; i < NETROUND_MAX; i++) {
		l = &d->ns_logged[i];
		if (l->m.any && l->inode == ns->inode &&
		    strcmp(l->name, ns->name) == 0) {
			l->round = d->nchecks;
			return &l->m;
		}
		if (slot->m.any && (!l->m.any || l->round < slot->round))
			slot = l;
	}
	memset(slot, 0, sizeof(*slot));
	slot->inode = ns->inode;
	snprintf(slot->name, sizeof(slot->name), "%s", ns->name);
	slot->round = d->nchecks;
	return &slot->m;
}

/* Each namespace's result as log_result() says one check's, named. */
static void
log_round(struct daemon *d, const struct round_result *rr)
{
	const struct check_result *r;
	enum log_kind kind;
	struct timespec now;
	size_t i;

	clock_gettime(CLOCK_MONOTONIC, &now);
	for (i = 0; i < rr->n; i++) {
		r = &rr->entries[i].r;
		log_debug("check %lu: netns %s: %s: %s", d->nchecks,
		    r->netns.name, status_name(r->status), r->summary);
		if (rr->entries[i].state == NS_VANISHED)
			continue;
		kind = daemon_log_kind(ns_memory(d, &r->netns), r,
		    now.tv_sec);
		if (kind != LOG_KIND_NONE)
			log_at(status_priority(r->status), "check netns %s: "
			    "%s%s: %s", r->netns.name, kind ==
			    LOG_KIND_REMINDER ? "still " : "",
			    status_name(r->status), r->summary);
	}
	kind = log_kind_of(&d->round_logged, rr->status, rr->summary,
	    now.tv_sec);
	if (kind != LOG_KIND_NONE)
		log_at(status_priority(rr->status), "round: %s%s: %s",
		    kind == LOG_KIND_REMINDER ? "still " : "",
		    status_name(rr->status), rr->summary);
	else
		log_debug("round: %s: %s (%.1f ms)", status_name(rr->status),
		    rr->summary, rr->duration_ms);
}

/*
 * The files of each check or round (err: "" when written), their
 * failure logged as it changes.
 */
static void
saved(struct daemon *d, const char *err)
{
	char was[sizeof(d->save_error.error)];
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	snprintf(was, sizeof(was), "%s", d->save_error.error);
	switch (daemon_log_repeat(&d->save_error, err, now.tv_sec)) {
	case LOG_KIND_CHANGE:
		log_warnx("%s", err);
		break;
	case LOG_KIND_REMINDER:
		log_warnx("still: %s", err);
		break;
	case LOG_KIND_RECOVERED:
		log_info("status and metrics files written again (after: %s)",
		    was);
		break;
	case LOG_KIND_NONE:	/* the same failure again, or none */
		if (err[0] != '\0')
			log_debug("%s", err);
		break;
	}
}

static void
save_result(struct daemon *d, const struct check_result *r)
{
	char err[2 * PATH_MAX + 512];

	if (report_save(d->opt.status_file, d->opt.metrics_file, r, err,
	    sizeof(err)) == 0)
		err[0] = '\0';
	saved(d, err);
}

static void
save_round(struct daemon *d, const struct round_result *rr)
{
	char err[2 * PATH_MAX + 512];

	if (report_round_save(d->opt.status_file, d->opt.metrics_file, rr,
	    err, sizeof(err)) == 0)
		err[0] = '\0';
	saved(d, err);
}

/* A reload's settings, between checks: watch mode's capture included. */
static void
apply_next(struct daemon *d)
{
	if (!d->have_next)
		return;
	if (d->next_watch != NULL || !d->next.watch) {
		watch_close(d->watch);
		d->watch = d->next_watch;
		d->next_watch = NULL;
	}
	d->opt = d->next;
	d->have_next = 0;
	log_set_verbose(d->opt.verbose);
	log_info("configuration reloaded");
}

/* After a check or a round: the next one, or the end. */
static void
after_check(struct daemon *d)
{
	if (d->stopping) {
		evloop_stop(d->loop);
		return;
	}
	apply_next(d);
	schedule_next(d);
}

/*
 * Without the netns setting, the round's one entry is the check: its
 * result is the files' and the log's, as a check's outside rounds, and
 * written even when a signal ended it (it says so).  A round stopped
 * before its child started has none: the files keep the last one.
 */
static void
one_done(struct daemon *d, struct round_result *rr)
{
	struct check_result *r = &rr->entries[0].r;

	if (rr->n == 0)
		return;
	/* First: whoever reads the log finds the files up to date. */
	watch_report(d->watch, &r->watch);
	save_result(d, r);
	log_result(d, r);
}

/*
 * With the netns setting, a round stopped by a signal is cut short:
 * what it has is not written over the last whole round's files.  The
 * watch counts what leaves the daemon's own namespace, its first entry.
 */
static void
round_done(struct daemon *d, struct round_result *rr)
{
	if (d->stopping)
		return;
	if (rr->n > 0 && rr->entries[0].state == NS_CHECKED)
		watch_report(d->watch, &rr->entries[0].r.watch);
	save_round(d, rr);
	log_round(d, rr);
}

static void
on_round_done(void *arg, struct round_result *rr)
{
	struct daemon *d = arg;

	netround_free(d->round);
	d->round = NULL;
	d->nchecks++;
	clock_gettime(CLOCK_MONOTONIC, &d->last_done);
	if (rr->spec[0] == '\0')
		one_done(d, rr);
	else
		round_done(d, rr);
	after_check(d);
}

/*
 * Every check is a round (netround.c), in a child process: of the own
 * namespace alone without the netns setting.  The loop goes on while it
 * runs, and a check that crashes or hangs is the child's end, an
 * UNKNOWN, never the daemon's.
 */
static void
start_check(struct daemon *d)
{
	if (d->round != NULL) {
		log_info("a check is running already");
		return;
	}
	evtimer_del(d->timer);
	if ((d->rr == NULL && (d->rr = calloc(1, sizeof(*d->rr))) == NULL) ||
	    (d->round = netround_new(d->base, &d->opt, 0, d->rr,
	    on_round_done, d)) == NULL) {
		log_warnx("cannot start a %s: out of memory",
		    d->opt.netns_list[0] != '\0' ? "round" : "check");
		clock_gettime(CLOCK_MONOTONIC, &d->last_done);
		schedule_next(d);
		return;
	}
	netround_run(d->round);
}

static void
on_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	start_check(arg);
}

/*
 * The files a check writes, refused on reload as every check would
 * refuse them (atomicfile.c): a reload must not be "reloaded" and then
 * fail at each check while the status file silently goes stale.
 */
static int
files_usable(const struct options *o, char *err, size_t errlen)
{
	const struct {
		const char	*what;
		const char	*path;
	} files[] = {
		{ "status file", o->status_file },
		{ "metrics file", o->metrics_file },
	};
	char why[PATH_MAX + 128];
	const char *base;
	size_t i;
	int fd;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (files[i].path[0] == '\0')
			continue;
		if ((fd = safedir_open_parent(files[i].path, 1, SAFEDIR_MODE,
		    NULL, &base, why, sizeof(why))) == -1) {
			snprintf(err, errlen, "%s %s", files[i].what, why);
			return -1;
		}
		close(fd);
	}
	return 0;
}

/*
 * Watch mode turned on by a reload, or moved to another loopback: its
 * capture opened now, so that one that cannot be refuses the reload as
 * it would refuse a start.  Closing waits for apply_next().
 */
static int
reload_watch(struct daemon *d, const struct options *next, char *err,
    size_t errlen)
{
	if (!next->watch || (d->watch != NULL &&
	    strcmp(next->loopback, d->opt.loopback) == 0))
		return 0;
	d->next_watch = watch_open(d->base, next->loopback, err, errlen);
	return d->next_watch == NULL ? -1 : 0;
}

/*
 * SIGHUP: the whole new configuration, or none of it.  What can apply
 * applies at once (while a check runs, when it ends); what cannot (the
 * user, switched to at start) is named.  The schedule is kept: the
 * next check is still an interval after the last.
 */
static void
reload(struct daemon *d)
{
	struct options next;
	char err[PATH_MAX + 512];

	if (settings_load(d->cli, &next, err, sizeof(err)) == -1 ||
	    files_usable(&next, err, sizeof(err)) == -1) {
		log_warnx("reload: %s; keeping the configuration in force",
		    err);
		return;
	}
	watch_close(d->next_watch);	/* from a reload not applied yet */
	d->next_watch = NULL;
	if (reload_watch(d, &next, err, sizeof(err)) == -1) {
		log_warnx("reload: %s; keeping the configuration in force",
		    err);
		return;
	}
	if (next.netns_list[0] != '\0' && !d->netns_caps) {
		log_warnx("reload: netns needs CAP_SYS_ADMIN, which this "
		    "daemon gave up at start (it had no netns then); keeping "
		    "the configuration in force: restart it instead");
		return;
	}
	if (strcmp(next.user, d->opt.user) != 0)
		log_warnx("reload: user %s takes effect only after a "
		    "restart; still %s", next.user, d->opt.user);
	strcpy(next.user, d->opt.user);
	d->next = next;
	d->have_next = 1;
	if (d->round == NULL) {
		apply_next(d);
		/* The new interval, from the last check. */
		schedule_next(d);
	}
}

/* SIGUSR1 */
static void
on_check_now(void *arg)
{
	log_info("SIGUSR1: checking now");
	start_check(arg);
}

/* SIGHUP */
static void
on_reload(void *arg)
{
	reload(arg);
}

/* SIGTERM, SIGINT */
static void
on_stop(void *arg, int sig)
{
	struct daemon *d = arg;

	log_info("%s: stopping", strsignal(sig));
	d->stopping = 1;
	if (d->round != NULL)
		netround_abort(d->round, sig);
	else
		evloop_stop(d->loop);
}

/* SIGCHLD: a check's child ended. */
static void
on_child(void *arg)
{
	struct daemon *d = arg;

	netround_child_exited(d->round);
}

static const struct evloop_handlers daemon_handlers = {
	.stop = on_stop,
	.reload = on_reload,
	.check_now = on_check_now,
	.child = on_child,
};

static int
setup_events(struct daemon *d)
{
	if ((d->loop = evloop_new(RUN_DAEMON, &daemon_handlers,
	    d)) == NULL)
		return -1;
	d->base = evloop_base(d->loop);
	if ((d->timer = evtimer_new(d->base, on_timer, d)) == NULL)
		return -1;
	return 0;
}

/* Fed from the loop: if the loop is stuck, systemd restarts us. */
static void
on_watchdog(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	notify_systemd("WATCHDOG=1");
}

/* Half the interval systemd asked for, as sd_watchdog_enabled(3) advises. */
static int
setup_watchdog(struct daemon *d)
{
	unsigned long long usec = notify_watchdog_usec() / 2;
	struct timeval tv = { (time_t)(usec / 1000000),
	    (suseconds_t)(usec % 1000000) };

	if (usec == 0)
		return 0;
	d->watchdog = event_new(d->base, -1, EV_PERSIST, on_watchdog, d);
	if (d->watchdog == NULL || event_add(d->watchdog, &tv) == -1)
		return -1;
	log_debug("feeding the systemd watchdog every %llu ms", usec / 1000);
	return 0;
}

static void
free_events(struct daemon *d)
{
	if (d->timer != NULL)
		event_free(d->timer);
	if (d->watchdog != NULL)
		event_free(d->watchdog);
	evloop_free(d->loop);
}

/*
 * What a write of the last run, killed between writing and renaming,
 * left; a failure here is no reason not to start.
 */
static void
clean_tmp(const struct options *o)
{
	const char *paths[] = { o->status_file, o->metrics_file };
	char err[PATH_MAX + 128];
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (paths[i][0] != '\0' &&
		    atomicfile_clean(paths[i], err, sizeof(err)) == -1)
			log_debug("temporary files: %s", err);
}

/*
 * Before the loop: the status file's directory (owned by -u user), then
 * privileges down to CAP_NET_RAW and CAP_NET_ADMIN, which every check
 * needs to capture and to change its route.
 */
static int
prepare(struct daemon *d)
{
	struct privs_user user;
	const char *base;
	char err[PATH_MAX + 128];
	int dirfd = -1;

	if (privs_lookup_user(d->opt.user, &user, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		return -1;
	}
	if (d->opt.status_file[0] != '\0' &&
	    (dirfd = safedir_open_parent(d->opt.status_file, 1,
	    SAFEDIR_MODE, &user, &base, err, sizeof(err))) == -1) {
		log_warnx("status file %s", err);
		return -1;
	}
	if (dirfd != -1)
		close(dirfd);
	clean_tmp(&d->opt);
	if (privs_check(1, 1, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		return -1;
	}
	d->netns_caps = d->opt.netns_list[0] != '\0';
	if (d->netns_caps &&
	    nslist_can_enter(d->opt.netns_list, err, sizeof(err)) == -1) {
		log_warnx("%s (see the netns-daemon.conf drop-in)", err);
		return -1;
	}
	if (privs_drop(&user, PRIVS_KEEP_RAW | (d->netns_caps ?
	    PRIVS_KEEP_NETNS : 0), err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		return -1;
	}
	return 0;
}

int
daemon_run(const struct options *cli, const struct options *opt)
{
	struct daemon d;
	char err[512];
	int rc = STATUS_UNKNOWN;

	memset(&d, 0, sizeof(d));
	d.cli = cli;
	d.opt = *opt;
	clock_gettime(CLOCK_MONOTONIC, &d.last_done);
	/* Before detaching, so that a failure shows in the exit status. */
	if (prepare(&d) == -1)
		goto out;
	if (!opt->foreground) {
		if (daemon(0, 0) == -1) {
			log_warn("daemon");
			goto out;
		}
		log_init(0, opt->verbose);
	}
	errno = 0;
	if (setup_events(&d) == -1 || setup_watchdog(&d) == -1) {
		log_warnx("cannot set up the event loop: %s",
		    strerror(errno != 0 ? errno : ENOMEM));
		goto out;
	}
	if (d.opt.watch &&
	    (d.watch = watch_open(d.base, d.opt.loopback, err,
	    sizeof(err))) == NULL) {
		log_warnx("%s", err);
		goto out;
	}
	log_info("started: a check every %u s", d.opt.interval_s);
	notify_systemd("READY=1");
	start_check(&d);
	evloop_run(d.loop);
	notify_systemd("STOPPING=1");
	if (notify_dropped_count() > 0)
		log_info("sd_notify: %lu messages dropped in all",
		    notify_dropped_count());
	rc = 0;
out:
	watch_close(d.next_watch);
	watch_close(d.watch);
	netround_free(d.round);
	free(d.rr);
	free_events(&d);
	return rc;
}
