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
	struct addr		 dst;
	struct route_info	 info;
};

/* Which routes a request wants; of those, the one with the lowest metric. */
struct route_query {
	int		    family;
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
nl_start(struct nl *nl, uint16_t type, uint16_t flags, int family,
    struct rtmsg **rtm)
{
	struct nlmsghdr *nlh;

	memset(nl->buf, 0, MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(**rtm)));
	nlh = mnl_nlmsg_put_header(nl->buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++nl->seq;
	*rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(**rtm));
	(*rtm)->rtm_family = (unsigned char)family;
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
	if (m.rtm->rtm_family != q->family ||
	    mnl_attr_parse(nlh, sizeof(*m.rtm), route_attr_cb, tb) < 0)
		return MNL_CB_OK;
	m.info.oif = attr_u32(tb[RTA_OIF],
	    first_nexthop_oif(tb[RTA_MULTIPATH]));
	m.info.table = attr_u32(tb[RTA_TABLE], m.rtm->rtm_table);
	m.info.protocol = m.rtm->rtm_protocol;
	m.info.priority = attr_u32(tb[RTA_PRIORITY], 0);
	m.info.type = m.rtm->rtm_type;
	m.info.dst_len = m.rtm->rtm_dst_len;
	m.info.has_prefsrc = attr_addr(tb[RTA_PREFSRC], q->family,
	    &m.info.prefsrc);
	attr_addr(tb[RTA_DST], q->family, &m.dst);

	if (q->match != NULL && !q->match(&m, q->arg))
		return MNL_CB_OK;
	if (q->found && m.info.priority >= q->out->priority)
		return MNL_CB_OK;
	*q->out = m.info;
	q->found = 1;
	return MNL_CB_OK;
}

/* Dumps the routes of q->family in every table; keeps the best match. */
static int
nl_route_dump(struct nl *nl, struct route_query *q)
{
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	nlh = nl_start(nl, RTM_GETROUTE, NLM_F_DUMP, q->family, &rtm);
	if (nl_talk(nl, nlh, route_cb, q) == -1)
		return -1;
	return q->found;
}

static int
is_host_route_for(const struct route_msg *m, const void *arg)
{
	const struct addr *dst = arg;

	return m->rtm->rtm_dst_len == addr_bits(dst) &&
	    addr_equal(&m->dst, dst) && !(m->rtm->rtm_flags & RTM_F_CLONED);
}

