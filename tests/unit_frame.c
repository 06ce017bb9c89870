/*
 * Frame decoding: every accepted link type, and malformed or truncated
 * frames, each decoded from a buffer of exactly its captured length so
 * that the sanitizers catch any read past the data.
 */
#include "config.h"

#include <arpa/inet.h>
#include <pcap/dlt.h>
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

/* Decodes a copy of exactly len bytes, so a read past it is caught. */
static enum frame_error
decode_exact(int dlt, const uint8_t *frame, size_t len, struct frame_udp *out)
{
	uint8_t *copy = malloc(len ? len : 1);
	enum frame_error e;

	memcpy(copy, frame, len);
	e = frame_decode(dlt, copy, len, out);
	free(copy);
	return e;
}

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
check_link(int dlt, const uint8_t *hdr, size_t hlen, const struct dgram_opts *o)
{
	uint8_t frame[256];
	struct frame_udp f;
	size_t len, cut;

	if (hlen > 0)
		memcpy(frame, hdr, hlen);
	len = hlen + put_ipv4_udp(frame + hlen, o);
	CHECK(decode_exact(dlt, frame, len, &f) == FRAME_OK);
	check_decoded(&f);
	for (cut = 0; cut < len; cut++)
		CHECK(decode_exact(dlt, frame, cut, &f) != FRAME_OK);
}

static void
test_link_types(void)
{
	static const uint8_t eth[] = { 0,0,0,0,0,0, 0,0,0,0,0,0, 0x08,0x00 };
	static const uint8_t vlan[] = { 1,0,0x5e,0x10,0x11,0x08,
	    2,0,0,0,0,1, 0x81,0x00, 0x00,0x05, 0x08,0x00 };
	static const uint8_t qinq[] = { 1,0,0x5e,0x10,0x11,0x08,
	    2,0,0,0,0,1, 0x88,0xa8, 0,7, 0x81,0x00, 0,5, 0x08,0x00 };
	static const uint8_t null_le[] = { 2, 0, 0, 0 };
	static const uint8_t null_be[] = { 0, 0, 0, 2 };
	static const uint8_t sll[16] = { 0,4, 0,1, 0,6, 2,0,0,0,0,1,0,0,
	    0x08,0x00 };
	static const uint8_t sll2[20] = { 0x08,0x00, 0,0, 0,0,0,2, 0,1, 4, 6,
	    2,0,0,0,0,1,0,0 };

	check_link(DLT_EN10MB, eth, sizeof(eth), &plain);
	check_link(DLT_EN10MB, vlan, sizeof(vlan), &plain);
	check_link(DLT_EN10MB, qinq, sizeof(qinq), &plain);
	check_link(DLT_NULL, null_le, sizeof(null_le), &plain);
	check_link(DLT_NULL, null_be, sizeof(null_be), &plain);
	check_link(DLT_LOOP, null_be, sizeof(null_be), &plain);
	check_link(DLT_RAW, NULL, 0, &plain);
	check_link(DLT_LINUX_SLL, sll, sizeof(sll), &plain);
	check_link(DLT_LINUX_SLL2, sll2, sizeof(sll2), &plain);
}

/* The cooked headers name the interface (SLL2) and the direction. */
static void
test_cooked_fields(void)
{
	static const uint8_t sll[16] = { 0,4, 0,1, 0,6, 2,0,0,0,0,1,0,0,
	    0x08,0x00 };
	static const uint8_t sll2[20] = { 0x08,0x00, 0,0, 0,0,1,3, 0,1, 4, 6,
	    2,0,0,0,0,1,0,0 };
	uint8_t frame[256];
	struct frame_udp f;
	size_t len;

	memcpy(frame, sll2, sizeof(sll2));
	len = sizeof(sll2) + put_ipv4_udp(frame + sizeof(sll2), &plain);
	CHECK(decode_exact(DLT_LINUX_SLL2, frame, len, &f) == FRAME_OK);
	CHECK(f.ifindex == 259 && f.pkttype == FRAME_PKTTYPE_OUTGOING);
	/* Still put down to its interface when the rest does not decode. */
	frame[sizeof(sll2)] = 0x45;
	frame[sizeof(sll2) + 9] = 6;		/* TCP */
	CHECK(decode_exact(DLT_LINUX_SLL2, frame, len, &f) == FRAME_NOT_UDP);
	CHECK(f.ifindex == 259 && f.pkttype == FRAME_PKTTYPE_OUTGOING);

	memcpy(frame, sll, sizeof(sll));
	len = sizeof(sll) + put_ipv4_udp(frame + sizeof(sll), &plain);
	CHECK(decode_exact(DLT_LINUX_SLL, frame, len, &f) == FRAME_OK);
	CHECK(f.ifindex == 0 && f.pkttype == FRAME_PKTTYPE_OUTGOING);

	len = put_ipv4_udp(frame, &plain);
	CHECK(decode_exact(DLT_RAW, frame, len, &f) == FRAME_OK);
	CHECK(f.ifindex == 0 && f.pkttype == FRAME_PKTTYPE_UNKNOWN);
}

