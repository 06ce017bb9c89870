/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for the config parser: any bytes give settings or a
 * one-line "file:line:" error, and an error leaves the settings alone.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "settings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct options o, before;
	char err[256], *text;

	if ((text = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	settings_defaults(&o);
	before = o;
	err[0] = '\0';
	if (settings_parse_config("fuzz.conf", text, size, &o, err,
	    sizeof(err)) == -1) {
		if (strncmp(err, "fuzz.conf:", 10) != 0 ||
		    strchr(err, '\n') != NULL ||
		    memcmp(&o, &before, sizeof(o)) != 0)
			abort();
	}
	free(text);
	return 0;
}
