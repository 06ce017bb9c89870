/*
 * One check, end to end: route, capture, listener, probes, collection.
 */
#ifndef MCV_CHECK_H
#define MCV_CHECK_H

#include "options.h"
#include "result.h"

/* Fills the result, verdict included; the host is left as it was. */
void	check_run(const struct options *, struct check_result *);

#endif
