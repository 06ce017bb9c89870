/* SPDX-License-Identifier: ISC */
/*
 * Netlink through libmnl: rtnetlink, and the sock_diag socket that
 * sockdiag.c asks.
 *
 * Every request asks for an acknowledgement (dumps end with NLMSG_DONE
 * instead), so a call returns only once the kernel has answered, and
 * an error comes back as -1 with errno set from the kernel's answer.
 *
 * The sockets are non-blocking, and still nothing here waits: the
 * kernel handles an rtnetlink request inside sendto() and queues the
 * whole answer before it returns, and it produces each further part of
 * a dump inside the recvfrom() that asks for it.  An empty socket where
 * an answer is due is an error (EAGAIN), never a wait, so a request
 * cannot stall the event loop it is made from.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "netlink.h"

#define NL_BUFSIZE	32768

struct nl {
	struct mnl_socket	*sock;
	unsigned		 portid;
	unsigned		 seq;
	char			 buf[NL_BUFSIZE];
};

/* A dump's callback and its argument, for route_cb(). */
struct route_walk {
	int		 family;
	nl_route_cb	 cb;
	void		*arg;
	int		 stopped;
};

static struct nl *
nl_open_bus(int bus, unsigned groups)
{
	struct nl *nl;
	int saved;

	if ((nl = calloc(1, sizeof(*nl))) == NULL)
		return NULL;
	if ((nl->sock = mnl_socket_open2(bus,
	    SOCK_CLOEXEC | SOCK_NONBLOCK)) == NULL)
		goto fail;
	if (mnl_socket_bind(nl->sock, groups, MNL_SOCKET_AUTOPID) == -1)
		goto fail;
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (unsigned)time(NULL);
	return nl;
fail:
	saved = errno;
	nl_close(nl);
	errno = saved;
	return NULL;
}

/*
 * A socket for requests.  Strict checking (Linux 4.20 and later) makes
 * the kernel apply a dump's filter itself; an older kernel ignores the
 * filter, and the callers check every route anyway.
 */
struct nl *
nl_open(void)
{
	struct nl *nl;
	int on = 1;

	if ((nl = nl_open_bus(NETLINK_ROUTE, 0)) != NULL)
		setsockopt(mnl_socket_get_fd(nl->sock), SOL_NETLINK,
		    NETLINK_GET_STRICT_CHK, &on, sizeof(on));
	return nl;
}

/* A socket for sock_diag dumps (sockdiag.c). */
struct nl *
nl_open_sockdiag(void)
{
	return nl_open_bus(NETLINK_SOCK_DIAG, 0);
}

/* A socket that hears of every link change. */
struct nl *
nl_open_link_monitor(void)
{
	return nl_open_bus(NETLINK_ROUTE, RTMGRP_LINK);
}

/* A socket that hears of every IPv4 and IPv6 route change. */
struct nl *
nl_open_route_monitor(void)
{
	return nl_open_bus(NETLINK_ROUTE, RTMGRP_IPV4_ROUTE |
	    RTMGRP_IPV6_ROUTE);
}

/*
 * Reads away what a monitor socket holds: the caller only needs to know
 * that something changed.  -1 if the kernel dropped notifications
 * (ENOBUFS), which also means "something changed".
 */
int
nl_drain(struct nl *nl)
{
	ssize_t n;

	while ((n = mnl_socket_recvfrom(nl->sock, nl->buf,
	    sizeof(nl->buf))) > 0)
		;
	return n == -1 && errno != EAGAIN && errno != EINTR ? -1 : 0;
}

int
nl_fd(const struct nl *nl)
{
	return mnl_socket_get_fd(nl->sock);
}

void
nl_close(struct nl *nl)
{
	if (nl == NULL)
		return;
	if (nl->sock != NULL)
		mnl_socket_close(nl->sock);
	free(nl);
}

struct link_event {
	nl_link_cb	 cb;
	void		*arg;
};

static int
link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct link_event *ev = data;
	const struct ifinfomsg *ifi;

	if ((nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK) ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi))
		return MNL_CB_OK;
	ifi = mnl_nlmsg_get_payload(nlh);
	ev->cb(ev->arg, (unsigned)ifi->ifi_index,
	    (ifi->ifi_flags & IFF_UP) != 0, nlh->nlmsg_type == RTM_DELLINK);
	return MNL_CB_OK;
}

