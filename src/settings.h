/* SPDX-License-Identifier: ISC */
/*
 * The settings: one table (settings.c) that gives each its config key
 * (also its long option), its short option, the name of its value, a
 * line of help, its setter and where it lives in struct options.  The
 * command line and the config file both go through the setters, so a
 * value means the same and is checked the same wherever it comes from,
 * and adding a setting is one enum value, one field and one row.
 */
#ifndef MCV_SETTINGS_H
#define MCV_SETTINGS_H

#include <stddef.h>

#include "options.h"

/* Bit i of options.set is setting i. */
enum setting_key {
	SET_GROUP,
	SET_PORT,
	SET_LOOPBACK,
	SET_INTERFACE,
	SET_TIMEOUT,
	SET_INTERVAL,
	SET_REQUIRE,
	SET_ROUTE,
	SET_FORMAT,
	SET_METRICS_FILE,
	SET_STATUS_FILE,
	SET_USER,
	SET_MITIGATIONS,
	SET_TTL,
	SET_PROBE_WAIT,
	SET_PCAP,
	SET_WATCH,
	SET_FIX,
	SET_PERSIST,
	SET_PERSIST_ROOT,
	SET_COUNT
};

typedef int (*setting_setter)(struct options *, const char *value,
    char *err, size_t errlen);

struct setting {
	const char	*key;		/* config key */
	int		 short_opt;	/* 0: none */
	int		 long_value;	/* --key value on the command line */
	const char	*flag;		/* a long option without a value... */
	const char	*flag_value;	/* ...that sets this value */
	const char	*arg;		/* the value's name in the help */
	const char	*help;		/* one line, with the unit */
	setting_setter	 set;
	size_t		 offset;	/* the value in struct options */
	size_t		 size;
	int		 daemon_only;	/* a value other than the default
					   is refused with --once */
};

const struct setting	*setting_get(enum setting_key);
int			 setting_lookup(const char *key);
int			 setting_by_short(int ch);
int			 setting_set(struct options *, int key,
			    const char *value, char *err, size_t errlen);
void			 setting_copy(struct options *to,
			    const struct options *from, int key);
int			 settings_load(const struct options *cli,
			    struct options *out, char *err, size_t errlen);
int			 parse_uint(const char *s, unsigned min, unsigned max,
			    unsigned *out);

#endif
