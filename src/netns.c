/* SPDX-License-Identifier: ISC */
/*
 * Entering a network namespace before anything else is opened.
 *
 * The check, its capture, its netlink and sock_diag sockets and the
 * lock (netns-<inode>.lock) all belong to the namespace the process is
 * in when they are made, so switching once, first thing, moves the
 * whole run: nothing else needs to know.  setns() on a network
 * namespace needs CAP_SYS_ADMIN, so it is done while the process still
 * has its privileges, before check.c drops them.
 *
 * Who owns a namespace is read from a process inside it: its cgroup,
 * mapped by cgroup.c to a container (docker, podman, containerd,
 * Kubernetes pod, systemd-nspawn) or a unit.  Everything read from
 * /proc is bounded and sanitized.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <linux/magic.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "cgroup.h"
#include "netns.h"
#include "sanitize.h"

#define NETNS_RUN_DIR	"/run/netns"	/* where ip netns add puts them */
#define OWNER_SCAN_MAX	65536		/* processes looked at, at most */

#ifndef NSFS_MAGIC
#define NSFS_MAGIC	0x6e736673
#endif

/* "pid:N": N, a positive pid; 0 when spec is not of that form. */
static int
spec_pid(const char *spec, const char *shown, char *err, size_t errlen)
{
	char *end;
	long n;

	if (strncmp(spec, "pid:", 4) != 0)
		return 0;
	errno = 0;
	n = strtol(spec + 4, &end, 10);
	if (!isdigit((unsigned char)spec[4]) || *end != '\0' || errno != 0 ||
	    n <= 0 || n > INT_MAX) {
		snprintf(err, errlen, "--netns %s: pid:N needs a process id",
		    shown);
		return -1;
	}
	return (int)n;
}

/*
 * The file that names the namespace: a path (it has a '/'), pid:N's
 * /proc/N/ns/net, or a name under /run/netns (ip netns add's).
 */
static int
spec_path(const char *spec, const char *shown, char *path, size_t len,
    int *pid, char *err, size_t errlen)
{
	*pid = 0;
	if (spec[0] == '\0') {
		snprintf(err, errlen, "--netns needs a name, a path or pid:N");
		return -1;
	}
	if ((*pid = spec_pid(spec, shown, err, errlen)) == -1)
		return -1;
	if (*pid > 0)
		snprintf(path, len, "/proc/%d/ns/net", *pid);
	else if (strchr(spec, '/') != NULL) {
		if ((size_t)snprintf(path, len, "%s", spec) >= len) {
			snprintf(err, errlen, "--netns: the path is too long");
			return -1;
		}
	} else if (strcmp(spec, ".") == 0 || strcmp(spec, "..") == 0 ||
	    (size_t)snprintf(path, len, NETNS_RUN_DIR "/%s", spec) >= len) {
		snprintf(err, errlen, "--netns %s: not a namespace name",
		    shown);
		return -1;
	}
	return 0;
}

/* fd is a network namespace: the kernel says so (4.11+), or nsfs does. */
static int
is_netns(int fd)
{
	struct statfs sfs;
	int type;

	if ((type = ioctl(fd, NS_GET_NSTYPE)) != -1)
		return type == CLONE_NEWNET;
	/* An older kernel: nsfs at least; setns(CLONE_NEWNET) checks the rest. */
	return fstatfs(fd, &sfs) == 0 && sfs.f_type == NSFS_MAGIC;
}

/*
 * An fd on the network namespace spec names (O_CLOEXEC: a child never
 * inherits it), checked to be one; -1 with err in one line and errno
 * set (ENOENT: no such file, or no such process).
 */
int
netns_open(const char *spec, int *pid, char *err, size_t errlen)
{
	char path[PATH_MAX], shown[80], spath[160];
	int fd, saved;

	/* As given, made safe and short for the one-line errors. */
	sanitize_str(shown, sizeof(shown), spec);
	if (spec_path(spec, shown, path, sizeof(path), pid, err,
	    errlen) == -1) {
		errno = EINVAL;
		return -1;
	}
	sanitize_str(spath, sizeof(spath), path);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		saved = errno;
		snprintf(err, errlen, "--netns %s: %s: %s", shown, spath,
		    strerror(saved));
		errno = saved;	/* gone (ENOENT) or not to be had */
		return -1;
	}
	if (!is_netns(fd)) {
		snprintf(err, errlen, "--netns %s: %s is not a network "
		    "namespace", shown, spath);
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

/* The inode of /proc/PID/ns/net, 0 if it cannot be read. */
static unsigned long
pid_netns(int pid)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/ns/net", pid);
	return stat(path, &st) == 0 ? (unsigned long)st.st_ino : 0;
}

