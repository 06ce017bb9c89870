/*
 * rtnetlink through libmnl: the group's host route, and the kernel's
 * routing decisions, asked without sending a packet.
 */
#ifndef MCV_NETLINK_H
#define MCV_NETLINK_H

#include <stddef.h>

#include "addr.h"

/* The rtm_protocol that tags the routes we add (contrib/ names it). */
#define MCASTLO_RTPROT	201

/* At most this many leftover routes are swept in one call. */
#define SWEEP_MAX	64

struct nl;

/* What names a route for deletion. */
struct route_key {
	struct addr	dst;
	unsigned	dst_len;
	unsigned	table;
	unsigned	oif;
};

struct route_info {
	unsigned	oif;		/* output interface index, 0 none */
	unsigned	table;
	unsigned	protocol;
	unsigned	priority;
	unsigned	type;		/* RTN_UNICAST, RTN_LOCAL, ... */
	unsigned	dst_len;	/* its prefix length */
	int		has_prefsrc;
	struct addr	prefsrc;	/* the source the kernel would use */
};

/* Called for each link change nl_read_links() finds. */
typedef void (*nl_link_cb)(void *arg, unsigned ifindex, int up, int gone);

struct nl	*nl_open(void);
struct nl	*nl_open_link_monitor(void);
int		 nl_fd(const struct nl *);
int		 nl_read_links(struct nl *, nl_link_cb, void *arg);
void		 nl_close(struct nl *);
int		 nl_route_find_host(struct nl *, const struct addr *dst,
		    struct route_info *);
unsigned	 nl_group_route_table(int family);
int		 nl_route_add(struct nl *, const struct addr *dst,
		    unsigned oif, unsigned protocol);
int		 nl_route_del(struct nl *, const struct addr *dst,
		    unsigned oif, unsigned protocol);
int		 nl_route_set_src(struct nl *, const struct addr *dst,
		    unsigned oif, unsigned protocol, const struct addr *src);
int		 nl_route_get(struct nl *, const struct addr *dst,
		    const struct addr *src, struct route_info *);
int		 nl_default_route(struct nl *, int family,
		    struct route_info *);
int		 nl_route_sweep(struct nl *, int family, unsigned protocol,
		    struct route_key *removed, size_t max);

#endif
