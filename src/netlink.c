/*
 * rtnetlink through libmnl.
 *
 * Every request asks for an acknowledgement (dumps end with NLMSG_DONE
 * instead), so a call returns only once the kernel has answered, and
 * an error comes back as -1 with errno set from the kernel's answer.
 */
#include "config.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
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

/* One route from the kernel, as the callbacks see it. */
struct route_msg {
	const struct rtmsg	*rtm;
	struct in_addr		 dst;
	struct route_info	 info;
};

/* Which routes a request wants; of those, the one with the lowest metric. */
struct route_query {
	int		  (*match)(const struct route_msg *, const void *);
	const void	   *arg;
	struct route_info  *out;
	int		    found;
};

static struct nl *
nl_open_groups(unsigned groups, int flags)
{
	struct nl *nl;
	int saved;

	if ((nl = calloc(1, sizeof(*nl))) == NULL)
		return NULL;
	if ((nl->sock = mnl_socket_open2(NETLINK_ROUTE,
	    SOCK_CLOEXEC | flags)) == NULL)
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

/* A socket for requests. */
struct nl *
nl_open(void)
{
	return nl_open_groups(0, 0);
}

/* A non-blocking socket that hears of every link change. */
struct nl *
nl_open_link_monitor(void)
{
	return nl_open_groups(RTMGRP_LINK, SOCK_NONBLOCK);
}

int
nl_fd(const struct nl *nl)
{
	return mnl_socket_get_fd(nl->sock);
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

void
nl_close(struct nl *nl)
{
	if (nl == NULL)
		return;
	if (nl->sock != NULL)
		mnl_socket_close(nl->sock);
	free(nl);
}

static struct nlmsghdr *
nl_start(struct nl *nl, uint16_t type, uint16_t flags, struct rtmsg **rtm)
{
	struct nlmsghdr *nlh;

	memset(nl->buf, 0, MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(**rtm)));
	nlh = mnl_nlmsg_put_header(nl->buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++nl->seq;
	*rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(**rtm));
	(*rtm)->rtm_family = AF_INET;
	return nlh;
}

/* Sends a request and runs cb over the answer until ack, DONE or error. */
static int
nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
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
			return -1;
		}
		rc = mnl_cb_run(nl->buf, (size_t)n, seq, nl->portid, cb, data);
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
attr_in_addr(const struct nlattr *attr, struct in_addr *out)
{
	if (attr == NULL || mnl_attr_get_payload_len(attr) != sizeof(*out))
		return 0;
	memcpy(out, mnl_attr_get_payload(attr), sizeof(*out));
	return 1;
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

static int
route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct route_query *q = data;
	const struct nlattr *tb[RTA_MAX + 1] = { NULL };
	struct route_msg m;

	if (nlh->nlmsg_type != RTM_NEWROUTE ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*m.rtm))
		return MNL_CB_OK;
	memset(&m, 0, sizeof(m));
	m.rtm = mnl_nlmsg_get_payload(nlh);
	if (m.rtm->rtm_family != AF_INET ||
	    mnl_attr_parse(nlh, sizeof(*m.rtm), route_attr_cb, tb) < 0)
		return MNL_CB_OK;
	m.info.oif = attr_u32(tb[RTA_OIF],
	    first_nexthop_oif(tb[RTA_MULTIPATH]));
	m.info.table = attr_u32(tb[RTA_TABLE], m.rtm->rtm_table);
	m.info.protocol = m.rtm->rtm_protocol;
	m.info.priority = attr_u32(tb[RTA_PRIORITY], 0);
	m.info.has_prefsrc = attr_in_addr(tb[RTA_PREFSRC], &m.info.prefsrc);
	attr_in_addr(tb[RTA_DST], &m.dst);

	if (q->match != NULL && !q->match(&m, q->arg))
		return MNL_CB_OK;
	if (q->found && m.info.priority >= q->out->priority)
		return MNL_CB_OK;
	*q->out = m.info;
	q->found = 1;
	return MNL_CB_OK;
}