/* Reads the link changes queued on a monitor socket; -1 on error. */
int
nl_read_links(struct nl *nl, nl_link_cb cb, void *arg)
{
	struct link_event ev = { cb, arg };
	ssize_t n;

	for (;;) {
		n = mnl_socket_recvfrom(nl->sock, nl->buf, sizeof(nl->buf));
		if (n == -1)
			return errno == EAGAIN || errno == EINTR ? 0 : -1;
		if (mnl_cb_run(nl->buf, (size_t)n, 0, 0, link_cb, &ev) ==
		    MNL_CB_ERROR)
			return -1;
	}
}

/*
 * A request of type, in the socket's buffer: the caller adds its family
 * header and attributes, then calls nl_talk().
 */
struct nlmsghdr *
nl_request(struct nl *nl, unsigned type, unsigned flags)
{
	struct nlmsghdr *nlh;

	nlh = mnl_nlmsg_put_header(nl->buf);
	nlh->nlmsg_type = (uint16_t)type;
	nlh->nlmsg_flags = (uint16_t)(NLM_F_REQUEST | flags);
	nlh->nlmsg_seq = ++nl->seq;
	return nlh;
}

static struct nlmsghdr *
nl_start(struct nl *nl, uint16_t type, uint16_t flags, int family,
    struct rtmsg **rtm)
{
	struct nlmsghdr *nlh = nl_request(nl, type, flags);

	*rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(**rtm));
	(*rtm)->rtm_family = (unsigned char)family;
	return nlh;
}

/* An acknowledgement, or the kernel's errno for the request. */
static int
error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e;

	(void)data;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	e = mnl_nlmsg_get_payload(nlh);
	if (e->error == 0)
		return MNL_CB_STOP;
	errno = e->error < 0 ? -e->error : e->error;
	return MNL_CB_ERROR;
}

/*
 * The end of a dump.  One that fails in the kernel (no udp_diag, say)
 * ends with an NLMSG_DONE that carries -errno, which libmnl's own
 * handler ignores.
 */
static int
done_cb(const struct nlmsghdr *nlh, void *data)
{
	int error;

	(void)data;
	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(error)) {
		memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
		if (error < 0) {
			errno = -error;
			return MNL_CB_ERROR;
		}
	}
	return MNL_CB_STOP;
}

/*
 * Sends a request and runs cb over the answer until ack, DONE, error,
 * or cb stops it (what is left of the answer is then left unread: only
 * a socket that is closed next may stop a dump).
 */
int
nl_talk(struct nl *nl, struct nlmsghdr *nlh, nl_msg_cb cb, void *data)
{
	static mnl_cb_t ctl[NLMSG_DONE + 1] = {	/* (libmnl wants it mutable) */
		[NLMSG_ERROR] = error_cb,
		[NLMSG_DONE] = done_cb,
	};
	unsigned seq = nlh->nlmsg_seq;
	ssize_t n;
	int rc;

	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) == -1)
		return -1;
	do {
		n = mnl_socket_recvfrom(nl->sock, nl->buf, sizeof(nl->buf));
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;	/* EAGAIN too: see the header */
		}
		rc = mnl_cb_run2(nl->buf, (size_t)n, seq, nl->portid, cb, data,
		    ctl, MNL_ARRAY_SIZE(ctl));
	} while (rc > MNL_CB_STOP);
	return rc == MNL_CB_ERROR ? -1 : 0;
}

static int
route_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, RTA_MAX) < 0)
		return MNL_CB_OK;
	tb[type] = attr;
	return MNL_CB_OK;
}

static int
attr_addr(const struct nlattr *attr, int family, struct addr *out)
{
	if (attr == NULL)
		return 0;
	return addr_set(out, family, mnl_attr_get_payload(attr),
	    mnl_attr_get_payload_len(attr)) == 0;
}

static void
put_addr(struct nlmsghdr *nlh, uint16_t type, const struct addr *a)
{
	mnl_attr_put(nlh, type, addr_size(a), &a->u);
}

