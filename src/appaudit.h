/* SPDX-License-Identifier: ISC */
/*
 * The socket audit: which applications' sockets leak the groups the
 * host routes to loopback, and whose they are.
 */
#ifndef MCV_APPAUDIT_H
#define MCV_APPAUDIT_H

#include <stddef.h>

#include "frame.h"
#include "netlink.h"
#include "result.h"

int	appaudit_run(struct nl *, unsigned lo_ifindex, const char *proc_root,
	    struct app_audit *);
int	appaudit_owner(const struct addr *local, unsigned port,
	    const char *proc_root, struct app_socket *, char *err,
	    size_t errlen);
size_t	appaudit_filter(const struct app_audit *, char *buf, size_t len);
int	appaudit_observe(struct app_audit *, unsigned lo_ifindex,
	    const struct frame_udp *);
int	appaudit_settled(const struct app_audit *);

#endif