/* Dumps the IPv4 routes of every table and keeps the best match. */
static int
nl_route_dump(struct nl *nl, struct route_query *q)
{
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	nlh = nl_start(nl, RTM_GETROUTE, NLM_F_DUMP, &rtm);
	if (nl_talk(nl, nlh, route_cb, q) == -1)
		return -1;
	return q->found;
}

static int
is_host_route_for(const struct route_msg *m, const void *arg)
{
	const struct in_addr *dst = arg;

	return m->rtm->rtm_dst_len == 32 && m->dst.s_addr == dst->s_addr &&
	    !(m->rtm->rtm_flags & RTM_F_CLONED);
}

/* Whether some table has a route for dst/32: 1 yes, 0 no, -1 error. */
int
nl_route_find_host(struct nl *nl, struct in_addr dst, struct route_info *out)
{
	struct route_query q = { is_host_route_for, &dst, out, 0 };

	return nl_route_dump(nl, &q);
}

static int
is_default_route(const struct route_msg *m, const void *arg)
{
	(void)arg;
	return m->rtm->rtm_dst_len == 0 && m->info.table == RT_TABLE_MAIN &&
	    m->rtm->rtm_type == RTN_UNICAST && m->info.oif != 0;
}

/* The main table's default route with the lowest metric: 1, 0 none. */
int
nl_default_route(struct nl *nl, struct route_info *out)
{
	struct route_query q = { is_default_route, NULL, out, 0 };

	return nl_route_dump(nl, &q);
}

/* Adds, replaces or deletes dst/len dev oif in table, tagged protocol. */
static int
nl_route_change_src(struct nl *nl, uint16_t type, uint16_t flags,
    const struct route_key *key, unsigned protocol, const struct in_addr *src)
{
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	nlh = nl_start(nl, type, NLM_F_ACK | flags, &rtm);
	rtm->rtm_dst_len = (unsigned char)key->dst_len;
	rtm->rtm_table = key->table < 256 ? (unsigned char)key->table :
	    RT_TABLE_UNSPEC;
	rtm->rtm_protocol = (unsigned char)protocol;
	rtm->rtm_scope = type == RTM_NEWROUTE ? RT_SCOPE_LINK :
	    RT_SCOPE_NOWHERE;
	rtm->rtm_type = RTN_UNICAST;
	mnl_attr_put(nlh, RTA_DST, sizeof(key->dst), &key->dst);
	if (key->table >= 256)
		mnl_attr_put_u32(nlh, RTA_TABLE, key->table);
	if (key->oif != 0)
		mnl_attr_put_u32(nlh, RTA_OIF, key->oif);
	if (src != NULL)
		mnl_attr_put(nlh, RTA_PREFSRC, sizeof(*src), src);
	return nl_talk(nl, nlh, NULL, NULL);
}

static int
nl_route_change(struct nl *nl, uint16_t type, uint16_t flags,
    const struct route_key *key, unsigned protocol)
{
	return nl_route_change_src(nl, type, flags, key, protocol, NULL);
}

int
nl_route_add(struct nl *nl, struct in_addr dst, unsigned oif,
    unsigned protocol)
{
	struct route_key key = { dst, 32, RT_TABLE_MAIN, oif };

	return nl_route_change(nl, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL,
	    &key, protocol);
}

/* Gives our route dst/32 dev oif a preferred source address. */
int
nl_route_set_src(struct nl *nl, struct in_addr dst, unsigned oif,
    unsigned protocol, struct in_addr src)
{
	struct route_key key = { dst, 32, RT_TABLE_MAIN, oif };

	return nl_route_change_src(nl, RTM_NEWROUTE, NLM_F_REPLACE, &key,
	    protocol, &src);
}

