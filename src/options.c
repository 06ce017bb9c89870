/* SPDX-License-Identifier: ISC */
/*
 * Command-line options.  The settings come from the settings table
 * (settings.c); this file adds the options that exist on the command
 * line only, builds getopt's tables from both, and parses argv into
 * struct options: each value through its setter, a bad one named in a
 * single line.  What the options ask for together is judged later,
 * with the config file's settings, by settings_validate().
 */
#include "config.h"

#include <ctype.h>
#include <getopt.h>
#include <string.h>

#include "options.h"

/* The options that are not settings. */
enum command {
	CMD_CLEANUP,
	CMD_CONFIG,
	CMD_DRY_RUN,
	CMD_EXPLAIN,
	CMD_FOREGROUND,
	CMD_HELP,
	CMD_CHECK_CONFIG,
	CMD_NETNS,
	CMD_ONCE,
	CMD_UNDO,
	CMD_VERBOSE,
	CMD_VERSION,
	CMD_COUNT
};

struct command_option {
	const char	*name;		/* long option; NULL: short only */
	int		 short_opt;	/* 0: long only */
	const char	*arg;		/* its value's name; NULL: none */
	const char	*help;
};

static const struct command_option commands[CMD_COUNT] = {
	[CMD_CLEANUP] = { "cleanup", 0, NULL,
	    "remove the routes of killed runs, then exit" },
	[CMD_CONFIG] = { "config", 'f', "file",
	    "read the settings from file (default " DEFAULT_CONFIG_FILE ")" },
	[CMD_DRY_RUN] = { "dry-run", 0, NULL,
	    "with --fix: print the plan (commands and files), change nothing" },
	[CMD_EXPLAIN] = { "explain", 0, NULL,
	    "ask the kernel where each method would go; send nothing" },
	[CMD_FOREGROUND] = { "foreground", 'd', NULL,
	    "daemon: stay in the foreground, log to standard error" },
	[CMD_HELP] = { "help", 'h', NULL, "print this help and exit" },
	[CMD_CHECK_CONFIG] = { NULL, 'n', NULL,
	    "check the config file and the options, then exit" },
	[CMD_NETNS] = { "netns", 0, "name",
	    "run in this network namespace: a name, a path or pid:N" },
	[CMD_ONCE] = { "once", 0, NULL,
	    "run one check, print its report, exit with its status" },
	[CMD_UNDO] = { "undo", 0, NULL,
	    "with --fix: put back the routes the last --fix changed" },
	[CMD_VERBOSE] = { "verbose", 'v', NULL, "log each step" },
	[CMD_VERSION] = { "version", 'V', NULL,
	    "print the version and exit" },
};

/*
 * getopt_long's values: a command is OPT_COMMAND + its index, a setting
 * OPT_SETTING + its key, a setting's flag OPT_FLAG + its key.  Short
 * options come back as themselves.
 */
#define OPT_COMMAND	256
#define OPT_SETTING	512
#define OPT_FLAG	768
#define NLONGOPTS	(CMD_COUNT + 2 * SET_COUNT + 1)

static void
put_long(struct option **lo, const char *name, int has_arg, int val)
{
	(*lo)->name = name;
	(*lo)->has_arg = has_arg;
	(*lo)->flag = NULL;
	(*lo)->val = val;
	(*lo)++;
}

static void
put_short(char **so, int ch, int has_arg)
{
	*(*so)++ = (char)ch;
	if (has_arg)
		*(*so)++ = ':';
}

/* Fills getopt's tables from the commands and the settings. */
static void
build_getopt(struct option *longopts, char *shortopts)
{
	struct option *lo = longopts;
	char *so = shortopts;
	int i;

	*so++ = ':';	/* a missing value is ':', not '?' */
	for (i = 0; i < CMD_COUNT; i++) {
		const struct command_option *c = &commands[i];

		if (c->name != NULL)
			put_long(&lo, c->name, c->arg ? required_argument :
			    no_argument, OPT_COMMAND + i);
		if (c->short_opt != 0)
			put_short(&so, c->short_opt, c->arg != NULL);
	}
	for (i = 0; i < SET_COUNT; i++) {
		const struct setting *s = setting_get((enum setting_key)i);

		if (s->long_value)
			put_long(&lo, s->key, required_argument,
			    OPT_SETTING + i);
		if (s->flag != NULL)
			put_long(&lo, s->flag, no_argument, OPT_FLAG + i);
		if (s->short_opt != 0)
			put_short(&so, s->short_opt, 1);
	}
	memset(lo, 0, sizeof(*lo));
	*so = '\0';
}