static unsigned
attr_u32(const struct nlattr *attr, unsigned fallback)
{
	if (attr == NULL || mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
		return fallback;
	return mnl_attr_get_u32(attr);
}

/* A multipath route names its interfaces in rtnexthops: take the first. */
static unsigned
first_nexthop_oif(const struct nlattr *attr)
{
	const struct rtnexthop *nh;

	if (attr == NULL ||
	    mnl_attr_get_payload_len(attr) < sizeof(struct rtnexthop))
		return 0;
	nh = mnl_attr_get_payload(attr);
	return nh->rtnh_len >= sizeof(*nh) ? (unsigned)nh->rtnh_ifindex : 0;
}

/* Parses one RTM_NEWROUTE of family; 0, or -1 if it is not one. */
static int
route_parse(const struct nlmsghdr *nlh, int family, struct route_info *r)
{
	const struct nlattr *tb[RTA_MAX + 1] = { NULL };
	const struct rtmsg *rtm;

	if (nlh->nlmsg_type != RTM_NEWROUTE ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm))
		return -1;
	rtm = mnl_nlmsg_get_payload(nlh);
	if (rtm->rtm_family != family ||
	    mnl_attr_parse(nlh, sizeof(*rtm), route_attr_cb, tb) < 0)
		return -1;
	memset(r, 0, sizeof(*r));
	r->dst.family = family;
	attr_addr(tb[RTA_DST], family, &r->dst);
	r->dst_len = rtm->rtm_dst_len;
	r->table = attr_u32(tb[RTA_TABLE], rtm->rtm_table);
	r->protocol = rtm->rtm_protocol;
	r->type = rtm->rtm_type;
	r->scope = rtm->rtm_scope;
	r->tos = rtm->rtm_tos;
	r->flags = rtm->rtm_flags;
	r->priority = attr_u32(tb[RTA_PRIORITY], 0);
	r->oif = attr_u32(tb[RTA_OIF], first_nexthop_oif(tb[RTA_MULTIPATH]));
	r->has_gateway = tb[RTA_GATEWAY] != NULL || tb[RTA_VIA] != NULL;
	r->multipath = tb[RTA_MULTIPATH] != NULL;
	r->has_prefsrc = attr_addr(tb[RTA_PREFSRC], family, &r->prefsrc);
	return 0;
}

static int
route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct route_walk *w = data;
	struct route_info r;

	if (w->stopped || route_parse(nlh, w->family, &r) == -1)
		return MNL_CB_OK;
	if (w->cb(w->arg, &r) == -1)
		w->stopped = 1;	/* read the dump to its end all the same */
	return MNL_CB_OK;
}

/* Every route of family, in every table, that filter keeps, through cb. */
int
nl_route_dump(struct nl *nl, int family, const struct route_filter *filter,
    nl_route_cb cb, void *arg)
{
	struct route_walk w = { family, cb, arg, 0 };
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	nlh = nl_start(nl, RTM_GETROUTE, NLM_F_DUMP, family, &rtm);
	if (filter != NULL) {
		rtm->rtm_protocol = (unsigned char)filter->protocol;
		if (filter->table != 0)
			mnl_attr_put_u32(nlh, RTA_TABLE, filter->table);
		if (filter->oif != 0)
			mnl_attr_put_u32(nlh, RTA_OIF, filter->oif);
	}
	return nl_talk(nl, nlh, route_cb, &w);
}

static const struct {
	uint16_t	type;
	uint16_t	flags;
} route_ops[] = {
	[NL_ROUTE_ADD] = { RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL },
	[NL_ROUTE_REPLACE] = { RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE },
	[NL_ROUTE_DELETE] = { RTM_DELROUTE, 0 },
};

/*
 * Adds, replaces or deletes the route r describes.  A deletion names
 * every field given, protocol included, so the kernel deletes only a
 * route that has them all: an administrator's route that differs in
 * any of them is safe.
 */
/*
 * A route's header fields and attributes, as a change or a kept message
 * names them.  A deletion's scope is "nowhere" (any); table_attr puts
 * RTA_TABLE even for a table that fits the header (a kept message is
 * replayed as it is).
 */
