/* SPDX-License-Identifier: ISC */
/*
 * Evidence: the frames that carried a check's probes, saved as a pcapng
 * file (--pcap) that tcpdump, tshark and Wireshark open on any machine:
 * each frame names its interface and says what it proves.
 */
#ifndef MCV_EVIDENCE_H
#define MCV_EVIDENCE_H

#include <net/if.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#include "capture.h"

#define EVIDENCE_MAX		32	/* frames kept per check */
#define EVIDENCE_SNAPLEN	CAPTURE_SNAPLEN	/* frames kept whole */

struct check_result;
struct frame_udp;
struct nonce;

struct evidence_frame {
	struct timeval	ts;
	unsigned	caplen;
	unsigned	len;
	unsigned	ifindex;	/* from the cooked header */
	int		pkttype;	/* likewise (FRAME_PKTTYPE_*) */
	int		loopback;	/* the interface probes should stay on */
	int		probe;		/* the method it carries */
	char		ifname[IF_NAMESIZE];	/* sanitized; "" unknown */
	uint8_t		data[EVIDENCE_SNAPLEN];
};

struct evidence {
	size_t			n;
	unsigned long		left_out;	/* past EVIDENCE_MAX */
	struct evidence_frame	frames[EVIDENCE_MAX];
};

void	evidence_add(struct evidence *, const struct captured *,
	    const struct frame_udp *, int probe, unsigned lo_ifindex);
int	evidence_save(const struct evidence *, const struct check_result *,
	    const struct nonce *, const char *path, char *err, size_t errlen);

#endif
