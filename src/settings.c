/* SPDX-License-Identifier: ISC */
/*
 * The settings table and its setters: one per config key, shared by the
 * command line (--key value, a short option, or a flag such as --json)
 * and the config file (key value).  A setter's error names the bad
 * value; the caller adds where it came from.  Then the one path to the
 * settings in force: the defaults, the config file's lines, the
 * command line over them, and the one validation of what they ask for
 * together, each refusal naming where the setting came from.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conffile.h"
#include "method.h"
#include "persistform.h"
#include "rundir.h"
#include "settings.h"

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
static int
check_group4(const struct in_addr *a, const char *s, char *err,
    size_t errlen)
{
	uint32_t h = ntohl(a->s_addr);

	if (!IN_MULTICAST(h)) {
		snprintf(err, errlen, "%s is not a multicast group "
		    "(224.0.0.0/4)", s);
		return -1;
	}
	if ((h & 0xffffff00u) == 0xe0000000u) {
		snprintf(err, errlen, "%s is in 224.0.0.0/24, link-local "
		    "groups that are never routed", s);
		return -1;
	}
	return 0;
}

/*
 * An IPv6 multicast group (ff00::/8) whose scope, the low four bits of
 * its second byte (the fourth hex digit), is 3 to e: interface- and
 * link-local groups are never routed, so there is nothing to verify,
 * and scopes 0 and f are reserved (RFC 4291).
 */
static int
check_group6(const struct in6_addr *a, const char *s, char *err,
    size_t errlen)
{
	unsigned scope = a->s6_addr[1] & 0x0f;

	if (!IN6_IS_ADDR_MULTICAST(a)) {
		snprintf(err, errlen, "%s is not a multicast group (ff00::/8)",
		    s);
		return -1;
	}
	if (scope <= 2 || scope == 0xf) {
		snprintf(err, errlen, "%s has scope %x; IPv6 groups need a "
		    "scope from 3 to e, wider than link-local (ffx3:: to "
		    "ffxe::)", s, scope);
		return -1;
	}
	return 0;
}

static int
set_group(struct options *o, const char *s, char *err, size_t errlen)
{
	if (addr_parse(s, &o->group) == -1) {
		snprintf(err, errlen, "'%s' is not an IPv4 or IPv6 address", s);
		return -1;
	}
	if (o->group.family == AF_INET6)
		return check_group6(&o->group.u.v6, s, err, errlen);
	return check_group4(&o->group.u.v4, s, err, errlen);
}

static int
set_number(const char *s, unsigned min, unsigned max, const char *unit,
    unsigned *out, char *err, size_t errlen)
{
	if (parse_uint(s, min, max, out) == 0)
		return 0;
	snprintf(err, errlen, "'%s' is not a number%s%s from %u to %u", s,
	    unit[0] ? " of " : "", unit, min, max);
	return -1;
}

static int
set_port(struct options *o, const char *s, char *err, size_t errlen)
{
	return set_number(s, 1, 65535, "", &o->port, err, errlen);
}

static int
set_timeout(struct options *o, const char *s, char *err, size_t errlen)
{
	return set_number(s, TIMEOUT_MIN_S, TIMEOUT_MAX_S, "seconds",
	    &o->timeout_s, err, errlen);
}

static int
set_probe_wait(struct options *o, const char *s, char *err, size_t errlen)
{
	return set_number(s, PROBE_WAIT_MIN_MS, PROBE_WAIT_MAX_MS,
	    "milliseconds", &o->probe_wait_ms, err, errlen);
}

static int
set_interval(struct options *o, const char *s, char *err, size_t errlen)
{
	return set_number(s, INTERVAL_MIN_S, INTERVAL_MAX_S, "seconds",
	    &o->interval_s, err, errlen);
}

static int
set_ifname(char *out, const char *s, char *err, size_t errlen)
{
	if (s[0] == '\0' || strlen(s) >= IF_NAMESIZE ||
	    strpbrk(s, "/ \t\n:") != NULL) {
		snprintf(err, errlen, "'%s' is not an interface name", s);
		return -1;
	}
	strcpy(out, s);
	return 0;
}

static int
set_loopback(struct options *o, const char *s, char *err, size_t errlen)
{
	return set_ifname(o->loopback, s, err, errlen);
}

