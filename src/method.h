/* SPDX-License-Identifier: ISC */
/*
 * The send methods a check probes: one enum, one table.  Each method
 * has a name (--require, the JSON "method"), a label (what its probe's
 * payload begins with), a kind, and, for a fix, what it changes.
 * Adding a method is one enum value, one row here and one sender in
 * probe.c.
 */
#ifndef MCV_METHOD_H
#define MCV_METHOD_H

#include <stddef.h>

enum method {
	METHOD_SENDTO,		/* sendto() on an unconnected socket */
	METHOD_SEND,		/* connect() then send() */
	METHOD_MULTICAST_IF,
	METHOD_BIND_LOOPBACK,
	METHOD_BINDTODEVICE,
	METHOD_PKTINFO,
	METHOD_ROUTE_SRC,
	METHOD_COUNT
};

/* The methods applications use; every check probes these. */
#define METHOD_BASE_COUNT	2

enum method_kind {
	METHOD_APP,		/* what an application does */
	METHOD_APP_FIX,		/* a fix an application applies */
	METHOD_HOST_FIX		/* a fix on the host; applications unchanged */
};

struct method_info {
	const char	*name;
	const char	*label;
	enum method_kind kind;
	const char	*fix;	/* what is changed; NULL for METHOD_APP */
};

const struct method_info	*method_get(enum method);
int				 method_by_name(const char *name,
				    enum method *);
unsigned			 method_bit(enum method);

#endif
