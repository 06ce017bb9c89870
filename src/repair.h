/* SPDX-License-Identifier: ISC */
/*
 * What --fix plans, does and proves (struct repair), apart from the run
 * that does it (fix.h), so that what only reads it (persist.c, which
 * the run calls) does not depend on the run.
 */
#ifndef MCV_REPAIR_H
#define MCV_REPAIR_H

#include <limits.h>
#include <stddef.h>

#include "netlink.h"
#include "result.h"

/* Routes one plan changes, at most (one per class and table). */
#define FIX_ENTRIES_MAX		4
/* Files the persistent forms write, at most. */
#define FIX_PERSISTED_MAX	4
/* The metric of a route --fix adds: never the shape a check's own route
   has (metric 0; IPv6 1024), so no check's sweep takes it for a
   leftover. */
#define FIX_METRIC		1

enum fix_action {
	FIX_REPLACE,		/* someone's route, replaced in one step */
	FIX_ADD			/* a route of ours (protocol 201) */
};

struct fix_entry {
	char			class_name[64];	/* "default": every socket */
	unsigned		table;
	enum fix_action		action;
	struct nl_raw_route	before;		/* FIX_REPLACE: as it was */
	struct nl_raw_route	after;		/* as --fix makes it */
	char			command[256];	/* the ip(8) equivalent */
	char			undo[256];
};

/* What --fix planned, did and proved; the report's "repair". */
struct repair {
	int		dry_run;
	int		undo;
	int		planned;	/* the plan was made */
	int		applied;
	int		proven;
	int		rolled_back;
	int		undone;
	int		exit_code;	/* of the --fix run */
	char		why[256];	/* why not proven, or nothing to do */
	char		record[PATH_MAX];	/* the previous routes, kept */
	size_t		n;
	struct fix_entry e[FIX_ENTRIES_MAX];
	struct app_audit still;		/* sockets leaking after the fix */
	int		persist_form;	/* persist.h; the one used */
	char		persist_note[256];	/* what was not written, why */
	size_t		npersisted;
	char		persisted[FIX_PERSISTED_MAX][PATH_MAX];
	char		persist_text[FIX_PERSISTED_MAX][2048];	/* contents */
};

/* fixplan.c: the ip(8) command that makes the route, with verb. */
void	fix_describe(const struct nl_raw_route *, const char *verb,
	    char *buf, size_t size);

#endif
