/* SPDX-License-Identifier: ISC */
/*
 * notifyrecv: plays systemd's side of sd_notify(3) for the tests.  It
 * binds a datagram socket at PATH, says "listening" on stdout, then
 * prints each message it receives, one line each, until one equals
 * STOP-MESSAGE.
 *
 * With -s, at STOP-MESSAGE it stops reading instead, its socket still
 * open (a manager whose queue fills), until SIGUSR1, after which it
 * reads on, printing "reading again" and then each message.
 *
 * usage: notifyrecv [-s] PATH STOP-MESSAGE
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static volatile sig_atomic_t resume;

static void
on_usr1(int sig)
{
	(void)sig;
	resume = 1;
}

int
main(int argc, char **argv)
{
	struct sockaddr_un sun;
	char buf[4096];
	ssize_t n;
	int fd, stall = 0;
	sigset_t mask, old;

	if (argc == 4 && strcmp(argv[1], "-s") == 0) {
		stall = 1;
		argv++;
		argc--;
	}
	if (argc != 3 || strlen(argv[1]) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "usage: notifyrecv [-s] path stop-message\n");
		return 2;
	}
	signal(SIGUSR1, on_usr1);
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	sigprocmask(SIG_BLOCK, &mask, &old);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, argv[1]);
	unlink(argv[1]);
	if ((fd = socket(AF_UNIX, SOCK_DGRAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		perror("notifyrecv");
		return 1;
	}
	printf("listening\n");
	fflush(stdout);
	while ((n = recv(fd, buf, sizeof(buf) - 1, 0)) >= 0) {
		buf[n] = '\0';
		printf("%s\n", buf);
		fflush(stdout);
		if (strcmp(buf, argv[2]) != 0)
			continue;
		if (!stall)
			break;
		while (!resume)
			sigsuspend(&old);
		stall = 0;
		printf("reading again\n");
		fflush(stdout);
	}
	unlink(argv[1]);
	return 0;
}
