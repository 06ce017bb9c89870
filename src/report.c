/* SPDX-License-Identifier: ISC */
/*
 * Reports: picks the writer for the chosen format.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "atomicfile.h"
#include "log.h"
#include "report.h"
#include "writer.h"

static void
write_json(FILE *fp, const void *arg)
{
	report_json(fp, arg);
}

static void
write_prom(FILE *fp, const void *arg)
{
	report_prom(fp, arg);
}

static void
write_round_json(FILE *fp, const void *arg)
{
	report_round_json(fp, arg);
}

static void
write_round_prom(FILE *fp, const void *arg)
{
	report_round_prom(fp, arg);
}

/*
 * The status file (JSON) and the metrics file, each if named.  The
 * status file is for the service's group (monitoring accounts join it);
 * the metrics are for the node exporter, whoever it runs as.
 */
#define STATUS_FILE_MODE	0640
#define METRICS_FILE_MODE	0644

/*
 * Both files, each if named; -1 if either could not be written, with
 * what went wrong (both, if both) in err, for the caller to log: the
 * daemon says a failure that repeats at every check only when it
 * changes.
 */
static int
save_files(const char *status_file, const char *metrics_file,
    atomicfile_writer json, atomicfile_writer prom, const void *arg,
    char *err, size_t errlen)
{
	char why[PATH_MAX + 128];
	int rc = 0;

	err[0] = '\0';
	if (status_file != NULL && status_file[0] != '\0' &&
	    atomicfile_write(status_file, STATUS_FILE_MODE, json, arg,
	    why, sizeof(why)) == -1) {
		snprintf(err, errlen, "status file %s", why);
		rc = -1;
	}
	if (metrics_file != NULL && metrics_file[0] != '\0' &&
	    atomicfile_write(metrics_file, METRICS_FILE_MODE, prom, arg,
	    why, sizeof(why)) == -1) {
		snprintf(err + strlen(err), errlen - strlen(err),
		    "%smetrics file %s", rc == -1 ? "; " : "", why);
		rc = -1;
	}
	return rc;
}

int
report_save(const char *status_file, const char *metrics_file,
    const struct check_result *r, char *err, size_t errlen)
{
	return save_files(status_file, metrics_file, write_json, write_prom,
	    r, err, errlen);
}

/* The same two files for a round: its JSON object, all its metrics. */
int
report_round_save(const char *status_file, const char *metrics_file,
    const struct round_result *rr, char *err, size_t errlen)
{
	return save_files(status_file, metrics_file, write_round_json,
	    write_round_prom, rr, err, errlen);
}

/* A run that stopped before any check, as an UNKNOWN report. */
void
report_error(FILE *fp, enum format format, const char *error)
{
	static struct check_result r;

	memset(&r, 0, sizeof(r));
	r.status = STATUS_UNKNOWN;
	snprintf(r.summary, sizeof(r.summary), "%s", error);
	snprintf(r.error, sizeof(r.error), "%s", error);
	r.prediction_agrees = -1;
	report_write(fp, &r, format);
}

/* The JSON report: exactly one object on one line (report_result.c). */
void
report_json(FILE *fp, const struct check_result *r)
{
	struct writer w;

	writer_init(&w, fp, WRITER_JSON);
	report_result(&w, r);
}

/*
 * Text and JSON are one walk over the result with two back ends
 * (writer.c); the monitoring line and the metrics are their own small
 * writers: each is a different shape, not the same fields in another
 * syntax.
 */
void
report_write(FILE *fp, const struct check_result *r, enum format format)
{
	struct writer w;

	switch (format) {
	case FORMAT_JSON:
		report_json(fp, r);
		break;
	case FORMAT_NAGIOS:
		report_nagios(fp, r);
		break;
	case FORMAT_TEXT:
		writer_init(&w, fp, WRITER_TEXT);
		report_result(&w, r);
		break;
	}
	fflush(fp);
}
