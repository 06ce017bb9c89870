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
text_still_leaking_one(FILE *fp, const struct app_socket *s)
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
	fprintf(fp, "%s still sends from %s; restart it to pick up the fix "
	    "(uid %ld%s; socket %s -> %s)\n", who,
	    sends_from(s, src, sizeof(src)), s->uid, pid, s->local, s->group);
}

static void
text_still_leaking(FILE *fp, const struct repair *rep)
{
	const struct app_audit *a = &rep->still;
	size_t i;

	if (!a->done) {
		if (a->error[0] != '\0')
			fprintf(fp, "The sockets could not be audited: %s\n",
			    a->error);
		return;
	}
	for (i = 0; i < a->n; i++)
		text_still_leaking_one(fp, &a->apps[i]);
	if (a->leaking > a->n)
		fprintf(fp, "... and %lu more leaking sockets\n",
		    a->leaking - a->n);
}

/* The persistent form: each file and what it holds. */
static void
text_persist(FILE *fp, const struct repair *rep)
{
	size_t i;

	for (i = 0; i < rep->npersisted; i++)
		fprintf(fp, "Persistent form (%s), %s %s:\n%s",
		    persist_form_name(rep->persist_form), rep->proven ?
		    "written to" : "for", rep->persisted[i],
		    rep->persist_text[i]);
	if (rep->persist_note[0] != '\0')
		fprintf(fp, "Persistent form (%s): %s\n",
		    persist_form_name(rep->persist_form), rep->persist_note);
}

void
fix_report_text(FILE *fp, const struct repair *rep)
{
	size_t i;

	if (rep->undo) {
		if (!rep->undone) {
			fprintf(fp, "Nothing undone: %s\n", rep->why);
			return;
		}
		for (i = 0; i < rep->n; i++)
			fprintf(fp, "Undone: %s\n", rep->e[i].undo);
		for (i = 0; i < rep->npersisted; i++)
			fprintf(fp, "Removed: %s\n", rep->persisted[i]);
		return;
	}
	if (!rep->planned)
		return;
	if (rep->n == 0) {
		fprintf(fp, "\nNothing to fix: %s\n", rep->why);
		return;
	}
	fprintf(fp, "\nFix plan%s:\n", rep->dry_run ? " (--dry-run: nothing "
	    "changed)" : "");
	for (i = 0; i < rep->n; i++)
		fprintf(fp, "  %s   # class %s, table %u\n", rep->e[i].command,
		    rep->e[i].class_name, rep->e[i].table);
	if (!rep->applied && !rep->dry_run) {
		fprintf(fp, "Not applied: %s\n", rep->why);
		return;
	}
	fprintf(fp, "Previous routes %s in: %s\n", rep->dry_run ?
	    "would be recorded" : "recorded", rep->record);
	for (i = 0; i < rep->n; i++)
		fprintf(fp, "  undo: %s\n", rep->e[i].undo);
	text_persist(fp, rep);
	if (rep->dry_run)
		return;
	if (rep->proven) {
		fprintf(fp, "Applied and proven: a check after the fix kept "
		    "every method on loopback.\n");
		text_still_leaking(fp, rep);
	} else if (rep->rolled_back)
		fprintf(fp, "Not proven (%s): rolled back to the previous "
		    "routes.\n", rep->why);
	else if (rep->applied)
		fprintf(fp, "Applied, not proven: %s\n", rep->why);
}

static void
json_bool(FILE *fp, const char *name, int v)
{
	fprintf(fp, "\"%s\":%s", name, v ? "true" : "false");
}

static void
json_plan(FILE *fp, const struct repair *rep)
{
	size_t i;

	fputs("\"plan\":[", fp);
	for (i = 0; i < rep->n; i++) {
		const struct fix_entry *e = &rep->e[i];

		fprintf(fp, "%s{\"class\":", i ? "," : "");
		json_string(fp, e->class_name);
		fprintf(fp, ",\"table\":%u,\"action\":\"%s\",\"command\":",
		    e->table, action_name(e->action));
		json_string(fp, e->command);
		fputs(",\"undo\":", fp);
		json_string(fp, e->undo);
		fputc('}', fp);
	}
	fputc(']', fp);
}

static void
json_still_leaking(FILE *fp, const struct repair *rep)
{
	size_t i;

	fputs("\"still_leaking\":[", fp);
	for (i = 0; i < rep->still.n; i++) {
		const struct app_socket *s = &rep->still.apps[i];

		fprintf(fp, "%s{\"unit\":", i ? "," : "");
		json_string(fp, s->unit[0] ? s->unit : NULL);
		fputs(",\"pid\":", fp);
		if (s->pid == APP_OWNER_UNKNOWN)
			fputs("null,\"command\":null", fp);
		else {
			fprintf(fp, "%ld,\"command\":", s->pid);
			json_string(fp, s->comm);
		}
		fprintf(fp, ",\"uid\":%ld,\"local\":", s->uid);
		json_string(fp, s->local);
		fputs(",\"group\":", fp);
		json_string(fp, s->group);
		fprintf(fp, ",\"port\":%u,\"interface\":", s->port);
		json_string(fp, s->ifname);
		fputc('}', fp);
	}
	fputc(']', fp);
}

void
fix_report_json(FILE *fp, const struct repair *rep)
{
	size_t i;

	fprintf(fp, "\"repair\":{\"exit_code\":%d,", rep->exit_code);
	json_bool(fp, "dry_run", rep->dry_run);
	fputc(',', fp);
	json_bool(fp, "undo", rep->undo);
	fputc(',', fp);
	json_plan(fp, rep);
	fputc(',', fp);
	json_bool(fp, "applied", rep->applied);
	fputc(',', fp);
	json_bool(fp, "proven", rep->proven);
	fputc(',', fp);
	json_bool(fp, "rolled_back", rep->rolled_back);
	fputc(',', fp);
	json_bool(fp, "undone", rep->undone);
	fputs(",\"why\":", fp);
	json_string(fp, rep->why[0] ? rep->why : NULL);
	fputs(",\"record\":", fp);
	json_string(fp, rep->record);
	fputc(',', fp);
	json_still_leaking(fp, rep);
	fputs(",\"persist_form\":", fp);
	json_string(fp, persist_form_name(rep->persist_form));
	fputs(",\"persist_note\":", fp);
	json_string(fp, rep->persist_note[0] ? rep->persist_note : NULL);
	fputs(",\"persist_files\":[", fp);
	for (i = 0; i < rep->npersisted; i++) {
		if (i)
			fputc(',', fp);
		json_string(fp, rep->persisted[i]);
	}
	/* Written: only once the fix is proven. */
	fputs("],\"persisted\":[", fp);
	for (i = 0; rep->proven && !rep->undo && i < rep->npersisted; i++) {
		if (i)
			fputc(',', fp);
		json_string(fp, rep->persisted[i]);
	}
	fputs("]}", fp);
}
