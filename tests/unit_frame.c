/* SPDX-License-Identifier: ISC */
/*
 * Frame decoding: DLT_LINUX_SLL2 frames (the one link type capture
 * delivers), with and without VLAN tags, and malformed or truncated
 * ones, each decoded from a buffer of exactly its captured length so
 * that the sanitizers or valgrind catch any read past the data.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>

#include "frame.h"
#include "unit.h"

#define PAYLOAD	"sendto() 00112233445566778899aabbccddeeff"

struct dgram_opts {
	int	ihl;		/* 32-bit words; 5 without options */
	int	proto;
	int	frag;		/* flags and offset field */
	int	total_delta;	/* added to the right total length */
	int	udp_len_delta;	/* added to the right UDP length */
};

static const struct dgram_opts plain = { 5, 17, 0, 0, 0 };

/* Writes an IPv4/UDP datagram to 224.16.17.8:4000; returns its length. */
static size_t
put_ipv4_udp(uint8_t *p, const struct dgram_opts *o)
{
	size_t hlen = (size_t)o->ihl * 4, plen = strlen(PAYLOAD);
	size_t total = hlen + 8 + plen;
	size_t i;

	memset(p, 0, hlen + 8);
	p[0] = (uint8_t)(0x40 | (o->ihl & 0x0f));
	p[2] = (uint8_t)((total + (size_t)o->total_delta) >> 8);
	p[3] = (uint8_t)(total + (size_t)o->total_delta);
	p[6] = (uint8_t)(o->frag >> 8);
	p[7] = (uint8_t)o->frag;
	p[8] = 1;
	p[9] = (uint8_t)o->proto;
	p[12] = 198; p[13] = 51; p[14] = 100; p[15] = 2;
	p[16] = 224; p[17] = 16; p[18] = 17; p[19] = 8;
	for (i = 20; i < hlen; i++)
		p[i] = 1;		/* IPv4 option: NOP */
	p[hlen + 0] = 0x9c; p[hlen + 1] = 0x40;	/* sport 40000 */
	p[hlen + 2] = 0x0f; p[hlen + 3] = 0xa0;	/* dport 4000 */
	p[hlen + 4] = (uint8_t)((8 + plen + (size_t)o->udp_len_delta) >> 8);
	p[hlen + 5] = (uint8_t)(8 + plen + (size_t)o->udp_len_delta);
	memcpy(p + hlen + 8, PAYLOAD, plen);
	return total;
}

/*
 * Decodes a copy of exactly len bytes, so a read past it is caught.  The
 * copy lives until the next call, so the caller may still look at the
 * payload the decoder points into.
 */
static uint8_t *last_copy;

static enum frame_error
decode_exact(const uint8_t *frame, size_t len, struct frame_udp *out)
{
	free(last_copy);
	last_copy = malloc(len ? len : 1);
	memcpy(last_copy, frame, len);
	return frame_decode(last_copy, len, out);
}

/* An SLL2 header for an outgoing frame on ifindex 2, then the tags. */
#define SLL2(proto)	{ (proto) >> 8, (proto) & 0xff, 0,0, 0,0,0,2, 0,1, 4, 6, \
			  2,0,0,0,0,1,0,0 }
#define SLL2_LEN	20

static void
check_decoded(const struct frame_udp *f)
{
	CHECK(f->dst.family == AF_INET && f->src.family == AF_INET);
	CHECK(f->dst.u.v4.s_addr == htonl(0xe0101108));
	CHECK(f->src.u.v4.s_addr == htonl(0xc6336402));
	CHECK(f->sport == 40000);
	CHECK(f->dport == 4000);
	CHECK(f->payload_len == strlen(PAYLOAD));
}

/* A good frame decodes; every shorter capture of it is rejected. */
static void
check_link(const uint8_t *hdr, size_t hlen, const struct dgram_opts *o)
{
	uint8_t frame[256];
	struct frame_udp f;
	size_t len, cut;

	memcpy(frame, hdr, hlen);
	len = hlen + put_ipv4_udp(frame + hlen, o);
	CHECK(decode_exact(frame, len, &f) == FRAME_OK);
	check_decoded(&f);
	for (cut = 0; cut < len; cut++)
		CHECK(decode_exact(frame, cut, &f) != FRAME_OK);
}

