/*
 * sock_diag (NETLINK_SOCK_DIAG) dumps of UDP sockets, through libmnl,
 * for the socket audit: which applications are connect()ed to a
 * multicast group, from where.
 *
 * The kernel sends the dump in reads of at most 32 kB and each socket
 * goes to the caller as it is parsed, so ten thousand sockets cost no
 * more memory than one.  The dump walks the kernel's hash table while
 * sockets come and go: one opened or closed meanwhile may or may not
 * be in it.  Any user may dump UDP sockets (only SOCK_DESTROY needs
 * CAP_NET_ADMIN), so the audit needs no privilege.
 */
#include "config.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <stdio.h>
#include <string.h>

#include "netlink.h"
#include "sockdiag.h"

struct dump {
	int		 family;
	sockdiag_cb	 cb;
	void		*arg;
	int		 stopped;	/* the callback's value, once it stopped */
};

/*
 * The kernel gives both addresses in 16 bytes, an IPv4 one in the
 * first 4.  An AF_INET6 socket connected to ::ffff:a.b.c.d has its
 * source mapped too (or still unspecified): both become IPv4.
 */
static void
sock_addrs(const struct inet_diag_msg *m, struct sockdiag_sock *s)
{
	struct in6_addr src, dst;
	uint32_t any = 0;

	if (m->idiag_family == AF_INET) {
		addr_set(&s->local, AF_INET, &m->id.idiag_src[0], 4);
		addr_set(&s->group, AF_INET, &m->id.idiag_dst[0], 4);
		return;
	}
	memcpy(&src, m->id.idiag_src, sizeof(src));
	memcpy(&dst, m->id.idiag_dst, sizeof(dst));
	if (!IN6_IS_ADDR_V4MAPPED(&dst)) {
		addr_set(&s->local, AF_INET6, &src, sizeof(src));
		addr_set(&s->group, AF_INET6, &dst, sizeof(dst));
		return;
	}
	s->v4mapped = 1;
	addr_set(&s->group, AF_INET, &m->id.idiag_dst[3], 4);
	addr_set(&s->local, AF_INET, IN6_IS_ADDR_V4MAPPED(&src) ?
	    &m->id.idiag_src[3] : &any, 4);
}

/* The kernel adds the mark only for a requester with CAP_NET_ADMIN. */
static void
sock_mark(const struct nlmsghdr *nlh, struct sockdiag_sock *s)
{
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, sizeof(struct inet_diag_msg)) {
		if (mnl_attr_get_type(attr) == INET_DIAG_MARK &&
		    mnl_attr_validate(attr, MNL_TYPE_U32) == 0) {
			s->mark = mnl_attr_get_u32(attr);
			s->has_mark = 1;
		}
	}
}

/* One socket of the dump; those not connected to a group are skipped. */
static int
sock_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump *d = data;
	const struct inet_diag_msg *m;
	struct sockdiag_sock s;

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*m))
		return MNL_CB_OK;
	m = mnl_nlmsg_get_payload(nlh);
	if (m->idiag_family != d->family)
		return MNL_CB_OK;
	memset(&s, 0, sizeof(s));
	s.family = m->idiag_family;
	sock_addrs(m, &s);
	if (!addr_is_multicast(&s.group))
		return MNL_CB_OK;
	s.local_port = ntohs(m->id.idiag_sport);
	s.group_port = ntohs(m->id.idiag_dport);
	s.ifindex = m->id.idiag_if;
	sock_mark(nlh, &s);
	s.inode = m->idiag_inode;
	s.uid = m->idiag_uid;
	s.cookie = (uint64_t)m->id.idiag_cookie[1] << 32 |
	    m->id.idiag_cookie[0];
	if ((d->stopped = d->cb(&s, d->arg)) != 0)
		return MNL_CB_STOP;
	return MNL_CB_OK;
}

/*
 * Every state is asked for: a connected UDP socket is TCP_ESTABLISHED
 * today, but the destination is what tells, not the state.
 */
static int
dump_family(struct nl *nl, struct dump *d)
{
	struct nlmsghdr *nlh;
	struct inet_diag_req_v2 *req;

	nlh = nl_request(nl, SOCK_DIAG_BY_FAMILY, NLM_F_DUMP);
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = (uint8_t)d->family;
	req->sdiag_protocol = IPPROTO_UDP;
	req->idiag_states = ~0U;
	return nl_talk(nl, nlh, sock_cb, d);
}

static const char *
family_name(int family)
{
	return family == AF_INET6 ? "IPv6" : "IPv4";
}

/*
 * Calls cb for each UDP socket of this network namespace whose
 * destination is a multicast group: of family AF_INET, AF_INET6 or
 * both (AF_UNSPEC).  Returns 0 once every socket was seen, -1 with a
 * one-line message in err, or the value (best positive) with which cb
 * stopped the dump.
 */
int
sockdiag_udp_groups(int family, sockdiag_cb cb, void *arg, char *err,
    size_t errlen)
{
	static const int families[] = { AF_INET, AF_INET6 };
	struct nl *nl;
	struct dump d;
	size_t i;
	int rc = 0, saved;

	if (family != AF_UNSPEC && family != AF_INET && family != AF_INET6) {
		snprintf(err, errlen, "sock_diag: %s",
		    strerror(EAFNOSUPPORT));
		return -1;
	}
	if ((nl = nl_open_sockdiag()) == NULL) {
		snprintf(err, errlen, "sock_diag: %s", strerror(errno));
		return -1;
	}
	for (i = 0; i < MNL_ARRAY_SIZE(families) && rc == 0; i++) {
		if (family != AF_UNSPEC && family != families[i])
			continue;
		memset(&d, 0, sizeof(d));
		d.family = families[i];
		d.cb = cb;
		d.arg = arg;
		if (dump_family(nl, &d) == -1) {
			saved = errno;
			snprintf(err, errlen, "sock_diag: %s UDP sockets: %s%s",
			    family_name(families[i]), strerror(saved),
			    saved == ENOENT ? " (no udp_diag in this kernel?)" :
			    "");
			rc = -1;
		} else
			rc = d.stopped;
	}
	nl_close(nl);
	return rc;
}
