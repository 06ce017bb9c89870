/* SPDX-License-Identifier: ISC */
/*
 * Netlink transport through libmnl: requests and their answers (for
 * rtnetlink and sock_diag), route dumps, route changes, the kernel's
 * routing decisions and link events.  What the routes mean to a check
 * lives elsewhere (route.c, explain.c, sweep.c), and what sock_diag
 * says in sockdiag.c.
 */
#ifndef MCV_NETLINK_H
#define MCV_NETLINK_H

#include <stddef.h>

#include "addr.h"

struct nl;
struct nlmsghdr;

/*
 * Called for each data message of an answer: MNL_CB_OK to go on,
 * MNL_CB_STOP to stop reading it, MNL_CB_ERROR to fail.
 */
typedef int (*nl_msg_cb)(const struct nlmsghdr *, void *arg);

/* One route, as rtnetlink describes it. */
struct route_info {
	struct addr	dst;		/* family says which */
	unsigned	dst_len;
	unsigned	table;
	unsigned	protocol;
	unsigned	type;		/* RTN_UNICAST, RTN_LOCAL, ... */
	unsigned	scope;
	unsigned	priority;	/* the metric */
	unsigned	tos;
	unsigned	flags;		/* rtm_flags */
	unsigned	oif;		/* output interface (a multipath
					   route's first), 0 none */
	int		has_gateway;	/* RTA_GATEWAY or RTA_VIA */
	int		multipath;	/* RTA_MULTIPATH */
	int		has_prefsrc;
	struct addr	prefsrc;	/* the source the kernel would use */
};

/* What a socket's datagram carries, for the kernel's routing lookup. */
struct flow {
	struct addr	dst;
	struct addr	src;		/* AF_UNSPEC: none */
	unsigned	oif;		/* 0: none */
	unsigned	proto;		/* 0: none, else IPPROTO_UDP... */
	unsigned	sport;		/* host byte order, 0: none */
	unsigned	dport;
	unsigned	mark;		/* SO_MARK, 0: none (fwmark rules) */
	int		has_uid;	/* uid rules: the socket's owner */
	unsigned	uid;
};

/* One policy rule that sends lookups to a table (FR_ACT_TO_TBL). */
struct rule_info {
	unsigned	priority;
	unsigned	table;
	struct addr	dst;		/* AF_UNSPEC: any destination */
	unsigned	dst_len;
	int		selective;	/* it also matches on something else */
	/* What it selects on, for the classes of applications (class.c). */
	int		has_uid;	/* uidrange */
	unsigned	uid_start, uid_end;
	int		has_mark;	/* fwmark (mask: all bits if none) */
	unsigned	mark, mark_mask;
	unsigned	ip_proto;	/* 0: any */
	unsigned	sport_lo, sport_hi;	/* 0, 0: any */
	unsigned	dport_lo, dport_hi;
	unsigned	tos;		/* dsfield, 0: any */
	unsigned	src_len;	/* from a prefix, 0: any */
	int		invert;		/* "not" */
	char		iifname[16];	/* "" any */
	char		oifname[16];
};

/* Called for each rule of a dump; returns 0, or -1 to stop. */
typedef int (*nl_rule_cb)(void *arg, const struct rule_info *);

enum nl_route_op {
	NL_ROUTE_ADD,			/* fails with EEXIST if it is there */
	NL_ROUTE_REPLACE,
	NL_ROUTE_DELETE
};

/*
 * What a dump asks the kernel to keep (0: anything), so that a big
 * table is filtered where it is; the callback still checks, for kernels
 * that do not filter (before Linux 4.20).
 */
struct route_filter {
	unsigned	protocol;
	unsigned	table;
	unsigned	oif;
};

/* Called for each route of a dump; returns 0, or -1 to stop. */
typedef int (*nl_route_cb)(void *arg, const struct route_info *);

/*
 * A route message kept whole (--fix): every attribute the kernel gave
 * it, to put it back exactly.  Routes through loopback are small.
 */
#define NL_RAW_ROUTE_MAX	512
struct nl_raw_route {
	size_t		len;
	unsigned char	msg[NL_RAW_ROUTE_MAX];
};

/* Called for each link change nl_read_links() finds. */
typedef void (*nl_link_cb)(void *arg, unsigned ifindex, int up, int gone);

struct nl	*nl_open(void);
struct nl	*nl_open_sockdiag(void);
struct nlmsghdr	*nl_request(struct nl *, unsigned type, unsigned flags);
int		 nl_talk(struct nl *, struct nlmsghdr *, nl_msg_cb, void *arg);
struct nl	*nl_open_link_monitor(void);
struct nl	*nl_open_route_monitor(void);
int		 nl_drain(struct nl *);
int		 nl_fd(const struct nl *);
int		 nl_read_links(struct nl *, nl_link_cb, void *arg);
void		 nl_close(struct nl *);
int		 nl_route_dump(struct nl *, int family,
		    const struct route_filter *, nl_route_cb, void *arg);
int		 nl_route_change(struct nl *, enum nl_route_op,
		    const struct route_info *);
int		 nl_route_get(struct nl *, const struct flow *,
		    struct route_info *);
int		 nl_route_get_entry(struct nl *, const struct flow *,
		    struct route_info *);
int		 nl_rule_dump(struct nl *, int family, nl_rule_cb, void *arg);
int		 nl_route_find_raw(struct nl *, const struct route_info *key,
		    struct nl_raw_route *);
int		 nl_route_build_raw(const struct route_info *,
		    struct nl_raw_route *);
int		 nl_route_raw_with_prefsrc(const struct nl_raw_route *,
		    const struct addr *src, struct nl_raw_route *);
int		 nl_route_raw_parse(const struct nl_raw_route *,
		    struct route_info *);
int		 nl_route_send_raw(struct nl *, enum nl_route_op,
		    const struct nl_raw_route *);

#endif
