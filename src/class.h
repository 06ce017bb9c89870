/* SPDX-License-Identifier: ISC */
/*
 * The classes of applications that the policy rules route apart: the
 * sockets of a uid range (uidrange), or with a mark (fwmark).
 */
#ifndef MCV_CLASS_H
#define MCV_CLASS_H

#include "netlink.h"
#include "result.h"

int	class_find(struct nl *, const struct addr *group, unsigned port,
	    struct check_result *);
void	class_flow(const struct class_result *, struct flow *);

#endif
