/* SPDX-License-Identifier: ISC */
/*
 * mcapp: plays the applications that the socket audit looks for, each
 * with one UDP socket set up the way a real program does it.  It runs
 * only inside the test namespaces, and sends with TTL (hop limit) 1.
 *
 * usage: mcapp [-t seconds] [-n count] [-F children] [-m mark] [-T ttl] [-s size]
 *              mode group port
 *
 *   connect       connect() to the group, then send() in a loop
 *   bind-lo       bind() to 127.0.0.1 (::1) first, then connect(), send()
 *   mcif          IP_MULTICAST_IF (IPV6_MULTICAST_IF) to lo before
 *                 connect(), then send()
 *   mcif-after    the same, set after connect(): sock_diag cannot see it
 *   mcif-index, mcif-index-after
 *                 the same by ifindex (struct ip_mreqn)
 *   pktinfo       connect(), then sendmsg() with IP_PKTINFO naming lo
 *   bindtodevice  SO_BINDTODEVICE to lo before connect(), then send()
 *   sendto        sendto() on an unconnected socket in a loop
 *   many          -n sockets connect()ed to the group, sending nothing
 *   hold          -n unrelated UDP sockets, bound, unconnected (the
 *                 group is unused)
 *   flood         -n sockets connect()ed to the group, each sending
 *                 every 20 ms (one leak from many sockets)
 *   churn         connects and closes sockets, and forks children that
 *                 connect and exit, all the time, sending nothing
 *
 * -m gives the socket that SO_MARK before anything else (root only).
 * -N sets the process name (comm, any bytes: hostile names).  -p
 * binds the socket to that local port with SO_REUSEADDR first (a
 * neighbour sharing the port); -P the same without SO_REUSEADDR (a
 * squatter that holds the port alone).
 * -s pads each datagram to that many bytes (up to 65000: past the MTU,
 * fragments).
 * -T sends with that TTL (hop limit) instead of 1; -I names the
 * multicast interface (IP_MULTICAST_IF, IPV6_MULTICAST_IF) first.  -t 0 sends exactly
 * one datagram: what the tests' ground truth needs.
 * -F forks that many children once the socket is connected, which hold
 * it (as a pre-forking server's workers do) without sending, and end
 * with their parent.  A v4-mapped group (::ffff:224.x.y.z) gives an
 * AF_INET6 socket that sends IPv4.  It prints "ready" once set up (a sender once its first
 * datagram went out), so tests wait on that, and ends after -t seconds
 * (60 unless told).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct target {
	struct sockaddr_storage	ss;
	socklen_t		len;
	int			family;		/* of the socket */
	int			mapped;		/* AF_INET6 sending IPv4 */
};

static void	usage(void) __attribute__((noreturn));
static void	die(const char *) __attribute__((noreturn));

static void
usage(void)
{
	fprintf(stderr, "usage: mcapp [-t seconds] [-n count] [-F children] [-I if] [-T ttl] "
	    "[-m mark] [-N name] [-p | -P port] [-s size] connect|bind-lo|mcif|mcif-after|mcif-index|mcif-index-after|pktinfo|bindtodevice|sendto|many|hold|flood|churn "
	    "group port\n");
	exit(2);
}

static void
die(const char *what)
{
	fprintf(stderr, "mcapp: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void
parse_target(const char *group, const char *port, struct target *t)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&t->ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&t->ss;
	int p = atoi(port);

	memset(t, 0, sizeof(*t));
	if (p <= 0 || p > 65535)
		usage();
	if (inet_pton(AF_INET, group, &sin->sin_addr) == 1) {
		sin->sin_family = t->family = AF_INET;
		sin->sin_port = htons((uint16_t)p);
		t->len = sizeof(*sin);
	} else if (inet_pton(AF_INET6, group, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = t->family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)p);
		t->len = sizeof(*sin6);
		t->mapped = IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr);
	} else
		usage();
}

static unsigned mark;
static int ttl_hops = 1;
static int local_port;		/* -p: bound first, with SO_REUSEADDR */
static int exclusive;		/* -P: the same without: a squatter */

