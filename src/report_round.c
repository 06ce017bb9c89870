/* SPDX-License-Identifier: ISC */
/*
 * A round's reports: the check in each network namespace the netns
 * setting names (netround.h), rendered as one.  Each namespace's part
 * is exactly its own check's report (report_result.c); the round adds
 * its verdict (roundresult.c) and what it skipped.
 *
 * The status file (JSON, one object on one line):
 *
 *   {"status":"CRITICAL","exit_code":2,"summary":"1 of 3 network
 *    namespaces not OK; worst: host: send() leaked through eth0",
 *    "error":null,"netns_setting":"all","namespaces_checked":3,
 *    "namespaces_skipped":1,"namespaces_over_limit":0,
 *    "duration_ms":812.250,"finished_at":"2026-11-17T09:00:00.250Z",
 *    "namespaces":[{...},{...},{...}],
 *    "skipped":[{"name":"pid:4242","inode":4026532999,"owner":null,
 *                "why":"..."}]}
 *
 * namespaces[] holds, for each namespace checked or failed (the
 * daemon's own first, named "host"), the object `--once --json`
 * prints; its "netns" says which namespace.  skipped[] holds those that
 * vanished before their turn, which the status does not count.
 *
 * The metrics file (report_prom.c): mcastlo_build_info once;
 * mcastlo_netns_checked, mcastlo_netns_skipped and
 * mcastlo_netns_over_limit, unlabelled; then every family of a single
 * check's metrics, HELP and TYPE once, with each namespace's samples
 * labelled netns="<name>" first (mcastlo_check_status{netns="host",
 * group="224.16.17.8"} 2), and mcastlo_netns_info{netns,inode,owner} 1
 * for each of them.
 *
 * Text: each namespace's report, a blank line between; a blank line,
 * "skipped: NAME (inode N): why" for each that vanished, and the
 * round's line, "MCASTLO CRITICAL: <summary>", last, where a person
 * reading the end of the output finds it.  The monitoring line is in
 * report_nagios.c.
 */
#include "config.h"

#include <stdio.h>

#include "report.h"
#include "roundresult.h"
#include "writer.h"

static const char *
or_null(const char *s)
{
	return s[0] != '\0' ? s : NULL;
}

/* The namespaces that vanished: no check, only why. */
static void
round_skipped(struct writer *w, const struct round_result *rr)
{
	const struct ns_entry *e;
	size_t i;

	wr_open_array(w, "skipped");
	for (i = 0; i < round_entries(rr); i++) {
		e = &rr->entries[i];
		if (round_entry_counted(e))
			continue;
		wr_open_object(w, NULL);
		wr_string(w, WR_ANY, "name", "skipped: %s", e->r.netns.name);
		wr_uint(w, WR_ANY, "inode", " (inode %lu)", e->r.netns.inode);
		wr_string(w, WR_JSON, "owner", NULL, or_null(e->r.netns.owner));
		wr_string(w, WR_ANY, "why", ": %s\n", e->r.summary);
		wr_close_object(w);
	}
	wr_close_array(w);
}

void
report_round_json(FILE *fp, const struct round_result *rr)
{
	const struct ns_entry *e;
	struct round_counts c;
	struct writer w;
	char when[64];
	size_t i;

	round_result_count(rr, &c);
	writer_init(&w, fp, WRITER_JSON);
	wr_open_object(&w, NULL);
	wr_string(&w, WR_JSON, "status", NULL, status_name(rr->status));
	wr_int(&w, WR_JSON, "exit_code", NULL, (long)rr->status);
	wr_string(&w, WR_JSON, "summary", NULL, rr->summary);
	wr_null(&w, "error");
	wr_string(&w, WR_JSON, "netns_setting", NULL, rr->spec);
	wr_uint(&w, WR_JSON, "namespaces_checked", NULL, c.checked);
	wr_uint(&w, WR_JSON, "namespaces_skipped", NULL, c.vanished);
	wr_uint(&w, WR_JSON, "namespaces_over_limit", NULL, rr->over_limit);
	wr_double(&w, WR_JSON, "duration_ms", NULL, rr->duration_ms);
	wr_string(&w, WR_JSON, "finished_at", NULL,
	    report_finished_at(rr->finished_at, when, sizeof(when)));
	wr_open_array(&w, "namespaces");
	for (i = 0; i < round_entries(rr); i++) {
		e = &rr->entries[i];
		if (round_entry_counted(e))
			report_result(&w, &e->r);
	}
	wr_close_array(&w);
	round_skipped(&w, rr);
	wr_close_object(&w);
	fputc('\n', fp);
}

static void
round_text(FILE *fp, const struct round_result *rr)
{
	const struct ns_entry *e;
	struct writer w;
	size_t i, shown = 0;

	writer_init(&w, fp, WRITER_TEXT);
	for (i = 0; i < round_entries(rr); i++) {
		e = &rr->entries[i];
		if (!round_entry_counted(e))
			continue;
		if (shown++ > 0)
			fputc('\n', fp);
		report_result(&w, &e->r);
	}
	if (shown > 0)
		fputc('\n', fp);
	round_skipped(&w, rr);
	fprintf(fp, "MCASTLO %s: %s\n", status_name(rr->status), rr->summary);
}

void
report_round_write(FILE *fp, const struct round_result *rr,
    enum format format)
{
	switch (format) {
	case FORMAT_JSON:
		report_round_json(fp, rr);
		break;
	case FORMAT_NAGIOS:
		report_round_nagios(fp, rr);
		break;
	case FORMAT_TEXT:
		round_text(fp, rr);
		break;
	}
	fflush(fp);
}