static int
set_interface(struct options *o, const char *s, char *err, size_t errlen)
{
	return set_ifname(o->egress, s, err, errlen);
}

static void
unknown_method(const char *name, char *err, size_t errlen)
{
	size_t i, len;

	snprintf(err, errlen, "unknown method '%s' (known:", name);
	for (i = 0; i < METHOD_COUNT; i++) {
		len = strlen(err);
		snprintf(err + len, errlen - len, "%s %s", i ? "," : "",
		    method_get((enum method)i)->name);
	}
	len = strlen(err);
	snprintf(err + len, errlen - len, ")");
}

/* A comma list of probe method names. */
static int
set_require(struct options *o, const char *s, char *err, size_t errlen)
{
	char buf[256], *tok, *save = NULL;
	enum method m;

	if (strlen(s) >= sizeof(buf)) {
		snprintf(err, errlen, "list too long");
		return -1;
	}
	strcpy(buf, s);
	if (buf[0] == '\0' || buf[0] == ',' || buf[strlen(buf) - 1] == ',' ||
	    strstr(buf, ",,") != NULL) {
		snprintf(err, errlen, "'%s' is not a comma list of methods", s);
		return -1;
	}
	o->require_mask = 0;
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if (method_by_name(tok, &m) == -1) {
			unknown_method(tok, err, errlen);
			return -1;
		}
		o->require_mask |= method_bit(m);
	}
	return 0;
}

/* A setting that is one of two words, each meaning 0 or 1. */
static int
set_either(int *out, const char *s, const char *a, int a_value,
    const char *b, int b_value, char *err, size_t errlen)
{
	if (strcmp(s, a) == 0)
		*out = a_value;
	else if (strcmp(s, b) == 0)
		*out = b_value;
	else {
		snprintf(err, errlen, "'%s' is neither %s nor %s", s, a, b);
		return -1;
	}
	return 0;
}

static int
set_route(struct options *o, const char *s, char *err, size_t errlen)
{
	return set_either(&o->no_route, s, "auto", 0, "none", 1, err, errlen);
}

static int
set_format(struct options *o, const char *s, char *err, size_t errlen)
{
	if (strcmp(s, "text") == 0)
		o->format = FORMAT_TEXT;
	else if (strcmp(s, "json") == 0)
		o->format = FORMAT_JSON;
	else if (strcmp(s, "nagios") == 0)
		o->format = FORMAT_NAGIOS;
	else {
		snprintf(err, errlen, "'%s' is not text, json or nagios", s);
		return -1;
	}
	return 0;
}

static int
set_path(char *out, size_t size, const char *s, char *err, size_t errlen)
{
	if (s[0] != '/' || strlen(s) >= size) {
		snprintf(err, errlen, "'%s' is not an absolute path", s);
		return -1;
	}
	strcpy(out, s);
	return 0;
}

static int
set_metrics_file(struct options *o, const char *s, char *err, size_t errlen)
{
	return set_path(o->metrics_file, sizeof(o->metrics_file), s, err,
	    errlen);
}

static int
set_status_file(struct options *o, const char *s, char *err, size_t errlen)
{
	return set_path(o->status_file, sizeof(o->status_file), s, err,
	    errlen);
}

static int
set_pcap(struct options *o, const char *s, char *err, size_t errlen)
{
	return set_path(o->pcap_file, sizeof(o->pcap_file), s, err, errlen);
}

static int
set_watch(struct options *o, const char *s, char *err, size_t errlen)
{
	return set_either(&o->watch, s, "yes", 1, "no", 0, err, errlen);
}

static int
set_fix(struct options *o, const char *s, char *err, size_t errlen)
{
	return set_either(&o->fix, s, "yes", 1, "no", 0, err, errlen);
}

static int
set_persist(struct options *o, const char *s, char *err, size_t errlen)
{
	if (persist_form_by_name(s, &o->persist) == 0)
		return 0;
	snprintf(err, errlen, "'%s' is not auto, networkd, ifupdown, netplan "
	    "or none", s);
	return -1;
}

static int
set_persist_root(struct options *o, const char *s, char *err, size_t errlen)
{
	return set_path(o->persist_root, sizeof(o->persist_root), s, err,
	    errlen);
}