static int
command_by_short(int ch)
{
	int i;

	for (i = 0; i < CMD_COUNT; i++)
		if (commands[i].short_opt == ch)
			return i;
	return -1;
}

/* The synopsis; the man page's SYNOPSIS says the same (tests/man.sh). */
static void
usage_synopsis(FILE *fp)
{
	fprintf(fp,
	    "usage: %s [-dhnVv] [--explain] [--once] [--json] "
	    "[--mitigations]\n"
	    "                       [--no-route] [-f file] [-g group] "
"[-i interface]\n"
	    "                       [-l loopback] [-p port] [-t seconds] "
"[-u user]\n"
	    "                       [--format format] [--interval seconds] "
"[--metrics-file path]\n"
	    "                       [--pcap path] [--probe-wait ms] "
"[--require methods]\n"
	    "                       [--status-file path] [--ttl hops] "
"[--watch]\n"
	    "                       [--netns name]\n"
	    "       %s --fix [--dry-run | --undo] [-v] [--json] [-g group] "
"[-l loopback]\n"
	    "       %s --cleanup [-v] [--netns name]\n", PACKAGE, PACKAGE,
	    PACKAGE);
}

static void
usage_line(FILE *fp, int short_opt, const char *name, const char *arg,
    const char *help)
{
	char left[64];
	int n = 0;

	if (short_opt != 0)
		n = snprintf(left, sizeof(left), "-%c%s", short_opt,
		    name != NULL ? ", " : "");
	if (name != NULL)
		n += snprintf(left + n, sizeof(left) - (size_t)n, "--%s", name);
	if (arg != NULL)
		snprintf(left + n, sizeof(left) - (size_t)n, " %s", arg);
	fprintf(fp, "  %-28s %s\n", left, help);
}

/* The synopsis, then, with verbose, every option in one line. */
void
options_usage(FILE *fp, int verbose)
{
	char same[64];
	int i;

	usage_synopsis(fp);
	if (!verbose)
		return;
	fprintf(fp, "\n");
	for (i = 0; i < CMD_COUNT; i++)
		usage_line(fp, commands[i].short_opt, commands[i].name,
		    commands[i].arg, commands[i].help);
	for (i = 0; i < SET_COUNT; i++) {
		const struct setting *s = setting_get((enum setting_key)i);

		if (s->long_value || s->short_opt != 0)
			usage_line(fp, s->short_opt, s->long_value ? s->key :
			    NULL, s->arg, s->help);
		if (s->flag != NULL && s->long_value) {
			snprintf(same, sizeof(same), "the same as --%s %s",
			    s->key, s->flag_value);
			usage_line(fp, 0, s->flag, NULL, same);
		} else if (s->flag != NULL)
			usage_line(fp, 0, s->flag, NULL, s->help);
	}
	fprintf(fp, "\nExit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.  "
	    "See mcastlo-verifyd(8).\n");
}

/* Names the option as the user typed it: "--port" or "-p". */
static void
describe_bad_option(int ch, int optindex, char **argv, const char *what,
    char *err, size_t errlen)
{
	const char *word = optindex > 0 ? argv[optindex - 1] : NULL;

	if (word != NULL && strncmp(word, "--", 2) == 0)
		snprintf(err, errlen, "%.*s: %s", (int)strcspn(word, "="),
		    word, what);
	else if (ch > 0 && ch < 256 && isprint(ch))
		snprintf(err, errlen, "-%c: %s", ch, what);
	else
		snprintf(err, errlen, "%s: %s", word ? word : "?", what);
}

static int
parse_setting(struct options *o, int key, const char *arg, char *err,
    size_t errlen)
{
	char why[200];

	if (setting_set(o, key, arg, why, sizeof(why)) == 0)
		return 0;
	snprintf(err, errlen, "--%s: %s", setting_get((enum setting_key)key)->key,
	    why);
	return -1;
}