static void
test_link(void)
{
	static const uint8_t sll2[] = SLL2(0x0800);
	/* SLL2 saying VLAN, the tag (TCI 5), then IPv4; and two tags. */
	static const uint8_t vlan[] = { 0x81,0x00, 0,0, 0,0,0,2, 0,1, 4, 6,
	    2,0,0,0,0,1,0,0, 0x00,0x05, 0x08,0x00 };
	static const uint8_t qinq[] = { 0x88,0xa8, 0,0, 0,0,0,2, 0,1, 4, 6,
	    2,0,0,0,0,1,0,0, 0,7, 0x81,0x00, 0,5, 0x08,0x00 };

	check_link(sll2, sizeof(sll2), &plain);
	check_link(vlan, sizeof(vlan), &plain);
	check_link(qinq, sizeof(qinq), &plain);
}

/* The cooked header names the interface and the direction. */
static void
test_cooked_fields(void)
{
	static const uint8_t sll2[SLL2_LEN] = { 0x08,0x00, 0,0, 0,0,1,3, 0,1,
	    4, 6, 2,0,0,0,0,1,0,0 };
	uint8_t frame[256];
	struct frame_udp f;
	size_t len;

	memcpy(frame, sll2, sizeof(sll2));
	len = sizeof(sll2) + put_ipv4_udp(frame + sizeof(sll2), &plain);
	CHECK(decode_exact(frame, len, &f) == FRAME_OK);
	CHECK(f.ifindex == 259 && f.pkttype == FRAME_PKTTYPE_OUTGOING);
	/* Still put down to its interface when the rest does not decode. */
	frame[sizeof(sll2)] = 0x45;
	frame[sizeof(sll2) + 9] = 6;		/* TCP */
	CHECK(decode_exact(frame, len, &f) == FRAME_NOT_UDP);
	CHECK(f.ifindex == 259 && f.pkttype == FRAME_PKTTYPE_OUTGOING);
	/* Cut inside the cooked header: no interface, no direction. */
	CHECK(decode_exact(frame, SLL2_LEN - 1, &f) == FRAME_TRUNCATED);
	CHECK(f.ifindex == 0 && f.pkttype == FRAME_PKTTYPE_UNKNOWN);
}

static void
test_link_rejects(void)
{
	static const uint8_t ipv6[] = SLL2(0x86dd);
	static const uint8_t arp[] = SLL2(0x0806);
	uint8_t frame[256], deep[SLL2_LEN + 5 * 4];
	struct frame_udp f;
	size_t i, len;

	/* The link layer says IPv6, the header is IPv4's. */
	memcpy(frame, ipv6, sizeof(ipv6));
	len = sizeof(ipv6) + put_ipv4_udp(frame + sizeof(ipv6), &plain);
	CHECK(decode_exact(frame, len, &f) == FRAME_BAD_IP);

	memcpy(frame, arp, sizeof(arp));
	len = sizeof(arp) + put_ipv4_udp(frame + sizeof(arp), &plain);
	CHECK(decode_exact(frame, len, &f) == FRAME_NOT_IP);

	/* More VLAN tags than any real frame has. */
	memset(deep, 0, sizeof(deep));
	deep[0] = 0x81;
	for (i = 0; i < 5; i++)
		deep[SLL2_LEN + 4 * i + 2] = 0x81;
	memcpy(frame, deep, sizeof(deep));
	len = sizeof(deep) + put_ipv4_udp(frame + sizeof(deep), &plain);
	CHECK(decode_exact(frame, len, &f) == FRAME_NOT_IP);

	CHECK(frame_decode(NULL, 0, &f) == FRAME_TRUNCATED);
}

/* IPv6 UDP to ff15::1617:8 port 4000, after nhops 8-byte options headers
 * of type first (0 hop-by-hop, 60 destination, 44 fragment). */
