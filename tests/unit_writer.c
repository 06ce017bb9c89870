/* SPDX-License-Identifier: ISC */
/*
 * The report writer: the JSON back end places every comma itself
 * (members, array items, after nested objects and arrays, never after
 * an empty one), escapes strings per RFC 8259, and writes null for a
 * missing string; the text back end prints only the person's words.
 */
#include "config.h"

#include <stdlib.h>

#include "unit.h"
#include "writer.h"

struct sink {
	char		*buf;
	size_t		 size;
	FILE		*fp;
	struct writer	 w;
};

static struct writer *
sink_open(struct sink *s, enum writer_backend backend)
{
	s->buf = NULL;
	s->size = 0;
	s->fp = open_memstream(&s->buf, &s->size);
	writer_init(&s->w, s->fp, backend);
	return &s->w;
}

/* The output so far; the caller frees it. */
static char *
sink_close(struct sink *s)
{
	fclose(s->fp);
	return s->buf;
}

/* Two of every kind of value, nested, with both back ends' words. */
static void
render_sample(struct writer *w)
{
	wr_open_object(w, NULL);
	wr_string(w, WR_ANY, "name", "name %s", "lo");
	wr_uint(w, WR_ANY, "frames", ", %lu frames", 7);
	wr_int(w, WR_JSON, "rule", NULL, -1);
	wr_double(w, WR_ANY, "ms", ", %.1f ms\n", 12.5);
	wr_bool(w, "up", 1);
	wr_tristate(w, "agrees", -1);
	wr_string(w, WR_ANY, "note", " note %s", NULL);
	wr_open_array(w, "empty");
	wr_close_array(w);
	wr_open_object(w, "none");
	wr_close_object(w);
	wr_open_array(w, "list");
	wr_string(w, WR_ANY, NULL, "[%s]", "a");
	wr_uint(w, WR_JSON, NULL, NULL, 2);
	wr_open_object(w, NULL);
	wr_null(w, "x");
	wr_close_object(w);
	wr_open_array(w, NULL);
	wr_close_array(w);
	wr_close_array(w);
	wr_text(w, "text only %d\n", 42);
	wr_string(w, WR_TEXT, "ignored", "also %s\n", "text");
	wr_close_object(w);
}

static void
test_json_separators(void)
{
	struct sink s;
	char *out;

	render_sample(sink_open(&s, WRITER_JSON));
	out = sink_close(&s);
	CHECK(strcmp(out, "{\"name\":\"lo\",\"frames\":7,\"rule\":-1,"
	    "\"ms\":12.500,\"up\":true,\"agrees\":null,\"note\":null,"
	    "\"empty\":[],\"none\":{},\"list\":[\"a\",2,{\"x\":null},[]]}")
	    == 0);
	free(out);
}

static void
test_text(void)
{
	struct sink s;
	char *out;

	render_sample(sink_open(&s, WRITER_TEXT));
	out = sink_close(&s);
	CHECK(strcmp(out, "name lo, 7 frames, 12.5 ms\n[a]text only 42\n"
	    "also text\n") == 0);
	free(out);
}

static void
test_escaping(void)
{
	struct sink s;
	struct writer *w = sink_open(&s, WRITER_JSON);
	char *out;

	wr_open_object(w, NULL);
	wr_string(w, WR_JSON, "q\"k", NULL, "a\"b\\c\n\t\x01\x1f\x7f/\xc3\xa9");
	wr_close_object(w);
	out = sink_close(&s);
	CHECK(strcmp(out, "{\"q\\\"k\":\"a\\\"b\\\\c\\u000a\\u0009\\u0001"
	    "\\u001f\\u007f/\xc3\xa9\"}") == 0);
	free(out);
}

static void
test_csv_array(void)
{
	struct sink s;
	struct writer *w = sink_open(&s, WRITER_JSON);
	char *out;

	wr_open_object(w, NULL);
	wr_csv_array(w, "a", "eth0,eth1");
	wr_csv_array(w, "b", "");
	wr_csv_array(w, "c", "eth0,");
	/* Longer than an interface name: an IPv6 prefix, whole. */
	wr_csv_array(w, "d", "ff15::1234:5678:9abc:def0/128");
	wr_close_object(w);
	out = sink_close(&s);
	CHECK(strcmp(out, "{\"a\":[\"eth0\",\"eth1\"],\"b\":[],"
	    "\"c\":[\"eth0\"],\"d\":[\"ff15::1234:5678:9abc:def0/128\"]}")
	    == 0);
	free(out);

	/* No length limit on an item, and escaped like any string. */
	{
		char csv[300], want[320];

		memset(csv, 'x', 255);
		strcpy(csv + 255, "\",y");
		snprintf(want, sizeof(want), "[\"%.255s\\\"\",\"y\"]", csv);
		w = sink_open(&s, WRITER_JSON);
		wr_csv_array(w, NULL, csv);
		out = sink_close(&s);
		CHECK(strcmp(out, want) == 0);
		free(out);
	}
}

/* Deeper than the writer tracks: left out, the rest still well-formed. */
static void
test_deep(void)
{
	struct sink s;
	struct writer *w = sink_open(&s, WRITER_JSON);
	char *out, *p;
	int i, depth = 0, max = 0;

	for (i = 0; i < WRITER_DEPTH_MAX + 4; i++)
		wr_open_array(w, NULL);
	for (i = 0; i < WRITER_DEPTH_MAX + 4; i++)
		wr_close_array(w);
	wr_close_array(w);	/* one too many: ignored */
	wr_open_array(w, NULL);
	wr_uint(w, WR_JSON, NULL, NULL, 1);
	wr_uint(w, WR_JSON, NULL, NULL, 2);
	wr_close_array(w);
	out = sink_close(&s);
	for (p = out; *p != '\0'; p++) {
		depth += *p == '[' ? 1 : *p == ']' ? -1 : 0;
		max = depth > max ? depth : max;
		CHECK(depth >= 0);
	}
	CHECK(depth == 0);
	CHECK(max == WRITER_DEPTH_MAX);
	CHECK(strlen(out) == 2 * WRITER_DEPTH_MAX + 5);
	CHECK(strcmp(out + 2 * WRITER_DEPTH_MAX, "[1,2]") == 0);
	free(out);
}

int
main(void)
{
	test_json_separators();
	test_text();
	test_escaping();
	test_csv_array();
	test_deep();
	return unit_done("unit_writer");
}
