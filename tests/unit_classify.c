/* SPDX-License-Identifier: ISC */
/*
 * Frames put down to interfaces and probes: which direction counts on
 * loopback and on uplinks, new interfaces getting slots, the slot for
 * any others once they run out, and foreign or undecodable frames.
 */
#include "config.h"

#include <arpa/inet.h>

#include "classify.h"
#include "payload.h"
#include "probe.h"
#include "unit.h"

#define LO	1
#define ETH0	2
#define ETH1	3
#define IN	0		/* PACKET_HOST */

static struct nonce nonce;
static char payload[PAYLOAD_MAX];

static void
setup(struct check_result *r)
{
	static const uint8_t bytes[NONCE_BYTES] = { 1, 2, 3 };

	memset(r, 0, sizeof(*r));
	addr_parse("224.16.17.8", &r->group);
	r->port = 4000;
	r->nprobes = 2;
	nonce_from_bytes(&nonce, bytes);
	classify_add_interface(r, LO, "lo", 1);
	classify_add_interface(r, ETH0, "eth0", 0);
}

/* A frame of the probe at index probe (or foreign, -1) on ifindex. */
static int
frame(struct check_result *r, unsigned ifindex, int pkttype, int probe)
{
	struct frame_udp f;
	size_t len;

	memset(&f, 0, sizeof(f));
	f.ifindex = ifindex;
	f.pkttype = pkttype;
	f.dst = r->group;
	f.dport = 4000;		/* the port setup() gives the check */
	len = payload_format(payload, sizeof(payload),
	    method_get(probe < 0 ? METHOD_SENDTO : (enum method)probe)->label, &nonce);
	if (probe < 0)
		payload[len - 1] ^= 1;		/* another run's nonce */
	f.payload = (const uint8_t *)payload;
	f.payload_len = len;
	return classify_frame(r, LO, &nonce, &f, FRAME_OK);
}

static void
test_directions(void)
{
	struct check_result r;

	setup(&r);
	/* Loopback: only the received copy counts. */
	CHECK(frame(&r, LO, FRAME_PKTTYPE_OUTGOING, 0) == -1);
	CHECK(r.probes[0].captured_on == 0 && r.capture.ignored == 1);
	CHECK(frame(&r, LO, IN, 0) == 0);
	CHECK(r.probes[0].captured_on == 1u << 0);
	/* An uplink: what the host sent, never what it received. */
	CHECK(frame(&r, ETH0, IN, 1) == -1);
	CHECK(r.probes[1].captured_on == 0 && r.capture.ignored == 2);
	CHECK(frame(&r, ETH0, FRAME_PKTTYPE_OUTGOING, 1) == 1);
	CHECK(r.probes[1].captured_on == 1u << 1);
	CHECK(r.captures[0].frames == 1 && r.captures[1].frames == 1);
	CHECK(r.capture.frames == 4);
}

/* A frame on an interface not listed yet gives it a slot. */
static void
test_new_interface(void)
{
	struct check_result r;

	setup(&r);
	CHECK(frame(&r, ETH1, FRAME_PKTTYPE_OUTGOING, 1) == 1);
	CHECK(r.ncaptures == 3 && r.captures[2].ifindex == ETH1);
	CHECK(!r.captures[2].loopback);
	CHECK(r.probes[1].captured_on == 1u << 2);
	CHECK(result_leak_mask(&r, 1) == 1u << 2);
	/* The same interface again keeps its slot. */
	CHECK(frame(&r, ETH1, FRAME_PKTTYPE_OUTGOING, -1) == -1);
	CHECK(r.ncaptures == 3 && r.captures[2].foreign == 1);
}

/* Past the last slot, every further interface shares it. */
static void
test_slots_run_out(void)
{
	struct check_result r;
	unsigned i;

	setup(&r);
	for (i = 100; i < 100 + CAPTURE_MAX; i++)
		frame(&r, i, FRAME_PKTTYPE_OUTGOING, -1);
	CHECK(r.ncaptures == CAPTURE_MAX);
	CHECK(strcmp(r.captures[CAPTURE_MAX - 1].ifname, CAPTURE_OTHERS) == 0);
	CHECK(r.captures[CAPTURE_MAX - 1].foreign == 3);
	CHECK(frame(&r, 999, FRAME_PKTTYPE_OUTGOING, 1) == 1);
	CHECK(r.probes[1].captured_on == 1u << (CAPTURE_MAX - 1));
	CHECK(result_leak_mask(&r, 1) != 0);
}

static void
test_undecodable(void)
{
	struct check_result r;
	struct frame_udp f;

	setup(&r);
	memset(&f, 0, sizeof(f));
	f.pkttype = FRAME_PKTTYPE_UNKNOWN;
	/* Too short to name its interface. */
	CHECK(classify_frame(&r, LO, &nonce, &f, FRAME_TRUNCATED) == -1);
	CHECK(r.capture.undecodable == 1 && r.ncaptures == 2);
	/* Named, but not UDP: counted on its interface. */
	f.ifindex = ETH0;
	f.pkttype = FRAME_PKTTYPE_OUTGOING;
	CHECK(classify_frame(&r, LO, &nonce, &f, FRAME_NOT_UDP) == -1);
	CHECK(r.captures[1].undecodable == 1 && r.capture.undecodable == 2);
	/* Right payload, wrong port: foreign. */
	r.port = 4001;
	CHECK(frame(&r, ETH0, FRAME_PKTTYPE_OUTGOING, 0) == -1);
	CHECK(r.captures[1].foreign == 1 && r.probes[0].captured_on == 0);
}

int
main(void)
{
	test_directions();
	test_new_interface();
	test_slots_run_out();
	test_undecodable();
	return unit_done("unit_classify");
}
