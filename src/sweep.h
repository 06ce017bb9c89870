/* SPDX-License-Identifier: ISC */
/*
 * Route hygiene: removing what killed runs left behind.
 */
#ifndef MCV_SWEEP_H
#define MCV_SWEEP_H

struct nl;

int	sweep_leftovers(struct nl *);

#endif
