/* SPDX-License-Identifier: ISC */
/*
 * mcsend: a small multicast sender for the tests, to play a foreign
 * application during a check.  It runs only inside the test namespaces.
 *
 * usage: mcsend -g group -p port [-m sendto|send] [-I address]
 *               [-R interface] [-n count | -f seconds] payload
 *
 * -I sets IP_MULTICAST_IF to a local address (which picks the output
 * interface); -f sends in a loop for at most that many seconds, and
 * prints "ready" on stdout after the first datagram went out.
 * -J joins the group on the interface with that address instead of
 * sending, says "ready", and stays for the -f seconds (payload unused).
 * -F sends as fast as it can (with -f) and reports the count on stderr.
 * -R writes hostile Ethernet frames straight to an interface with a
 * packet socket, in turn: IPv4 with options, a first fragment, a later
 * fragment, a datagram shorter than its IPv4 length says, a bad header
 * length, and a frame cut inside the UDP header.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
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
	    "[-I address] [-R interface] [-n count | -f seconds] payload\n");
	exit(2);
}

enum { RAW_OPTIONS, RAW_FIRST_FRAG, RAW_LATER_FRAG, RAW_SHORT, RAW_BAD_IHL,
    RAW_CUT_UDP, RAW_KINDS };

/* One hostile frame of the given kind; returns its length. */
static size_t
raw_frame(unsigned char *f, int kind, struct in_addr group, int port,
    const char *payload)
{
	size_t plen = strlen(payload), ihl = kind == RAW_OPTIONS ? 8 : 5;
	size_t iplen = ihl * 4 + 8 + plen;
	unsigned char *ip = f + 14, *udp = ip + ihl * 4;
	uint32_t g = ntohl(group.s_addr);

	memset(f, 0, 14 + iplen);
	f[0] = 0x01; f[1] = 0x00; f[2] = 0x5e;		/* multicast MAC */
	f[3] = (g >> 16) & 0x7f; f[4] = (g >> 8) & 0xff; f[5] = g & 0xff;
	f[6] = 0x02; f[11] = 0x01;
	f[12] = 0x08; f[13] = 0x00;
	ip[0] = (unsigned char)(0x40 | (kind == RAW_BAD_IHL ? 3 : ihl));
	ip[2] = (unsigned char)((kind == RAW_SHORT ? iplen + 200 : iplen) >> 8);
	ip[3] = (unsigned char)(kind == RAW_SHORT ? iplen + 200 : iplen);
	if (kind == RAW_FIRST_FRAG)
		ip[6] = 0x20;				/* MF */
	if (kind == RAW_LATER_FRAG)
		ip[7] = 0x10;				/* offset 128 */
	ip[8] = 1;
	ip[9] = 17;
	ip[12] = 198; ip[13] = 51; ip[14] = 100; ip[15] = 2;
	memcpy(ip + 16, &group.s_addr, 4);
	memset(ip + 20, 1, ihl * 4 - 20);		/* NOP options */
	udp[0] = 0x9c; udp[1] = 0x40;
	udp[2] = (unsigned char)(port >> 8); udp[3] = (unsigned char)port;
	udp[4] = (unsigned char)((8 + plen) >> 8);
	udp[5] = (unsigned char)(8 + plen);
	memcpy(udp + 8, payload, plen);
	if (kind == RAW_CUT_UDP)
		return 14 + ihl * 4 + 4;
	return 14 + iplen;
}

static int
open_raw(const char *ifname, struct sockaddr_ll *sll)
{
	int fd;

	memset(sll, 0, sizeof(*sll));
	sll->sll_family = AF_PACKET;
	sll->sll_protocol = htons(ETH_P_IP);
	sll->sll_ifindex = (int)if_nametoindex(ifname);
	sll->sll_halen = 6;
	if (sll->sll_ifindex == 0 ||
	    (fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_IP))) == -1) {
		perror("mcsend: -R");
		exit(1);
	}
	return fd;
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
	const char *rawif = NULL;
	int fast = 0;
	const char *join = NULL;
	struct sockaddr_ll sll;
	unsigned char frame[2048];
	size_t flen;
	long count = 1, seconds = 0, sent = 0;
	time_t end;
	int ch, fd, port = 0, rc;

	while ((ch = getopt(argc, argv, "g:p:m:I:R:n:f:FJ:")) != -1) {
		switch (ch) {
		case 'g': group = optarg; break;
		case 'p': port = atoi(optarg); break;
		case 'm': method = optarg; break;
		case 'I': ifaddr = optarg; break;
		case 'R': rawif = optarg; break;
		case 'F': fast = 1; break;
		case 'J': join = optarg; break;
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
	if (strlen(argv[optind]) > 1024)
		usage();
	if (join != NULL) {
		struct ip_mreq mreq;

		fd = open_socket(NULL);
		mreq.imr_multiaddr = dst.sin_addr;
		if (inet_pton(AF_INET, join, &mreq.imr_interface) != 1 ||
		    setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq,
		    sizeof(mreq)) == -1) {
			perror("mcsend: -J");
			return 1;
		}
		printf("ready\n");
		fflush(stdout);
		sleep((unsigned)seconds);
		return 0;
	}
	fd = rawif != NULL ? open_raw(rawif, &sll) : open_socket(ifaddr);
	if (rawif == NULL && strcmp(method, "send") == 0 &&
	    connect(fd, (struct sockaddr *)&dst, sizeof(dst)) == -1) {
		perror("mcsend: connect");
		return 1;
	}
	end = time(NULL) + seconds;
	for (;;) {
		if (rawif != NULL) {
			flen = raw_frame(frame, (int)(sent % RAW_KINDS),
			    dst.sin_addr, port, argv[optind]);
			memcpy(sll.sll_addr, frame, 6);
			rc = (int)sendto(fd, frame, flen, 0,
			    (struct sockaddr *)&sll, sizeof(sll));
		} else if (strcmp(method, "send") == 0)
			rc = (int)send(fd, argv[optind], strlen(argv[optind]), 0);
		else
			rc = (int)sendto(fd, argv[optind], strlen(argv[optind]),
			    0, (struct sockaddr *)&dst, sizeof(dst));
		if (rc == -1 && fast && sent > 0)
			continue;	/* a full queue under load: try again */
		if (rc == -1) {
			perror("mcsend: send");
			return 1;
		}
		if (++sent == 1 && seconds > 0) {
			printf("ready\n");
			fflush(stdout);
		}
		if (fast && (sent & 1023) != 0)
			continue;	/* look at the clock now and then */
		if (seconds > 0 ? time(NULL) >= end : sent >= count)
			break;
		if (seconds > 0 && !fast)
			usleep(200);
	}
	if (fast)
		fprintf(stderr, "sent %ld\n", sent);
	return 0;
}
