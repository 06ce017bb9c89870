/* SPDX-License-Identifier: ISC */
/*
 * Files replaced atomically: the content goes to a temporary file in the
 * same directory (its name starts with a dot and does not end in .prom,
 * so a textfile collector never reads it half written), is flushed to
 * disk, given its mode, and renamed over the old file.  Everything
 * happens relative to the directory's fd (safedir.c), with O_EXCL and
 * O_NOFOLLOW: no link, planted or swapped, is ever followed.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "log.h"
#include "safedir.h"

#define TMP_TRIES		8
#define TMP_SUFFIX_LEN		8	/* the hex digits of ".%08x" */

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

/*
 * Whether name is one of base's temporary files (".base.XXXXXXXX", as
 * create_tmp makes them): nothing else is ever removed.
 */
int
atomicfile_is_tmp(const char *name, const char *base)
{
	size_t len = strlen(base), i;
	const char *hex;

	if (name[0] != '.' || strncmp(name + 1, base, len) != 0 ||
	    name[1 + len] != '.')
		return 0;
	hex = name + 2 + len;
	for (i = 0; i < TMP_SUFFIX_LEN; i++)
		if (!isxdigit((unsigned char)hex[i]))
			return 0;
	return hex[TMP_SUFFIX_LEN] == '\0';
}

/*
 * Removes the temporary files a write killed between creating and
 * renaming (SIGKILL, a power cut) left next to path; at start, before
 * this program writes there again.  The number removed, or -1 (err).
 */
int
atomicfile_clean(const char *path, char *err, size_t errlen)
{
	const char *base;
	struct dirent *de;
	struct stat st;
	DIR *dir;
	int pathfd, dirfd, n = 0;

	pathfd = safedir_open_parent(path, 0, SAFEDIR_MODE, NULL, &base, err,
	    errlen);
	if (pathfd == -1)
		return -1;
	/* safedir's fd is O_PATH: the same directory again, to list it. */
	dirfd = openat(pathfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	close(pathfd);
	if (dirfd == -1 || (dir = fdopendir(dirfd)) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (dirfd != -1)
			close(dirfd);
		return -1;
	}
	while ((de = readdir(dir)) != NULL) {
		if (!atomicfile_is_tmp(de->d_name, base) ||
		    fstatat(dirfd, de->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) == -1 || !S_ISREG(st.st_mode))
			continue;
		if (unlinkat(dirfd, de->d_name, 0) == 0) {
			log_info("removed %s, left next to %s by a write that "
			    "was cut short", de->d_name, path);
			n++;
		}
	}
	closedir(dir);
	return n;
}