static void
route_put(struct nlmsghdr *nlh, struct rtmsg *rtm, const struct route_info *r,
    int deleting, int table_attr)
{
	rtm->rtm_dst_len = (unsigned char)r->dst_len;
	rtm->rtm_table = r->table < 256 ? (unsigned char)r->table :
	    RT_TABLE_UNSPEC;
	rtm->rtm_protocol = (unsigned char)r->protocol;
	rtm->rtm_scope = deleting ? RT_SCOPE_NOWHERE :
	    (unsigned char)r->scope;
	rtm->rtm_type = (unsigned char)r->type;
	rtm->rtm_tos = (unsigned char)r->tos;
	put_addr(nlh, RTA_DST, &r->dst);
	if (table_attr || r->table >= 256)
		mnl_attr_put_u32(nlh, RTA_TABLE, r->table);
	if (r->oif != 0)
		mnl_attr_put_u32(nlh, RTA_OIF, r->oif);
	if (r->priority != 0)
		mnl_attr_put_u32(nlh, RTA_PRIORITY, r->priority);
	if (r->has_prefsrc)
		put_addr(nlh, RTA_PREFSRC, &r->prefsrc);
}

int
nl_route_change(struct nl *nl, enum nl_route_op op, const struct route_info *r)
{
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	nlh = nl_start(nl, route_ops[op].type, NLM_F_ACK | route_ops[op].flags,
	    r->dst.family, &rtm);
	route_put(nlh, rtm, r, op == NL_ROUTE_DELETE, 0);
	return nl_talk(nl, nlh, NULL, NULL);
}

/* The one route a lookup answers with. */
struct route_answer {
	struct route_info	*out;
	int			 found;
};

static int
route_get_cb(void *arg, const struct route_info *r)
{
	struct route_answer *a = arg;

	*a->out = *r;
	a->found = 1;
	return -1;
}

/* Asks for the kernel's decision for a flow, or (fib_match) its FIB entry. */
static int
route_query(struct nl *nl, const struct flow *f, int fib_match,
    struct route_info *out)
{
	struct route_answer a = { out, 0 };
	struct route_walk w = { f->dst.family, route_get_cb, &a, 0 };
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	memset(out, 0, sizeof(*out));
	nlh = nl_start(nl, RTM_GETROUTE, NLM_F_ACK, f->dst.family, &rtm);
	rtm->rtm_dst_len = (unsigned char)addr_bits(&f->dst);
	/*
	 * Without it IPv4 names the main table, whichever it used; IPv6
	 * always names the table, and refuses the flag under strict
	 * checking.
	 */
	if (f->dst.family == AF_INET)
		rtm->rtm_flags |= RTM_F_LOOKUP_TABLE;
	if (fib_match)
		rtm->rtm_flags |= RTM_F_FIB_MATCH;
	put_addr(nlh, RTA_DST, &f->dst);
	if (f->src.family == f->dst.family) {
		rtm->rtm_src_len = (unsigned char)addr_bits(&f->src);
		put_addr(nlh, RTA_SRC, &f->src);
	}
	if (f->oif != 0)
		mnl_attr_put_u32(nlh, RTA_OIF, f->oif);
	if (f->proto != 0)
		mnl_attr_put_u8(nlh, RTA_IP_PROTO, (uint8_t)f->proto);
	if (f->sport != 0)
		mnl_attr_put_u16(nlh, RTA_SPORT, htons((uint16_t)f->sport));
	if (f->dport != 0)
		mnl_attr_put_u16(nlh, RTA_DPORT, htons((uint16_t)f->dport));
	if (f->mark != 0)
		mnl_attr_put_u32(nlh, RTA_MARK, f->mark);
	if (f->has_uid)
		mnl_attr_put_u32(nlh, RTA_UID, f->uid);
	if (nl_talk(nl, nlh, route_cb, &w) == -1)
		return -1;
	if (!a.found) {
		errno = ENOENT;
		return -1;
	}
	return 0;
}

/*
 * The kernel's output decision for a flow, as `ip route get` shows it
 * (with `from`, `oif`, `ipproto`, `sport` and `dport` where the flow
 * has them, so multipath hashing picks what a socket would): the
 * interface, the source it would pick, the table the rules led to.  No
 * packet is sent.
 */