static int
parse_command(int cmd, const char *arg, struct options *o, char *err,
    size_t errlen)
{
	switch ((enum command)cmd) {
	case CMD_FOREGROUND:
		o->foreground = 1;
		break;
	case CMD_CONFIG:
		if (strlen(arg) >= sizeof(o->config_file) || arg[0] == '\0') {
			snprintf(err, errlen, "-f: '%s' is not a file name",
			    arg);
			return -1;
		}
		strcpy(o->config_file, arg);
		o->config_given = 1;
		break;
	case CMD_CHECK_CONFIG:
		o->check_config = 1;
		break;
	case CMD_VERBOSE:
		o->verbose++;
		break;
	case CMD_CLEANUP:
		o->cleanup = 1;
		break;
	case CMD_ONCE:
		o->once = 1;
		break;
	case CMD_NETNS:		/* netns.c checks what it names */
		if (strlen(arg) >= sizeof(o->netns) || arg[0] == '\0') {
			snprintf(err, errlen, "--netns: give a name, a path "
			    "or pid:N");
			return -1;
		}
		strcpy(o->netns, arg);
		break;
	case CMD_DRY_RUN:
		o->fix_dry_run = 1;
		break;
	case CMD_UNDO:
		o->fix_undo = 1;
		break;
	case CMD_EXPLAIN:	/* a one-shot that sends nothing */
		o->explain = o->once = 1;
		break;
	case CMD_HELP:
	case CMD_VERSION:
	case CMD_COUNT:
		break;
	}
	return 0;
}

/* The command a getopt_long value names (long or short), or -1. */
static int
command_of(int ch)
{
	if (ch >= OPT_SETTING)
		return -1;
	if (ch >= OPT_COMMAND)
		return ch - OPT_COMMAND;
	return command_by_short(ch);
}

/* One option getopt_long returned, other than help, version or an error. */
static int
parse_one(int ch, const char *arg, struct options *o, char *err,
    size_t errlen)
{
	int key;

	if (ch >= OPT_FLAG)
		return parse_setting(o, ch - OPT_FLAG,
		    setting_get((enum setting_key)(ch - OPT_FLAG))->flag_value,
		    err, errlen);
	if (ch >= OPT_SETTING)
		return parse_setting(o, ch - OPT_SETTING, arg, err, errlen);
	if ((key = setting_by_short(ch)) >= 0)
		return parse_setting(o, key, arg, err, errlen);
	return parse_command(command_of(ch), arg, o, err, errlen);
}

/*
 * The report format a command line asks for, read without parsing it
 * (which may have failed): --json, --format X, --format=X.
 */
enum format
options_format_hint(int argc, char **argv)
{
	struct options o;
	char err[64];
	const char *v;
	int i;

	settings_defaults(&o);
	for (i = 1; i < argc; i++) {
		v = NULL;
		if (strcmp(argv[i], "--json") == 0)
			v = "json";
		else if (strncmp(argv[i], "--format=", 9) == 0)
			v = argv[i] + 9;
		else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
			v = argv[i + 1];
		if (v != NULL)
			setting_set(&o, SET_FORMAT, v, err, sizeof(err));
	}
	return o.format;
}

/* Help and version win over everything else on the line. */
static enum options_action
info_request(int ch)
{
	int cmd = command_of(ch);

	if (cmd == CMD_HELP)
		return OPTIONS_HELP;
	if (cmd == CMD_VERSION)
		return OPTIONS_VERSION;
	return OPTIONS_RUN;
}

enum options_action
options_parse(int argc, char **argv, struct options *o, char *err,
    size_t errlen)
{
	struct option longopts[NLONGOPTS];
	char shortopts[2 * (CMD_COUNT + SET_COUNT) + 2];
	enum options_action action = OPTIONS_RUN, info;
	int ch;

	settings_defaults(o);
	build_getopt(longopts, shortopts);
	optind = 0;	/* glibc: a full reset, so parsing can be repeated */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (ch == '?' || ch == ':') {
			describe_bad_option(optopt, optind, argv, ch == '?' ?
			    "unknown option" : "needs a value", err, errlen);
			return OPTIONS_ERROR;
		}
		if ((info = info_request(ch)) != OPTIONS_RUN)
			action = info;
		else if (parse_one(ch, optarg, o, err, errlen) == -1)
			return OPTIONS_ERROR;
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s'", argv[optind]);
		return OPTIONS_ERROR;
	}
	o->cli_set = o->set;
	return action;
}
