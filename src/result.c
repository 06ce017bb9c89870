/*
 * Small questions asked of a check's observations, shared by the
 * verdict and the report writers so they always agree.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "result.h"

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
	unsigned mask = 0;
	size_t i;

	for (i = 0; i < r->ncaptures; i++)
		if (!r->captures[i].loopback &&
		    (r->probes[probe].captured_on & (1u << i)))
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
