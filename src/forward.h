/* SPDX-License-Identifier: ISC */
/*
 * Multicast forwarding: whether a multicast router on the host forwards
 * the group from loopback to other interfaces.
 */
#ifndef MCV_FORWARD_H
#define MCV_FORWARD_H

#include <net/if.h>

#include "addr.h"
#include "result.h"

#define FORWARD_MAXVIFS	32	/* the kernel's MAXVIFS */

int		forward_parse_vifs(const char *text,
		    char names[FORWARD_MAXVIFS][IF_NAMESIZE]);
unsigned	forward_parse_mfc(const char *text, const struct addr *group,
		    int iif);
void		audit_forwarding(struct check_result *, const char *proc_root);

#endif