static size_t
put_ipv6_udp(uint8_t *p, int nhops, int first)
{
	size_t plen = strlen(PAYLOAD), ext = (size_t)nhops * 8;
	size_t i;
	uint8_t *u;

	memset(p, 0, 40 + ext + 8);
	p[0] = 0x60;
	p[4] = (uint8_t)((ext + 8 + plen) >> 8);
	p[5] = (uint8_t)(ext + 8 + plen);
	p[6] = nhops ? (uint8_t)first : 17;
	p[7] = 1;
	p[8] = 0x20; p[9] = 0x01; p[10] = 0x0d; p[11] = 0xb8; p[23] = 2;
	p[24] = 0xff; p[25] = 0x15; p[36] = 0x16; p[37] = 0x17; p[39] = 8;
	for (i = 0; i < (size_t)nhops; i++)
		p[40 + 8 * i] = i + 1 < (size_t)nhops ? (uint8_t)first : 17;
	u = p + 40 + ext;
	u[0] = 0x9c; u[1] = 0x40; u[2] = 0x0f; u[3] = 0xa0;
	u[4] = (uint8_t)((8 + plen) >> 8);
	u[5] = (uint8_t)(8 + plen);
	memcpy(u + 8, PAYLOAD, plen);
	return 40 + ext + 8 + plen;
}

static void
check_link6(const uint8_t *hdr, size_t hlen)
{
	static const uint8_t group[16] = { 0xff,0x15, 0,0,0,0,0,0,0,0,0,0,
	    0x16,0x17, 0,8 };
	uint8_t frame[256];
	struct frame_udp f;
	size_t len, cut;

	memcpy(frame, hdr, hlen);
	len = hlen + put_ipv6_udp(frame + hlen, 0, 0);
	CHECK(decode_exact(frame, len, &f) == FRAME_OK);
	CHECK(f.dst.family == AF_INET6 && f.src.family == AF_INET6);
	CHECK(memcmp(&f.dst.u.v6, group, 16) == 0);
	CHECK(f.src.u.v6.s6_addr[0] == 0x20 && f.src.u.v6.s6_addr[15] == 2);
	CHECK(f.sport == 40000 && f.dport == 4000);
	CHECK(f.payload_len == strlen(PAYLOAD));
	for (cut = 0; cut < len; cut++)
		CHECK(decode_exact(frame, cut, &f) != FRAME_OK);
}

/* An SLL2 header for IPv6, then the datagram put_ipv6_udp() writes. */
static enum frame_error
decode6(uint8_t *frame, int nhops, int first, size_t *len,
    struct frame_udp *f)
{
	static const uint8_t sll2[] = SLL2(0x86dd);

	memcpy(frame, sll2, sizeof(sll2));
	*len = sizeof(sll2) + put_ipv6_udp(frame + sizeof(sll2), nhops, first);
	return decode_exact(frame, *len, f);
}

static void
test_ipv6(void)
{
	static const uint8_t sll2[] = SLL2(0x86dd);
	static const uint8_t vlan[] = { 0x81,0x00, 0,0, 0,0,0,2, 0,1, 4, 6,
	    2,0,0,0,0,1,0,0, 0x00,0x05, 0x86,0xdd };
	uint8_t frame[256], *ip = frame + SLL2_LEN;
	struct frame_udp f;
	size_t len;

	check_link6(sll2, sizeof(sll2));
	check_link6(vlan, sizeof(vlan));

	/* Options headers before UDP are skipped. */
	CHECK(decode6(frame, 2, 0, &len, &f) == FRAME_OK);
	CHECK(f.dport == 4000 && f.payload_len == strlen(PAYLOAD));
	CHECK(decode6(frame, 1, 60, &len, &f) == FRAME_OK);
	/* A fragment, more options headers than allowed, an options header
	 * running past the datagram. */
	CHECK(decode6(frame, 1, 44, &len, &f) == FRAME_FRAGMENT);
	CHECK(decode6(frame, 9, 0, &len, &f) == FRAME_BAD_IP);
	decode6(frame, 1, 0, &len, &f);
	ip[41] = 200;
	CHECK(decode_exact(frame, len, &f) == FRAME_BAD_IP);
	/* Not UDP; a payload length past the capture; a bad UDP length;
	 * a version that is not 6. */
	decode6(frame, 0, 0, &len, &f);
	ip[6] = 6;
	CHECK(decode_exact(frame, len, &f) == FRAME_NOT_UDP);
	decode6(frame, 0, 0, &len, &f);
	ip[5] += 1;
	CHECK(decode_exact(frame, len, &f) == FRAME_TRUNCATED);
	decode6(frame, 0, 0, &len, &f);
	ip[45] += 1;
	CHECK(decode_exact(frame, len, &f) == FRAME_BAD_UDP);
	decode6(frame, 0, 0, &len, &f);
	ip[0] = 0x40;
	CHECK(decode_exact(frame, len, &f) == FRAME_BAD_IP);
}

