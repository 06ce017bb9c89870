/*
 * Files replaced atomically: the content goes to a temporary file in the
 * same directory (its name starts with a dot and does not end in .prom,
 * so a textfile collector never reads it half written), is flushed to
 * disk, given its mode, and renamed over the old file.  Everything
 * happens relative to the directory's fd (safedir.c), with O_EXCL and
 * O_NOFOLLOW: no link, planted or swapped, is ever followed.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "safedir.h"

#define TMP_TRIES		8

/* Creates ".base.XXXXXXXX" in dirfd; its fd, and its name in tmp. */
static int
create_tmp(int dirfd, const char *base, mode_t mode, char *tmp, size_t size)
{
	unsigned r;
	int fd, i;

	for (i = 0; i < TMP_TRIES; i++) {
		if (getrandom(&r, sizeof(r), 0) != sizeof(r))
			return -1;
		if (snprintf(tmp, size, ".%s.%08x", base, r) >= (int)size) {
			errno = ENAMETOOLONG;
			return -1;
		}
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, mode);
		if (fd != -1 || errno != EEXIST)
			return fd;
	}
	return -1;
}

/* Writes the content through stdio, flushes it to disk, sets the mode. */
static int
fill(int fd, mode_t mode, atomicfile_writer writer, const void *arg)
{
	FILE *fp;
	int rc = 0, saved;

	if ((fp = fdopen(fd, "w")) == NULL) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	writer(fp, arg);
	if (fflush(fp) != 0 || ferror(fp) || fsync(fd) != 0 ||
	    fchmod(fd, mode) != 0)
		rc = -1;
	saved = errno;
	if (fclose(fp) != 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	errno = saved;
	return rc;
}

int
atomicfile_write(const char *path, mode_t mode, atomicfile_writer writer,
    const void *arg, char *err, size_t errlen)
{
	char tmp[NAME_MAX + 1];
	const char *base;
	int dirfd, fd, saved;

	dirfd = safedir_open_parent(path, 1, SAFEDIR_MODE, NULL, &base,
	    err, errlen);
	if (dirfd == -1)
		return -1;
	if ((fd = create_tmp(dirfd, base, mode, tmp, sizeof(tmp))) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(dirfd);
		return -1;
	}
	if (fill(fd, mode, writer, arg) == 0 &&
	    renameat(dirfd, tmp, dirfd, base) == 0) {
		close(dirfd);
		return 0;
	}
	saved = errno;
	unlinkat(dirfd, tmp, 0);
	close(dirfd);
	snprintf(err, errlen, "%s: %s", path, strerror(saved));
	return -1;
}
