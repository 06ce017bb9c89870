/* SPDX-License-Identifier: ISC */
/*
 * One check on a loop of its own, run to its end: --once's, and each
 * check of a round in its child process (netround.c).
 */
#ifndef MCV_CHECKALONE_H
#define MCV_CHECKALONE_H

#include <stddef.h>

#include "evloop.h"
#include "result.h"
#include "settings.h"

/*
 * mode: the signal table's column (RUN_ONCE, RUN_CHILD).  0: r is the
 * check's result; -1: err says why none (errno named).
 */
int	check_alone(enum run_mode, const struct options *, int flags,
	    struct check_result *r, char *err, size_t errlen);

#endif
