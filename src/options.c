/*
 * Command-line options.  Every value is checked here, before anything
 * on the host is touched, and a bad one is named in a single line.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "probe.h"

enum {
	OPT_CLEANUP = 256,
	OPT_ONCE,
	OPT_JSON,
	OPT_NO_ROUTE,
	OPT_REQUIRE
};

static const struct option longopts[] = {
	{ "cleanup",	no_argument,		NULL, OPT_CLEANUP },
	{ "group",	required_argument,	NULL, 'g' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "interface",	required_argument,	NULL, 'i' },
	{ "json",	no_argument,		NULL, OPT_JSON },
	{ "loopback",	required_argument,	NULL, 'l' },
	{ "no-route",	no_argument,		NULL, OPT_NO_ROUTE },
	{ "once",	no_argument,		NULL, OPT_ONCE },
	{ "port",	required_argument,	NULL, 'p' },
	{ "require",	required_argument,	NULL, OPT_REQUIRE },
	{ "timeout",	required_argument,	NULL, 't' },
	{ "user",	required_argument,	NULL, 'u' },
	{ "verbose",	no_argument,		NULL, 'v' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL,		0,			NULL, 0 }
};

static const char shortopts[] = ":g:hi:l:p:t:u:vV";

void
options_usage(FILE *fp)
{
	fprintf(fp,
	    "usage: %s --once [-hVv] [--json] [--no-route] [-g group] "
	    "[-i interface]\n"
	    "                       [-l loopback] [-p port] "
	    "[--require methods] [-t timeout]\n"
	    "                       [-u user]\n"
	    "       %s --cleanup [-v]\n", PACKAGE, PACKAGE);
}

void
options_defaults(struct options *o)
{
	size_t i;

	memset(o, 0, sizeof(*o));
	inet_pton(AF_INET, DEFAULT_GROUP, &o->group);
	strcpy(o->loopback, DEFAULT_LOOPBACK);
	o->timeout_ms = DEFAULT_TIMEOUT_MS;
	for (i = 0; i < probe_count(); i++)
		o->require_mask |= 1u << i;
	o->format = FORMAT_TEXT;
}

/* A whole decimal number in [min, max]: no sign, no space, no suffix. */
int
parse_uint(const char *s, unsigned min, unsigned max, unsigned *out)
{
	unsigned long v;
	char *end;

	if (s == NULL || !isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* An IPv4 multicast group outside 224.0.0.0/24, which never routes. */
int
parse_group(const char *s, struct in_addr *out, char *err, size_t errlen)
{
	struct in6_addr a6;
	uint32_t h;

	if (inet_pton(AF_INET, s, out) != 1) {
		if (inet_pton(AF_INET6, s, &a6) == 1)
			snprintf(err, errlen, "--group: '%s': IPv6 groups "
			    "are not supported yet", s);
		else
			snprintf(err, errlen, "--group: '%s' is not an IPv4 "
			    "address", s);
		return -1;
	}
	h = ntohl(out->s_addr);
	if (!IN_MULTICAST(h)) {
		snprintf(err, errlen, "--group: %s is not a multicast group "
		    "(224.0.0.0/4)", s);
		return -1;
	}
	if ((h & 0xffffff00u) == 0xe0000000u) {
		snprintf(err, errlen, "--group: %s is in 224.0.0.0/24, "
		    "link-local groups that are never routed", s);
		return -1;
	}
	return 0;
}

/* A comma list of probe method names, each at most once. */
int
parse_require(const char *s, unsigned *mask, char *err, size_t errlen)
{
	char buf[256], *tok, *save = NULL;
	int index;

	*mask = 0;
	if (strlen(s) >= sizeof(buf)) {
		snprintf(err, errlen, "--require: list too long");
		return -1;
	}
	strcpy(buf, s);
	if (buf[0] == '\0' || buf[0] == ',' || buf[strlen(buf) - 1] == ',' ||
	    strstr(buf, ",,") != NULL) {
		snprintf(err, errlen, "--require: '%s' is not a comma list "
		    "of methods", s);
		return -1;
	}
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if ((index = probe_lookup(tok)) < 0) {
			snprintf(err, errlen, "--require: unknown method '%s' "
			    "(known: sendto, send)", tok);
			return -1;
		}
		*mask |= 1u << index;
	}
	return 0;
}

static int
parse_ifname(const char *opt, const char *s, char *out, char *err,
    size_t errlen)
{
	if (s[0] == '\0' || strlen(s) >= IF_NAMESIZE ||
	    strpbrk(s, "/ \t\n:") != NULL) {
		snprintf(err, errlen, "%s: '%s' is not an interface name",
		    opt, s);
		return -1;
	}
	strcpy(out, s);
	return 0;
}

static int
parse_one(int ch, const char *arg, struct options *o, char *err,
    size_t errlen)
{
	switch (ch) {
	case 'g':
		return parse_group(arg, &o->group, err, errlen);
	case 'i':
		return parse_ifname("--interface", arg, o->egress, err,
		    errlen);
	case 'l':
		return parse_ifname("--loopback", arg, o->loopback, err,
		    errlen);
	case 'p':
		if (parse_uint(arg, 1, 65535, &o->port) == 0)
			return 0;
		snprintf(err, errlen, "--port: '%s' is not a number from 1 "
		    "to 65535", arg);
		return -1;
	case 't':
		if (parse_uint(arg, TIMEOUT_MIN_MS, TIMEOUT_MAX_MS,
		    &o->timeout_ms) == 0)
			return 0;
		snprintf(err, errlen, "--timeout: '%s' is not a number of "
		    "milliseconds from %d to %d", arg, TIMEOUT_MIN_MS,
		    TIMEOUT_MAX_MS);
		return -1;
	case 'u':
		if (arg[0] != '\0' && strlen(arg) < sizeof(o->user)) {
			strcpy(o->user, arg);
			return 0;
		}
		snprintf(err, errlen, "--user: '%s' is not a user name", arg);
		return -1;
	case 'v':
		o->verbose++;
		return 0;
	case OPT_CLEANUP:
		o->cleanup = 1;
		return 0;
	case OPT_ONCE:
		o->once = 1;
		return 0;
	case OPT_JSON:
		o->format = FORMAT_JSON;
		return 0;
	case OPT_NO_ROUTE:
		o->no_route = 1;
		return 0;
	case OPT_REQUIRE:
		return parse_require(arg, &o->require_mask, err, errlen);
	}
	snprintf(err, errlen, "internal error: option %d", ch);
	return -1;
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
	if (o->egress[0] != '\0' && strcmp(o->egress, o->loopback) == 0) {
		snprintf(err, errlen, "--interface %s is the loopback "
		    "interface; name the egress interface", o->egress);
		return OPTIONS_ERROR;
	}
	if (o->cleanup && o->once) {
		snprintf(err, errlen, "--cleanup and --once do not go "
		    "together");
		return OPTIONS_ERROR;
	}
	if (o->cleanup)
		return OPTIONS_RUN;
	if (!o->once) {
		snprintf(err, errlen, "daemon mode is not available yet; "
		    "run a single check with --once");
		return OPTIONS_ERROR;
	}
	return OPTIONS_RUN;
}
