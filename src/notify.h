/* SPDX-License-Identifier: ISC */
#ifndef MCV_NOTIFY_H
#define MCV_NOTIFY_H

void			notify_systemd(const char *state);
unsigned long long	notify_watchdog_usec(void);
unsigned long		notify_dropped_count(void);

#endif
