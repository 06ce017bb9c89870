/* SPDX-License-Identifier: ISC */
/*
 * A socket's cgroup (sock_diag's INET_DIAG_CGROUP_ID, a cgroup v2 id)
 * as a path in the cgroup v2 tree and a service's name: the systemd
 * unit, the container's scope, the Kubernetes pod.  Needs no privilege:
 * the tree is world-readable.
 */
#ifndef MCV_CGROUP_H
#define MCV_CGROUP_H

#include <stddef.h>
#include <stdint.h>

struct cgroup_want {
	uint64_t	id;		/* in: 0 for none */
	char		*path;		/* out: "/a.slice/b.service", "" */
	size_t		pathlen;
};

int	cgroup_mount(const char *mountinfo, char *buf, size_t len);
int	cgroup_find(const char *mount, struct cgroup_want *, size_t n);
void	cgroup_unit(const char *path, char *unit, size_t len);

#endif