int
nl_route_get(struct nl *nl, const struct flow *f, struct route_info *out)
{
	return route_query(nl, f, 0, out);
}

/*
 * The FIB entry that decision came from (`ip route get fibmatch`): its
 * prefix, table, protocol, metric and source, as an administrator
 * wrote it.
 */
int
nl_route_get_entry(struct nl *nl, const struct flow *f,
    struct route_info *out)
{
	return route_query(nl, f, 1, out);
}

/* A rule dump's callback and its argument. */
struct rule_walk {
	int		 family;
	nl_rule_cb	 cb;
	void		*arg;
	int		 stopped;
};

static int
rule_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_type_valid(attr, FRA_MAX) < 0)
		return MNL_CB_OK;
	tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

/* Whether a rule matches on more than the destination. */
static int
rule_selective(const struct fib_rule_hdr *frh, const struct nlattr **tb)
{
	static const int selectors[] = { FRA_SRC, FRA_IIFNAME, FRA_OIFNAME,
	    FRA_FWMARK, FRA_UID_RANGE, FRA_IP_PROTO, FRA_SPORT_RANGE,
	    FRA_DPORT_RANGE, FRA_L3MDEV };
	size_t i;

	if (frh->src_len != 0 || frh->tos != 0 ||
	    (frh->flags & FIB_RULE_INVERT))
		return 1;
	for (i = 0; i < sizeof(selectors) / sizeof(selectors[0]); i++)
		if (tb[selectors[i]] != NULL)
			return 1;
	return 0;
}

/* A port range attribute, or 0, 0 for none. */
static void
attr_port_range(const struct nlattr *attr, unsigned *lo, unsigned *hi)
{
	const struct fib_rule_port_range *pr;

	*lo = *hi = 0;
	if (attr == NULL || mnl_attr_get_payload_len(attr) < sizeof(*pr))
		return;
	pr = mnl_attr_get_payload(attr);
	*lo = pr->start;
	*hi = pr->end;
}

/* An interface name attribute, bounded and terminated. */
static void
attr_ifname(const struct nlattr *attr, char *out, size_t size)
{
	size_t n;

	out[0] = '\0';
	if (attr == NULL)
		return;
	n = mnl_attr_get_payload_len(attr);
	if (n >= size)
		n = size - 1;
	memcpy(out, mnl_attr_get_payload(attr), n);
	out[n] = '\0';
}

/* What a rule selects on besides the destination (ip-rule(8)). */
static void
rule_selectors(const struct fib_rule_hdr *frh, const struct nlattr **tb,
    struct rule_info *r)
{
	const struct fib_rule_uid_range *ur;

	if (tb[FRA_UID_RANGE] != NULL &&
	    mnl_attr_get_payload_len(tb[FRA_UID_RANGE]) >= sizeof(*ur)) {
		ur = mnl_attr_get_payload(tb[FRA_UID_RANGE]);
		r->has_uid = 1;
		r->uid_start = ur->start;
		r->uid_end = ur->end;
	}
	if (tb[FRA_FWMARK] != NULL) {
		r->has_mark = 1;
		r->mark = attr_u32(tb[FRA_FWMARK], 0);
		r->mark_mask = attr_u32(tb[FRA_FWMASK], 0xffffffffu);
	}
	if (tb[FRA_IP_PROTO] != NULL &&
	    mnl_attr_get_payload_len(tb[FRA_IP_PROTO]) >= 1)
		r->ip_proto = mnl_attr_get_u8(tb[FRA_IP_PROTO]);
	attr_port_range(tb[FRA_SPORT_RANGE], &r->sport_lo, &r->sport_hi);
	attr_port_range(tb[FRA_DPORT_RANGE], &r->dport_lo, &r->dport_hi);
	r->tos = frh->tos;
	r->src_len = frh->src_len;
	r->invert = (frh->flags & FIB_RULE_INVERT) != 0;
	attr_ifname(tb[FRA_IIFNAME], r->iifname, sizeof(r->iifname));
	attr_ifname(tb[FRA_OIFNAME], r->oifname, sizeof(r->oifname));
}