/* PID's cgroup v2 path, sanitized: the "0::" line of /proc/PID/cgroup. */
static int
pid_cgroup(int pid, char *out, size_t len)
{
	char path[64], line[4096];
	FILE *fp;
	int found = 0;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", pid);
	if ((fp = fopen(path, "re")) == NULL)
		return -1;
	while (!found && fgets(line, sizeof(line), fp) != NULL) {
		if (strncmp(line, "0::", 3) != 0)
			continue;
		line[strcspn(line, "\n")] = '\0';
		sanitize_str(out, len, line + 3);
		found = 1;
	}
	fclose(fp);
	return found ? 0 : -1;
}

/* PID's owner, if it is in a namespace's owner's cgroup: 1, else 0. */
static int
owner_of(int pid, char *owner, size_t len)
{
	char cg[4096];

	if (pid_cgroup(pid, cg, sizeof(cg)) == -1)
		return 0;
	cgroup_unit(cg, owner, len);
	return owner[0] != '\0';
}

/*
 * What owns the namespace INODE: the unit or container of a process in
 * it (PID first, when given).  A container's scope wins over a unit:
 * the first process found in a namespace may be a helper ip netns exec
 * or nsenter put there from a service.
 */
void
netns_owner(unsigned long inode, int pid, char *owner, size_t len)
{
	char unit[NETNS_OWNER_MAX];
	struct dirent *de;
	DIR *dir;
	unsigned seen = 0;
	long n;
	char *end;

	owner[0] = '\0';
	if (pid > 0 && pid_netns(pid) == inode && owner_of(pid, owner, len))
		return;
	if ((dir = opendir("/proc")) == NULL)
		return;
	while ((de = readdir(dir)) != NULL && seen++ < OWNER_SCAN_MAX) {
		n = strtol(de->d_name, &end, 10);
		if (*end != '\0' || n <= 0 || n > INT_MAX || n == getpid() ||
		    pid_netns((int)n) != inode ||
		    !owner_of((int)n, unit, sizeof(unit)))
			continue;
		if (strchr(unit, ':') != NULL || owner[0] == '\0')
			snprintf(owner, len, "%s", unit);
		if (strchr(unit, ':') != NULL)
			break;		/* a container: the answer */
	}
	closedir(dir);
}

/*
 * Whether any interface of the namespace this process is in is up:
 * 1, 0 (none: lo down and nothing else), -1 if it cannot be told.  A
 * namespace with none can send nothing anywhere (a sandbox's, one
 * `ip netns add` made and nobody set up).
 */
int
netns_any_up(void)
{
	struct if_nameindex *ifs, *i;
	struct ifreq ifr;
	int fd, up = 0;

	if ((ifs = if_nameindex()) == NULL)
		return -1;
	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1) {
		if_freenameindex(ifs);
		return -1;
	}
	for (i = ifs; i->if_index != 0 && !up; i++) {
		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", i->if_name);
		if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0 &&
		    (ifr.ifr_flags & IFF_UP))
			up = 1;
	}
	close(fd);
	if_freenameindex(ifs);
	return up;
}

/*
 * Moves this process into the network namespace spec names and says
 * which one it is in ID.  Called before any socket is opened and while
 * the process still has CAP_SYS_ADMIN.  -1 with err: nothing changed.
 */
int
netns_enter(const char *spec, struct netns_id *id, char *err, size_t errlen)
{
	struct stat st;
	int fd, pid;

	memset(id, 0, sizeof(*id));
	if ((fd = netns_open(spec, &pid, err, errlen)) == -1)
		return -1;
	if (fstat(fd, &st) == -1) {
		snprintf(err, errlen, "--netns: %s", strerror(errno));
		close(fd);
		return -1;
	}
	sanitize_str(id->name, sizeof(id->name), spec);
	id->inode = (unsigned long)st.st_ino;
	/* Before entering: /proc is the same, but the search needs root. */
	netns_owner(id->inode, pid, id->owner, sizeof(id->owner));
	if (setns(fd, CLONE_NEWNET) == -1) {
		snprintf(err, errlen, "--netns %s: cannot enter it: %s%s",
		    id->name, strerror(errno), errno == EPERM ? " (entering "
		    "a network namespace needs CAP_SYS_ADMIN)" : "");
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}
