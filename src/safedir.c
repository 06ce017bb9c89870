/* SPDX-License-Identifier: ISC */
/*
 * Directories reached and created safely, relative to directory fds, as
 * OpenSMTPD's queue does:
 *
 *   - every component of the path is opened with O_NOFOLLOW from its
 *     parent's fd, so a symbolic link anywhere is refused, and nothing
 *     can be swapped between a check and a use;
 *   - a missing component is made with mkdirat(), then opened, and
 *     given its owner and mode through that fd (fchown, fchmod), never
 *     by name;
 *   - the directory must be owned by root, by the user the program runs
 *     as, by the service user (SERVICE_USER, whose runtime directory
 *     systemd makes), or by the -u user it was told to create it for,
 *     and must not be writable by everyone.  Group write is the
 *     administrator's grant (a node-exporter directory shared with the
 *     service's group, say) and is allowed.
 *
 * The caller gets an fd of the directory (O_PATH, or O_RDONLY for one
 * just made) and works inside it with *at() calls.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "safedir.h"

#define DIR_FLAGS	(O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
/* A missing parent, made on the way (configure's default /usr/local/var/run). */
#define PARENT_MODE	0755

/* The service user's uid, looked up once; -1 if there is no such user. */
static long
service_uid(void)
{
	static long uid = -2;
	struct passwd *pw;

	if (uid == -2) {
		pw = getpwnam(SERVICE_USER);
		uid = pw != NULL ? (long)pw->pw_uid : -1;
	}
	return uid;
}

static int
trusted_owner(uid_t uid, const struct privs_user *owner)
{
	return uid == 0 || uid == geteuid() || (long)uid == service_uid() ||
	    (owner != NULL && owner->set && uid == owner->uid);
}

/*
 * Why a component could not be opened, in words, naming the path up to
 * it: "/run/x: /run/x/y is a symbolic link; refused".
 */
static void
component_error(int dirfd, const char *name, const char *path, int upto,
    int error, char *err, size_t errlen)
{
	struct stat st;

	if ((error == ENOTDIR || error == ELOOP) &&
	    fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode))
		snprintf(err, errlen, "%s: %.*s is a symbolic link; refused",
		    path, upto, path);
	else if (path[upto] == '\0')
		snprintf(err, errlen, "%s: %s", path, strerror(error));
	else
		snprintf(err, errlen, "%s: %.*s: %s", path, upto, path,
		    strerror(error));
}

/*
 * Makes name in dirfd and opens it; its owner and mode are set through
 * the fd, so whatever is swapped in under the name afterwards, only the
 * directory made here changes hands.
 */
static int
make_dir(int dirfd, const char *name, mode_t mode,
    const struct privs_user *owner)
{
	int fd, saved;

	if (mkdirat(dirfd, name, 0700) == -1)
		return -1;
	if ((fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		return -1;
	if ((owner != NULL && owner->set &&
	    fchown(fd, owner->uid, owner->gid) == -1) ||
	    fchmod(fd, mode) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

static int
check_dir(int fd, const char *path, const struct privs_user *owner,
    char *err, size_t errlen)
{
	struct stat st;

	if (fstat(fd, &st) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!trusted_owner(st.st_uid, owner)) {
		snprintf(err, errlen, "%s: owned by uid %u, not by root or "
		    "the user %s runs as; refused", path, (unsigned)st.st_uid,
		    PACKAGE);
		return -1;
	}
	if (st.st_mode & S_IWOTH) {
		snprintf(err, errlen, "%s: writable by everyone (mode %04o); "
		    "refused", path, (unsigned)(st.st_mode & 07777));
		return -1;
	}
	return 0;
}

/* Opens the next component from dirfd (closing dirfd); -1 and err. */
static int
step(int dirfd, const char *name, const char *path, int upto, int create,
    mode_t mode, const struct privs_user *owner, char *err, size_t errlen)
{
	int fd = openat(dirfd, name, DIR_FLAGS), error = errno;

	if (fd == -1 && error == ENOENT && create) {
		fd = make_dir(dirfd, name, mode, owner);
		error = errno;
		if (fd == -1 && error == EEXIST)	/* made meanwhile */
			fd = openat(dirfd, name, DIR_FLAGS), error = errno;
	}
	if (fd == -1)
		component_error(dirfd, name, path, upto, error, err, errlen);
	close(dirfd);
	return fd;
}

/*
 * An fd of the directory path (absolute), walked component by
 * component; with create, missing components are made: the last one
 * with mode, owned by owner if set, the others 0755.  -1 and a one-line err on failure.
 */
int
safedir_open(const char *path, int create, mode_t mode,
    const struct privs_user *owner, char *err, size_t errlen)
{
	char copy[PATH_MAX], *name, *next, *save = NULL;
	int fd, upto;

	if (path[0] != '/' || strlen(path) >= sizeof(copy)) {
		snprintf(err, errlen, "%s: not an absolute path", path);
		return -1;
	}
	strcpy(copy, path);
	if ((fd = open("/", DIR_FLAGS)) == -1) {
		snprintf(err, errlen, "/: %s", strerror(errno));
		return -1;
	}
	for (name = strtok_r(copy, "/", &save); name != NULL; name = next) {
		next = strtok_r(NULL, "/", &save);
		/* Where the component ends in path, for the messages. */
		upto = (int)(name - copy + (ptrdiff_t)strlen(name));
		if (next != NULL)	/* a parent we make is the caller's */
			fd = step(fd, name, path, upto, create, PARENT_MODE,
			    NULL, err, errlen);
		else
			fd = step(fd, name, path, upto, create, mode, owner,
			    err, errlen);
		if (fd == -1)
			return -1;
	}
	if (check_dir(fd, path, owner, err, errlen) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * The directory that holds file, as safedir_open() opens it; *base is
 * the file's name in it.
 */
int
safedir_open_parent(const char *file, int create, mode_t mode,
    const struct privs_user *owner, const char **base, char *err,
    size_t errlen)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(file, '/');
	size_t len;

	if (file[0] != '/' || slash == NULL || slash[1] == '\0') {
		snprintf(err, errlen, "%s: not an absolute file name", file);
		return -1;
	}
	len = slash == file ? 1 : (size_t)(slash - file);
	if (len >= sizeof(dir)) {
		snprintf(err, errlen, "%s: name too long", file);
		return -1;
	}
	memcpy(dir, file, len);
	dir[len] = '\0';
	*base = slash + 1;
	return safedir_open(dir, create, mode, owner, err, errlen);
}
