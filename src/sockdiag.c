/* SPDX-License-Identifier: ISC */
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
#include <stdlib.h>
#include <string.h>

#include "netlink.h"
#include "sockdiag.h"

struct dump {
	int		 family;
	sockdiag_cb	 cb;
	void		*arg;
	int		 stopped;	/* the callback's value, once it stopped */
	int		 any_dst;	/* unconnected and unicast ones too */
	const void	*bc;		/* the kernel's filter, NULL none */
	size_t		 bclen;
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

/*
 * The kernel adds the mark only for a requester with CAP_NET_ADMIN; the
 * cgroup id (cgroup v2, Linux 5.7 and later) for anyone.
 */
static void
sock_attrs(const struct nlmsghdr *nlh, struct sockdiag_sock *s)
{
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, sizeof(struct inet_diag_msg)) {
		if (mnl_attr_get_type(attr) == INET_DIAG_MARK &&
		    mnl_attr_validate(attr, MNL_TYPE_U32) == 0) {
			s->mark = mnl_attr_get_u32(attr);
			s->has_mark = 1;
		}
		if (mnl_attr_get_type(attr) == INET_DIAG_CGROUP_ID &&
		    mnl_attr_validate(attr, MNL_TYPE_U64) == 0)
			s->cgroup_id = mnl_attr_get_u64(attr);
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
	if (!d->any_dst && !addr_is_multicast(&s.group))
		return MNL_CB_OK;
	s.local_port = ntohs(m->id.idiag_sport);
	s.group_port = ntohs(m->id.idiag_dport);
	s.ifindex = m->id.idiag_if;
	sock_attrs(nlh, &s);
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
	if (d->bc != NULL)
		mnl_attr_put(nlh, INET_DIAG_REQ_BYTECODE, d->bclen, d->bc);
	return nl_talk(nl, nlh, sock_cb, d);
}

/*
 * The kernel's filter (inet_diag bytecode, checked by
 * inet_diag_bc_audit()) for "any of these conditions": each condition
 * but the last is followed by a jump to the end.  A condition's "yes"
 * goes to its jump, its "no" past it to the next condition, and the
 * last one's "no" past the end, which rejects.  The kernel's audit
 * follows the "yes" offsets and wants every "no" to land on that path,
 * which this layout keeps (the jump's "yes" is the next condition).
 */
#define BC_MAX		16384	/* the request buffer holds 32 kB */

struct bc {
	uint8_t		buf[BC_MAX];
	size_t		len;
	size_t		last;		/* offset of the last condition */
};

static void *
bc_put(struct bc *b, size_t len)
{
	void *p = b->buf + b->len;

	memset(p, 0, len);
	b->len += len;
	return p;
}

/* One condition and its jump; 0, or -1 if the filter is full. */
static int
bc_cond(struct bc *b, const struct sockdiag_cond *c)
{
	struct inet_diag_bc_op *op, *arg;
	struct inet_diag_hostcond *h;
	size_t alen = c->addr.family == AF_INET6 ? 16 : 4, clen;

	clen = c->kind == SOCKDIAG_SPORT ? 2 * sizeof(*op) :
	    sizeof(*op) + sizeof(*h) + alen;
	if (b->len + clen + sizeof(*op) > sizeof(b->buf))
		return -1;
	b->last = b->len;
	op = bc_put(b, sizeof(*op));
	if (c->kind == SOCKDIAG_SPORT) {
		op->code = INET_DIAG_BC_S_EQ;
		arg = bc_put(b, sizeof(*arg));
		arg->no = (uint16_t)c->port;
	} else {
		op->code = INET_DIAG_BC_D_COND;
		h = bc_put(b, sizeof(*h) + alen);
		h->family = (uint8_t)c->addr.family;
		h->prefix_len = (uint8_t)c->prefix_len;
		h->port = -1;
		memcpy(h->addr, &c->addr.u, alen);
	}
	op->yes = (uint8_t)clen;
	op->no = (uint16_t)(clen + sizeof(*op));
	op = bc_put(b, sizeof(*op));
	op->code = INET_DIAG_BC_JMP;
	op->yes = sizeof(*op);
	return 0;
}

/* The last jump goes; every other one jumps to the end, accepting. */
static void
bc_finish(struct bc *b)
{
	struct inet_diag_bc_op *op;
	size_t off = 0;

	b->len -= sizeof(*op);
	while (off < b->len) {
		op = (struct inet_diag_bc_op *)(b->buf + off);
		if (op->code == INET_DIAG_BC_JMP) {
			op->no = (uint16_t)(b->len - off);
			off += sizeof(*op);
		} else
			off += op->yes;
	}
	op = (struct inet_diag_bc_op *)(b->buf + b->last);
	op->no = (uint16_t)(op->yes + sizeof(*op));	/* past the end */
}

static const char *
family_name(int family)
{
	return family == AF_INET6 ? "IPv6" : "IPv4";
}

/* One dump per family asked for, filtered by b if not NULL. */
static int
udp_dump(int family, const struct bc *b, int any_dst, sockdiag_cb cb,
    void *arg, char *err, size_t errlen)
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
		d.any_dst = any_dst;
		if (b != NULL) {
			d.bc = b->buf;
			d.bclen = b->len;
		}
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

/*
 * Calls cb for each UDP socket of this network namespace whose
 * destination is a multicast group: of family AF_INET, AF_INET6 or
 * both (AF_UNSPEC).  The kernel filters (a multicast destination, or a
 * v4-mapped one), so a host with a hundred thousand other sockets costs
 * little more than an empty one.  Returns 0 once every socket was
 * seen, -1 with a one-line message in err, or the value (best
 * positive) with which cb stopped the dump.
 */
int
sockdiag_udp_groups(int family, sockdiag_cb cb, void *arg, char *err,
    size_t errlen)
{
	static const uint8_t v4[4] = { 224 }, v6[16] = { 0xff };
	struct sockdiag_cond c[2];
	struct bc *b;
	int rc;

	memset(c, 0, sizeof(c));
	c[0].kind = c[1].kind = SOCKDIAG_DST_PREFIX;
	addr_set(&c[0].addr, AF_INET, v4, sizeof(v4));
	c[0].prefix_len = 4;
	addr_set(&c[1].addr, AF_INET6, v6, sizeof(v6));
	c[1].prefix_len = 8;
	if ((b = calloc(1, sizeof(*b))) == NULL) {
		snprintf(err, errlen, "sock_diag: %s", strerror(errno));
		return -1;
	}
	bc_cond(b, &c[0]);
	bc_cond(b, &c[1]);
	bc_finish(b);
	rc = udp_dump(family, b, 0, cb, arg, err, errlen);
	free(b);
	return rc;
}

/*
 * Calls cb for each UDP socket (connected or not, to anything) that
 * meets any of the n conditions, as the kernel filters them; with too
 * many conditions for one filter, for every socket (cb must check).
 * Returns as sockdiag_udp_groups() does.
 */
int
sockdiag_udp_matching(int family, const struct sockdiag_cond *c, size_t n,
    sockdiag_cb cb, void *arg, char *err, size_t errlen)
{
	struct bc *b;
	size_t i;
	int rc;

	if (n == 0)
		return 0;
	if ((b = calloc(1, sizeof(*b))) == NULL) {
		snprintf(err, errlen, "sock_diag: %s", strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++)
		if (bc_cond(b, &c[i]) == -1)
			break;
	if (i == n)
		bc_finish(b);
	rc = udp_dump(family, i == n ? b : NULL, 1, cb, arg, err, errlen);
	free(b);
	return rc;
}
