/*
 * Reports: picks the writer for the chosen format.
 */
#include "config.h"

#include "atomicfile.h"
#include "log.h"
#include "report.h"

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

/* The status file (JSON) and the metrics file, each if named. */
void
report_save(const char *status_file, const char *metrics_file,
    const struct check_result *r)
{
	if (status_file != NULL && status_file[0] != '\0' &&
	    atomicfile_write(status_file, write_json, r) == -1)
		log_warn("status file %s", status_file);
	if (metrics_file != NULL && metrics_file[0] != '\0' &&
	    atomicfile_write(metrics_file, write_prom, r) == -1)
		log_warn("metrics file %s", metrics_file);
}

void
report_write(FILE *fp, const struct check_result *r, enum format format)
{
	switch (format) {
	case FORMAT_JSON:
		report_json(fp, r);
		break;
	case FORMAT_NAGIOS:
		report_nagios(fp, r);
		break;
	case FORMAT_TEXT:
		report_text(fp, r);
		break;
	}
	fflush(fp);
}
