/* SPDX-License-Identifier: ISC */
/*
 * Host facts that explain surprises: read from /proc and the kernel,
 * never changed.
 */
#ifndef MCV_AUDIT_H
#define MCV_AUDIT_H

#include <netinet/in.h>

#include "netlink.h"
#include "result.h"

void	audit_host(struct check_result *, const char *proc_root);
void	audit_route(struct check_result *, const char *proc_root);
int	audit_parse_igmp(const char *text, struct in_addr group,
	    char names[][IF_NAMESIZE], int max);
int	audit_parse_igmp6(const char *text, const struct in6_addr *group,
	    char names[][IF_NAMESIZE], int max);

#endif
