/* SPDX-License-Identifier: ISC */
/*
 * --fix: from a check of the group to a fixed host.  The plan (the
 * routes to change, per class of application), applying it atomically
 * under the check lock, proving it with another check, rolling it back
 * when the proof fails, and --fix --undo.
 */
#ifndef MCV_FIX_H
#define MCV_FIX_H

#include <limits.h>
#include <stddef.h>

#include "netlink.h"
#include "options.h"
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

int	fix_run(const struct options *);

/* fixplan.c */
int	fix_plan(struct nl *, const struct check_result *diag,
	    unsigned lo_ifindex, struct repair *, char *err, size_t errlen);
void	fix_describe(const struct nl_raw_route *, const char *verb,
	    char *buf, size_t size);

/* fixrecord.c */
int	fix_record_path(char *buf, size_t size);
int	fix_record_save(const struct repair *, char *err, size_t errlen);
int	fix_record_load(struct repair *, char *err, size_t errlen);
int	fix_record_remove(const struct repair *);

/* fixreport.c */
void	fix_report_text(FILE *, const struct repair *);
void	fix_report_json(FILE *, const struct repair *);

#endif
