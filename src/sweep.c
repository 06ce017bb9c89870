/*
 * Route hygiene.  A run killed by SIGKILL (or a crash) cannot remove
 * its route; the next run, or `--cleanup` from ExecStopPost=, does.
 * Only routes that carry our rtm_protocol tag are touched, and only
 * while holding the lock, when no live check owns one.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <string.h>

#include "lock.h"
#include "log.h"
#include "netlink.h"
#include "result.h"
#include "sweep.h"

/* Removes one family's leftovers and logs each; how many, or -1. */
static int
sweep_family(struct nl *nl, int family)
{
	struct route_key removed[SWEEP_MAX];
	char dst[ADDR_STRLEN], ifname[IF_NAMESIZE];
	int i, n;

	n = nl_route_sweep(nl, family, MCASTLO_RTPROT, removed, SWEEP_MAX);
	for (i = 0; i < n && i < SWEEP_MAX; i++) {
		addr_ntop(&removed[i].dst, dst, sizeof(dst));
		if (if_indextoname(removed[i].oif, ifname) == NULL)
			strcpy(ifname, "?");
		log_info("removed route %s/%u dev %s table %u left by a "
		    "killed run", dst, removed[i].dst_len, ifname,
		    removed[i].table);
	}
	return n;
}

/* Returns how many leftover routes were removed, or -1. */
int
sweep_leftovers(struct nl *nl)
{
	int n4, n6;

	if ((n4 = sweep_family(nl, AF_INET)) == -1 ||
	    (n6 = sweep_family(nl, AF_INET6)) == -1)
		return -1;
	return n4 + n6;
}

/* --cleanup: the sweep alone, for ExecStopPost= and by hand. */
int
sweep_run(void)
{
	struct nl *nl;
	int lock, n;

	if ((lock = lock_acquire(LOCK_WAIT_MS)) == -1) {
		if (errno == EAGAIN)
			log_warnx("another check is running");
		else
			log_warn("lock");
		return STATUS_UNKNOWN;
	}
	if ((nl = nl_open()) == NULL) {
		log_warn("rtnetlink");
		lock_release(lock);
		return STATUS_UNKNOWN;
	}
	if ((n = sweep_leftovers(nl)) == -1)
		log_warn("removing leftover routes");
	else
		log_info("cleanup: %d leftover route%s removed", n,
		    n == 1 ? "" : "s");
	nl_close(nl);
	lock_release(lock);
	return n == -1 ? STATUS_UNKNOWN : STATUS_OK;
}