/* -p: a socket bound to the wildcard and this port, shareable. */
static void
bind_port(int fd, const struct target *t)
{
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	int one = 1;

	if (!exclusive &&
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1)
		die("SO_REUSEADDR");
	if (t->family == AF_INET) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_port = htons((uint16_t)local_port);
		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1)
			die("bind");
		return;
	}
	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	sin6.sin6_port = htons((uint16_t)local_port);
	if (bind(fd, (struct sockaddr *)&sin6, sizeof(sin6)) == -1)
		die("bind");
}

static int
open_socket(const struct target *t)
{
	int fd, hops = ttl_hops;
	unsigned char ttl = (unsigned char)ttl_hops;

	if ((fd = socket(t->family, SOCK_DGRAM, 0)) == -1)
		die("socket");
	if (mark != 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark)) == -1)
		die("SO_MARK");
	if (t->family == AF_INET6 && !t->mapped)
		setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops,
		    sizeof(hops));
	else if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl,
	    sizeof(ttl)) == -1 && t->family == AF_INET)
		die("IP_MULTICAST_TTL");
	if (local_port != 0)
		bind_port(fd, t);
	return fd;
}

static void
bind_loopback(int fd, const struct target *t)
{
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;

	if (t->family == AF_INET) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1)
			die("bind");
		return;
	}
	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	if (t->mapped)
		inet_pton(AF_INET6, "::ffff:127.0.0.1", &sin6.sin6_addr);
	else
		sin6.sin6_addr = in6addr_loopback;
	if (bind(fd, (struct sockaddr *)&sin6, sizeof(sin6)) == -1)
		die("bind");
}

static void
multicast_if_loopback(int fd, const struct target *t)
{
	struct in_addr lo = { htonl(INADDR_LOOPBACK) };
	int index = (int)if_nametoindex("lo");

	if (t->family == AF_INET6 && !t->mapped) {
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &index,
		    sizeof(index)) == -1)
			die("IPV6_MULTICAST_IF");
	} else if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &lo,
	    sizeof(lo)) == -1)
		die("IP_MULTICAST_IF");
}

/* The same by ifindex (struct ip_mreqn), as many programs do it. */
static void
multicast_if_loopback_index(int fd, const struct target *t)
{
	struct ip_mreqn mreq;
	int index = (int)if_nametoindex("lo");

	if (t->family == AF_INET6 && !t->mapped) {
		multicast_if_loopback(fd, t);	/* IPv6 has only the index */
		return;
	}
	memset(&mreq, 0, sizeof(mreq));
	mreq.imr_ifindex = index;
	if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mreq,
	    sizeof(mreq)) == -1)
		die("IP_MULTICAST_IF");
}

/* pktinfo: each datagram sent with IP_PKTINFO naming lo (IPv4 only). */
static ssize_t
send_pktinfo(int fd)
{
	static char payload[] = "mcapp";
	char cbuf[CMSG_SPACE(sizeof(struct in_pktinfo))];
	struct iovec iov = { payload, sizeof(payload) - 1 };
	struct msghdr msg;
	struct cmsghdr *cm;
	struct in_pktinfo pi;

	memset(&msg, 0, sizeof(msg));
	memset(cbuf, 0, sizeof(cbuf));
	memset(&pi, 0, sizeof(pi));
	pi.ipi_ifindex = (int)if_nametoindex("lo");
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cbuf;
	msg.msg_controllen = sizeof(cbuf);
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = IPPROTO_IP;
	cm->cmsg_type = IP_PKTINFO;
	cm->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	return sendmsg(fd, &msg, 0);
}

static int use_pktinfo;		/* mode pktinfo */

/* -I: the multicast interface, by name (the tests' marker uses eth0). */
static void
multicast_if_named(int fd, const struct target *t, const char *name)
{
	struct ip_mreqn mreq;
	int index = (int)if_nametoindex(name);

	if (index == 0)
		die("-I");
	if (t->family == AF_INET6 && !t->mapped) {
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &index,
		    sizeof(index)) == -1)
			die("IPV6_MULTICAST_IF");
		return;
	}
	memset(&mreq, 0, sizeof(mreq));
	mreq.imr_ifindex = index;
	if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mreq,
	    sizeof(mreq)) == -1)
		die("IP_MULTICAST_IF");
}

static void
connect_to(int fd, const struct target *t)
{
	if (connect(fd, (const struct sockaddr *)&t->ss, t->len) == -1)
		die("connect");
}

