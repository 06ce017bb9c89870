/* SPDX-License-Identifier: ISC */
/*
 * The runtime directory: where the check lock and, by default, the
 * daemon's status file live.
 */
#ifndef MCV_RUNDIR_H
#define MCV_RUNDIR_H

#include <stddef.h>

const char	*rundir_path(void);
int		 rundir_netns_name(char *buf, size_t size, const char *prefix,
		    const char *suffix);

#endif