static int
rule_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rule_walk *w = data;
	const struct nlattr *tb[FRA_MAX + 1] = { NULL };
	const struct fib_rule_hdr *frh;
	struct rule_info r;

	if (w->stopped || nlh->nlmsg_type != RTM_NEWRULE ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*frh))
		return MNL_CB_OK;
	frh = mnl_nlmsg_get_payload(nlh);
	if (frh->family != w->family || frh->action != FR_ACT_TO_TBL ||
	    mnl_attr_parse(nlh, sizeof(*frh), rule_attr_cb, tb) < 0)
		return MNL_CB_OK;
	memset(&r, 0, sizeof(r));
	r.priority = attr_u32(tb[FRA_PRIORITY], 0);
	r.table = attr_u32(tb[FRA_TABLE], frh->table);
	if (frh->dst_len != 0 && attr_addr(tb[FRA_DST], w->family, &r.dst))
		r.dst_len = frh->dst_len;
	r.selective = rule_selective(frh, tb);
	rule_selectors(frh, tb, &r);
	if (w->cb(w->arg, &r) == -1)
		w->stopped = 1;
	return MNL_CB_OK;
}

/* Every rule of family that looks up a table, through cb, in order. */
int
nl_rule_dump(struct nl *nl, int family, nl_rule_cb cb, void *arg)
{
	struct rule_walk w = { family, cb, arg, 0 };
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	/* (struct fib_rule_hdr starts like struct rtmsg: family first) */
	nlh = nl_start(nl, RTM_GETRULE, NLM_F_DUMP, family, &rtm);
	return nl_talk(nl, nlh, rule_cb, &w);
}

/* --- routes kept whole, for --fix (fix.c) ------------------------------ */

/* The route a raw dump search looks for, and where its message goes. */
struct raw_search {
	const struct route_info	*key;
	struct nl_raw_route	*out;
	int			 found;
};

static int
raw_find_cb(const struct nlmsghdr *nlh, void *data)
{
	struct raw_search *s = data;
	const struct route_info *k = s->key;
	struct route_info r;

	if (s->found || route_parse(nlh, k->dst.family, &r) == -1)
		return MNL_CB_OK;
	if (!addr_equal(&r.dst, &k->dst) || r.dst_len != k->dst_len ||
	    r.table != k->table || r.tos != k->tos ||
	    r.priority != k->priority || (r.flags & RTM_F_CLONED) || nlh->nlmsg_len > sizeof(s->out->msg))
		return MNL_CB_OK;
	memcpy(s->out->msg, nlh, nlh->nlmsg_len);
	s->out->len = nlh->nlmsg_len;
	s->found = 1;
	return MNL_CB_OK;
}

/*
 * The whole RTM_NEWROUTE the kernel dumps for the route with key's
 * prefix, table, tos and metric (the key NLM_F_REPLACE replaces by; not
 * the type: `ip route get fibmatch` names a multicast destination's
 * result type, not the entry's): every attribute it has, so that it can
 * be put back exactly as it was.  0, or -1 (ENOENT: none).
 */
static int
find_raw_in(struct nl *nl, const struct route_info *key, unsigned table,
    struct nl_raw_route *out)
{
	struct route_info k = *key;
	struct raw_search s = { &k, out, 0 };
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	k.table = table;
	nlh = nl_start(nl, RTM_GETROUTE, NLM_F_DUMP, key->dst.family, &rtm);
	mnl_attr_put_u32(nlh, RTA_TABLE, table);
	if (nl_talk(nl, nlh, raw_find_cb, &s) == -1)
		return -1;
	return s.found;
}

/*
 * An IPv4 entry in table local is named as main's when no policy rule
 * was ever added: the kernel then merges the two tables into one trie
 * (fib_unmerge() splits them again), and `ip route get fibmatch`
 * reports the trie's table.  Such a key is looked for in local too.
 */
int
nl_route_find_raw(struct nl *nl, const struct route_info *key,
    struct nl_raw_route *out)
{
	int rc;

	rc = find_raw_in(nl, key, key->table, out);
	if (rc == 0 && key->dst.family == AF_INET &&
	    key->table == RT_TABLE_MAIN)
		rc = find_raw_in(nl, key, RT_TABLE_LOCAL, out);
	if (rc == 0) {
		errno = ENOENT;
		return -1;
	}
	return rc == 1 ? 0 : -1;
}