static void
ready(void)
{
	printf("ready\n");
	fflush(stdout);
}

/* Children that share every fd of this process until it ends. */
static void
fork_holders(long children, time_t end)
{
	pid_t parent = getpid();

	while (children-- > 0) {
		switch (fork()) {
		case -1:
			die("fork");
		case 0:
			if (prctl(PR_SET_PDEATHSIG, SIGTERM) == -1 ||
			    getppid() != parent)
				_exit(0);
			while (time(NULL) < end)
				sleep(1);
			_exit(0);
		}
	}
}

static char payload[65000] = "mcapp";
static size_t payload_len = 5;

/* Sends every 20 ms until the deadline; "ready" after the first. */
static void
send_loop(int fd, const struct target *t, int connected, time_t end)
{
	ssize_t n;
	int first = 1;

	do {
		if (connected && use_pktinfo)
			n = send_pktinfo(fd);
		else if (connected)
			n = send(fd, payload, payload_len, 0);
		else
			n = sendto(fd, payload, payload_len, 0,
			    (const struct sockaddr *)&t->ss, t->len);
		if (n == -1)
			die("send");
		if (first)
			ready();
		first = 0;
		usleep(20000);
	} while (time(NULL) < end);
}

/* Room for count sockets on top of stdio. */
static void
raise_nofile(long count)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)count + 16;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		die("getrlimit");
	if (rl.rlim_cur >= want)
		return;
	rl.rlim_cur = want;
	if (rl.rlim_max < want)
		rl.rlim_max = want;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
		die("setrlimit");
}

static void
many(const struct target *t, long count, time_t end)
{
	long i;

	raise_nofile(count);
	for (i = 0; i < count; i++)
		connect_to(open_socket(t), t);
	ready();
	while (time(NULL) < end)
		sleep(1);
}

/*
 * hold: -n unrelated UDP sockets, bound and unconnected, as a busy host
 * has them: 127.1.0.A, port 2000 + i % 30000, so none shares an
 * address and port and the ephemeral range (32768 and up) stays free
 * for the check's own sockets.  The group is unused.
 */
#define HOLD_PER_PROCESS	15000	/* under a 20,000 hard fd limit */

static void
hold_range(long first, long last)
{
	struct sockaddr_in sin;
	long i;
	int fd;

	for (i = first; i < last; i++) {
		if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) == -1)
			die("socket");
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_addr.s_addr = htonl(0x7f010001 + (uint32_t)(i / 30000));
		sin.sin_port = htons((uint16_t)(2000 + i % 30000));
		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1)
			die("bind");
	}
}

/* Children hold HOLD_PER_PROCESS each (a process may not raise its
 * hard fd limit without CAP_SYS_RESOURCE) and end with the parent. */
static void
hold(long count, time_t end)
{
	long first, last, done = 0;
	int p[2];
	char c;
	pid_t pid;

	if (pipe(p) == -1)
		die("pipe");
	for (first = 0; first < count; first += HOLD_PER_PROCESS) {
		last = first + HOLD_PER_PROCESS < count ?
		    first + HOLD_PER_PROCESS : count;
		if ((pid = fork()) == -1)
			die("fork");
		if (pid == 0) {
			if (prctl(PR_SET_PDEATHSIG, SIGTERM) == -1)
				die("PR_SET_PDEATHSIG");
			raise_nofile(last - first);
			hold_range(first, last);
			if (write(p[1], "x", 1) != 1)
				die("write");
			close(p[1]);	/* a holder that died: EOF, not a hang */
			for (;;)
				pause();
		}
		done++;
	}
	close(p[1]);
	for (; done > 0; done--)
		if (read(p[0], &c, 1) != 1)
			die("a holder failed");
	ready();
	while (time(NULL) < end)
		sleep(1);
}

/* count connected sockets, each sending every 20 ms. */
static void
flood(const struct target *t, long count, time_t end)
{
	int *fds;
	long i;
	int first = 1;

	raise_nofile(count);
	if ((fds = calloc((size_t)count, sizeof(*fds))) == NULL)
		die("calloc");
	for (i = 0; i < count; i++) {
		fds[i] = open_socket(t);
		connect_to(fds[i], t);
	}
	do {
		for (i = 0; i < count; i++)
			if (send(fds[i], payload, payload_len, 0) == -1)
				die("send");
		if (first)
			ready();
		first = 0;
		usleep(20000);
	} while (time(NULL) < end);
}

