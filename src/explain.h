/* SPDX-License-Identifier: ISC */
/*
 * The kernel's routing decisions for each send method, asked through
 * rtnetlink without sending a packet.
 */
#ifndef MCV_EXPLAIN_H
#define MCV_EXPLAIN_H

#include "netlink.h"
#include "result.h"

struct decisions {
	int			family;		/* the group's */
	int			first_ok;	/* route get G */
	struct route_info	first;
	int			second_ok;	/* route get G from first.prefsrc */
	struct route_info	second;
	int			error;		/* errno of a failed first lookup */
	struct addr		source;		/* send()'s: connect()'s pick */
};

void		explain_ask(struct nl *, const struct flow *sendto,
		    const struct flow *send, struct decisions *);
void		explain_probe(struct nl *, const struct flow *,
		    struct probe_result *);
void		explain_set(const struct route_info *, struct probe_result *);
unsigned	explain_egress(struct nl *, const struct decisions *,
		    unsigned lo_ifindex);
void		explain_fill(const struct decisions *, unsigned lo_ifindex,
		    struct check_result *);
void		explain_predict(const struct decisions *, unsigned lo_ifindex,
		    const struct route_effect *, struct prediction *);

#endif
