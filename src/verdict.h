/* SPDX-License-Identifier: ISC */
/*
 * From observations to a verdict, by the monitoring-plugins convention
 * (HACKING, section 2).  Pure code.
 */
#ifndef MCV_VERDICT_H
#define MCV_VERDICT_H

#include "result.h"

void	verdict_decide(struct check_result *);

#endif