/*
 * Sockets and processes that come and go while an audit runs: each
 * child holds its connected socket for a moment and exits.
 */
static void
churn(const struct target *t, time_t end)
{
	int fd, children = 0, first = 1;
	pid_t pid;

	do {
		fd = open_socket(t);
		connect_to(fd, t);
		close(fd);
		while (children > 0 && waitpid(-1, NULL, WNOHANG) > 0)
			children--;
		if (children < 8) {
			if ((pid = fork()) == -1)
				die("fork");
			if (pid == 0) {
				connect_to(open_socket(t), t);
				usleep(1000);
				_exit(0);
			}
			children++;
		}
		if (first)
			ready();
		first = 0;
		usleep(200);
	} while (time(NULL) < end);
	while (children-- > 0)
		wait(NULL);
}

int
main(int argc, char **argv)
{
	struct target t;
	const char *mode, *ifname = NULL;
	long count = 1, seconds = 60, children = 0;
	time_t end;
	int ch, fd;

	while ((ch = getopt(argc, argv, "F:I:m:N:n:P:p:s:t:T:")) != -1) {
		switch (ch) {
		case 's':
			payload_len = (size_t)atol(optarg);
			if (payload_len < 5 || payload_len > sizeof(payload))
				usage();
			memset(payload + 5, 'x', payload_len - 5);
			break;
		case 'I': ifname = optarg; break;
		case 'N':	/* any bytes: the tests' hostile names */
			if (prctl(PR_SET_NAME, optarg) == -1)
				die("PR_SET_NAME");
			break;
		case 'p': local_port = atoi(optarg); break;
		case 'P': local_port = atoi(optarg); exclusive = 1; break;
		case 'T': ttl_hops = atoi(optarg); break;
		case 'F': children = atol(optarg); break;
		case 'm': mark = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'n': count = atol(optarg); break;
		case 't': seconds = atol(optarg); break;
		default: usage();
		}
	}
	if (argc - optind != 3 || count <= 0 || seconds < 0 || children < 0)
		usage();
	mode = argv[optind];
	parse_target(argv[optind + 1], argv[optind + 2], &t);
	end = time(NULL) + seconds;
	signal(SIGPIPE, SIG_IGN);	/* the test stops reading after "ready" */

	if (strcmp(mode, "many") == 0) {
		many(&t, count, end);
		return 0;
	}
	if (strcmp(mode, "hold") == 0) {
		hold(count, end);
		return 0;
	}
	if (strcmp(mode, "flood") == 0) {
		flood(&t, count, end);
		return 0;
	}
	if (strcmp(mode, "churn") == 0) {
		churn(&t, end);
		return 0;
	}
	fd = open_socket(&t);
	if (ifname != NULL)
		multicast_if_named(fd, &t, ifname);
	if (strcmp(mode, "bind-lo") == 0)
		bind_loopback(fd, &t);
	else if (strcmp(mode, "mcif") == 0)
		multicast_if_loopback(fd, &t);
	else if (strcmp(mode, "mcif-index") == 0)
		multicast_if_loopback_index(fd, &t);
	else if (strcmp(mode, "bindtodevice") == 0) {
		if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, "lo", 3) == -1)
			die("SO_BINDTODEVICE");
	} else if (strcmp(mode, "sendto") == 0) {
		send_loop(fd, &t, 0, end);
		return 0;
	} else if (strcmp(mode, "connect") != 0 &&
	    strcmp(mode, "mcif-after") != 0 &&
	    strcmp(mode, "mcif-index-after") != 0 &&
	    strcmp(mode, "pktinfo") != 0)
		usage();
	connect_to(fd, &t);
	if (strcmp(mode, "mcif-after") == 0)
		multicast_if_loopback(fd, &t);
	if (strcmp(mode, "mcif-index-after") == 0)
		multicast_if_loopback_index(fd, &t);
	use_pktinfo = strcmp(mode, "pktinfo") == 0;
	fork_holders(children, end);
	send_loop(fd, &t, 1, end);
	return 0;
}
