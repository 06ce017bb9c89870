/* SPDX-License-Identifier: ISC */
/*
 * Small text files read whole, into a NUL-terminated buffer: what fits
 * is kept, the rest ignored.  Files under /proc come a page at a time,
 * so a read returns less than asked long before the end of the file.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "readfile.h"

/*
 * Reads path, relative to dirfd (or AT_FDCWD), into buf: its length, or
 * -1 with errno set if it cannot be opened or read.
 */
ssize_t
readfile_at(int dirfd, const char *path, char *buf, size_t size)
{
	ssize_t n, len = 0;
	int fd, saved;

	if ((fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	while ((size_t)len < size - 1 &&
	    (n = read(fd, buf + len, size - 1 - (size_t)len)) != 0) {
		if (n == -1) {
			saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	return len;
}
