/*
 * Who sent a datagram (flowowner.h), the watch branch's version: each
 * flow's owner is the socket connected from its source address and
 * port, found by the socket audit (appaudit_owner(): a sock_diag dump
 * and a pass over /proc per flow), one candidate, never exact, no unit.
 * It is the interface's floor, not its goal: the kernel-filtered,
 * cgroup-naming lookup replaces this file whole.
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

/*
 * appaudit.h brings netlink.h, whose own "struct flow" (a routing
 * lookup's) would clash with flowowner.h's: renamed for this file only.
 * Nothing here uses it.
 */
#define flow	netlink_flow
#include "appaudit.h"
#undef flow
#include "flowowner.h"

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

static void
lookup_one(const struct flow *f, const char *proc_root,
    struct flow_owners *out)
{
	struct app_socket app;
	struct owner *o = &out->o[0];
	char why[160];
	int rc;

	memset(&app, 0, sizeof(app));
	rc = appaudit_owner(&f->src, f->sport, proc_root, &app, why,
	    sizeof(why));
	if (rc == -1 && app.uid == -1)
		return;			/* no such socket: no candidate */
	out->n = 1;
	o->uid = app.uid;
	o->inode = app.inode;
	o->pid = rc == 0 ? app.pid : -1;
	if (rc == 0)
		snprintf(o->comm, sizeof(o->comm), "%s", app.comm);
}

int
flowowner_lookup(const struct flow *flows, size_t n, const char *proc_root,
    struct flow_owners *out, char *err, size_t errlen)
{
	struct ifaddrs *list;
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
		if (!host_owns(list, &flows[i].src))
			out[i].foreign_source = 1;
		else
			lookup_one(&flows[i], proc_root, &out[i]);
	}
	freeifaddrs(list);
	return 0;
}
