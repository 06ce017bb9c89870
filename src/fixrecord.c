/* SPDX-License-Identifier: ISC */
/*
 * The record of what --fix changed: the routes as they were and as it
 * made them, whole (every attribute, as the kernel dumped them), in the
 * runtime directory, one file per network namespace.  It is written
 * before any route changes, so a run killed at any point leaves what
 * --fix --undo needs; a rollback or an undo removes it.
 *
 *   # comment
 *   replace HEX-BEFORE HEX-AFTER
 *   add - HEX-AFTER
 *   persisted PATH
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "fix.h"
#include "readfile.h"
#include "rundir.h"
#include "safedir.h"

/* Two lines of two routes in hex per entry, and the files. */
#define RECORD_MAX	(FIX_ENTRIES_MAX * (4 * NL_RAW_ROUTE_MAX + 32) + \
			    FIX_PERSISTED_MAX * (PATH_MAX + 16) + 256)


/* <runtime directory>/fix-netns-<inode>.routes: one per namespace. */
int
fix_record_path(char *buf, size_t size)
{
	char name[64];

	if (rundir_netns_name(name, sizeof(name), "fix-netns-",
	    ".routes") == -1)
		return -1;
	snprintf(buf, size, "%s/%s", rundir_path(), name);
	return 0;
}

static void
put_hex(FILE *fp, const struct nl_raw_route *raw)
{
	size_t i;

	for (i = 0; i < raw->len; i++)
		fprintf(fp, "%02x", raw->msg[i]);
}

static void
write_record(FILE *fp, const void *arg)
{
	const struct repair *rep = arg;
	size_t i;

	fprintf(fp, "# mcastlo-verifyd --fix: the routes it changed, as they "
	    "were and as it made them.\n# mcastlo-verifyd --fix --undo puts "
	    "them back.\n");
	for (i = 0; i < rep->n; i++) {
		const struct fix_entry *e = &rep->e[i];

		fputs(e->action == FIX_REPLACE ? "replace " : "add ", fp);
		if (e->action == FIX_REPLACE)
			put_hex(fp, &e->before);
		else
			fputc('-', fp);
		fputc(' ', fp);
		put_hex(fp, &e->after);
		fputc('\n', fp);
	}
	for (i = 0; i < rep->npersisted; i++)
		fprintf(fp, "persisted %s\n", rep->persisted[i]);
}

int
fix_record_save(const struct repair *rep, char *err, size_t errlen)
{
	return atomicfile_write(rep->record, 0600, write_record, rep, err,
	    errlen);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* A route from its hex; it must parse as a route message. */
static int
get_hex(const char *s, size_t len, struct nl_raw_route *raw)
{
	struct route_info r;
	size_t i;
	int hi, lo;

	if (len % 2 != 0 || len / 2 > sizeof(raw->msg))
		return -1;
	memset(raw, 0, sizeof(*raw));
	for (i = 0; i < len / 2; i++) {
		if ((hi = hexval(s[2 * i])) < 0 ||
		    (lo = hexval(s[2 * i + 1])) < 0)
			return -1;
		raw->msg[i] = (unsigned char)(hi << 4 | lo);
	}
	raw->len = len / 2;
	return nl_route_raw_parse(raw, &r);
}

static int
parse_entry(struct repair *rep, char *line)
{
	char *verb, *before, *after, *save = NULL;
	struct fix_entry *e;

	verb = strtok_r(line, " ", &save);
	before = strtok_r(NULL, " ", &save);
	after = strtok_r(NULL, " ", &save);
	if (verb == NULL || before == NULL || after == NULL ||
	    strtok_r(NULL, " ", &save) != NULL || rep->n == FIX_ENTRIES_MAX)
		return -1;
	e = &rep->e[rep->n];
	memset(e, 0, sizeof(*e));
	snprintf(e->class_name, sizeof(e->class_name), "default");
	if (strcmp(verb, "replace") == 0) {
		e->action = FIX_REPLACE;
		if (get_hex(before, strlen(before), &e->before) == -1)
			return -1;
	} else if (strcmp(verb, "add") == 0 && strcmp(before, "-") == 0)
		e->action = FIX_ADD;
	else
		return -1;
	if (get_hex(after, strlen(after), &e->after) == -1)
		return -1;
	rep->n++;
	return 0;
}

static int
parse_line(struct repair *rep, char *line)
{
	if (line[0] == '#' || line[0] == '\0')
		return 0;
	if (strncmp(line, "persisted /", 11) == 0) {
		if (rep->npersisted == FIX_PERSISTED_MAX ||
		    strlen(line + 10) >= sizeof(rep->persisted[0]))
			return -1;
		strcpy(rep->persisted[rep->npersisted++], line + 10);
		return 0;
	}
	return parse_entry(rep, line);
}

/*
 * The record of the last --fix in this namespace, into rep (its
 * entries and files).  0; 1 if there is none; -1 and err.
 */
int
fix_record_load(struct repair *rep, char *err, size_t errlen)
{
	static char buf[RECORD_MAX];
	char name[64], *line, *save = NULL;
	int dirfd, lineno = 0;
	ssize_t n;

	if (rundir_netns_name(name, sizeof(name), "fix-netns-",
	    ".routes") == -1 ||
	    (dirfd = safedir_open(rundir_path(), 0, SAFEDIR_MODE, NULL, err,
	    errlen)) == -1) {
		if (errno == ENOENT)
			return 1;
		return -1;
	}
	n = readfile_at(dirfd, name, buf, sizeof(buf));
	close(dirfd);
	if (n == -1 && errno == ENOENT)
		return 1;
	if (n == -1 || (size_t)n == sizeof(buf) - 1) {
		snprintf(err, errlen, "%s: %s", rep->record, n == -1 ?
		    strerror(errno) : "too long");
		return -1;
	}
	rep->n = rep->npersisted = 0;
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		if (parse_line(rep, line) == -1) {
			snprintf(err, errlen, "%s, line %d: not a record of "
			    "--fix", rep->record, lineno);
			return -1;
		}
	}
	return 0;
}

int
fix_record_remove(const struct repair *rep)
{
	if (unlink(rep->record) == -1 && errno != ENOENT)
		return -1;
	return 0;
}
