/*
 * notifyrecv: plays systemd's side of sd_notify(3) for the tests.  It
 * binds a datagram socket at PATH, says "listening" on stdout, then
 * prints each message it receives, one line each, until one equals
 * STOP-MESSAGE.
 *
 * usage: notifyrecv PATH STOP-MESSAGE
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct sockaddr_un sun;
	char buf[4096];
	ssize_t n;
	int fd;

	if (argc != 3 || strlen(argv[1]) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "usage: notifyrecv path stop-message\n");
		return 2;
	}
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
		if (strcmp(buf, argv[2]) == 0)
			break;
	}
	unlink(argv[1]);
	return 0;
}
