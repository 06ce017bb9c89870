/* SPDX-License-Identifier: ISC */
/*
 * What a run is told to do: the settings (settings.h owns their table,
 * shared by the command line and the config file) and the options that
 * exist on the command line only.  Parsing is pure: it fills struct
 * options or says, in one line, what was wrong.
 */
#ifndef MCV_OPTIONS_H
#define MCV_OPTIONS_H

#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>

#include "addr.h"

#define DEFAULT_GROUP		"224.16.17.8"
#define DEFAULT_LOOPBACK	"lo"
#define DEFAULT_PROBE_WAIT_MS	1000
#define PROBE_WAIT_MIN_MS	10
#define PROBE_WAIT_MAX_MS	60000
#define DEFAULT_TIMEOUT_S	30
#define TIMEOUT_MIN_S		1
#define TIMEOUT_MAX_S		3600
#define DEFAULT_INTERVAL_S	60
#define DEFAULT_TTL		1
#define INTERVAL_MIN_S		1
#define INTERVAL_MAX_S		86400
#define DEFAULT_CONFIG_FILE	SYSCONFDIR "/mcastlo-verifyd.conf"


enum format {
	FORMAT_TEXT,
	FORMAT_JSON,
	FORMAT_NAGIOS
};

struct options {
	/* Settings. */
	struct addr	group;
	unsigned	port;			/* 0: a free port, chosen per run */
	char		loopback[IF_NAMESIZE];
	char		egress[IF_NAMESIZE];	/* "": the kernel's choice */
	unsigned	timeout_s;		/* the whole run, as plugins' -t */
	unsigned	probe_wait_ms;		/* for the probes, once sent */
	unsigned	interval_s;
	unsigned	require_mask;		/* bit i: probe method i */
	int		no_route;
	enum format	format;
	char		metrics_file[PATH_MAX];	/* "": none */
	char		status_file[PATH_MAX];
	char		user[64];		/* "": stay root */
	int		mitigations;		/* probe the known fixes too */
	unsigned	ttl;			/* the probes' TTL or hop limit */
	char		pcap_file[PATH_MAX];	/* "": no evidence saved */
	int		watch;			/* daemon: count real leaks */
	int		fix;			/* --fix: apply the proven fix */
	int		persist;		/* enum persist_form */
	char		persist_root[PATH_MAX];	/* "": / */
	unsigned	set;			/* settings given explicitly */

	/* Command line only. */
	int		once;
	int		cleanup;		/* --cleanup: sweep and exit */
	int		explain;		/* --explain: ask, send nothing */
	int		foreground;		/* -d */
	int		check_config;		/* -n */
	int		fix_dry_run;		/* --dry-run: print the plan */
	int		fix_undo;		/* --undo: put back the routes */
	int		verbose;
	char		config_file[PATH_MAX];
	int		config_given;		/* -f */
	char		netns[PATH_MAX];	/* --netns: "" this one */
};

enum options_action {
	OPTIONS_RUN,
	OPTIONS_HELP,
	OPTIONS_VERSION,
	OPTIONS_ERROR
};

void			options_defaults(struct options *);
enum options_action	options_parse(int argc, char **argv, struct options *,
			    char *err, size_t errlen);
void			options_merge(struct options *base,
			    const struct options *over);
enum options_action	options_validate(const struct options *, char *err,
			    size_t errlen);
enum options_action	options_validate_final(const struct options *,
			    char *err, size_t errlen);
void			options_usage(FILE *, int verbose);
enum format		options_format_hint(int argc, char **argv);

#endif
