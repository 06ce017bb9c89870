/* SPDX-License-Identifier: ISC */
/*
 * --cleanup: the sweep of leftover routes alone, under the lock.
 */
#ifndef MCV_CLEANUP_H
#define MCV_CLEANUP_H

int	cleanup_run(void);
int	cleanup_round(const char *netns_setting);

#endif
