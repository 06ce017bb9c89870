/* SPDX-License-Identifier: ISC */
/*
 * The network namespaces a round checks, listed afresh for each round:
 * the process's own first, then those the netns setting names, or with
 * "all" those under /run/netns and those of every process, one entry
 * per namespace (by inode).  Listed in bounded steps, so that a host
 * with many processes never stalls the loop.
 */
#ifndef MCV_NSLIST_H
#define MCV_NSLIST_H

#include <stddef.h>

#include "netns.h"
#include "settings.h"

struct nslist_entry {
	char		spec[SETTINGS_NETNS_MAX];	/* for netns_open();
						   "": the own namespace */
	char		name[NETNS_NAME_MAX];	/* as shown, sanitized */
	unsigned long	inode;		/* as listed; 0: not resolved */
	int		discovered;	/* found by "all", not named */
};

struct nslist;

/* setting: "all", or names, paths and pid:N apart by spaces. */
struct nslist	*nslist_new(const char *setting, size_t max);
int		 nslist_step(struct nslist *);	/* 1: listed in full */
size_t		 nslist_count(const struct nslist *);
const struct nslist_entry *nslist_get(const struct nslist *, size_t);
unsigned long	 nslist_over_limit(const struct nslist *);
void		 nslist_free(struct nslist *);
int		 nslist_can_enter(const char *setting, char *err,
		    size_t errlen);

#endif
