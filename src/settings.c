/*
 * The setters behind every setting: one per config key, shared by the
 * command line (--key) and the config file (key value).  A setter's
 * error names the bad value; the caller adds where it came from.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "probe.h"

struct setting {
	const char	*key;
	int		(*set)(struct options *, const char *, char *, size_t);
};

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
	return set_number(s, TIMEOUT_MIN_MS, TIMEOUT_MAX_MS, "milliseconds",
	    &o->timeout_ms, err, errlen);
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

static int
set_mitigations(struct options *o, const char *s, char *err, size_t errlen)
{
	return set_either(&o->mitigations, s, "on", 1, "off", 0, err, errlen);
}

static const struct setting settings[SET_COUNT] = {
	[SET_GROUP] =		{ "group", set_group },
	[SET_PORT] =		{ "port", set_port },
	[SET_LOOPBACK] =	{ "loopback", set_loopback },
	[SET_INTERFACE] =	{ "interface", set_interface },
	[SET_TIMEOUT] =		{ "timeout", set_timeout },
	[SET_INTERVAL] =	{ "interval", set_interval },
	[SET_REQUIRE] =		{ "require", set_require },
	[SET_ROUTE] =		{ "route", set_route },
	[SET_FORMAT] =		{ "format", set_format },
	[SET_METRICS_FILE] =	{ "metrics-file", set_metrics_file },
	[SET_STATUS_FILE] =	{ "status-file", set_status_file },
	[SET_USER] =		{ "user", set_user },
	[SET_MITIGATIONS] =	{ "mitigations", set_mitigations },
};

int
setting_lookup(const char *key)
{
	int i;

	for (i = 0; i < SET_COUNT; i++)
		if (strcmp(settings[i].key, key) == 0)
			return i;
	return -1;
}

const char *
setting_name(int key)
{
	return key >= 0 && key < SET_COUNT ? settings[key].key : "?";
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
