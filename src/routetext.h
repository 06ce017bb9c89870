/* SPDX-License-Identifier: ISC */
/*
 * Routes as the reports name them (struct route_effect): prefix, table,
 * device, source, the rule that led there.
 */
#ifndef MCV_ROUTETEXT_H
#define MCV_ROUTETEXT_H

#include <stddef.h>

#include "result.h"
#include "route.h"

void		 route_describe(const struct route_info *, int rule,
		    int selective, unsigned oif, struct route_effect *);
void		 route_describe_view(const struct route_view *,
		    struct route_effect *);
const char	*route_rule_str(const struct route_effect *);
const char	*route_table_str(const struct route_effect *, char *buf,
		    size_t size);

#endif