static enum frame_error
decode_raw(const struct dgram_opts *o, size_t *len, struct frame_udp *f)
{
	static const uint8_t sll2[] = SLL2(0x0800);
	uint8_t frame[256];

	memcpy(frame, sll2, sizeof(sll2));
	*len = sizeof(sll2) + put_ipv4_udp(frame + sizeof(sll2), o);
	return decode_exact(frame, *len, f);
}

static void
test_ipv4(void)
{
	struct frame_udp f;
	struct dgram_opts o;
	uint8_t frame[256];
	size_t len;

	o = plain; o.ihl = 8;			/* 12 bytes of options */
	CHECK(decode_raw(&o, &len, &f) == FRAME_OK);
	check_decoded(&f);
	CHECK(memcmp(f.payload, "sendto() ", 9) == 0);
	o = plain; o.ihl = 15;			/* the longest header */
	CHECK(decode_raw(&o, &len, &f) == FRAME_OK);
	check_decoded(&f);
	o = plain; o.ihl = 4;
	CHECK(decode_raw(&o, &len, &f) == FRAME_BAD_IP);
	o = plain; o.total_delta = -(int)(5 * 4 + 8 + strlen(PAYLOAD)) + 10;
	CHECK(decode_raw(&o, &len, &f) == FRAME_BAD_IP);
	o = plain; o.total_delta = 1;		/* claims more than captured */
	CHECK(decode_raw(&o, &len, &f) == FRAME_TRUNCATED);
	o = plain; o.frag = 0x2000;		/* first fragment, MF */
	CHECK(decode_raw(&o, &len, &f) == FRAME_FRAGMENT);
	o = plain; o.frag = 0x0010;		/* a later fragment */
	CHECK(decode_raw(&o, &len, &f) == FRAME_FRAGMENT);
	o = plain; o.frag = 0x4000;		/* DF is fine */
	CHECK(decode_raw(&o, &len, &f) == FRAME_OK);
	o = plain; o.proto = 6;
	CHECK(decode_raw(&o, &len, &f) == FRAME_NOT_UDP);
	o = plain; o.udp_len_delta = -(int)strlen(PAYLOAD) - 1;
	CHECK(decode_raw(&o, &len, &f) == FRAME_BAD_UDP);
	o = plain; o.udp_len_delta = 1;
	CHECK(decode_raw(&o, &len, &f) == FRAME_BAD_UDP);
	/* IP total length too short for a UDP header. */
	o = plain; o.total_delta = -(int)(8 + strlen(PAYLOAD)) + 4;
	CHECK(decode_raw(&o, &len, &f) == FRAME_BAD_UDP);

	/* Padding after the datagram is not payload; a version not 4. */
	memset(frame, 0, sizeof(frame));
	frame[0] = 0x08;
	len = SLL2_LEN + put_ipv4_udp(frame + SLL2_LEN, &plain);
	CHECK(decode_exact(frame, len + 20, &f) == FRAME_OK);
	CHECK(f.payload_len == strlen(PAYLOAD));
	frame[SLL2_LEN] = 0x65;
	CHECK(decode_exact(frame, len, &f) == FRAME_BAD_IP);
}

/* Random bytes: whatever comes, no crash and no read past the end. */
static void
test_random(void)
{
	uint8_t frame[96], *copy;
	struct frame_udp f;
	unsigned seed = 1;
	size_t i, j, len;

	for (i = 0; i < 200000; i++) {
		len = (size_t)rand_r(&seed) % sizeof(frame);
		for (j = 0; j < len; j++)
			frame[j] = (uint8_t)rand_r(&seed);
		if (len > SLL2_LEN && (i & 1)) {	/* help it reach IP */
			frame[0] = (i & 2) ? 0x86 : 0x08;
			frame[1] = (i & 2) ? 0xdd : 0x00;
			frame[SLL2_LEN] = (i & 2) ? 0x60 : 0x45;
		} else if (len > SLL2_LEN + 4 && (i & 4)) {	/* a tag */
			frame[0] = 0x81; frame[1] = 0x00;
			frame[SLL2_LEN + 2] = 0x08; frame[SLL2_LEN + 3] = 0;
		}
		copy = malloc(len ? len : 1);
		memcpy(copy, frame, len);
		if (frame_decode(copy, len, &f) == FRAME_OK)
			CHECK(f.payload >= copy &&
			    f.payload + f.payload_len <= copy + len);
		free(copy);
	}
}

