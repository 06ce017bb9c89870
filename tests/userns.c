/* SPDX-License-Identifier: ISC */
/*
 * LD_PRELOAD for tcpdump when an ordinary user runs the namespace tests
 * (tests/lib.sh): they are then root of a user namespace that denies
 * setgroups(), as every unprivileged user namespace must to map its
 * group, and tcpdump, started as uid 0, drops to a user through
 * initgroups(), which fails there.  Staying root of that namespace is
 * what -Z root asks for, so the group list is left as it is.
 */
#include <grp.h>
#include <stddef.h>
#include <sys/types.h>

int
setgroups(size_t n, const gid_t *list)
{
	(void)n;
	(void)list;
	return 0;
}

int
initgroups(const char *user, gid_t group)
{
	(void)user;
	(void)group;
	return 0;
}
