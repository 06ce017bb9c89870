/* SPDX-License-Identifier: ISC */
/*
 * The report writer's two back ends (see writer.h).  JSON: one line,
 * no spaces, commas placed here from a per-level "has a member" flag,
 * so no renderer counts its own; strings escaped per RFC 8259 (the
 * strings were sanitized where they entered, this is the last guard).
 * Text: the caller's formats, printed as they come.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "writer.h"

/* The text formats are the callers' (writer.h says what they take). */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

void
writer_init(struct writer *w, FILE *fp, enum writer_backend backend)
{
	memset(w, 0, sizeof(*w));
	w->fp = fp;
	w->backend = backend;
}

int
writer_json(const struct writer *w)
{
	return w->backend == WRITER_JSON;
}

static int
for_backend(const struct writer *w, enum wr_show show)
{
	if (show == WR_ANY)
		return 1;
	return (show == WR_JSON) == writer_json(w);
}

/* The first len bytes of s (up to its end), as a JSON string. */
static void
json_escaped_n(FILE *fp, const char *s, size_t len)
{
	const unsigned char *p, *end = (const unsigned char *)s + len;

	fputc('"', fp);
	for (p = (const unsigned char *)s; p < end && *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(fp, "\\u%04x", *p);
		else
			fputc(*p, fp);
	}
	fputc('"', fp);
}

static void
json_escaped(FILE *fp, const char *s)
{
	json_escaped_n(fp, s, strlen(s));
}

/*
 * The comma before a member if its level has one already, and the key;
 * 0 if nothing is to be written: deeper than WRITER_DEPTH_MAX (a bug;
 * the report is four deep), where the output is left out so that it
 * stays well-formed.
 */
static int
json_member(struct writer *w, const char *key)
{
	if (w->overflow > 0)
		return 0;
	if (w->depth > 0) {
		if (w->used[w->depth - 1])
			fputc(',', w->fp);
		w->used[w->depth - 1] = 1;
	}
	if (key != NULL) {
		json_escaped(w->fp, key);
		fputc(':', w->fp);
	}
	return 1;
}

static void
json_open(struct writer *w, const char *key, int c)
{
	if (!writer_json(w))
		return;
	if (w->depth == WRITER_DEPTH_MAX || !json_member(w, key)) {
		w->overflow++;
		return;
	}
	fputc(c, w->fp);
	w->used[w->depth++] = 0;
}

static void
json_close(struct writer *w, int c)
{
	if (!writer_json(w))
		return;
	if (w->overflow > 0)
		w->overflow--;
	else if (w->depth > 0) {
		w->depth--;
		fputc(c, w->fp);
	}
}

void
wr_open_object(struct writer *w, const char *key)
{
	json_open(w, key, '{');
}

void
wr_close_object(struct writer *w)
{
	json_close(w, '}');
}

void
wr_open_array(struct writer *w, const char *key)
{
	json_open(w, key, '[');
}

void
wr_close_array(struct writer *w)
{
	json_close(w, ']');
}

void
wr_string(struct writer *w, enum wr_show show, const char *key,
    const char *fmt, const char *value)
{
	if (!for_backend(w, show))
		return;
	if (!writer_json(w)) {
		if (fmt != NULL && value != NULL)
			fprintf(w->fp, fmt, value);
		return;
	}
	if (!json_member(w, key))
		return;
	if (value == NULL)
		fputs("null", w->fp);
	else
		json_escaped(w->fp, value);
}

void
wr_uint(struct writer *w, enum wr_show show, const char *key,
    const char *fmt, unsigned long value)
{
	if (!for_backend(w, show))
		return;
	if (!writer_json(w)) {
		if (fmt != NULL)
			fprintf(w->fp, fmt, value);
		return;
	}
	if (json_member(w, key))
		fprintf(w->fp, "%lu", value);
}

void
wr_int(struct writer *w, enum wr_show show, const char *key,
    const char *fmt, long value)
{
	if (!for_backend(w, show))
		return;
	if (!writer_json(w)) {
		if (fmt != NULL)
			fprintf(w->fp, fmt, value);
		return;
	}
	if (json_member(w, key))
		fprintf(w->fp, "%ld", value);
}

void
wr_double(struct writer *w, enum wr_show show, const char *key,
    const char *fmt, double value)
{
	if (!for_backend(w, show))
		return;
	if (!writer_json(w)) {
		if (fmt != NULL)
			fprintf(w->fp, fmt, value);
		return;
	}
	if (json_member(w, key))
		fprintf(w->fp, "%.3f", value);
}

void
wr_bool(struct writer *w, const char *key, int value)
{
	if (!writer_json(w))
		return;
	if (json_member(w, key))
		fputs(value ? "true" : "false", w->fp);
}

void
wr_tristate(struct writer *w, const char *key, int value)
{
	if (value < 0)
		wr_null(w, key);
	else
		wr_bool(w, key, value);
}

void
wr_null(struct writer *w, const char *key)
{
	if (!writer_json(w))
		return;
	if (json_member(w, key))
		fputs("null", w->fp);
}

void
wr_text(struct writer *w, const char *fmt, ...)
{
	va_list ap;

	if (writer_json(w))
		return;
	va_start(ap, fmt);
	vfprintf(w->fp, fmt, ap);
	va_end(ap);
}

void
wr_csv_array(struct writer *w, const char *key, const char *csv)
{
	size_t n;

	if (!writer_json(w))
		return;
	wr_open_array(w, key);
	while (*csv != '\0') {
		n = strcspn(csv, ",");
		if (n > 0 && json_member(w, NULL))
			json_escaped_n(w->fp, csv, n);
		csv += n;
		if (*csv == ',')
			csv++;
	}
	wr_close_array(w);
}
