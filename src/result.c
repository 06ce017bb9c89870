/* SPDX-License-Identifier: ISC */
/*
 * Small questions asked of a check's observations, shared by the
 * verdict and the report writers so they always agree.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <linux/rtnetlink.h>

#include "result.h"

/* A count no larger than its array: a result read from elsewhere. */
#define CLAMP(n, max)	do { if ((n) > (max)) (n) = (max); } while (0)

/*
 * A result that came through a pipe (a round's child, netround.c): its
 * counts bounded by their arrays, so that no report reads past one,
 * and its text fields ended, whatever came.
 */
void
result_clamp(struct check_result *r)
{
	CLAMP(r->nprobes, METHOD_COUNT);
	CLAMP(r->ncaptures, CAPTURE_MAX);
	CLAMP(r->nclasses, CLASSES_MAX);
	CLAMP(r->ntrials, TRIALS_MAX);
	CLAMP(r->nfixes, FIXES_MAX);
	CLAMP(r->nreceived, RECEIVED_MAX);
	CLAMP(r->apps.n, APPS_MAX);
	CLAMP(r->watch.n, WATCH_MAX);
	if (r->audit.nmembers < 0)
		r->audit.nmembers = 0;
	CLAMP(r->audit.nmembers, AUDIT_MEMBERS_MAX);
	r->summary[sizeof(r->summary) - 1] = '\0';
	r->error[sizeof(r->error) - 1] = '\0';
	r->setup_error[sizeof(r->setup_error) - 1] = '\0';
	r->netns.name[sizeof(r->netns.name) - 1] = '\0';
	r->netns.owner[sizeof(r->netns.owner) - 1] = '\0';
	r->repair = NULL;
}

const char *
status_name(enum status status)
{
	switch (status) {
	case STATUS_OK:
		return "OK";
	case STATUS_WARNING:
		return "WARNING";
	case STATUS_CRITICAL:
		return "CRITICAL";
	case STATUS_UNKNOWN:
		break;
	}
	return "UNKNOWN";
}

/*
 * How bad each status is, for the worst of several.  Not the exit
 * code's order: a namespace that could not be checked (UNKNOWN) could
 * hide a leak, so it is worse than a WARNING; a leak anywhere
 * (CRITICAL) is the worst there is.
 */
static const int status_rank[] = {
	[STATUS_OK] = 0,
	[STATUS_WARNING] = 1,
	[STATUS_UNKNOWN] = 2,
	[STATUS_CRITICAL] = 3,
};

static int
status_badness(enum status s)
{
	if ((unsigned)s >= sizeof(status_rank) / sizeof(status_rank[0]))
		return status_rank[STATUS_UNKNOWN];	/* not a status */
	return status_rank[s];
}

/* The worse of two; a on a tie. */
enum status
status_worse(enum status a, enum status b)
{
	return status_badness(b) > status_badness(a) ? b : a;
}

const char *
route_state_name(enum route_state route)
{
	switch (route) {
	case ROUTE_ADDED:
		return "added";
	case ROUTE_PREEXISTING:
		return "pre-existing";
	case ROUTE_NONE:
		break;
	}
	return "none";
}

/* The captures, other than loopback, that saw a probe. */
unsigned
result_leak_mask(const struct check_result *r, size_t probe)
{
	return result_probe_leak_mask(r, &r->probes[probe]);
}

/* The same for any probe's result (a class's, say). */
unsigned
result_probe_leak_mask(const struct check_result *r,
    const struct probe_result *p)
{
	unsigned mask = 0;
	size_t i;

	for (i = 0; i < r->ncaptures; i++)
		if (!r->captures[i].loopback && (p->captured_on & (1u << i)))
			mask |= 1u << i;
	return mask;
}

int
result_captured_on_loopback(const struct check_result *r, size_t probe)
{
	size_t i;

	for (i = 0; i < r->ncaptures; i++)
		if (r->captures[i].loopback &&
		    (r->probes[probe].captured_on & (1u << i)))
			return 1;
	return 0;
}

/* "lo", "eth0", "lo,eth0": the names of the captures in mask. */
size_t
result_format_ifaces(const struct check_result *r, unsigned mask, char *buf,
    size_t size)
{
	size_t i, len = 0;
	int n;

	if (size == 0)
		return 0;
	buf[0] = '\0';
	for (i = 0; i < r->ncaptures; i++) {
		if (!(mask & (1u << i)))
			continue;
		n = snprintf(buf + len, size - len, "%s%s", len ? "," : "",
		    r->captures[i].ifname);
		if (n < 0 || (size_t)n >= size - len) {
			buf[len] = '\0';	/* never half a name */
			break;
		}
		len += (size_t)n;
	}
	return len;
}

/* A fix (a probe past the base methods) that was seen on loopback only. */
int
result_fix_works(const struct check_result *r, size_t probe)
{
	return probe >= METHOD_BASE_COUNT && probe < r->nprobes &&
	    r->probes[probe].sent && result_captured_on_loopback(r, probe) &&
	    result_leak_mask(r, probe) == 0;
}

/*
 * Still queued at the end on the device the kernel sent it to, when
 * that is not loopback: it left the socket to leave the host.
 */
int
result_queued_out(const struct check_result *r, size_t probe)
{
	return result_probe_queued_out(r, &r->probes[probe]);
}

int
result_probe_queued_out(const struct check_result *r,
    const struct probe_result *p)
{
	return p->sent && p->captured_on == 0 && p->queued > 0 &&
	    p->predicted && strcmp(p->predicted_if, r->loopback) != 0;
}

/* Left the host, or was queued to: captured elsewhere, or queued out. */
int
result_leaked(const struct check_result *r, size_t probe)
{
	return result_leak_mask(r, probe) != 0 ||
	    result_queued_out(r, probe);
}

/* Route types as ip(8) names them; a table, not a string search. */
static const char *const route_types[] = {
	[RTN_UNICAST] = "unicast", [RTN_LOCAL] = "local",
	[RTN_BROADCAST] = "broadcast", [RTN_ANYCAST] = "anycast",
	[RTN_MULTICAST] = "multicast", [RTN_BLACKHOLE] = "blackhole",
	[RTN_UNREACHABLE] = "unreachable", [RTN_PROHIBIT] = "prohibit",
	[RTN_THROW] = "throw", [RTN_NAT] = "nat",
};

const char *
route_type_name(unsigned type)
{
	if (type < sizeof(route_types) / sizeof(route_types[0]) &&
	    route_types[type] != NULL)
		return route_types[type];
	return "unicast";
}

/* Who put a route there, by its protocol, as ip-route(8) names them. */
static const struct {
	unsigned	 protocol;
	const char	*name;
} route_owners[] = {
	{ RTPROT_REDIRECT, "redirect" }, { RTPROT_KERNEL, "kernel" },
	{ RTPROT_BOOT, "boot" }, { RTPROT_STATIC, "static" },
	{ RTPROT_RA, "ra" }, { RTPROT_DHCP, "dhcp" },
	{ RTPROT_BIRD, "bird" }, { RTPROT_BABEL, "babel" },
	{ 186, "bgp" }, { 187, "isis" }, { 188, "ospf" }, { 189, "rip" },
	{ 192, "eigrp" }, { 201, "mcastlo-verifyd" },
};

const char *
route_owner_name(unsigned protocol)
{
	size_t i;

	for (i = 0; i < sizeof(route_owners) / sizeof(route_owners[0]); i++)
		if (route_owners[i].protocol == protocol)
			return route_owners[i].name;
	return "another program";
}