static void
test_link_rejects(void)
{
	uint8_t frame[256];
	struct frame_udp f;
	size_t len;
	static const uint8_t ipv6_eth[] = { 0,0,0,0,0,0, 0,0,0,0,0,0,
	    0x86,0xdd };
	static const uint8_t null_v6[] = { 24, 0, 0, 0 };
	static const uint8_t sll_arp[16] = { 0,4, 0,1, 0,6, 0,0,0,0,0,0,0,0,
	    0x08,0x06 };
	uint8_t deep[14 + 5 * 4];
	size_t i;

	memcpy(frame, ipv6_eth, sizeof(ipv6_eth));
	len = sizeof(ipv6_eth) + put_ipv4_udp(frame + sizeof(ipv6_eth),
	    &plain);
	/* The link layer says IPv6, the header is IPv4's. */
	CHECK(decode_exact(DLT_EN10MB, frame, len, &f) == FRAME_BAD_IP);

	memcpy(frame, null_v6, 4);
	len = 4 + put_ipv4_udp(frame + 4, &plain);
	CHECK(decode_exact(DLT_NULL, frame, len, &f) == FRAME_BAD_IP);
	/* DLT_LOOP is network byte order only. */
	CHECK(decode_exact(DLT_LOOP, frame, len, &f) == FRAME_NOT_IP);

	memcpy(frame, sll_arp, 16);
	len = 16 + put_ipv4_udp(frame + 16, &plain);
	CHECK(decode_exact(DLT_LINUX_SLL, frame, len, &f) == FRAME_NOT_IP);

	/* More VLAN tags than any real frame has. */
	memset(deep, 0, sizeof(deep));
	for (i = 0; i < 5; i++) {
		deep[12 + 4 * i] = 0x81;
		deep[13 + 4 * i] = 0x00;
	}
	memcpy(frame, deep, sizeof(deep));
	frame[sizeof(deep) - 2 + 0] = 0x81;
	len = sizeof(deep) + put_ipv4_udp(frame + sizeof(deep), &plain);
	CHECK(decode_exact(DLT_EN10MB, frame, len, &f) != FRAME_OK);

	/* Raw IP that says IPv6 but is not, and neither version. */
	len = put_ipv4_udp(frame, &plain);
	frame[0] = 0x60;
	CHECK(decode_exact(DLT_RAW, frame, len, &f) != FRAME_OK);
	frame[0] = 0x50;
	CHECK(decode_exact(DLT_RAW, frame, len, &f) == FRAME_NOT_IP);

	len = put_ipv4_udp(frame, &plain);
	CHECK(decode_exact(105 /* 802.11 */, frame, len, &f) ==
	    FRAME_LINKTYPE);
	CHECK(frame_decode(DLT_RAW, NULL, 0, &f) == FRAME_TRUNCATED);
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
check_link6(int dlt, const uint8_t *hdr, size_t hlen)
{
	static const uint8_t group[16] = { 0xff,0x15, 0,0,0,0,0,0,0,0,0,0,
	    0x16,0x17, 0,8 };
	uint8_t frame[256];
	struct frame_udp f;
	size_t len, cut;

	if (hlen > 0)
		memcpy(frame, hdr, hlen);
	len = hlen + put_ipv6_udp(frame + hlen, 0, 0);
	CHECK(decode_exact(dlt, frame, len, &f) == FRAME_OK);
	CHECK(f.dst.family == AF_INET6 && f.src.family == AF_INET6);
	CHECK(memcmp(&f.dst.u.v6, group, 16) == 0);
	CHECK(f.src.u.v6.s6_addr[0] == 0x20 && f.src.u.v6.s6_addr[15] == 2);
	CHECK(f.sport == 40000 && f.dport == 4000);
	CHECK(f.payload_len == strlen(PAYLOAD));
	for (cut = 0; cut < len; cut++)
		CHECK(decode_exact(dlt, frame, cut, &f) != FRAME_OK);
}

static void
test_ipv6(void)
{
	static const uint8_t eth[] = { 0x33,0x33,0,0,0,8, 2,0,0,0,0,1,
	    0x86,0xdd };
	static const uint8_t sll2[20] = { 0x86,0xdd, 0,0, 0,0,0,2, 0,1, 4, 6,
	    2,0,0,0,0,1,0,0 };
	static const uint8_t null_linux[] = { 10, 0, 0, 0 };
	static const uint8_t null_bsd[] = { 0, 0, 0, 28 };
	static const uint8_t loop_bsd[] = { 0, 0, 0, 24 };
	uint8_t frame[256];
	struct frame_udp f;
	size_t len;

	check_link6(DLT_EN10MB, eth, sizeof(eth));
	check_link6(DLT_LINUX_SLL2, sll2, sizeof(sll2));
	check_link6(DLT_NULL, null_linux, sizeof(null_linux));
	check_link6(DLT_NULL, null_bsd, sizeof(null_bsd));
	check_link6(DLT_LOOP, loop_bsd, sizeof(loop_bsd));
	check_link6(DLT_RAW, NULL, 0);
	check_link6(229 /* DLT_IPV6 */, NULL, 0);

	/* Options headers before UDP are skipped. */
	len = put_ipv6_udp(frame, 2, 0);
	CHECK(decode_exact(DLT_RAW, frame, len, &f) == FRAME_OK);
	CHECK(f.dport == 4000 && f.payload_len == strlen(PAYLOAD));
	len = put_ipv6_udp(frame, 1, 60);
	CHECK(decode_exact(DLT_RAW, frame, len, &f) == FRAME_OK);
	/* A fragment, more options headers than allowed, an options header
	 * running past the datagram. */
	len = put_ipv6_udp(frame, 1, 44);
	CHECK(decode_exact(DLT_RAW, frame, len, &f) == FRAME_FRAGMENT);
	len = put_ipv6_udp(frame, 9, 0);
	CHECK(decode_exact(DLT_RAW, frame, len, &f) == FRAME_BAD_IP);
	len = put_ipv6_udp(frame, 1, 0);
	frame[41] = 200;
	CHECK(decode_exact(DLT_RAW, frame, len, &f) == FRAME_BAD_IP);
	/* Not UDP; a payload length past the capture; a bad UDP length. */
	len = put_ipv6_udp(frame, 0, 0);
	frame[6] = 6;
	CHECK(decode_exact(DLT_RAW, frame, len, &f) == FRAME_NOT_UDP);
	len = put_ipv6_udp(frame, 0, 0);
	frame[5] += 1;
	CHECK(decode_exact(DLT_RAW, frame, len, &f) == FRAME_TRUNCATED);
	len = put_ipv6_udp(frame, 0, 0);
	frame[45] += 1;
	CHECK(decode_exact(DLT_RAW, frame, len, &f) == FRAME_BAD_UDP);
}

static enum frame_error
decode_raw(const struct dgram_opts *o, size_t *len, struct frame_udp *f)
{
	uint8_t frame[256];

	*len = put_ipv4_udp(frame, o);
	return decode_exact(DLT_RAW, frame, *len, f);
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

	/* Ethernet padding after the datagram is not payload. */
	memset(frame, 0, sizeof(frame));
	frame[12] = 0x08;
	len = 14 + put_ipv4_udp(frame + 14, &plain);
	CHECK(decode_exact(DLT_EN10MB, frame, len + 20, &f) == FRAME_OK);
	CHECK(f.payload_len == strlen(PAYLOAD));
}

/* Random bytes for every link type: whatever comes, no crash. */
static void
test_random(void)
{
	static const int dlts[] = { DLT_EN10MB, DLT_NULL, DLT_LOOP, DLT_RAW,
	    DLT_LINUX_SLL, DLT_LINUX_SLL2 };
	uint8_t frame[96], *copy;
	struct frame_udp f;
	unsigned seed = 1;
	size_t i, j, len;

	for (i = 0; i < 200000; i++) {
		len = (size_t)rand_r(&seed) % sizeof(frame);
		for (j = 0; j < len; j++)
			frame[j] = (uint8_t)rand_r(&seed);
		if (len > 14 && (i & 1)) {	/* help it reach IPv4 */
			frame[12] = 0x08; frame[13] = 0x00;
			frame[14] = 0x45;
		}
		copy = malloc(len ? len : 1);
		memcpy(copy, frame, len);
		if (frame_decode(dlts[i % 6], copy, len, &f) == FRAME_OK)
			CHECK(f.payload >= copy &&
			    f.payload + f.payload_len <= copy + len);
		free(copy);
	}
}

int
main(void)
{
	test_link_types();
	test_cooked_fields();
	test_link_rejects();
	test_ipv6();
	test_ipv4();
	test_random();
	return unit_done("unit_frame");
}
