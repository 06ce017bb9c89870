/* SPDX-License-Identifier: ISC */
/*
 * The check's own route for the group: its shape, which the sweep also
 * matches, and adding, confirming, changing and removing it.
 */
#ifndef MCV_ROUTE_H
#define MCV_ROUTE_H

#include "addr.h"
#include "netlink.h"

/* The rtm_protocol that tags the routes we add (contrib/ names it). */
#define MCASTLO_RTPROT	201

/* How the kernel routes a flow to the group (route_view()). */
struct route_view {
	struct route_info	decision;	/* `ip route get` */
	struct route_info	entry;		/* `ip route get fibmatch` */
	int			rule_priority;	/* -1: a default rule */
	int			rule_selective;	/* it matches more than "to" */
};

void	route_own(const struct addr *group, unsigned lo_ifindex,
	    struct route_info *);
int	route_own_add(struct nl *, const struct addr *group,
	    unsigned lo_ifindex);
int	route_own_delete(struct nl *, const struct addr *group,
	    unsigned lo_ifindex);
int	route_own_set_src(struct nl *, const struct addr *group,
	    unsigned lo_ifindex, const struct addr *src);
int	route_trial_add(struct nl *, const struct addr *group,
	    unsigned lo_ifindex, unsigned table);
int	route_trial_delete(struct nl *, const struct addr *group,
	    unsigned lo_ifindex, unsigned table);
int	route_own_present(struct nl *, const struct addr *group,
	    unsigned lo_ifindex);
int	route_is_own_shape(const struct route_info *);
int	route_view(struct nl *, const struct flow *, struct route_view *);
int	route_view_is_own(const struct route_view *, unsigned lo_ifindex);
int	route_is_others_to(const struct route_info *, unsigned ifindex);
int	route_find_reject(struct nl *, const struct addr *group,
	    struct route_info *, int *rule);
int	route_find_to_loopback(struct nl *, const struct addr *group,
	    unsigned lo_ifindex, struct route_info *);

#endif
