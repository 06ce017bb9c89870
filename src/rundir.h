/* SPDX-License-Identifier: ISC */
/*
 * The runtime directory: where the check lock and, by default, the
 * daemon's status file live.
 */
#ifndef MCV_RUNDIR_H
#define MCV_RUNDIR_H

const char	*rundir_path(void);

#endif
