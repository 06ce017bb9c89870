/*
 * The host-level fix, as commands to run, derived from the kernel's
 * decision rather than from a picture of the host (HACKING, section 1):
 *
 *   IPv4  a route that leads the group to loopback with the source
 *         127.0.0.1 keeps connect() then send() on loopback too.  Where
 *         the kernel already routes the group to loopback, that route
 *         (its prefix, table and metric) gets the source; otherwise a
 *         host route is put in the table the kernel's lookup ends in,
 *         which a policy rule may have chosen.
 *   IPv6  only a local route in table local keeps every method on
 *         loopback.
 *
 * Pure code: it reads the result and writes r->fixes.
 */
#include "config.h"

#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>

#include "advice.h"

/* Whether a method an application uses leaked, or would. */
static int
base_method_leaks(const struct check_result *r)
{
	size_t i;

	for (i = 0; i < METHOD_BASE_COUNT; i++) {
		if (i < r->nprobes && result_leak_mask(r, i) != 0)
			return 1;
		if (r->explain_only &&
		    (r->prediction.leak_mask & method_bit((enum method)i)))
			return 1;
	}
	return 0;
}

void
advice_fill(struct check_result *r)
{
	const struct route_effect *e = &r->route_in_effect;
	char group[ADDR_STRLEN], prefix[ADDR_STRLEN + 4], table[32] = "",
	    metric[32] = "";

	r->nfixes = 0;
	if (!base_method_leaks(r))
		return;
	/* A route through loopback needs it up (the kernel refuses it). */
	if (r->loopback_down)
		snprintf(r->fixes[r->nfixes++], sizeof(r->fixes[0]),
		    "ip link set %s up", r->loopback);
	addr_ntop(&r->group, group, sizeof(group));
	snprintf(prefix, sizeof(prefix), "%s/%u", group, addr_bits(&r->group));
	if (r->group.family == AF_INET6) {
		snprintf(r->fixes[r->nfixes++], sizeof(r->fixes[0]),
		    "ip -6 route add local %s dev %s table local", prefix,
		    r->loopback);
		return;
	}
	if (e->known && e->table == RT_TABLE_LOCAL)
		snprintf(table, sizeof(table), " table local");
	else if (e->known && e->table != RT_TABLE_MAIN)
		snprintf(table, sizeof(table), " table %u", e->table);
	/* A route to loopback in effect, not the check's: it gets the source. */
	if (e->known && strcmp(e->ifname, r->loopback) == 0 && !e->ours) {
		snprintf(prefix, sizeof(prefix), "%s", e->prefix);
		if (e->metric != 0)
			snprintf(metric, sizeof(metric), " metric %u",
			    e->metric);
	}
	snprintf(r->fixes[r->nfixes++], sizeof(r->fixes[0]),
	    "ip route replace %s dev %s src 127.0.0.1%s%s", prefix,
	    r->loopback, table, metric);
}
