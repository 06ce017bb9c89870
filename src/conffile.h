/* SPDX-License-Identifier: ISC */
/*
 * The config file as a file: one "key value" per line, # comments,
 * read without blocking or following a link, from a file only root or
 * the running user can change.  What a key means is the caller's:
 * each line is handed to it, and its error is put after "file:line: ".
 */
#ifndef MCV_CONFFILE_H
#define MCV_CONFFILE_H

#include <stddef.h>

#define CONFIG_MAX_SIZE	65536

/* What the caller made of one line. */
enum config_line {
	CONFIG_LINE_OK,
	CONFIG_LINE_BAD,		/* err says why */
	CONFIG_LINE_UNKNOWN_KEY		/* the file quotes the key if it may */
};

/* One "key value" line; value is "" when the line has none. */
typedef enum config_line (*config_line_fn)(void *arg, unsigned lineno,
    const char *key, const char *value, char *err, size_t errlen);

int	config_parse(const char *name, const char *text, size_t len,
	    config_line_fn, void *arg, char *err, size_t errlen);
int	config_read(const char *path, int must_exist, const char **text,
	    size_t *len, char *err, size_t errlen);

#endif
