/*
 * mcsend: a small multicast sender for the tests, to play a foreign
 * application during a check.  It runs only inside the test namespaces.
 *
 * usage: mcsend -g group -p port [-m sendto|send] [-I address]
 *               [-n count | -f seconds] payload
 *
 * -I sets IP_MULTICAST_IF to a local address (which picks the output
 * interface); -f sends in a loop for at most that many seconds, and
 * prints "ready" on stdout after the first datagram went out.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static void
usage(void)
{
	fprintf(stderr, "usage: mcsend -g group -p port [-m sendto|send] "
	    "[-I address] [-n count | -f seconds] payload\n");
	exit(2);
}

static int
open_socket(const char *ifaddr)
{
	struct in_addr a;
	unsigned char ttl = 1;
	int fd;

	if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) == -1) {
		perror("mcsend: socket");
		exit(1);
	}
	setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof(ttl));
	if (ifaddr != NULL) {
		if (inet_pton(AF_INET, ifaddr, &a) != 1 ||
		    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &a,
		    sizeof(a)) == -1) {
			fprintf(stderr, "mcsend: -I %s: bad address\n", ifaddr);
			exit(1);
		}
	}
	return fd;
}

int
main(int argc, char **argv)
{
	struct sockaddr_in dst;
	const char *group = NULL, *method = "sendto", *ifaddr = NULL;
	long count = 1, seconds = 0, sent = 0;
	time_t end;
	int ch, fd, port = 0, rc;

	while ((ch = getopt(argc, argv, "g:p:m:I:n:f:")) != -1) {
		switch (ch) {
		case 'g': group = optarg; break;
		case 'p': port = atoi(optarg); break;
		case 'm': method = optarg; break;
		case 'I': ifaddr = optarg; break;
		case 'n': count = atol(optarg); break;
		case 'f': seconds = atol(optarg); break;
		default: usage();
		}
	}
	if (group == NULL || port <= 0 || optind != argc - 1)
		usage();
	memset(&dst, 0, sizeof(dst));
	dst.sin_family = AF_INET;
	dst.sin_port = htons((unsigned short)port);
	if (inet_pton(AF_INET, group, &dst.sin_addr) != 1)
		usage();
	fd = open_socket(ifaddr);
	if (strcmp(method, "send") == 0 &&
	    connect(fd, (struct sockaddr *)&dst, sizeof(dst)) == -1) {
		perror("mcsend: connect");
		return 1;
	}
	end = time(NULL) + seconds;
	for (;;) {
		if (strcmp(method, "send") == 0)
			rc = (int)send(fd, argv[optind], strlen(argv[optind]), 0);
		else
			rc = (int)sendto(fd, argv[optind], strlen(argv[optind]),
			    0, (struct sockaddr *)&dst, sizeof(dst));
		if (rc == -1) {
			perror("mcsend: send");
			return 1;
		}
		if (++sent == 1 && seconds > 0) {
			printf("ready\n");
			fflush(stdout);
		}
		if (seconds > 0 ? time(NULL) >= end : sent >= count)
			break;
		if (seconds > 0)
			usleep(200);
	}
	return 0;
}
