/* SPDX-License-Identifier: ISC */
/*
 * cgroup v2 ids to paths and unit names.
 *
 * A cgroup's id (what sock_diag reports) is the inode number of its
 * directory in the cgroup v2 filesystem (kernfs), and readdir() gives
 * each entry's inode: one walk of the tree's directories, without a
 * stat(), finds every id asked about.  Opening by handle would be
 * quicker but needs CAP_DAC_READ_SEARCH, which the daemon does not
 * keep.  The walk is bounded in depth and in directories, and every
 * name it returns is sanitized.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "sanitize.h"

#define WALK_DEPTH	16	/* systemd nests a few; containers a few more */
#define WALK_DIRS	65536	/* then give up: a tree this big is hostile */
#define ROOT_ID		1	/* the root cgroup's kernfs id */

/*
 * The cgroup v2 mount point from mountinfo ("/proc/self/mountinfo"):
 * "/sys/fs/cgroup" on a unified host, "/sys/fs/cgroup/unified" on a
 * hybrid one.  0, or -1 with errno (ENOENT: no cgroup v2 mounted).
 */
int
cgroup_mount(const char *mountinfo, char *buf, size_t len)
{
	char line[4096], *sep, *fields[5], *save;
	FILE *fp;
	size_t i;
	int found = 0;

	if ((fp = fopen(mountinfo, "re")) == NULL)
		return -1;
	while (!found && fgets(line, sizeof(line), fp) != NULL) {
		/* "36 25 0:31 / /sys/fs/cgroup/unified rw ... - cgroup2 ..." */
		if ((sep = strstr(line, " - ")) == NULL ||
		    strncmp(sep + 3, "cgroup2 ", 8) != 0)
			continue;
		*sep = '\0';
		fields[0] = strtok_r(line, " ", &save);
		for (i = 1; i < 5 && fields[i - 1] != NULL; i++)
			fields[i] = strtok_r(NULL, " ", &save);
		/* The tree's root only, and no escaped (\040) mount point. */
		if (i < 5 || fields[4] == NULL || strcmp(fields[3], "/") != 0 ||
		    strchr(fields[4], '\\') != NULL)
			continue;
		found = snprintf(buf, len, "%s", fields[4]) < (int)len;
	}
	fclose(fp);
	if (!found)
		errno = ENOENT;
	return found ? 0 : -1;
}

struct walk {
	struct cgroup_want	*w;
	size_t			 n;
	size_t			 left;		/* ids not found yet */
	unsigned		 dirs;
	char			 path[4096];	/* relative, raw bytes */
};

static void
record(struct walk *k, uint64_t ino)
{
	size_t i;

	for (i = 0; i < k->n; i++) {
		if (k->w[i].id != ino || k->w[i].path[0] != '\0')
			continue;
		sanitize_str(k->w[i].path, k->w[i].pathlen, k->path);
		k->left--;
	}
}

static void
walk_dir(struct walk *k, int fd, unsigned depth)
{
	struct dirent *e;
	size_t plen = strlen(k->path);
	DIR *d;
	int sub;

	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return;
	}
	while (k->left > 0 && (e = readdir(d)) != NULL) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		if (++k->dirs > WALK_DIRS)
			break;
		if (snprintf(k->path + plen, sizeof(k->path) - plen, "/%s",
		    e->d_name) >= (int)(sizeof(k->path) - plen))
			continue;
		record(k, e->d_ino);
		if (depth + 1 < WALK_DEPTH && k->left > 0 &&
		    (sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC)) != -1)
			walk_dir(k, sub, depth + 1);
		k->path[plen] = '\0';
	}
	closedir(d);
}

/*
 * Fills the path of each wanted id that is in the tree mounted at
 * mount; the others get "".  Returns how many were found, or -1 with
 * errno if the tree cannot be read.
 */
int
cgroup_find(const char *mount, struct cgroup_want *w, size_t n)
{
	struct walk k;
	size_t i;
	int fd;

	memset(&k, 0, sizeof(k));
	k.w = w;
	k.n = n;
	for (i = 0; i < n; i++) {
		w[i].path[0] = '\0';
		if (w[i].id == ROOT_ID)
			snprintf(w[i].path, w[i].pathlen, "/");
		else if (w[i].id != 0)
			k.left++;
	}
	if ((fd = open(mount, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	if (k.left > 0)
		walk_dir(&k, fd, 0);
	else
		close(fd);
	k.left = 0;
	for (i = 0; i < n; i++)
		k.left += w[i].path[0] != '\0';
	return (int)k.left;
}

/*
 * Container managers' scopes and cgroupfs directories: the prefix of
 * a component, and what the service is called then.
 */
static const struct {
	const char	*prefix;	/* of a path component */
	const char	*kind;		/* "" keeps the component whole */
} containers[] = {
	{ "docker-",		"docker" },
	{ "libpod-",		"podman" },
	{ "cri-containerd-",	"containerd" },
	{ "crio-",		"cri-o" },
};

static int
has_suffix(const char *s, size_t len, const char *suffix)
{
	size_t sl = strlen(suffix);

	return len > sl && memcmp(s + len - sl, suffix, sl) == 0;
}

/* "docker-<64 hex>.scope" -> "docker:<12 hex>": how `docker ps` shows it. */
static int
container_name(const char *c, size_t len, char *unit, size_t ulen)
{
	size_t i, pl, idlen;

	for (i = 0; i < sizeof(containers) / sizeof(containers[0]); i++) {
		pl = strlen(containers[i].prefix);
		if (len <= pl || strncmp(c, containers[i].prefix, pl) != 0)
			continue;
		idlen = len - pl - (has_suffix(c, len, ".scope") ? 6 : 0);
		snprintf(unit, ulen, "%s:%.*s", containers[i].kind,
		    (int)(idlen > 12 ? 12 : idlen), c + pl);
		return 1;
	}
	return 0;
}

/*
 * The service a cgroup path names (path already sanitized): its
 * container if any, else the deepest systemd .service or .scope, else
 * a Kubernetes pod ("pod<uid>"), else "" (the root, a bare slice).
 */
void
cgroup_unit(const char *path, char *unit, size_t ulen)
{
	const char *end = path + strlen(path), *c, *pod = NULL;
	size_t len, podlen = 0;

	unit[0] = '\0';
	while (end > path) {
		for (c = end; c > path && c[-1] != '/'; c--)
			;
		len = (size_t)(end - c);
		if (len > 0 && container_name(c, len, unit, ulen))
			return;
		if (unit[0] == '\0' && (has_suffix(c, len, ".service") ||
		    has_suffix(c, len, ".scope")))
			snprintf(unit, ulen, "%.*s", (int)len, c);
		if (pod == NULL && len > 3 && strncmp(c, "pod", 3) == 0) {
			pod = c;
			podlen = len;
		} else if (pod == NULL && strstr(c, "-pod") != NULL &&
		    has_suffix(c, len, ".slice")) {
			pod = strstr(c, "-pod") + 1;	/* kubepods-...-pod<uid>.slice */
			podlen = len - (size_t)(pod - c) - 6;
		}
		end = c > path ? c - 1 : path;
	}
	if (unit[0] == '\0' && pod != NULL)
		snprintf(unit, ulen, "%.*s", (int)podlen, pod);
}
