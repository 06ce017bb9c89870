/*
 * Command-line options.  Every value is checked here, before anything
 * on the host is touched, and a bad one is named in a single line.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <getopt.h>
#include <string.h>

#include "options.h"
#include "probe.h"

enum {
	OPT_CLEANUP = 256,
	OPT_EXPLAIN,
	OPT_ONCE,
	OPT_JSON,
	OPT_NO_ROUTE,
	OPT_MITIGATIONS,
	/* A long option that is a setting: OPT_SETTING + its key. */
	OPT_SETTING = 512
};

static const struct option longopts[] = {
	{ "cleanup",	  no_argument,	     NULL, OPT_CLEANUP },
	{ "config",	  required_argument, NULL, 'f' },
	{ "explain",	  no_argument,	     NULL, OPT_EXPLAIN },
	{ "foreground",	  no_argument,	     NULL, 'd' },
	{ "format",	  required_argument, NULL, OPT_SETTING + SET_FORMAT },
	{ "group",	  required_argument, NULL, 'g' },
	{ "help",	  no_argument,	     NULL, 'h' },
	{ "interface",	  required_argument, NULL, 'i' },
	{ "interval",	  required_argument, NULL, OPT_SETTING + SET_INTERVAL },
	{ "json",	  no_argument,	     NULL, OPT_JSON },
	{ "loopback",	  required_argument, NULL, 'l' },
	{ "metrics-file", required_argument, NULL,
	    OPT_SETTING + SET_METRICS_FILE },
	{ "mitigations",  no_argument,	     NULL, OPT_MITIGATIONS },
	{ "no-route",	  no_argument,	     NULL, OPT_NO_ROUTE },
	{ "once",	  no_argument,	     NULL, OPT_ONCE },
	{ "port",	  required_argument, NULL, 'p' },
	{ "require",	  required_argument, NULL, OPT_SETTING + SET_REQUIRE },
	{ "status-file",  required_argument, NULL,
	    OPT_SETTING + SET_STATUS_FILE },
	{ "timeout",	  required_argument, NULL, 't' },
	{ "user",	  required_argument, NULL, 'u' },
	{ "verbose",	  no_argument,	     NULL, 'v' },
	{ "version",	  no_argument,	     NULL, 'V' },
	{ NULL,		  0,		     NULL, 0 }
};

static const char shortopts[] = ":df:g:hi:l:np:t:u:vV";

/* The short options that are settings. */
static int
short_setting(int ch)
{
	switch (ch) {
	case 'g': return SET_GROUP;
	case 'i': return SET_INTERFACE;
	case 'l': return SET_LOOPBACK;
	case 'p': return SET_PORT;
	case 't': return SET_TIMEOUT;
	case 'u': return SET_USER;
	}
	return -1;
}

void
options_usage(FILE *fp)
{
	fprintf(fp,
	    "usage: %s [-dhnVv] [--explain] [--once] [--json] "
	    "[--mitigations]\n"
	    "                       [--no-route] [-f file] [-g group] "
"[-i interface]\n"
	    "                       [-l loopback] [-p port] [-t timeout] "
"[-u user]\n"
	    "                       [--format format] [--interval seconds] "
"[--metrics-file path]\n"
	    "                       [--require methods] [--status-file path]\n"
	    "       %s --cleanup [-v]\n", PACKAGE, PACKAGE);
}

void
options_defaults(struct options *o)
{
	memset(o, 0, sizeof(*o));
	addr_parse(DEFAULT_GROUP, &o->group);
	strcpy(o->loopback, DEFAULT_LOOPBACK);
	o->timeout_ms = DEFAULT_TIMEOUT_MS;
	o->interval_s = DEFAULT_INTERVAL_S;
	/* The applications' methods; the fixes are not required. */
	o->require_mask = method_bit(METHOD_SENDTO) | method_bit(METHOD_SEND);
	o->format = FORMAT_TEXT;
	strcpy(o->status_file, DEFAULT_STATUS_FILE);
	strcpy(o->config_file, DEFAULT_CONFIG_FILE);
}

static void
copy_setting(struct options *d, const struct options *s, int key)
{
	switch (key) {
	case SET_GROUP:		d->group = s->group; break;
	case SET_PORT:		d->port = s->port; break;
	case SET_LOOPBACK:	strcpy(d->loopback, s->loopback); break;
	case SET_INTERFACE:	strcpy(d->egress, s->egress); break;
	case SET_TIMEOUT:	d->timeout_ms = s->timeout_ms; break;
	case SET_INTERVAL:	d->interval_s = s->interval_s; break;
	case SET_REQUIRE:	d->require_mask = s->require_mask; break;
	case SET_ROUTE:		d->no_route = s->no_route; break;
	case SET_FORMAT:	d->format = s->format; break;
	case SET_METRICS_FILE:	strcpy(d->metrics_file, s->metrics_file); break;
	case SET_STATUS_FILE:	strcpy(d->status_file, s->status_file); break;
	case SET_USER:		strcpy(d->user, s->user); break;
	case SET_MITIGATIONS:	d->mitigations = s->mitigations; break;
	}
}

