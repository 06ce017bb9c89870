/* SPDX-License-Identifier: ISC */
/*
 * A minimal unit test harness: CHECK() counts and reports, and the
 * program exits 0 when every check held (the automake convention).
 */
#ifndef MCV_UNIT_H
#define MCV_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_checks, unit_failures;

#define CHECK(cond) do {						\
	unit_checks++;							\
	if (!(cond)) {							\
		unit_failures++;					\
		fprintf(stderr, "%s:%d: check failed: %s\n",		\
		    __FILE__, __LINE__, #cond);				\
	}								\
} while (0)

#define CHECK_STR_HAS(hay, needle) do {					\
	unit_checks++;							\
	if (strstr((hay), (needle)) == NULL) {				\
		unit_failures++;					\
		fprintf(stderr, "%s:%d: '%s' does not contain '%s'\n",	\
		    __FILE__, __LINE__, (hay), (needle));		\
	}								\
} while (0)

static inline int
unit_done(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, unit_checks,
	    unit_failures);
	return unit_failures ? 1 : 0;
}

#endif
