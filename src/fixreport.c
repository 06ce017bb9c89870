/* SPDX-License-Identifier: ISC */
/*
 * What --fix did, for a person (after the check's own report) and as
 * the JSON report's "repair" object.
 */
#include "config.h"

#include <stdio.h>

#include "addr.h"

#include "fix.h"
#include "persist.h"
#include "report.h"
#include "writer.h"

static const char *
action_name(enum fix_action a)
{
	return a == FIX_REPLACE ? "replace" : "add";
}

/*
 * The address a socket sends from, without its port: what an admin
 * compares with the host's addresses.
 */
static const char *
sends_from(const struct app_socket *s, char *buf, size_t size)
{
	if (s->src.family == 0)
		return s->local;
	return addr_ntop(&s->src, buf, size);
}

/*
 * Who must restart, the unit (or container) first: the admin restarts
 * a unit, not a pid.  "marketfeed.service still sends from
 * 198.51.100.2; restart it to pick up the fix (uid 1000, pid 4242,
 * command marketfeed; socket 198.51.100.2:40000 -> 224.2.0.1)".
 */
static void
text_still_leaking_one(struct writer *w, const struct app_socket *s)
{
	char src[ADDR_STRLEN], pid[48] = "";
	const char *who;

	if (s->unit[0] != '\0')
		who = s->unit;
	else if (s->pid != APP_OWNER_UNKNOWN)
		who = s->comm;
	else
		who = "a process";
	if (s->pid != APP_OWNER_UNKNOWN)
		snprintf(pid, sizeof(pid), ", pid %ld, command %s", s->pid,
		    s->comm);
	wr_text(w, "%s still sends from %s; restart it to pick up the fix "
	    "(uid %ld%s; socket %s -> %s)\n", who,
	    sends_from(s, src, sizeof(src)), s->uid, pid, s->local, s->group);
}

static void
text_still_leaking(struct writer *w, const struct repair *rep)
{
	const struct app_audit *a = &rep->still;
	size_t i;

	if (!a->done) {
		if (a->error[0] != '\0')
			wr_text(w, "The sockets could not be audited: %s\n",
			    a->error);
		return;
	}
	for (i = 0; i < a->n; i++)
		text_still_leaking_one(w, &a->apps[i]);
	if (a->leaking > a->n)
		wr_text(w, "... and %lu more leaking sockets\n",
		    a->leaking - a->n);
}

/* As text: the persistent form, each file and what it holds. */
static void
text_persist(struct writer *w, const struct repair *rep)
{
	size_t i;

	for (i = 0; i < rep->npersisted; i++)
		wr_text(w, "Persistent form (%s), %s %s:\n%s",
		    persist_form_name(rep->persist_form), rep->proven ?
		    "written to" : "for", rep->persisted[i],
		    rep->persist_text[i]);
	if (rep->persist_note[0] != '\0')
		wr_text(w, "Persistent form (%s): %s\n",
		    persist_form_name(rep->persist_form), rep->persist_note);
}

/*
 * As text, what --fix did is a story told in the order it happened
 * (plan, record, apply, proof), each step only if it was reached; the
 * JSON form has every field, always (fix_report).
 */
static void
text_story(struct writer *w, const struct repair *rep)
{
	size_t i;

	if (rep->undo) {
		if (!rep->undone) {
			wr_text(w, "Nothing undone: %s\n", rep->why);
			return;
		}
		for (i = 0; i < rep->n; i++)
			wr_text(w, "Undone: %s\n", rep->e[i].undo);
		for (i = 0; i < rep->npersisted; i++)
			wr_text(w, "Removed: %s\n", rep->persisted[i]);
		return;
	}
	if (!rep->planned)
		return;
	if (rep->n == 0) {
		wr_text(w, "\nNothing to fix: %s\n", rep->why);
		return;
	}
	wr_text(w, "\nFix plan%s:\n", rep->dry_run ? " (--dry-run: nothing "
	    "changed)" : "");
	for (i = 0; i < rep->n; i++)
		wr_text(w, "  %s   # class %s, table %u\n", rep->e[i].command,
		    rep->e[i].class_name, rep->e[i].table);
	if (!rep->applied && !rep->dry_run) {
		wr_text(w, "Not applied: %s\n", rep->why);
		return;
	}
	wr_text(w, "Previous routes %s in: %s\n", rep->dry_run ?
	    "would be recorded" : "recorded", rep->record);
	for (i = 0; i < rep->n; i++)
		wr_text(w, "  undo: %s\n", rep->e[i].undo);
	text_persist(w, rep);
	if (rep->dry_run)
		return;
	if (rep->proven) {
		wr_text(w, "Applied and proven: a check after the fix kept "
		    "every method on loopback.\n");
		text_still_leaking(w, rep);
	} else if (rep->rolled_back)
		wr_text(w, "Not proven (%s): rolled back to the previous "
		    "routes.\n", rep->why);
	else if (rep->applied)
		wr_text(w, "Applied, not proven: %s\n", rep->why);
}

