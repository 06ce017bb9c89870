/* SPDX-License-Identifier: ISC */
/*
 * The settings: what a run is told to do (struct options), their
 * defaults and limits, and one table (settings.c) that gives each its
 * config key (also its long option), its short option, the name of its
 * value, a line of help, its setter and where it lives in struct
 * options.  The command line (options.c) and the config file go
 * through the setters, so a value means the same and is checked the
 * same wherever it comes from; settings_load() puts them together on
 * one path, defaults -> config file -> command line -> validation, and
 * the validation is the only one.  Adding a setting is one enum value,
 * one field and one row.
 */
#ifndef MCV_SETTINGS_H
#define MCV_SETTINGS_H

#include <limits.h>
#include <net/if.h>
#include <stddef.h>

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

/* The netns setting: "all" or a list of namespaces, as written. */
#define SETTINGS_NETNS_MAX	1024

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
	unsigned	cli_set;		/* ...of them, on the command line */

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
	char		netns_list[SETTINGS_NETNS_MAX];	/* netns: "", "all",
						   or names, paths, pid:N */
};

/* Bit i of options.set is setting i. */
enum setting_key {
	SET_GROUP,
	SET_PORT,
	SET_LOOPBACK,
	SET_INTERFACE,
	SET_TIMEOUT,
	SET_INTERVAL,
	SET_REQUIRE,
	SET_ROUTE,
	SET_FORMAT,
	SET_METRICS_FILE,
	SET_STATUS_FILE,
	SET_USER,
	SET_MITIGATIONS,
	SET_TTL,
	SET_PROBE_WAIT,
	SET_PCAP,
	SET_WATCH,
	SET_FIX,
	SET_PERSIST,
	SET_PERSIST_ROOT,
	SET_NETNS,
	SET_COUNT
};

typedef int (*setting_setter)(struct options *, const char *value,
    char *err, size_t errlen);

struct setting {
	const char	*key;		/* config key */
	int		 short_opt;	/* 0: none */
	int		 long_value;	/* --key value on the command line */
	const char	*flag;		/* a long option without a value... */
	const char	*flag_value;	/* ...that sets this value */
	const char	*arg;		/* the value's name in the help */
	const char	*help;		/* one line, with the unit */
	setting_setter	 set;
	size_t		 offset;	/* the value in struct options */
	size_t		 size;
	int		 daemon_only;	/* a value other than the default
					   is refused with --once */
};

const struct setting	*setting_get(enum setting_key);
int			 setting_lookup(const char *key);
int			 setting_by_short(int ch);
int			 setting_set(struct options *, int key,
			    const char *value, char *err, size_t errlen);
int			 parse_uint(const char *s, unsigned min, unsigned max,
			    unsigned *out);

void			 settings_defaults(struct options *);
int			 settings_parse_config(const char *name,
			    const char *text, size_t len, struct options *,
			    char *err, size_t errlen);
void			 settings_merge(struct options *base,
			    const struct options *cli);
int			 settings_validate(const struct options *, char *err,
			    size_t errlen);
int			 settings_load(const struct options *cli,
			    struct options *out, char *err, size_t errlen);

#endif
