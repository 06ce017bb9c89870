/* SPDX-License-Identifier: ISC */
/*
 * What a round's reports count (roundresult.c): the summary, the JSON,
 * the monitoring line and the metrics each say how many namespaces
 * were checked, how many were not OK and how many vanished, and must
 * agree.
 */
#ifndef MCV_ROUNDRESULT_H
#define MCV_ROUNDRESULT_H

#include <stddef.h>

#include "netround.h"

struct round_counts {
	size_t	checked;	/* CHECKED and FAILED: in the status */
	size_t	not_ok;		/* of those, not OK */
	size_t	vanished;	/* skipped, not in the status */
	size_t	idle;		/* of those, with no interface up */
};

size_t	round_entries(const struct round_result *);
int	round_entry_counted(const struct ns_entry *);
void	round_result_count(const struct round_result *, struct round_counts *);

#endif
