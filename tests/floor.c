/* SPDX-License-Identifier: ISC */
/*
 * floor: the kernel work of one check, with no library and nothing
 * else, for `make bench`: the physical floor that mcastlo-verifyd
 * --once is measured against.
 *
 *   route G/32 dev lo (rtnetlink, tagged 201, acked), an AF_PACKET
 *   socket with a BPF filter on the group and port, a listener joined
 *   on lo, the sendto() and connect()+send() probes, reading both back
 *   (each frame put down to its interface and direction), the route
 *   deleted, and the same first line as the real check prints.
 *
 * IPv4 only; group 224.16.17.8 unless given.  It runs only inside the
 * bench's namespaces.
 *
 * usage: floor [group]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <linux/rtnetlink.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define RTPROT_OURS	201

static struct in_addr group;
static unsigned lo_index;

static void
die(const char *what)
{
	printf("MCASTLO UNKNOWN: %s: %s\n", what, strerror(errno));
	exit(3);
}

/* RTM_NEWROUTE or RTM_DELROUTE of G/32 dev lo proto 201, acked. */
static void
route(int type)
{
	struct {
		struct nlmsghdr	nh;
		struct rtmsg	rt;
		char		attrs[64];
	} req;
	struct rtattr *a;
	char ack[1024];
	struct nlmsgerr *err;
	int fd;

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_type = (unsigned short)type;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK |
	    (type == RTM_NEWROUTE ? NLM_F_CREATE | NLM_F_EXCL : 0);
	req.rt.rtm_family = AF_INET;
	req.rt.rtm_dst_len = 32;
	req.rt.rtm_table = RT_TABLE_MAIN;
	req.rt.rtm_protocol = RTPROT_OURS;
	req.rt.rtm_scope = type == RTM_NEWROUTE ? RT_SCOPE_LINK :
	    RT_SCOPE_NOWHERE;
	req.rt.rtm_type = RTN_UNICAST;
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(req.rt));
	a = (struct rtattr *)((char *)&req + NLMSG_ALIGN(req.nh.nlmsg_len));
	a->rta_type = RTA_DST;
	a->rta_len = RTA_LENGTH(4);
	memcpy(RTA_DATA(a), &group, 4);
	req.nh.nlmsg_len = NLMSG_ALIGN(req.nh.nlmsg_len) + RTA_ALIGN(a->rta_len);
	a = (struct rtattr *)((char *)&req + req.nh.nlmsg_len);
	a->rta_type = RTA_OIF;
	a->rta_len = RTA_LENGTH(4);
	memcpy(RTA_DATA(a), &lo_index, 4);
	req.nh.nlmsg_len += RTA_ALIGN(a->rta_len);
	if ((fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
	    NETLINK_ROUTE)) == -1 || send(fd, &req, req.nh.nlmsg_len, 0) == -1 ||
	    recv(fd, ack, sizeof(ack), 0) < (ssize_t)NLMSG_LENGTH(sizeof(*err)))
		die("rtnetlink");
	err = NLMSG_DATA((struct nlmsghdr *)ack);
	if (err->error != 0) {
		errno = -err->error;
		die("route");
	}
	close(fd);
}

/* An AF_PACKET socket for UDP to the group and port (cooked: IP first). */
static int
capture(unsigned port)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, SKF_AD_OFF + SKF_AD_PROTOCOL),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_IP, 0, 8),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 9),		/* protocol */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, 0, 6),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 16),		/* daddr */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ntohl(group.s_addr), 0, 4),
		BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),		/* header */
		BPF_STMT(BPF_LD | BPF_H | BPF_IND, 2),		/* dport */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, port, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 256),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = { sizeof(code) / sizeof(code[0]), code };
	int fd;

	/* ETH_P_ALL: only those taps see what the host sends. */
	if ((fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    htons(ETH_P_ALL))) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
	    sizeof(prog)) == -1)
		die("packet socket");
	return fd;
}

/* Bound to the group, joined on lo; the kernel picks the port. */
static int
listener(unsigned *port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr = group };
	struct ip_mreqn mreq = { .imr_multiaddr = group,
	    .imr_ifindex = (int)lo_index };
	socklen_t len = sizeof(sin);
	int fd, off = 0;

	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    0)) == -1 ||
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_ALL, &off, sizeof(off)) ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) == -1 ||
	    setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof(mreq)))
		die("listener");
	*port = ntohs(sin.sin_port);
	return fd;
}

static void
probe(int connected, unsigned port, const char *payload)
{
	struct sockaddr_in dst = { .sin_family = AF_INET,
	    .sin_port = htons((unsigned short)port), .sin_addr = group };
	unsigned char ttl = 1;
	int fd;

	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1 ||
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof(ttl)))
		die("probe");
	if (connected ? connect(fd, (struct sockaddr *)&dst,
	    sizeof(dst)) == -1 || send(fd, payload, strlen(payload), 0) == -1 :
	    sendto(fd, payload, strlen(payload), 0, (struct sockaddr *)&dst,
	    sizeof(dst)) == -1)
		die("probe");
	close(fd);
}

/* Reads frames: which probe, through which interface, which way. */
static void
read_frames(int fd, unsigned *lo, unsigned *out)
{
	struct sockaddr_ll sll;
	socklen_t len = sizeof(sll);
	unsigned char buf[256];
	ssize_t n;
	int which;

	while ((n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&sll,
	    &len)) > 28) {
		which = memcmp(buf + 28, "send()", 6) == 0 ? 1 :
		    memcmp(buf + 28, "sendto()", 8) == 0 ? 0 : -1;
		if (which < 0)
			continue;
		if ((unsigned)sll.sll_ifindex == lo_index &&
		    sll.sll_pkttype != PACKET_OUTGOING)
			lo[which]++;
		else if ((unsigned)sll.sll_ifindex != lo_index &&
		    sll.sll_pkttype == PACKET_OUTGOING)
			out[which]++;
		len = sizeof(sll);
	}
}

int
main(int argc, char **argv)
{
	unsigned port, lo[2] = { 0, 0 }, out[2] = { 0, 0 }, got = 0;
	struct pollfd pfd[2];
	char buf[64];
	int cap, lst;

	inet_pton(AF_INET, argc > 1 ? argv[1] : "224.16.17.8", &group);
	if ((lo_index = if_nametoindex("lo")) == 0)
		die("lo");
	lst = listener(&port);
	route(RTM_NEWROUTE);
	cap = capture(port);
	probe(0, port, "sendto() floor");
	probe(1, port, "send() floor");
	pfd[0].fd = cap;
	pfd[1].fd = lst;
	pfd[0].events = pfd[1].events = POLLIN;
	/* Done once each probe is seen where it went, and the listener
	 * has what went to lo; a second at most. */
	while (!((lo[0] || out[0]) && (lo[1] || out[1]) &&
	    got >= lo[0] + lo[1]) && poll(pfd, 2, 1000) > 0) {
		read_frames(cap, lo, out);
		while (recv(lst, buf, sizeof(buf), 0) > 0)
			got++;
	}
	route(RTM_DELROUTE);
	if (out[0] || out[1])
		printf("MCASTLO CRITICAL: %s leaked\n", out[1] ? "send()" :
		    "sendto()");
	else
		printf("MCASTLO OK: every probe stayed on lo\n");
	return out[0] || out[1] ? 2 : 0;
}
