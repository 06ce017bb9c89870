/* SPDX-License-Identifier: ISC */
/*
 * Privileges: check what a check needs, then keep only what teardown
 * needs.
 */
#ifndef MCV_PRIVS_H
#define MCV_PRIVS_H

#include <stddef.h>
#include <sys/types.h>

struct privs_user {
	int	set;
	uid_t	uid;
	gid_t	gid;
};

int	privs_lookup_user(const char *name, struct privs_user *,
	    char *err, size_t errlen);
int	privs_check(int need_raw, int need_admin, char *err,
	    size_t errlen);
/* What privs_drop() keeps besides CAP_NET_ADMIN, where held. */
#define PRIVS_KEEP_RAW		1	/* CAP_NET_RAW: captures after this */
#define PRIVS_KEEP_NETNS	2	/* what a round needs to enter and
					   name other namespaces */

int	privs_drop(const struct privs_user *, unsigned keep, char *err,
	    size_t errlen);

int	privs_drop_netns(char *err, size_t errlen);
int	privs_have_netns(void);
const char *privs_netns_find_missing(void);

#endif
