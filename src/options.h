/*
 * Command-line options.  Parsing is pure: it fills struct options or
 * says, in one line, what was wrong.
 */
#ifndef MCV_OPTIONS_H
#define MCV_OPTIONS_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>

#define DEFAULT_GROUP		"224.16.17.8"
#define DEFAULT_LOOPBACK	"lo"
#define DEFAULT_TIMEOUT_MS	1000
#define TIMEOUT_MIN_MS		10
#define TIMEOUT_MAX_MS		60000

enum format {
	FORMAT_TEXT,
	FORMAT_JSON
};

struct options {
	struct in_addr	group;
	unsigned	port;			/* 0: a free port, chosen per run */
	char		loopback[IF_NAMESIZE];
	char		egress[IF_NAMESIZE];	/* "": the kernel's choice */
	unsigned	timeout_ms;
	unsigned	require_mask;		/* bit i: probe method i */
	int		no_route;
	enum format	format;
	int		verbose;
	int		once;
	int		cleanup;		/* --cleanup: sweep and exit */
	char		user[64];		/* -u: run the check as */
};

enum options_action {
	OPTIONS_RUN,
	OPTIONS_HELP,
	OPTIONS_VERSION,
	OPTIONS_ERROR
};

void			options_defaults(struct options *);
enum options_action	options_parse(int argc, char **argv, struct options *,
			    char *err, size_t errlen);
int			parse_uint(const char *s, unsigned min, unsigned max,
			    unsigned *out);
int			parse_group(const char *s, struct in_addr *out,
			    char *err, size_t errlen);
int			parse_require(const char *s, unsigned *mask,
			    char *err, size_t errlen);
void			options_usage(FILE *);

#endif
