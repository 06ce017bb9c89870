/* SPDX-License-Identifier: ISC */
/*
 * Reports: one check result, or a round of them (one per network
 * namespace, netround.h), rendered for a person or a program.
 */
#ifndef MCV_REPORT_H
#define MCV_REPORT_H

#include <stdio.h>

#include "result.h"
#include "settings.h"

void	report_error(FILE *, enum format, const char *error);
void	report_write(FILE *, const struct check_result *, enum format);
int	report_save(const char *status_file, const char *metrics_file,
	    const struct check_result *, char *err, size_t errlen);
void	report_json(FILE *, const struct check_result *);
struct writer;
void	report_result(struct writer *, const struct check_result *);
void	report_nagios(FILE *, const struct check_result *);
void	report_prom(FILE *, const struct check_result *);
const char *report_finished_at(double unix_seconds, char *buf, size_t size);

/* A round (report_round.c); netround.h has the struct. */
struct round_result;
void	report_round_write(FILE *, const struct round_result *, enum format);
int	report_round_save(const char *status_file, const char *metrics_file,
	    const struct round_result *, char *err, size_t errlen);
void	report_round_json(FILE *, const struct round_result *);
void	report_round_nagios(FILE *, const struct round_result *);
void	report_round_prom(FILE *, const struct round_result *);

#endif
