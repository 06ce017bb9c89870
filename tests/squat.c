/* SPDX-License-Identifier: ISC */
/*
 * squat: plays an unprivileged local user who grabs whatever the
 * verifier's lock could be, for tests/ns-squat.sh:
 *
 *   - the abstract socket name an older lock used: bound, and its
 *     accept queue filled, so a check that connects there would block;
 *   - the runtime directory itself: flock()ed;
 *   - the lock file: opened, F_SETLK and flock() (refused by its mode
 *     and its directory's, which is the point);
 *   - a file of its own in the runtime directory (refused likewise).
 *
 * It prints one line per attempt, then "ready", and waits to be killed.
 *
 * usage: squat RUNDIR LOCKFILE
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define OLD_LOCK_NAME	"mcastlo-verifyd/check.lock"
#define QUEUE_FILLERS	64

static void
say(const char *what, int ok)
{
	printf("%s: %s\n", what, ok ? "got it" : strerror(errno));
}

static void
squat_abstract(void)
{
	struct sockaddr_un sun;
	socklen_t len;
	int fd, c, i, filled = 0;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path + 1, OLD_LOCK_NAME, strlen(OLD_LOCK_NAME));
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
	    strlen(OLD_LOCK_NAME));
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd == -1 || bind(fd, (struct sockaddr *)&sun, len) == -1 ||
	    listen(fd, 0) == -1) {
		say("abstract name", 0);
		return;
	}
	for (i = 0; i < QUEUE_FILLERS; i++) {
		c = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
		if (c != -1 && connect(c, (struct sockaddr *)&sun, len) == 0)
			filled++;
	}
	printf("abstract name: bound, %d connections queued\n", filled);
}

int
main(int argc, char **argv)
{
	struct flock fl;
	char mine[4096];
	int dir, fd;

	if (argc != 3) {
		fprintf(stderr, "usage: squat rundir lockfile\n");
		return 2;
	}
	squat_abstract();
	dir = open(argv[1], O_RDONLY | O_DIRECTORY);
	say("runtime directory flock", dir != -1 &&
	    flock(dir, LOCK_EX | LOCK_NB) == 0);
	fd = open(argv[2], O_RDWR);
	if (fd == -1)
		fd = open(argv[2], O_RDONLY);
	say("lock file open", fd != -1);
	if (fd != -1) {
		memset(&fl, 0, sizeof(fl));
		fl.l_type = F_WRLCK;
		say("lock file F_SETLK", fcntl(fd, F_SETLK, &fl) == 0);
		say("lock file flock", flock(fd, LOCK_EX | LOCK_NB) == 0);
	}
	snprintf(mine, sizeof(mine), "%s/squatter", argv[1]);
	say("file in the runtime directory",
	    open(mine, O_RDWR | O_CREAT, 0666) != -1);
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
