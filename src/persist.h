/* SPDX-License-Identifier: ISC */
/*
 * The persistent forms of a --fix: the applied routes written the way
 * the host configures its network (systemd-networkd, ifupdown,
 * netplan), always in a file of our own, never an edit of the
 * administrator's.
 */
#ifndef MCV_PERSIST_H
#define MCV_PERSIST_H

#include <stddef.h>

#include "persistform.h"

struct repair;

int		 persist_plan(int form, const char *root, struct repair *,
		    char *err, size_t errlen);
int		 persist_write(const struct repair *, char *err, size_t errlen);

#endif
