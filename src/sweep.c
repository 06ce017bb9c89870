/* SPDX-License-Identifier: ISC */
/*
 * Route hygiene.  A run killed by SIGKILL (or a crash) cannot remove
 * its route; the next run, or `--cleanup` from ExecStopPost=, does.
 * Only routes of exactly the shape a check adds (route.c) are touched:
 * our protocol, dev a loopback device, no gateway, our metric, type,
 * scope and table.  Another program's route that uses number 201 in
 * any other shape is left alone.  The sweep runs only while holding
 * the lock, when no live check owns such a route (--cleanup takes it
 * in cleanup.c; a check, in its lock stage).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "iface.h"
#include "log.h"
#include "netlink.h"
#include "route.h"
#include "sweep.h"

/* At most this many leftovers are collected per dump. */
#define SWEEP_BATCH	64

struct leftovers {
	size_t			n;
	int			more;
	struct route_info	routes[SWEEP_BATCH];
};

static int
collect_cb(void *arg, const struct route_info *r)
{
	struct leftovers *l = arg;

	if (!route_is_own_shape(r))
		return 0;
	if (l->n == SWEEP_BATCH) {
		l->more = 1;
		return -1;
	}
	l->routes[l->n++] = *r;
	return 0;
}

static void
log_removed(const struct route_info *r)
{
	char dst[ADDR_STRLEN], ifname[IF_NAMESIZE];

	log_info("removed route %s/%u dev %s table %u left by a killed run",
	    addr_ntop(&r->dst, dst, sizeof(dst)), r->dst_len,
	    iface_name(r->oif, ifname), r->table);
}

/* Removes one family's leftovers and logs each; how many, or -1. */
static int
sweep_family(struct nl *nl, int family)
{
	struct route_filter ours = { MCASTLO_RTPROT, 0, 0 };
	struct leftovers l;
	size_t i;
	int n = 0;

	do {
		memset(&l, 0, sizeof(l));
		if (nl_route_dump(nl, family, &ours, collect_cb, &l) == -1)
			return -1;
		for (i = 0; i < l.n; i++) {
			if (nl_route_change(nl, NL_ROUTE_DELETE,
			    &l.routes[i]) == -1) {
				if (errno == ESRCH || errno == ENOENT)
					continue;	/* gone meanwhile */
				return -1;
			}
			log_removed(&l.routes[i]);
			n++;
		}
	} while (l.more);
	return n;
}

/* Returns how many leftover routes were removed, or -1. */
int
sweep_leftovers(struct nl *nl)
{
	int n4, n6;

	if ((n4 = sweep_family(nl, AF_INET)) == -1 ||
	    (n6 = sweep_family(nl, AF_INET6)) == -1)
		return -1;
	return n4 + n6;
}
