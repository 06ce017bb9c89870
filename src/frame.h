/* SPDX-License-Identifier: ISC */
/*
 * Decoding of captured frames (DLT_LINUX_SLL2) down to a UDP payload
 * over IPv4 or IPv6.  Pure code: no I/O, and every read is checked
 * against the captured length.
 */
#ifndef MCV_FRAME_H
#define MCV_FRAME_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"

enum frame_error {
	FRAME_OK = 0,
	FRAME_TRUNCATED,	/* fewer bytes captured than the headers claim */
	FRAME_NOT_IP,		/* another network protocol */
	FRAME_BAD_IP,		/* IP header that cannot be right */
	FRAME_FRAGMENT,		/* part of a fragmented datagram */
	FRAME_NOT_UDP,		/* another transport protocol */
	FRAME_BAD_UDP		/* UDP length that cannot be right */
};

/* The cooked header says which way a frame went (PACKET_OUTGOING). */
#define FRAME_PKTTYPE_UNKNOWN	(-1)
#define FRAME_PKTTYPE_OUTGOING	4

struct frame_udp {
	unsigned	 ifindex;	/* from the cooked header */
	int		 pkttype;	/* likewise; UNKNOWN if cut short */
	struct addr	 src;		/* family says IPv4 or IPv6 */
	struct addr	 dst;
	uint16_t	 sport;		/* host byte order */
	uint16_t	 dport;		/* host byte order */
	const uint8_t	*payload;	/* points into the frame */
	size_t		 payload_len;	/* of it, captured */
	int		 fragment;	/* FRAME_FRAG_* */
	uint32_t	 frag_id;	/* a fragment's IP identification */
};

#define FRAME_FRAG_NONE		0
#define FRAME_FRAG_FIRST	1	/* offset 0: has the UDP header */
#define FRAME_FRAG_LATER	2

enum frame_error frame_decode(const uint8_t *data, size_t caplen,
		    struct frame_udp *out);
enum frame_error frame_decode_headers(const uint8_t *data, size_t caplen,
		    struct frame_udp *out);
const char	*frame_strerror(enum frame_error);

#endif
