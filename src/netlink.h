/*
 * rtnetlink through libmnl: the group's host route, and the kernel's
 * routing decisions, asked without sending a packet.
 */
#ifndef MCV_NETLINK_H
#define MCV_NETLINK_H

#include <netinet/in.h>

/* The rtm_protocol that tags the routes we add (contrib/ names it). */
#define MCASTLO_RTPROT	201

struct nl;

struct route_info {
	unsigned	oif;		/* output interface index, 0 none */
	unsigned	table;
	unsigned	protocol;
	unsigned	priority;
	int		has_prefsrc;
	struct in_addr	prefsrc;	/* the source the kernel would use */
};

struct nl	*nl_open(void);
void		 nl_close(struct nl *);
int		 nl_route_find_host(struct nl *, struct in_addr dst,
		    struct route_info *);
int		 nl_route_add(struct nl *, struct in_addr dst, unsigned oif,
		    unsigned protocol);
int		 nl_route_del(struct nl *, struct in_addr dst, unsigned oif,
		    unsigned protocol);
int		 nl_route_get(struct nl *, struct in_addr dst,
		    const struct in_addr *src, struct route_info *);
int		 nl_default_route(struct nl *, struct route_info *);

#endif