/*
 * Headers only (watch mode): a first fragment is a datagram with its
 * ports, a later one a fragment with its identification, a datagram cut
 * by the snapshot keeps its flow; the strict decoder refuses all three.
 */
static void
test_headers(void)
{
	static const uint8_t sll2[] = SLL2(0x0800), sll6[] = SLL2(0x86dd);
	struct frame_udp f;
	struct dgram_opts o;
	uint8_t frame[256];
	size_t len;

	memcpy(frame, sll2, sizeof(sll2));
	o = plain; o.frag = 0x2000; o.udp_len_delta = 3000;
	len = SLL2_LEN + put_ipv4_udp(frame + SLL2_LEN, &o);
	frame[SLL2_LEN + 4] = 0x12; frame[SLL2_LEN + 5] = 0x34;	/* IP ID */
	CHECK(frame_decode(frame, len, &f) == FRAME_FRAGMENT);
	CHECK(frame_decode_headers(frame, len, &f) == FRAME_OK);
	CHECK(f.fragment == FRAME_FRAG_FIRST && f.frag_id == 0x1234);
	CHECK(f.sport == 40000 && f.dport == 4000);
	CHECK(f.payload_len == strlen(PAYLOAD));
	o.frag = 0x0010;
	len = SLL2_LEN + put_ipv4_udp(frame + SLL2_LEN, &o);
	frame[SLL2_LEN + 4] = 0x12; frame[SLL2_LEN + 5] = 0x34;
	CHECK(frame_decode_headers(frame, len, &f) == FRAME_FRAGMENT);
	CHECK(f.fragment == FRAME_FRAG_LATER && f.frag_id == 0x1234);
	CHECK(f.dst.family == AF_INET);
	/* A whole datagram longer than what was captured of it. */
	o = plain; o.total_delta = 1000; o.udp_len_delta = 1000;
	len = SLL2_LEN + put_ipv4_udp(frame + SLL2_LEN, &o);
	CHECK(frame_decode(frame, len, &f) == FRAME_TRUNCATED);
	CHECK(frame_decode_headers(frame, len, &f) == FRAME_OK);
	CHECK(f.fragment == FRAME_FRAG_NONE && f.dport == 4000 &&
	    f.payload_len == strlen(PAYLOAD));
	/* ...but not a UDP length past what IP says, nor a cut header. */
	o = plain; o.udp_len_delta = 1;
	len = SLL2_LEN + put_ipv4_udp(frame + SLL2_LEN, &o);
	CHECK(frame_decode_headers(frame, len, &f) == FRAME_BAD_UDP);
	CHECK(frame_decode_headers(frame, SLL2_LEN + 24, &f) == FRAME_BAD_UDP);
	/* IPv6: a fragment header at offset 0, then one further on. */
	memcpy(frame, sll6, sizeof(sll6));
	len = SLL2_LEN + put_ipv6_udp(frame + SLL2_LEN, 1, 44);
	frame[SLL2_LEN + 40 + 7] = 9;			/* identification */
	CHECK(frame_decode(frame, len, &f) == FRAME_FRAGMENT);
	CHECK(frame_decode_headers(frame, len, &f) == FRAME_OK);
	CHECK(f.fragment == FRAME_FRAG_FIRST && f.frag_id == 9 &&
	    f.dport == 4000 && f.dst.family == AF_INET6);
	frame[SLL2_LEN + 40 + 3] = 0xb8;		/* offset 23 * 8 */
	CHECK(frame_decode_headers(frame, len, &f) == FRAME_FRAGMENT);
	CHECK(f.fragment == FRAME_FRAG_LATER && f.frag_id == 9);
}

int
main(void)
{
	test_link();
	test_cooked_fields();
	test_link_rejects();
	test_ipv6();
	test_ipv4();
	test_headers();
	test_random();
	free(last_copy);
	return unit_done("unit_frame");
}
