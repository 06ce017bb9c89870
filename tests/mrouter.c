/* SPDX-License-Identifier: ISC */
/*
 * mrouter: plays a static multicast router, as smcroute does, for
 * tests/ns-forward.sh: MRT_INIT, a VIF per interface named (the first
 * is the input), and one forwarding entry that copies (SOURCE, GROUP)
 * from the first VIF to the others.  It prints "ready" and holds its
 * socket; the kernel removes the VIFs and entries when it exits.
 *
 * usage: mrouter GROUP SOURCE IIF OIF...
 */
#include <arpa/inet.h>
#include <linux/mroute.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct vifctl vc;
	struct mfcctl mc;
	int fd, on = 1, i;

	if (argc < 5 || argc - 3 > MAXVIFS) {
		fprintf(stderr, "usage: mrouter group source iif oif...\n");
		return 2;
	}
	memset(&mc, 0, sizeof(mc));
	if (inet_pton(AF_INET, argv[1], &mc.mfcc_mcastgrp) != 1 ||
	    inet_pton(AF_INET, argv[2], &mc.mfcc_origin) != 1) {
		fprintf(stderr, "mrouter: bad address\n");
		return 2;
	}
	if ((fd = socket(AF_INET, SOCK_RAW, IPPROTO_IGMP)) == -1 ||
	    setsockopt(fd, IPPROTO_IP, MRT_INIT, &on, sizeof(on)) == -1) {
		perror("mrouter: MRT_INIT");
		return 1;
	}
	for (i = 3; i < argc; i++) {
		memset(&vc, 0, sizeof(vc));
		vc.vifc_vifi = (vifi_t)(i - 3);
		vc.vifc_flags = VIFF_USE_IFINDEX;
		vc.vifc_threshold = 1;
		vc.vifc_lcl_ifindex = (int)if_nametoindex(argv[i]);
		if (vc.vifc_lcl_ifindex == 0 ||
		    setsockopt(fd, IPPROTO_IP, MRT_ADD_VIF, &vc,
		    sizeof(vc)) == -1) {
			perror(argv[i]);
			return 1;
		}
		if (i > 3)
			mc.mfcc_ttls[i - 3] = 1;
	}
	mc.mfcc_parent = 0;
	if (setsockopt(fd, IPPROTO_IP, MRT_ADD_MFC, &mc, sizeof(mc)) == -1) {
		perror("mrouter: MRT_ADD_MFC");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
