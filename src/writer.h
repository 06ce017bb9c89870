/* SPDX-License-Identifier: ISC */
/*
 * One writer for the report's text and JSON forms, after iproute2's
 * json_print.c: each value is written once, with the key the JSON
 * form gives it and the format the text form prints it with; which
 * form comes out is the back end's business.  The JSON back end places
 * commas itself and escapes strings per RFC 8259; the text back end
 * ignores keys, objects and arrays.
 */
#ifndef MCV_WRITER_H
#define MCV_WRITER_H

#include <stdio.h>

enum writer_backend {
	WRITER_TEXT,
	WRITER_JSON,
};

/* Which back ends a value is for (iproute2's PRINT_ANY/_FP/_JSON). */
enum wr_show {
	WR_ANY,		/* both: the text form prints it with fmt */
	WR_TEXT,	/* only the text form (a person's prose) */
	WR_JSON,	/* only the JSON form (fmt is ignored) */
};

#define WRITER_DEPTH_MAX	16

struct writer {
	FILE			*fp;
	enum writer_backend	 backend;
	int			 depth;
	int			 overflow;	/* opened past used[] */
	/* Per open object or array: has it a member yet (comma first)? */
	unsigned char		 used[WRITER_DEPTH_MAX];
};

void	writer_init(struct writer *, FILE *, enum writer_backend);
int	writer_json(const struct writer *);

/* Objects and arrays: JSON only; key NULL in an array or at the top. */
void	wr_open_object(struct writer *, const char *key);
void	wr_close_object(struct writer *);
void	wr_open_array(struct writer *, const char *key);
void	wr_close_array(struct writer *);

/*
 * Values.  fmt is the text form's, with exactly one conversion of the
 * value's type: %s, %lu (wr_uint), %ld (wr_int), %f (wr_double); it
 * may be NULL for WR_JSON.  A NULL string is JSON's null and is left
 * out of the text (fmt and all): an optional field.
 */
void	wr_string(struct writer *, enum wr_show, const char *key,
	    const char *fmt, const char *value);
void	wr_uint(struct writer *, enum wr_show, const char *key,
	    const char *fmt, unsigned long value);
void	wr_int(struct writer *, enum wr_show, const char *key,
	    const char *fmt, long value);
/* JSON: three decimals (the report's milliseconds). */
void	wr_double(struct writer *, enum wr_show, const char *key,
	    const char *fmt, double value);
/* JSON only: the text form says these in words. */
void	wr_bool(struct writer *, const char *key, int value);
/* JSON only: true, false, or null for a value below 0 (unknown). */
void	wr_tristate(struct writer *, const char *key, int value);
void	wr_null(struct writer *, const char *key);

/* Text only: a person's prose, which the JSON form says with keys. */
void	wr_text(struct writer *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* "," separated names ("eth0,eth1") as a JSON array of strings. */
void	wr_csv_array(struct writer *, const char *key, const char *csv);

#endif