static void
json_plan(struct writer *w, const struct repair *rep)
{
	size_t i;

	wr_open_array(w, "plan");
	for (i = 0; i < rep->n; i++) {
		const struct fix_entry *e = &rep->e[i];

		wr_open_object(w, NULL);
		wr_string(w, WR_JSON, "class", NULL, e->class_name);
		wr_uint(w, WR_JSON, "table", NULL, e->table);
		wr_string(w, WR_JSON, "action", NULL, action_name(e->action));
		wr_string(w, WR_JSON, "command", NULL, e->command);
		wr_string(w, WR_JSON, "undo", NULL, e->undo);
		wr_close_object(w);
	}
	wr_close_array(w);
}

static void
json_still_leaking(struct writer *w, const struct repair *rep)
{
	size_t i;

	wr_open_array(w, "still_leaking");
	for (i = 0; i < rep->still.n; i++) {
		const struct app_socket *s = &rep->still.apps[i];

		wr_open_object(w, NULL);
		wr_string(w, WR_JSON, "unit", NULL, s->unit[0] ? s->unit :
		    NULL);
		if (s->pid == APP_OWNER_UNKNOWN) {
			wr_null(w, "pid");
			wr_null(w, "command");
		} else {
			wr_int(w, WR_JSON, "pid", NULL, s->pid);
			wr_string(w, WR_JSON, "command", NULL, s->comm);
		}
		wr_int(w, WR_JSON, "uid", NULL, s->uid);
		wr_string(w, WR_JSON, "local", NULL, s->local);
		wr_string(w, WR_JSON, "group", NULL, s->group);
		wr_uint(w, WR_JSON, "port", NULL, s->port);
		wr_string(w, WR_JSON, "interface", NULL, s->ifname);
		wr_close_object(w);
	}
	wr_close_array(w);
}

/* The repair: a story as text, the "repair" object as JSON. */
void
fix_report(struct writer *w, const struct repair *rep)
{
	size_t i;

	text_story(w, rep);
	if (!writer_json(w))
		return;
	wr_open_object(w, "repair");
	wr_int(w, WR_JSON, "exit_code", NULL, rep->exit_code);
	wr_bool(w, "dry_run", rep->dry_run);
	wr_bool(w, "undo", rep->undo);
	json_plan(w, rep);
	wr_bool(w, "applied", rep->applied);
	wr_bool(w, "proven", rep->proven);
	wr_bool(w, "rolled_back", rep->rolled_back);
	wr_bool(w, "undone", rep->undone);
	wr_string(w, WR_JSON, "why", NULL, rep->why[0] ? rep->why : NULL);
	wr_string(w, WR_JSON, "record", NULL, rep->record);
	json_still_leaking(w, rep);
	wr_string(w, WR_JSON, "persist_form", NULL,
	    persist_form_name(rep->persist_form));
	wr_string(w, WR_JSON, "persist_note", NULL, rep->persist_note[0] ?
	    rep->persist_note : NULL);
	wr_open_array(w, "persist_files");
	for (i = 0; i < rep->npersisted; i++)
		wr_string(w, WR_JSON, NULL, NULL, rep->persisted[i]);
	wr_close_array(w);
	/* Written: only once the fix is proven. */
	wr_open_array(w, "persisted");
	for (i = 0; rep->proven && !rep->undo && i < rep->npersisted; i++)
		wr_string(w, WR_JSON, NULL, NULL, rep->persisted[i]);
	wr_close_array(w);
	wr_close_object(w);
}

/* The text after the check's own report (fix.c). */
void
fix_report_text(FILE *fp, const struct repair *rep)
{
	struct writer w;

	writer_init(&w, fp, WRITER_TEXT);
	fix_report(&w, rep);
}

/* When no check ran (--undo), the repair is the whole JSON report. */
void
fix_report_json(FILE *fp, const struct repair *rep)
{
	struct writer w;

	writer_init(&w, fp, WRITER_JSON);
	wr_open_object(&w, NULL);
	fix_report(&w, rep);
	wr_close_object(&w);
	fputc('\n', fp);
}