/* Whether some table has a host route for dst: 1 yes, 0 no, -1 error. */
int
nl_route_find_host(struct nl *nl, const struct addr *dst,
    struct route_info *out)
{
	struct route_query q = { dst->family, is_host_route_for, dst, out, 0 };

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
nl_default_route(struct nl *nl, int family, struct route_info *out)
{
	struct route_query q = { family, is_default_route, NULL, out, 0 };

	return nl_route_dump(nl, &q);
}

/*
 * Adds, replaces or deletes dst/len dev oif in table, tagged protocol.
 * An IPv4 group gets a link-scope unicast route; an IPv6 group a
 * local-type route (the kind `ip -6 route add local` makes), the one
 * route that keeps IPv6 multicast on loopback (see route_key_for()).
 */
static int
nl_route_change_src(struct nl *nl, uint16_t type, uint16_t flags,
    const struct route_key *key, unsigned protocol, const struct addr *src)
{
	int v6 = key->dst.family == AF_INET6;
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	nlh = nl_start(nl, type, NLM_F_ACK | flags, key->dst.family, &rtm);
	rtm->rtm_dst_len = (unsigned char)key->dst_len;
	rtm->rtm_table = key->table < 256 ? (unsigned char)key->table :
	    RT_TABLE_UNSPEC;
	rtm->rtm_protocol = (unsigned char)protocol;
	if (type != RTM_NEWROUTE)
		rtm->rtm_scope = RT_SCOPE_NOWHERE;
	else
		rtm->rtm_scope = v6 ? RT_SCOPE_HOST : RT_SCOPE_LINK;
	rtm->rtm_type = v6 ? RTN_LOCAL : RTN_UNICAST;
	put_addr(nlh, RTA_DST, &key->dst);
	if (key->table >= 256)
		mnl_attr_put_u32(nlh, RTA_TABLE, key->table);
	if (key->oif != 0)
		mnl_attr_put_u32(nlh, RTA_OIF, key->oif);
	if (src != NULL)
		put_addr(nlh, RTA_PREFSRC, src);
	return nl_talk(nl, nlh, NULL, NULL);
}

static int
nl_route_change(struct nl *nl, uint16_t type, uint16_t flags,
    const struct route_key *key, unsigned protocol)
{
	return nl_route_change_src(nl, type, flags, key, protocol, NULL);
}

/*
 * The route a check adds for the group.  IPv4: dst/32 in the main
 * table.  IPv6: dst/128 in the local table, where the kernel's own
 * ff00::/8 route of every interface would otherwise win; and of the
 * type local, since the kernel turns any other route through loopback
 * into a reject route (fib6_is_reject()).
 */
unsigned
nl_group_route_table(int family)
{
	return family == AF_INET6 ? RT_TABLE_LOCAL : RT_TABLE_MAIN;
}

/* The key of that route, through oif. */
static struct route_key
route_key_for(const struct addr *dst, unsigned oif)
{
	struct route_key key;

	key.dst = *dst;
	key.dst_len = addr_bits(dst);
	key.table = nl_group_route_table(dst->family);
	key.oif = oif;
	return key;
}

int
nl_route_add(struct nl *nl, const struct addr *dst, unsigned oif,
    unsigned protocol)
{
	struct route_key key = route_key_for(dst, oif);

	return nl_route_change(nl, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL,
	    &key, protocol);
}

/* Gives our route for dst dev oif a preferred source address. */
int
nl_route_set_src(struct nl *nl, const struct addr *dst, unsigned oif,
    unsigned protocol, const struct addr *src)
{
	struct route_key key = route_key_for(dst, oif);

	return nl_route_change_src(nl, RTM_NEWROUTE, NLM_F_REPLACE, &key,
	    protocol, src);
}

/* Naming the protocol makes the kernel delete only a route with our tag. */
int
nl_route_del(struct nl *nl, const struct addr *dst, unsigned oif,
    unsigned protocol)
{
	struct route_key key = route_key_for(dst, oif);

	return nl_route_change(nl, RTM_DELROUTE, 0, &key, protocol);
}

/* Collects the routes that carry a protocol tag, for nl_route_sweep(). */
struct sweep {
	int			family;
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
	if (rtm->rtm_family != sw->family || rtm->rtm_protocol != sw->protocol ||
	    (rtm->rtm_flags & RTM_F_CLONED) || sw->n == SWEEP_MAX ||
	    mnl_attr_parse(nlh, sizeof(*rtm), route_attr_cb, tb) < 0)
		return MNL_CB_OK;
	key = &sw->keys[sw->n];
	memset(key, 0, sizeof(*key));
	if (!attr_addr(tb[RTA_DST], sw->family, &key->dst))
		return MNL_CB_OK;
	key->dst_len = rtm->rtm_dst_len;
	key->table = attr_u32(tb[RTA_TABLE], rtm->rtm_table);
	key->oif = attr_u32(tb[RTA_OIF], 0);
	/* Only the shape of route a check adds (route_key_for()). */
	if (addr_is_multicast(&key->dst) &&
	    key->dst_len == addr_bits(&key->dst) &&
	    key->table == nl_group_route_table(key->dst.family))
		sw->n++;
	return MNL_CB_OK;
}

/*
 * Deletes the multicast host routes of family tagged protocol, of the
 * shape a check adds: the leftovers of runs that were killed before
 * their teardown.  Another program's routes with the same number but
 * another shape are safe.  Fills removed[] (up to max entries); returns
 * how many were deleted, or -1.
 */
int
nl_route_sweep(struct nl *nl, int family, unsigned protocol,
    struct route_key *removed, size_t max)
{
	struct sweep sw;
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	size_t i;
	int n = 0;

	memset(&sw, 0, sizeof(sw));
	sw.family = family;
	sw.protocol = protocol;
	nlh = nl_start(nl, RTM_GETROUTE, NLM_F_DUMP, family, &rtm);
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
nl_route_get(struct nl *nl, const struct addr *dst, const struct addr *src,
    struct route_info *out)
{
	struct route_query q = { dst->family, NULL, NULL, out, 0 };
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	nlh = nl_start(nl, RTM_GETROUTE, NLM_F_ACK, dst->family, &rtm);
	rtm->rtm_dst_len = (unsigned char)addr_bits(dst);
	put_addr(nlh, RTA_DST, dst);
	if (src != NULL) {
		rtm->rtm_src_len = (unsigned char)addr_bits(src);
		put_addr(nlh, RTA_SRC, src);
	}
	if (nl_talk(nl, nlh, route_cb, &q) == -1)
		return -1;
	if (!q.found) {
		errno = ENOENT;
		return -1;
	}
	return 0;
}
