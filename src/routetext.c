/* SPDX-License-Identifier: ISC */
/*
 * Routes as the reports name them: the kernel's route_info (netlink.c)
 * and route_view (route.c) turned into the route_effect a result
 * carries, with the device by name, the source the decision picks, and
 * the rule that led to the table.  No I/O but the interface's name.
 */
#include "config.h"

#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "iface.h"
#include "routetext.h"

/* A route, as the reports name it. */
void
route_describe(const struct route_info *r, int rule, int selective,
    unsigned oif, struct route_effect *e)
{
	char dst[ADDR_STRLEN];

	memset(e, 0, sizeof(*e));
	e->known = 1;
	snprintf(e->prefix, sizeof(e->prefix), "%s/%u",
	    addr_ntop(&r->dst, dst, sizeof(dst)), r->dst_len);
	e->table = r->table;
	e->protocol = r->protocol;
	e->metric = r->priority;
	if (oif != 0)
		iface_name(oif, e->ifname);
	if (r->has_prefsrc)
		addr_ntop(&r->prefsrc, e->prefsrc, sizeof(e->prefsrc));
	e->rule = rule;
	e->rule_selective = selective;
	e->ours = r->protocol == MCASTLO_RTPROT;
	e->type = r->type;
}

/* The route the kernel uses for a flow, as the reports name it. */
void
route_describe_view(const struct route_view *v, struct route_effect *e)
{
	route_describe(&v->entry, v->rule_priority, v->rule_selective,
	    v->decision.oif, e);
	/* The source the decision picks, which the entry may not name. */
	if (e->prefsrc[0] == '\0' && v->decision.has_prefsrc &&
	    v->entry.has_prefsrc)
		addr_ntop(&v->decision.prefsrc, e->prefsrc,
		    sizeof(e->prefsrc));
}

/* ", by rule 100", or nothing for the kernel's default rules. */
const char *
route_rule_str(const struct route_effect *e)
{
	static char buf[48];

	if (e->rule < 0)
		return "";
	snprintf(buf, sizeof(buf), ", by rule %d", e->rule);
	return buf;
}

/* The route's table as ip(8) names it ("main" when none is known). */
const char *
route_table_str(const struct route_effect *e, char *buf, size_t size)
{
	unsigned table = e->known ? e->table : RT_TABLE_MAIN;

	if (table == RT_TABLE_MAIN || table == RT_TABLE_LOCAL)
		snprintf(buf, size, "%s",
		    table == RT_TABLE_MAIN ? "main" : "local");
	else
		snprintf(buf, size, "%u", table);
	return buf;
}