/* The command line wins: its settings, and all its own options. */
void
options_merge(struct options *base, const struct options *over)
{
	int key;

	for (key = 0; key < SET_COUNT; key++)
		if (over->set & (1u << key))
			copy_setting(base, over, key);
	base->set |= over->set;
	base->once = over->once;
	base->cleanup = over->cleanup;
	base->explain = over->explain;
	base->foreground = over->foreground;
	base->check_config = over->check_config;
	base->verbose = over->verbose;
	base->config_given = over->config_given;
	strcpy(base->config_file, over->config_file);
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
	snprintf(err, errlen, "--%s: %s", setting_name(key), why);
	return -1;
}

static int
parse_one(int ch, const char *arg, struct options *o, char *err,
    size_t errlen)
{
	int key = ch >= OPT_SETTING ? ch - OPT_SETTING : short_setting(ch);

	if (key >= 0)
		return parse_setting(o, key, arg, err, errlen);
	switch (ch) {
	case 'd':
		o->foreground = 1;
		return 0;
	case 'f':
		if (strlen(arg) >= sizeof(o->config_file) || arg[0] == '\0') {
			snprintf(err, errlen, "-f: '%s' is not a file name",
			    arg);
			return -1;
		}
		strcpy(o->config_file, arg);
		o->config_given = 1;
		return 0;
	case 'n':
		o->check_config = 1;
		return 0;
	case 'v':
		o->verbose++;
		return 0;
	case OPT_CLEANUP:
		o->cleanup = 1;
		return 0;
	case OPT_ONCE:
		o->once = 1;
		return 0;
	case OPT_EXPLAIN:	/* a one-shot that sends nothing */
		o->explain = o->once = 1;
		return 0;
	case OPT_JSON:
		return parse_setting(o, SET_FORMAT, "json", err, errlen);
	case OPT_NO_ROUTE:
		return parse_setting(o, SET_ROUTE, "none", err, errlen);
	case OPT_MITIGATIONS:
		return parse_setting(o, SET_MITIGATIONS, "on", err, errlen);
	}
	snprintf(err, errlen, "internal error: option %d", ch);
	return -1;
}

/* What no single option can say is wrong, but two together can. */
enum options_action
options_validate(const struct options *o, char *err, size_t errlen)
{
	if ((o->set & (1u << SET_INTERFACE)) &&
	    strcmp(o->egress, o->loopback) == 0) {
		snprintf(err, errlen, "--interface %s is the loopback "
		    "interface; name the egress interface", o->egress);
		return OPTIONS_ERROR;
	}
	if (o->cleanup && (o->once || o->check_config)) {
		snprintf(err, errlen, "--cleanup goes with neither --once "
		    "nor -n");
		return OPTIONS_ERROR;
	}
	return OPTIONS_RUN;
}

/* The settings in force, once the config file and command line merged. */
enum options_action
options_validate_final(const struct options *o, char *err, size_t errlen)
{
	if ((o->require_mask >> METHOD_BASE_COUNT) != 0 && !o->mitigations) {
		snprintf(err, errlen, "require names a fix; fixes are probed "
		    "only with --mitigations (mitigations on)");
		return OPTIONS_ERROR;
	}
	return options_validate(o, err, errlen);
}

enum options_action
options_parse(int argc, char **argv, struct options *o, char *err,
    size_t errlen)
{
	enum options_action action = OPTIONS_RUN;
	int ch;

	options_defaults(o);
	optind = 0;	/* glibc: a full reset, so parsing can be repeated */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			action = OPTIONS_HELP;
			break;
		case 'V':
			action = OPTIONS_VERSION;
			break;
		case '?':
			describe_bad_option(optopt, optind, argv,
			    "unknown option", err, errlen);
			return OPTIONS_ERROR;
		case ':':
			describe_bad_option(optopt, optind, argv,
			    "needs a value", err, errlen);
			return OPTIONS_ERROR;
		default:
			if (parse_one(ch, optarg, o, err, errlen) == -1)
				return OPTIONS_ERROR;
		}
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s'", argv[optind]);
		return OPTIONS_ERROR;
	}
	if (action != OPTIONS_RUN)
		return action;
	return options_validate(o, err, errlen);
}
