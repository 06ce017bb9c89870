/* SPDX-License-Identifier: ISC */
/*
 * cgroup.c: a cgroup path to the service an admin knows (systemd unit,
 * container, pod), and the cgroup v2 mount point from mountinfo.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cgroup.h"
#include "unit.h"

static const char *
unit_of(const char *path)
{
	static char unit[128];

	cgroup_unit(path, unit, sizeof(unit));
	return unit;
}

int
main(void)
{
	char path[] = "/tmp/unit_cgroup.XXXXXX", mount[256];
	FILE *fp;
	int fd;

	CHECK(strcmp(unit_of("/system.slice/marketfeed.service"),
	    "marketfeed.service") == 0);
	CHECK(strcmp(unit_of("/user.slice/user-1000.slice/session-3.scope"),
	    "session-3.scope") == 0);
	CHECK(strcmp(unit_of("/system.slice/docker-0123456789abcdef0123.scope"),
	    "docker:0123456789ab") == 0);
	CHECK(strcmp(unit_of("/machine.slice/libpod-fedcba9876543210.scope/container"),
	    "podman:fedcba987654") == 0);
	CHECK(strcmp(unit_of("/kubepods.slice/kubepods-burstable.slice/"
	    "kubepods-burstable-pod1234_5678.slice/cri-containerd-abcdef0123456789.scope"),
	    "containerd:abcdef012345") == 0);
	CHECK(strcmp(unit_of("/kubepods.slice/kubepods-besteffort.slice/"
	    "kubepods-besteffort-pod42.slice"), "pod42") == 0);
	CHECK(strcmp(unit_of("/"), "") == 0);
	CHECK(strcmp(unit_of("/mcv.slice"), "") == 0);
	CHECK(strcmp(unit_of("/a.service/b.scope"), "b.scope") == 0);
	CHECK(strcmp(unit_of("/x\\x1b.service"), "x\\x1b.service") == 0);

	if ((fd = mkstemp(path)) == -1 || (fp = fdopen(fd, "w")) == NULL)
		return 99;
	fputs("22 1 0:20 / /sys rw - sysfs sysfs rw\n"
	    "30 22 0:26 / /sys/fs/cgroup ro - tmpfs tmpfs ro,mode=755\n"
	    "35 30 0:31 /sub /sys/fs/cgroup/other rw - cgroup2 cgroup2 rw\n"
	    "36 30 0:30 / /sys/fs/cgroup/unified rw,nosuid - cgroup2 cgroup2 rw\n",
	    fp);
	fclose(fp);
	CHECK(cgroup_mount(path, mount, sizeof(mount)) == 0 &&
	    strcmp(mount, "/sys/fs/cgroup/unified") == 0);
	if ((fp = fopen(path, "w")) == NULL)
		return 99;
	fputs("22 1 0:20 / /sys rw - sysfs sysfs rw\n", fp);
	fclose(fp);
	CHECK(cgroup_mount(path, mount, sizeof(mount)) == -1);
	unlink(path);
	return unit_done("unit_cgroup");
}
