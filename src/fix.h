/* SPDX-License-Identifier: ISC */
/*
 * --fix: from a check of the group to a fixed host.  The plan (the
 * routes to change, per class of application), applying it atomically
 * under the check lock, proving it with another check, rolling it back
 * when the proof fails, and --fix --undo.
 */
#ifndef MCV_FIX_H
#define MCV_FIX_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

#include "netlink.h"
#include "repair.h"
#include "result.h"
#include "settings.h"

int	fix_run(const struct options *);

/* fixplan.c */
int	fix_plan(struct nl *, const struct check_result *diag,
	    unsigned lo_ifindex, struct repair *, char *err, size_t errlen);

/* fixrecord.c */
int	fix_record_path(char *buf, size_t size);
int	fix_record_save(const struct repair *, char *err, size_t errlen);
int	fix_record_load(struct repair *, char *err, size_t errlen);
int	fix_record_remove(const struct repair *);

/* fixreport.c */
struct writer;
void	fix_report(struct writer *, const struct repair *);
void	fix_report_text(FILE *, const struct repair *);
void	fix_report_json(FILE *, const struct repair *);	/* {"repair":..} */

#endif