/* Naming the protocol makes the kernel delete only a route with our tag. */
int
nl_route_del(struct nl *nl, struct in_addr dst, unsigned oif,
    unsigned protocol)
{
	struct route_key key = { dst, 32, RT_TABLE_MAIN, oif };

	return nl_route_change(nl, RTM_DELROUTE, 0, &key, protocol);
}

/* Collects the routes that carry a protocol tag, for nl_route_sweep(). */
struct sweep {
	unsigned		protocol;
	size_t			n;
	struct route_key	keys[SWEEP_MAX];
};

static int
sweep_cb(const struct nlmsghdr *nlh, void *data)
{
	struct sweep *sw = data;
	const struct nlattr *tb[RTA_MAX + 1] = { NULL };
	const struct rtmsg *rtm;
	struct route_key *key;

	if (nlh->nlmsg_type != RTM_NEWROUTE ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm))
		return MNL_CB_OK;
	rtm = mnl_nlmsg_get_payload(nlh);
	if (rtm->rtm_family != AF_INET || rtm->rtm_protocol != sw->protocol ||
	    (rtm->rtm_flags & RTM_F_CLONED) || sw->n == SWEEP_MAX ||
	    mnl_attr_parse(nlh, sizeof(*rtm), route_attr_cb, tb) < 0)
		return MNL_CB_OK;
	key = &sw->keys[sw->n];
	memset(key, 0, sizeof(*key));
	attr_in_addr(tb[RTA_DST], &key->dst);
	key->dst_len = rtm->rtm_dst_len;
	key->table = attr_u32(tb[RTA_TABLE], rtm->rtm_table);
	key->oif = attr_u32(tb[RTA_OIF], 0);
	/* Only the shape of route a check adds: a main-table multicast /32. */
	if (key->dst_len == 32 && key->table == RT_TABLE_MAIN &&
	    IN_MULTICAST(ntohl(key->dst.s_addr)))
		sw->n++;
	return MNL_CB_OK;
}

/*
 * Deletes the main-table multicast /32 routes tagged protocol: the
 * leftovers of runs that were killed before their teardown.  Another
 * program's routes with the same number but another shape are safe.  Fills removed[] (up to max entries);
 * returns how many were deleted, or -1.
 */
int
nl_route_sweep(struct nl *nl, unsigned protocol, struct route_key *removed,
    size_t max)
{
	struct sweep sw;
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	size_t i;
	int n = 0;

	memset(&sw, 0, sizeof(sw));
	sw.protocol = protocol;
	nlh = nl_start(nl, RTM_GETROUTE, NLM_F_DUMP, &rtm);
	if (nl_talk(nl, nlh, sweep_cb, &sw) == -1)
		return -1;
	for (i = 0; i < sw.n; i++) {
		if (nl_route_change(nl, RTM_DELROUTE, 0, &sw.keys[i],
		    protocol) == -1) {
			if (errno == ESRCH)
				continue;	/* gone meanwhile */
			return -1;
		}
		if ((size_t)n < max)
			removed[n] = sw.keys[i];
		n++;
	}
	return n;
}

/*
 * The kernel's output decision for dst (from src, if given), as
 * `ip route get` shows it; no packet is sent.
 */
int
nl_route_get(struct nl *nl, struct in_addr dst, const struct in_addr *src,
    struct route_info *out)
{
	struct route_query q = { NULL, NULL, out, 0 };
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	nlh = nl_start(nl, RTM_GETROUTE, NLM_F_ACK, &rtm);
	rtm->rtm_dst_len = 32;
	mnl_attr_put(nlh, RTA_DST, sizeof(dst), &dst);
	if (src != NULL) {
		rtm->rtm_src_len = 32;
		mnl_attr_put(nlh, RTA_SRC, sizeof(*src), src);
	}
	if (nl_talk(nl, nlh, route_cb, &q) == -1)
		return -1;
	if (!q.found) {
		errno = ENOENT;
		return -1;
	}
	return 0;
}
