/* SPDX-License-Identifier: ISC */
/*
 * The config file: one "key value" per line, # comments.
 */
#ifndef MCV_CONFFILE_H
#define MCV_CONFFILE_H

#include <stddef.h>

#include "options.h"

#define CONFIG_MAX_SIZE	65536

int	config_parse(const char *name, const char *text, size_t len,
	    struct options *, char *err, size_t errlen);
int	config_load(const char *path, int must_exist, struct options *,
	    char *err, size_t errlen);

#endif