static int
set_user(struct options *o, const char *s, char *err, size_t errlen)
{
	if (s[0] == '\0' || strlen(s) >= sizeof(o->user) ||
	    strpbrk(s, " \t:/") != NULL) {
		snprintf(err, errlen, "'%s' is not a user name", s);
		return -1;
	}
	strcpy(o->user, s);
	return 0;
}

/* The most namespaces the setting may name (a round's own is one more). */
#define NETNS_NAMES_MAX	63

/* One name of the netns list: a name, a path, or pid:N. */
static int
check_netns_name(const char *tok, char *err, size_t errlen)
{
	const char *p;

	if (strcmp(tok, "all") == 0) {
		snprintf(err, errlen, "'all' goes alone: it is every "
		    "namespace");
		return -1;
	}
	if (strncmp(tok, "pid:", 4) == 0) {
		for (p = tok + 4; isdigit((unsigned char)*p); p++)
			;
		if (p == tok + 4 || *p != '\0') {
			snprintf(err, errlen, "'%s': pid:N needs a process id",
			    tok);
			return -1;
		}
	} else if (strchr(tok, '/') != NULL && tok[0] != '/') {
		/* The daemon's working directory is /: say what is meant. */
		snprintf(err, errlen, "'%s': a path must be absolute", tok);
		return -1;
	} else if (strcmp(tok, ".") == 0 || strcmp(tok, "..") == 0) {
		snprintf(err, errlen, "'%s' is not a namespace name", tok);
		return -1;
	}
	return 0;
}

/*
 * netns: "all", or names (under /run/netns), paths and pid:N, apart by
 * spaces or commas; kept apart by single spaces.  What each names is
 * looked up at each round, when it may have come or gone.
 */
