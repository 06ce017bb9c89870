/*
 * Reports: picks the writer for the chosen format.
 */
#include "config.h"

#include "report.h"

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
