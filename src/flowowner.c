/*
 * Who sent a datagram (flowowner.h), the watch branch's version: a
 * flow's owner is the socket connected from its source address and
 * port, as the socket audit finds it (sockdiag.c, sockowner.c): one
 * sock_diag dump and one pass over /proc for a whole batch of flows;
 * one candidate, never exact, no unit.  It is the interface's floor,
 * not its goal: the kernel-filtered, cgroup-naming lookup replaces this
 * file whole.
 *
 * A source the host does not own (a frame it bridges or forwards for a
 * container, say) is no host application's: such a flow is marked
 * foreign_source and no socket is looked for.
 */
#include "config.h"

#include <errno.h>
#include <ifaddrs.h>
#include <stdio.h>
#include <string.h>

#include "flowowner.h"
#include "sockdiag.h"
#include "sockowner.h"

struct batch {
	const struct flow	*flows;
	size_t			 n;
	struct flow_owners	*out;
	size_t			 left;		/* flows still unmatched */
};

/* Whether the host has the address on any interface. */
static int
host_owns(const struct ifaddrs *list, const struct addr *a)
{
	const struct ifaddrs *ifa;
	struct addr mine;

	for (ifa = list; ifa != NULL; ifa = ifa->ifa_next) {
		if (ifa->ifa_addr == NULL ||
		    ifa->ifa_addr->sa_family != a->family)
			continue;
		(void)addr_from_sockaddr(
		    (const struct sockaddr_storage *)(void *)ifa->ifa_addr,
		    &mine);
		if (addr_equal(&mine, a))
			return 1;
	}
	return 0;
}

/* A socket connected to a group: the owner of the flows it sends. */
static int
socket_cb(const struct sockdiag_sock *s, void *arg)
{
	struct batch *b = arg;
	struct owner *o;
	size_t i;

	for (i = 0; i < b->n; i++) {
		if (b->out[i].foreign_source || b->out[i].n > 0 ||
		    s->local_port != b->flows[i].sport ||
		    !addr_equal(&s->local, &b->flows[i].src))
			continue;
		o = &b->out[i].o[0];
		b->out[i].n = 1;
		o->uid = (long)s->uid;
		o->inode = s->inode;
		if (--b->left == 0)
			return 1;	/* stop: all found */
	}
	return 0;
}

/* One pass over /proc for every socket found: their processes. */
static void
name_processes(struct batch *b, const char *proc_root)
{
	struct sockowners *so;
	struct sockowner_list list;
	struct owner *o;
	char err[128];
	size_t i;

	if ((so = sockowners_new()) == NULL)
		return;
	for (i = 0; i < b->n; i++)
		if (b->out[i].n > 0 &&
		    sockowners_want(so, (uint32_t)b->out[i].o[0].inode) == -1)
			goto done;
	if (sockowners_scan(so, proc_root, err, sizeof(err)) == -1)
		goto done;
	for (i = 0; i < b->n; i++) {
		o = &b->out[i].o[0];
		if (b->out[i].n == 0)
			continue;
		sockowners_get(so, (uint32_t)o->inode, &list);
		if (list.state != SOCKOWNER_FOUND)
			continue;
		o->pid = (long)list.owner[0].pid;
		snprintf(o->comm, sizeof(o->comm), "%s", list.owner[0].comm);
	}
done:
	sockowners_free(so);
}

int
flowowner_lookup(const struct flow *flows, size_t n, const char *proc_root,
    struct flow_owners *out, char *err, size_t errlen)
{
	struct batch b = { flows, n, out, 0 };
	struct ifaddrs *list;
	int family = AF_INET6;
	size_t i;

	if (getifaddrs(&list) == -1) {
		snprintf(err, errlen, "listing the host's addresses: %s",
		    strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].o[0].uid = -1;
		out[i].o[0].pid = -1;
		if (!host_owns(list, &flows[i].src)) {
			out[i].foreign_source = 1;
			continue;
		}
		b.left++;
		/* An IPv4 datagram may come from an AF_INET6 socket. */
		if (flows[i].src.family == AF_INET)
			family = AF_UNSPEC;
	}
	freeifaddrs(list);
	if (b.left == 0)
		return 0;
	if (sockdiag_udp_groups(family, socket_cb, &b, err, errlen) < 0)
		return -1;
	name_processes(&b, proc_root);
	return 0;
}
