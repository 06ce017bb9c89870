/* SPDX-License-Identifier: ISC */
/*
 * The program: parse the options and the config file, then run one
 * check (--once), the daemon, or the sweep (--cleanup).  A one-shot
 * check exits with its verdict (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "checkalone.h"
#include "cleanup.h"
#include "settings.h"
#include "daemon.h"
#include "evloop.h"
#include "fix.h"
#include "log.h"
#include "netns.h"
#include "netround.h"
#include "nslist.h"
#include "options.h"
#include "report.h"
#include "verifyd.h"

static int	refuse(enum format, const char *);

/* --once: one check (checkalone.c), its report, and its status. */
static int
run_once(const struct options *opt, const struct netns_id *ns)
{
	static struct check_result r;
	char err[2 * PATH_MAX + 512];

	if (check_alone(RUN_ONCE, opt, opt->explain ? CHECK_EXPLAIN_ONLY :
	    CHECK_DROP_PRIVILEGES, &r, err, sizeof(err)) == -1)
		return refuse(opt->format, err);
	r.netns = *ns;
	if (r.status == STATUS_UNKNOWN)
		log_warnx("%s", r.summary);
	report_write(stdout, &r, opt->format);
	/* The status file only when asked for: it has a default. */
	if (report_save(opt->set & (1u << SET_STATUS_FILE) ?
	    opt->status_file : NULL, opt->metrics_file, &r, err,
	    sizeof(err)) == -1)
		log_warnx("%s", err);
	return (int)r.status;
}

struct round_once {
	struct evloop		*loop;
	struct netround		*round;
	struct round_result	*rr;
	int			 done;
};

static void
round_once_done(void *arg, struct round_result *rr)
{
	struct round_once *o = arg;

	(void)rr;
	o->done = 1;
	evloop_stop(o->loop);
}

static void
round_once_signal(void *arg, int sig)
{
	struct round_once *o = arg;

	netround_abort(o->round, sig);
}

static void
round_once_child(void *arg)
{
	struct round_once *o = arg;

	netround_child_exited(o->round);
}

static const struct evloop_handlers round_once_handlers = {
	.stop = round_once_signal,
	.child = round_once_child,
};

/*
 * --once (or --explain) with the netns setting or --netns all: one
 * round, its report, and the worst status.
 */
static int
run_round_once(const struct options *opt)
{
	struct round_once o;
	char err[2 * PATH_MAX + 512];
	int rc;

	memset(&o, 0, sizeof(o));
	/* The children drop what they do not need; this process, short
	 * lived, keeps what their checks may (CAP_SETUID for user). */
	if (nslist_can_enter(opt->netns_list, err, sizeof(err)) == -1)
		return refuse(opt->format, err);
	errno = 0;
	if ((o.rr = calloc(1, sizeof(*o.rr))) == NULL ||
	    (o.loop = evloop_new(RUN_ONCE, &round_once_handlers,
	    &o)) == NULL ||
	    (o.round = netround_new(evloop_base(o.loop), opt, opt->explain ?
	    CHECK_EXPLAIN_ONLY : CHECK_DROP_PRIVILEGES, o.rr, round_once_done,
	    &o)) == NULL) {
		snprintf(err, sizeof(err), "cannot start the round: %s",
		    strerror(errno != 0 ? errno : ENOMEM));
		rc = refuse(opt->format, err);
		goto out;
	}
	netround_run(o.round);
	evloop_run(o.loop);
	if (!o.done) {
		rc = refuse(opt->format, "the round did not finish");
		goto out;
	}
	report_round_write(stdout, o.rr, opt->format);
	if (report_round_save(opt->set & (1u << SET_STATUS_FILE) ?
	    opt->status_file : NULL, opt->metrics_file, o.rr, err,
	    sizeof(err)) == -1)
		log_warnx("%s", err);
	rc = (int)o.rr->status;
out:
	netround_free(o.round);
	evloop_free(o.loop);
	free(o.rr);
	return rc;
}

/*
 * A run that stops before any check: the line on standard error, and,
 * for a monitoring system reading standard output (--format nagios,
 * --json), the same as an UNKNOWN report there, so NRPE and Icinga show
 * why instead of an empty result.
 */
static int
refuse(enum format format, const char *err)
{
	log_warnx("%s", err);
	if (format != FORMAT_TEXT)
		report_error(stdout, format, err);
	return STATUS_UNKNOWN;
}

/*
 * libevent cannot go on (evloop.c): its reason as UNKNOWN, in the
 * format asked for, and exit 3.
 */
static enum format fatal_format = FORMAT_TEXT;

static void
libevent_fatal(const char *msg)
{
	refuse(fatal_format, msg);
	fflush(stdout);
	_exit(STATUS_UNKNOWN);
}

/* -n: the settings were loaded and validated for the run asked for. */
static int
config_ok(const struct options *opt)
{
	if (access(opt->config_file, F_OK) == 0)
		printf("%s: configuration OK\n", opt->config_file);
	else
		printf("%s: no such file; the defaults and the command line "
		    "are in force, and they are OK\n", opt->config_file);
	return 0;
}

int
verifyd_main(int argc, char **argv)
{
	struct options cli, opt;
	struct netns_id ns;
	char err[PATH_MAX + 512], path[PATH_MAX];

	switch (options_parse(argc, argv, &cli, err, sizeof(err))) {
	case OPTIONS_HELP:
		options_usage(stdout, 1);
		return 0;
	case OPTIONS_VERSION:
		printf("%s %s\n", PACKAGE, PACKAGE_VERSION);
		return 0;
	case OPTIONS_ERROR:
		return refuse(options_format_hint(argc, argv), err);
	case OPTIONS_RUN:
		break;
	}
	log_init(1, cli.verbose);
	fatal_format = cli.format;
	evloop_init(libevent_fatal);
	/* A closed stdout must not kill us before the route is removed. */
	signal(SIGPIPE, SIG_IGN);

	if (settings_load(&cli, &opt, err, sizeof(err)) == -1)
		return refuse(cli.format, err);
	fatal_format = opt.format;
	if (opt.check_config)
		return config_ok(&opt);
	/*
	 * Into the namespace asked for before anything opens a socket and
	 * while the privilege to enter it is still held.
	 */
	memset(&ns, 0, sizeof(ns));
	if (opt.netns_list[0] != '\0' && !cli.fix) {
		if (opt.cleanup)
			return cleanup_round(opt.netns_list);
		if (opt.once)
			return run_round_once(&opt);
	}
	if (opt.netns[0] != '\0' && strcmp(opt.netns, "all") != 0 &&
	    netns_enter(opt.netns, &ns, err, sizeof(err)) == -1)
		return refuse(opt.format, err);
	if (ns.inode != 0)
		log_debug("in network namespace %s (inode %lu, owner %s)",
		    ns.name, ns.inode, ns.owner[0] ? ns.owner : "unknown");
	if (opt.cleanup)
		return cleanup_run();
	if (cli.fix)
		return fix_run(&opt);
	if (opt.once)
		return run_once(&opt, &ns);
	/* The daemon leaves its working directory; SIGHUP must find -f. */
	if (cli.config_given && realpath(cli.config_file, path) != NULL)
		snprintf(cli.config_file, sizeof(cli.config_file), "%s", path);
	return daemon_run(&cli, &opt);
}
