/* SPDX-License-Identifier: ISC */
/*
 * The command line: argv parsed into struct options (settings.h), the
 * settings through their table and the options that exist on the
 * command line only.  Parsing is pure: it fills struct options or
 * says, in one line, what was wrong with a word of argv; what the
 * options ask for together is judged with the config file's settings,
 * once, by settings_load().
 */
#ifndef MCV_OPTIONS_H
#define MCV_OPTIONS_H

#include <stdio.h>

#include "settings.h"

enum options_action {
	OPTIONS_RUN,
	OPTIONS_HELP,
	OPTIONS_VERSION,
	OPTIONS_ERROR
};

enum options_action	options_parse(int argc, char **argv, struct options *,
			    char *err, size_t errlen);
void			options_usage(FILE *, int verbose);
enum format		options_format_hint(int argc, char **argv);

#endif
