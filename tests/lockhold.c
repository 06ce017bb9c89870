/* SPDX-License-Identifier: ISC */
/*
 * lockhold: holds a network namespace's check lock for a test, so that
 * a check in that namespace waits in its lock stage (src/lock.c) for as
 * long as the test wants, inside the namespace: a window that does not
 * depend on how fast a check runs (tests/ns-netns-round.sh).
 *
 * The lock is lock.c's: a POSIX record lock for writing on the whole
 * file.  flock(1) would not do: its locks are another kind, which
 * F_SETLK does not see.  The file must exist already, made by a check
 * (0600, its directory's owner: what lock.c trusts); lockhold makes
 * none, so that a test cannot lock a file no check would open.
 *
 * It waits for the lock (F_SETLKW), prints "locked", and holds it until
 * it is killed: the kernel drops the lock as it dies, and the close
 * wakes a check waiting for it.
 *
 * usage: lockhold FILE
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct flock fl;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: lockhold file\n");
		return 2;
	}
	if ((fd = open(argv[1], O_RDWR | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		perror(argv[1]);
		return 1;
	}
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;		/* l_start 0, l_len 0: all of it */
	if (fcntl(fd, F_SETLKW, &fl) == -1) {
		perror("lockhold: F_SETLKW");
		return 1;
	}
	printf("locked\n");
	fflush(stdout);
	for (;;)
		pause();
}