/*
 * A route message built from r (as nl_route_change() would send it),
 * kept instead of sent.
 */
int
nl_route_build_raw(const struct route_info *r, struct nl_raw_route *out)
{
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	memset(out, 0, sizeof(*out));
	nlh = mnl_nlmsg_put_header(out->msg);
	nlh->nlmsg_type = RTM_NEWROUTE;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (unsigned char)r->dst.family;
	route_put(nlh, rtm, r, 0, 1);
	out->len = nlh->nlmsg_len;
	return 0;
}

/*
 * The same route with the preferred source src: every other attribute
 * copied as it is, RTA_PREFSRC put in place of any it had.
 */
int
nl_route_raw_with_prefsrc(const struct nl_raw_route *in,
    const struct addr *src, struct nl_raw_route *out)
{
	const struct nlmsghdr *from = (const void *)in->msg;
	const struct nlattr *attr;
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	memset(out, 0, sizeof(*out));
	nlh = mnl_nlmsg_put_header(out->msg);
	nlh->nlmsg_type = RTM_NEWROUTE;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	memcpy(rtm, mnl_nlmsg_get_payload(from), sizeof(*rtm));
	mnl_attr_for_each(attr, from, sizeof(*rtm)) {
		if (mnl_attr_get_type(attr) == RTA_PREFSRC)
			continue;
		if (nlh->nlmsg_len + MNL_ALIGN(attr->nla_len) >
		    sizeof(out->msg) - MNL_ATTR_HDRLEN - sizeof(struct in6_addr)) {
			errno = EMSGSIZE;
			return -1;
		}
		mnl_attr_put(nlh, mnl_attr_get_type(attr),
		    mnl_attr_get_payload_len(attr),
		    mnl_attr_get_payload(attr));
	}
	put_addr(nlh, RTA_PREFSRC, src);
	out->len = nlh->nlmsg_len;
	return 0;
}

/* What a kept route message says, parsed as a dump's would be. */
int
nl_route_raw_parse(const struct nl_raw_route *raw, struct route_info *r)
{
	const struct nlmsghdr *nlh = (const void *)raw->msg;
	const struct rtmsg *rtm;

	if (raw->len < sizeof(*nlh) + sizeof(*rtm) ||
	    nlh->nlmsg_len != raw->len)
		return -1;
	rtm = mnl_nlmsg_get_payload(nlh);
	return route_parse(nlh, rtm->rtm_family, r);
}

/*
 * Sends a kept route message as op: NL_ROUTE_REPLACE puts it in place
 * of the route with its key in one step (RTM_NEWROUTE, NLM_F_REPLACE:
 * at no moment is there none), NL_ROUTE_ADD adds it, NL_ROUTE_DELETE
 * deletes the route that has all its fields.  Flags a dump reports but
 * a request may not carry (dead, link down, offload) are left out.
 */
int
nl_route_send_raw(struct nl *nl, enum nl_route_op op,
    const struct nl_raw_route *raw)
{
	const struct nlmsghdr *from = (const void *)raw->msg;
	size_t payload;
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	if (raw->len < sizeof(*from) + sizeof(*rtm) ||
	    from->nlmsg_len != raw->len) {
		errno = EINVAL;
		return -1;
	}
	payload = raw->len - MNL_NLMSG_HDRLEN;
	nlh = nl_request(nl, route_ops[op].type, NLM_F_ACK |
	    route_ops[op].flags);
	memcpy(mnl_nlmsg_put_extra_header(nlh, payload),
	    mnl_nlmsg_get_payload(from), payload);
	rtm = mnl_nlmsg_get_payload(nlh);
	rtm->rtm_flags &= ~(unsigned)(RTNH_F_DEAD | RTNH_F_LINKDOWN |
	    RTNH_F_OFFLOAD | RTNH_F_TRAP | RTM_F_OFFLOAD | RTM_F_TRAP |
	    RTM_F_OFFLOAD_FAILED | RTNH_F_UNRESOLVED);
	if (op == NL_ROUTE_DELETE)
		rtm->rtm_scope = RT_SCOPE_NOWHERE;
	return nl_talk(nl, nlh, NULL, NULL);
}
