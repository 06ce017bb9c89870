/*
 * The program: parse the options, run the check, report, and exit with
 * the verdict (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>

#include "check.h"
#include "log.h"
#include "options.h"
#include "report.h"
#include "sweep.h"
#include "verifyd.h"

int
verifyd_main(int argc, char **argv)
{
	struct options opt;
	struct check_result result;
	char err[256];

	switch (options_parse(argc, argv, &opt, err, sizeof(err))) {
	case OPTIONS_HELP:
		options_usage(stdout);
		return 0;
	case OPTIONS_VERSION:
		printf("%s %s\n", PACKAGE, PACKAGE_VERSION);
		return 0;
	case OPTIONS_ERROR:
		log_warnx("%s", err);
		return STATUS_UNKNOWN;
	case OPTIONS_RUN:
		break;
	}
	log_init(1, opt.verbose);
	if (opt.cleanup)
		return sweep_run();
	/* A closed stdout must not kill us before the route is removed. */
	signal(SIGPIPE, SIG_IGN);

	check_run(&opt, &result);
	if (result.status == STATUS_UNKNOWN)
		log_warnx("%s", result.summary);
	report_write(stdout, &result, opt.format);
	return (int)result.status;
}