static int
set_netns(struct options *o, const char *s, char *err, size_t errlen)
{
	char copy[SETTINGS_NETNS_MAX], *tok, *save = NULL;
	size_t n = 0;

	if (strlen(s) >= sizeof(copy)) {
		snprintf(err, errlen, "the list is longer than %zu bytes",
		    sizeof(copy) - 1);
		return -1;
	}
	if (strcmp(s, "all") == 0 || strcmp(s, "none") == 0) {
		strcpy(o->netns_list, strcmp(s, "all") == 0 ? "all" : "");
		return 0;
	}
	strcpy(copy, s);
	o->netns_list[0] = '\0';
	for (tok = strtok_r(copy, " \t,", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t,", &save)) {
		if (check_netns_name(tok, err, errlen) == -1)
			return -1;
		if (++n > NETNS_NAMES_MAX) {
			snprintf(err, errlen, "more than %d namespaces",
			    NETNS_NAMES_MAX);
			return -1;
		}
		if (n > 1)
			strcat(o->netns_list, " ");
		strcat(o->netns_list, tok);
	}
	return 0;
}

static int
set_mitigations(struct options *o, const char *s, char *err, size_t errlen)
{
	return set_either(&o->mitigations, s, "on", 1, "off", 0, err, errlen);
}

#define FIELD(name)	offsetof(struct options, name), \
			sizeof(((struct options *)0)->name)

static int
set_ttl(struct options *o, const char *s, char *err, size_t errlen)
{
	return set_number(s, 1, 255, "hops", &o->ttl, err, errlen);
}

static const struct setting settings[SET_COUNT] = {
	[SET_GROUP] = { "group", 'g', 1, NULL, NULL, "group",
	    "the multicast group to test, IPv4 or IPv6 (default "
	    DEFAULT_GROUP ")", set_group, FIELD(group) },
	[SET_PORT] = { "port", 'p', 1, NULL, NULL, "port",
	    "the probes' UDP port, 1-65535 (default: a free one per check)",
	    set_port, FIELD(port) },
	[SET_LOOPBACK] = { "loopback", 'l', 1, NULL, NULL, "loopback",
	    "the loopback interface the group should stay on (default "
	    DEFAULT_LOOPBACK ")", set_loopback, FIELD(loopback) },
	[SET_INTERFACE] = { "interface", 'i', 1, NULL, NULL, "interface",
	    "the egress interface a leak is expected to take (default: "
	    "the kernel's)", set_interface, FIELD(egress) },
	[SET_TIMEOUT] = { "timeout", 't', 1, NULL, NULL, "seconds",
	    "the whole check at most this long, 1-3600 s, then UNKNOWN "
	    "(default 30)", set_timeout, FIELD(timeout_s) },
	[SET_INTERVAL] = { "interval", 0, 1, NULL, NULL, "seconds",
	    "daemon: seconds from one check to the next, 1-86400 "
	    "(default 60)", set_interval, FIELD(interval_s) },
	[SET_REQUIRE] = { "require", 0, 1, NULL, NULL, "methods",
	    "the send methods that must stay on loopback (default "
	    "sendto,send)", set_require, FIELD(require_mask) },
	[SET_ROUTE] = { "route", 0, 0, "no-route", "none", NULL,
	    "add no route for the group: test the routing as it is",
	    set_route, FIELD(no_route) },
	[SET_FORMAT] = { "format", 0, 1, "json", "json", "format",
	    "the --once report: text, json or nagios (default text)",
	    set_format, FIELD(format) },
	[SET_METRICS_FILE] = { "metrics-file", 0, 1, NULL, NULL, "path",
	    "write Prometheus metrics there after each check",
	    set_metrics_file, FIELD(metrics_file) },
	[SET_STATUS_FILE] = { "status-file", 0, 1, NULL, NULL, "path",
	    "write the JSON report there after each check (daemon "
	    "default: the runtime directory's status.json)",
	    set_status_file, FIELD(status_file) },
	[SET_USER] = { "user", 'u', 1, NULL, NULL, "user",
	    "run as this user once set up (needs CAP_SETUID, CAP_SETGID)",
	    set_user, FIELD(user) },
	[SET_MITIGATIONS] = { "mitigations", 0, 0, "mitigations", "on", NULL,
	    "also probe the known fixes for the leak", set_mitigations,
	    FIELD(mitigations) },
	[SET_TTL] = { "ttl", 0, 1, NULL, NULL, "hops",
	    "the probes' TTL or hop limit, 1-255, as the applications use "
	    "(default 1)", set_ttl, FIELD(ttl) },
	[SET_PROBE_WAIT] = { "probe-wait", 0, 1, NULL, NULL, "ms",
	    "how long to wait for the probes once sent, 10-60000 ms "
	    "(default 1000)", set_probe_wait, FIELD(probe_wait_ms) },
	[SET_PCAP] = { "pcap", 0, 1, NULL, NULL, "path",
	    "save the frames that carried the probes there (pcap, "
	    "LINUX_SLL2)", set_pcap, FIELD(pcap_file) },
	[SET_WATCH] = { "watch", 0, 0, "watch", "yes", NULL,
	    "daemon: between checks, count the datagrams applications leak",
	    set_watch, FIELD(watch), 1 },
	[SET_FIX] = { "fix", 0, 0, "fix", "yes", NULL,
	    "change the routes so the group stays on loopback, prove it "
	    "with a check, roll back if not proven", set_fix, FIELD(fix) },
	[SET_PERSIST] = { "persist", 0, 1, NULL, NULL, "form",
	    "with --fix: also write the routes for boot: auto, networkd, "
	    "ifupdown, netplan or none (default none)", set_persist,
	    FIELD(persist) },
	[SET_PERSIST_ROOT] = { "persist-root", 0, 1, NULL, NULL, "dir",
	    "with --persist: the root the network configuration is under "
	    "(default /; an image's, say)", set_persist_root,
	    FIELD(persist_root) },
	/* The config file's only: --netns is the command line's, for one. */
	[SET_NETNS] = { "netns", 0, 0, NULL, NULL, "list",
	    "check these network namespaces too, each in turn: all, or "
	    "names, paths and pid:N (default none)", set_netns,
	    FIELD(netns_list) },
};

const struct setting *
setting_get(enum setting_key key)
{
	return &settings[key];
}

/* The setting a config key names, or -1. */
int
setting_lookup(const char *key)
{
	int i;

	for (i = 0; i < SET_COUNT; i++)
		if (strcmp(settings[i].key, key) == 0)
			return i;
	return -1;
}

/* The setting a short option stands for, or -1. */
int
setting_by_short(int ch)
{
	int i;

	for (i = 0; i < SET_COUNT; i++)
		if (settings[i].short_opt != 0 && settings[i].short_opt == ch)
			return i;
	return -1;
}

int
setting_set(struct options *o, int key, const char *value, char *err,
    size_t errlen)
{
	if (key < 0 || key >= SET_COUNT) {
		snprintf(err, errlen, "no such setting");
		return -1;
	}
	if (settings[key].set(o, value, err, errlen) == -1)
		return -1;
	o->set |= 1u << key;
	return 0;
}


void
settings_defaults(struct options *o)
{
	memset(o, 0, sizeof(*o));
	addr_parse(DEFAULT_GROUP, &o->group);
	strcpy(o->loopback, DEFAULT_LOOPBACK);
	o->timeout_s = DEFAULT_TIMEOUT_S;
	o->probe_wait_ms = DEFAULT_PROBE_WAIT_MS;
	o->interval_s = DEFAULT_INTERVAL_S;
	o->ttl = DEFAULT_TTL;
	/* The applications' methods; the fixes are not required. */
	o->require_mask = method_bit(METHOD_SENDTO) | method_bit(METHOD_SEND);
	o->format = FORMAT_TEXT;
	snprintf(o->status_file, sizeof(o->status_file), "%s/status.json",
	    rundir_path());
	strcpy(o->config_file, DEFAULT_CONFIG_FILE);
}

/* Copies one setting's value, whatever its type. */
static void
setting_copy(struct options *to, const struct options *from, int key)
{
	const struct setting *s = &settings[key];

	memcpy((char *)to + s->offset, (const char *)from + s->offset,
	    s->size);
}

/* The command line wins: its settings, and all its own options. */
void
settings_merge(struct options *base, const struct options *cli)
{
	int key;

	for (key = 0; key < SET_COUNT; key++)
		if (cli->set & (1u << key))
			setting_copy(base, cli, key);
	base->set |= cli->set;
	base->cli_set = cli->set;
	base->once = cli->once;
	base->cleanup = cli->cleanup;
	base->explain = cli->explain;
	base->foreground = cli->foreground;
	base->check_config = cli->check_config;
	base->fix_dry_run = cli->fix_dry_run;
	base->fix_undo = cli->fix_undo;
	base->verbose = cli->verbose;
	base->config_given = cli->config_given;
	strcpy(base->config_file, cli->config_file);
	strcpy(base->netns, cli->netns);
	/* --netns all is a round, as the setting's; one namespace is that
	 * namespace alone, whatever the file lists. */
	if (strcmp(cli->netns, "all") == 0)
		strcpy(base->netns_list, "all");
	else if (cli->netns[0] != '\0')
		base->netns_list[0] = '\0';
}

/* One config file's lines, and the line each key was set on. */
struct config_state {
	struct options	*o;
	unsigned	 seen_line[SET_COUNT];
};

/* One "key value" line of the config file, through the key's setter. */
static enum config_line
config_setting(void *arg, unsigned lineno, const char *key,
    const char *value, char *err, size_t errlen)
{
	struct config_state *st = arg;
	char why[200];
	int k;

	if ((k = setting_lookup(key)) < 0)
		return CONFIG_LINE_UNKNOWN_KEY;
	if (*value == '\0') {
		snprintf(err, errlen, "%s needs a value", key);
		return CONFIG_LINE_BAD;
	}
	if (st->seen_line[k] != 0) {
		snprintf(err, errlen, "%s is set again (first on line %u)",
		    key, st->seen_line[k]);
		return CONFIG_LINE_BAD;
	}
	if (setting_set(st->o, k, value, why, sizeof(why)) == -1) {
		snprintf(err, errlen, "%s: %s", key, why);
		return CONFIG_LINE_BAD;
	}
	st->seen_line[k] = lineno;
	return CONFIG_LINE_OK;
}

/* Parses text into a copy of *o; only a file without errors is kept. */
int
settings_parse_config(const char *name, const char *text, size_t len,
    struct options *o, char *err, size_t errlen)
{
	struct options tmp = *o;
	struct config_state st;

	memset(&st, 0, sizeof(st));
	st.o = &tmp;
	if (config_parse(name, text, len, config_setting, &st, err,
	    errlen) == -1)
		return -1;
	*o = tmp;
	return 0;
}

/*
 * What a run is, chosen by the command line only: one config file
 * serves the daemon, --once and --fix alike, so the file never picks
 * one (fix yes in it starts no --fix).
 */
enum run_mode {
	RUN_DAEMON,
	RUN_ONCE,
	RUN_FIX,
	RUN_CLEANUP
};

static enum run_mode
run_mode(const struct options *o)
{
	if (o->cleanup)
		return RUN_CLEANUP;
	if (o->cli_set & (1u << SET_FIX))
		return RUN_FIX;
	return o->once ? RUN_ONCE : RUN_DAEMON;
}

/* What the run is called in an error. */
static const char *
run_name(const struct options *o)
{
	switch (run_mode(o)) {
	case RUN_ONCE:
		return o->explain ? "--explain" : "--once";
	case RUN_FIX:
		return "--fix";
	case RUN_CLEANUP:
		return "--cleanup";
	case RUN_DAEMON:
		break;
	}
	return "the daemon";
}

/*
 * A setting as the user gave it, for an error: "--watch" from the
 * command line, "/etc/mcastlo-verifyd.conf: watch" from the file.
 */
static const char *
setting_origin(const struct options *o, int key, char *buf, size_t len)
{
	if (o->cli_set & (1u << key))
		snprintf(buf, len, "--%s", settings[key].key);
	else
		snprintf(buf, len, "%s: %s", o->config_file,
		    settings[key].key);
	return buf;
}

/* A refusal: what is wrong with the settings, in err; 0: nothing. */
typedef int (*settings_rule)(const struct options *, char *err,
    size_t errlen);

/* The egress is where a leak goes: loopback cannot be it. */
static int
refuse_egress_loopback(const struct options *o, char *err, size_t errlen)
{
	char where[PATH_MAX + 32];

	if (!(o->set & (1u << SET_INTERFACE)) ||
	    strcmp(o->egress, o->loopback) != 0)
		return 0;
	snprintf(err, errlen, "%s %s is the loopback interface; name the "
	    "egress interface", setting_origin(o, SET_INTERFACE, where,
	    sizeof(where)), o->egress);
	return -1;
}

/* --dry-run and --undo say how to run --fix; they are not runs. */
static int
refuse_fix_companions(const struct options *o, char *err, size_t errlen)
{
	if ((o->fix_dry_run || o->fix_undo) && run_mode(o) != RUN_FIX) {
		snprintf(err, errlen, "--%s goes with --fix",
		    o->fix_dry_run ? "dry-run" : "undo");
		return -1;
	}
	if (o->fix_dry_run && o->fix_undo) {
		snprintf(err, errlen, "--dry-run and --undo do not go together");
		return -1;
	}
	return 0;
}

/* One run at a time: --fix, --once (--explain) and --cleanup. */
static int
refuse_two_runs(const struct options *o, char *err, size_t errlen)
{
	if ((o->cli_set & (1u << SET_FIX)) &&
	    (o->cleanup || o->explain || o->once)) {
		snprintf(err, errlen, "--fix goes with none of --once, "
		    "--explain and --cleanup: it runs its own checks");
		return -1;
	}
	if (o->cleanup && (o->once || o->check_config)) {
		snprintf(err, errlen, "--cleanup goes with neither --once "
		    "nor -n");
		return -1;
	}
	return 0;
}

/*
 * --netns: one check, or one sweep, in another namespace.  A daemon and
 * --fix (whose persistent forms are the host's own files) work in the
 * namespace they start in.
 */
static int
refuse_netns_run(const struct options *o, char *err, size_t errlen)
{
	if (o->netns[0] == '\0' || o->check_config || o->once || o->cleanup)
		return 0;
	if (strcmp(o->netns, "all") == 0 && run_mode(o) == RUN_DAEMON)
		return 0;	/* a round each time, as the setting's */
	snprintf(err, errlen, "--netns goes with --once or --cleanup (a "
	    "daemon checks others with --netns all or the netns setting; "
	    "--fix works in the namespace it starts in)");
	return -1;
}

/*
 * A daemon-only setting asking for something (a value other than its
 * default) makes no sense with --once, whether it comes from the command
 * line or the config file: refused the same way from both, rather than
 * ignored.  (interval is not daemon-only in this sense: a schedule asks
 * for nothing a single check could miss, and one config file serves the
 * daemon and the --once check service alike.)
 */
static int
refuse_daemon_only(const struct options *o, char *err, size_t errlen)
{
	struct options def;
	char where[PATH_MAX + 32];
	int i;

	if (!o->once)
		return 0;
	settings_defaults(&def);
	for (i = 0; i < SET_COUNT; i++) {
		if (!settings[i].daemon_only ||
		    memcmp((const char *)o + settings[i].offset,
		    (const char *)&def + settings[i].offset,
		    settings[i].size) == 0)
			continue;
		snprintf(err, errlen, "%s is for the daemon; --once runs one "
		    "check", setting_origin(o, i, where, sizeof(where)));
		return -1;
	}
	return 0;
}

/* A fix is required only if it is probed. */
static int
refuse_unprobed_fix(const struct options *o, char *err, size_t errlen)
{
	if ((o->require_mask >> METHOD_BASE_COUNT) == 0 || o->mitigations)
		return 0;
	snprintf(err, errlen, "require names a fix; fixes are probed only "
	    "with --mitigations (mitigations on)");
	return -1;
}

/*
 * persist and persist-root say how --fix writes what it applied: on
 * the command line of another run they ask for what will not happen;
 * in the file (which serves every run) they wait for a --fix.
 */
static int
refuse_persist_without_fix(const struct options *o, char *err,
    size_t errlen)
{
	if (!(o->cli_set & (1u << SET_PERSIST | 1u << SET_PERSIST_ROOT)) ||
	    run_mode(o) == RUN_FIX)
		return 0;
	snprintf(err, errlen, "--persist and --persist-root go with --fix");
	return -1;
}

/*
 * fix yes in the file asks a run that never changes the host's routes
 * to change them: refused by each such run, and by -n checking for it.
 */
static int
refuse_fix_in_file(const struct options *o, char *err, size_t errlen)
{
	char where[PATH_MAX + 32];

	if (!o->fix || run_mode(o) == RUN_FIX)
		return 0;
	snprintf(err, errlen, "%s yes: %s never changes the host's routes; "
	    "run --fix once instead", setting_origin(o, SET_FIX, where,
	    sizeof(where)), run_name(o));
	return -1;
}

/* The daemon's report goes to its status file, never stdout. */
static int
refuse_daemon_format(const struct options *o, char *err, size_t errlen)
{
	if (run_mode(o) != RUN_DAEMON || o->check_config ||
	    !(o->cli_set & (1u << SET_FORMAT)))
		return 0;
	snprintf(err, errlen, "--json and --format are for --once: the "
	    "daemon's report goes to its status file (%s)", o->status_file);
	return -1;
}

/* In this order: the first refusal is the one reported. */
static const settings_rule rules[] = {
	refuse_egress_loopback,
	refuse_fix_companions,
	refuse_two_runs,
	refuse_netns_run,
	refuse_daemon_only,
	refuse_unprobed_fix,
	refuse_persist_without_fix,
	refuse_fix_in_file,
	refuse_daemon_format,
};

/*
 * What no single setting can say is wrong, but the run and the other
 * settings can: the one place a setting is refused for what it asks
 * together with the rest, whether it came from the file or the command
 * line (so the daemon's reload refuses what its start would).
 */
int
settings_validate(const struct options *o, char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rules[i](o, err, errlen) == -1)
			return -1;
	return 0;
}

/* The config file's settings over *o; -f names one that must exist. */
static int
settings_from_file(const char *path, int must_exist, struct options *o,
    char *err, size_t errlen)
{
	const char *text;
	size_t len;

	if (config_read(path, must_exist, &text, &len, err, errlen) == -1)
		return -1;
	return settings_parse_config(path, text, len, o, err, errlen);
}

/*
 * The settings in force: defaults, then the config file, then the
 * command line, which wins, then the validation.  --cleanup reads no
 * setting: a config file with an error must not keep it from removing
 * what killed runs left.
 */
int
settings_load(const struct options *cli, struct options *out, char *err,
    size_t errlen)
{
	settings_defaults(out);
	if (!cli->cleanup && settings_from_file(cli->config_file,
	    cli->config_given, out, err, errlen) == -1)
		return -1;
	settings_merge(out, cli);
	return settings_validate(out, err, errlen);
}
