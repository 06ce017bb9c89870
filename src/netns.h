/* SPDX-License-Identifier: ISC */
/*
 * --netns: run the check inside another network namespace (a
 * container's, a pod's), named by /run/netns/NAME, a path, or pid:N,
 * and say which namespace that was and what owns it.
 */
#ifndef MCV_NETNS_H
#define MCV_NETNS_H

#include <stddef.h>

#define NETNS_NAME_MAX	256	/* a name or a path, as shown */
#define NETNS_OWNER_MAX	128
#define NETNS_SELF_NAME	"host"	/* a round's name for its own */

struct netns_id {
	char		name[NETNS_NAME_MAX];	/* as given, sanitized */
	unsigned long	inode;			/* 0: none entered */
	char		owner[NETNS_OWNER_MAX];	/* "docker:1a2b..", a unit,
						   "": none found */
};

int	netns_enter(const char *spec, struct netns_id *, char *err,
	    size_t errlen);
int	netns_open(const char *spec, int *pid, char *err, size_t errlen);
void	netns_owner(unsigned long inode, int pid, char *owner, size_t len);
int	netns_any_up(void);

#endif
