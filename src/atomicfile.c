/*
 * Files replaced atomically: the content goes to a temporary file in the
 * same directory (its name starts with a dot and does not end in .prom,
 * so a textfile collector never reads it half written), is flushed to
 * disk, made 0644, and renamed over the old file.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"

int
atomicfile_write(const char *path, atomicfile_writer writer, const void *arg)
{
	char tmp[PATH_MAX], dir[PATH_MAX], base[PATH_MAX];
	FILE *fp;
	int fd, saved;

	if (strlen(path) >= sizeof(dir)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(dir, path);
	strcpy(base, path);
	if (snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dirname(dir),
	    basename(base)) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1)
		return -1;
	if ((fp = fdopen(fd, "w")) == NULL) {
		saved = errno;
		close(fd);
		goto fail;
	}
	writer(fp, arg);
	if (fflush(fp) != 0 || ferror(fp) || fsync(fd) != 0 ||
	    fchmod(fd, 0644) != 0) {
		saved = errno;
		fclose(fp);
		goto fail;
	}
	if (fclose(fp) != 0) {
		saved = errno;
		goto fail;
	}
	if (rename(tmp, path) == 0)
		return 0;
	saved = errno;
fail:
	unlink(tmp);
	errno = saved;
	return -1;
}

/* Creates the file's directory (one level) if needed, owned by uid:gid. */
int
atomicfile_mkdir_parent(const char *path, int uid, int gid)
{
	char copy[PATH_MAX];
	const char *dir;

	if (snprintf(copy, sizeof(copy), "%s", path) >= (int)sizeof(copy)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	dir = dirname(copy);
	if (mkdir(dir, 0755) == -1) {
		if (errno == EEXIST)
			return 0;
		return -1;
	}
	if (uid >= 0 && chown(dir, (uid_t)uid, (gid_t)gid) == -1)
		return -1;
	return 0;
}
