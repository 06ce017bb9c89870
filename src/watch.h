/* SPDX-License-Identifier: ISC */
/*
 * Watch mode: between the daemon's checks, count the datagrams that
 * applications really leak, and name the applications.
 */
#ifndef MCV_WATCH_H
#define MCV_WATCH_H

#include <stddef.h>

#include "result.h"

struct event_base;
struct watch;

struct watch	*watch_open(struct event_base *, const char *loopback,
		    char *err, size_t errlen);
void		 watch_close(struct watch *);
void		 watch_report(struct watch *, struct watch_counts *);

#endif
