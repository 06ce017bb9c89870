/* SPDX-License-Identifier: ISC */
/*
 * The fixes a report advises: exact commands, from the route the
 * kernel really uses for the group.
 */
#ifndef MCV_ADVICE_H
#define MCV_ADVICE_H

#include <stddef.h>

#include "result.h"

void	advice_fill(struct check_result *);
void	advice_command(const struct check_result *,
	    const struct route_effect *, char *buf, size_t size);

#endif
