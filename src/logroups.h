/* SPDX-License-Identifier: ISC */
/*
 * The multicast prefixes someone routes to loopback (watch mode's
 * groups): listed from the kernel, matched against a datagram's group,
 * and written as a capture filter.
 */
#ifndef MCV_LOGROUPS_H
#define MCV_LOGROUPS_H

#include <stddef.h>

#include "addr.h"
#include "netlink.h"

struct lo_prefix {
	struct addr	net;
	unsigned	len;
};

struct lo_groups {
	struct lo_prefix	*p;
	size_t			 n;
	size_t			 cap;
};

int	 lo_groups_list(struct nl *, unsigned lo_ifindex, struct lo_groups *);
void	 lo_groups_free(struct lo_groups *);
int	 lo_groups_equal(const struct lo_groups *, const struct lo_groups *);
int	 lo_groups_match(const struct lo_groups *, const struct addr *);
char	*lo_groups_filter(const struct lo_groups *, unsigned lo_ifindex);
char	*lo_groups_wide_filter(unsigned lo_ifindex);
size_t	 lo_groups_format(const struct lo_groups *, char *buf, size_t size);

#endif
