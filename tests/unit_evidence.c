/* SPDX-License-Identifier: ISC */
/*
 * The --pcap evidence file, read back byte by byte and by libpcap: a
 * pcapng section, one interface description block per interface that
 * carried a probe (named, in the order of their first frame), each
 * frame pointing at its own interface with a comment that says what it
 * proves and its direction in the flags, frames past the limit counted
 * in the section's comment, and libpcap (so tcpdump) reading it all.
 */
#include "config.h"

#include <pcap/pcap.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture.h"
#include "evidence.h"
#include "frame.h"
#include "payload.h"
#include "result.h"
#include "unit.h"

#define LO		1	/* loopback's index in any namespace */
#define UPLINK		4000	/* no such interface: named "if4000" */
#define OUTGOING	FRAME_PKTTYPE_OUTGOING

static struct evidence ev;	/* static: too big for a test's stack */
static struct check_result r;
static struct nonce nonce;
static uint8_t file[64 * 1024];
static size_t file_len;

/* What the reader found. */
static int nshb, nidb;
static char idb_name[4][IF_NAMESIZE];
static size_t nepb;
static uint32_t epb_interface[EVIDENCE_MAX];
static uint32_t epb_flags[EVIDENCE_MAX];
static char epb_comment[3][1500];
static char shb_comment[1500];

static uint32_t
u32(size_t off)
{
	uint32_t v;

	memcpy(&v, file + off, sizeof(v));	/* written in our byte order */
	return v;
}

static uint16_t
u16(size_t off)
{
	uint16_t v;

	memcpy(&v, file + off, sizeof(v));
	return v;
}

/* The options from off to end: the comment, the name, the flags. */
static void
read_options(size_t off, size_t end, char *comment, size_t comment_size,
    char *name, uint32_t *flags)
{
	while (off + 4 <= end) {
		uint16_t code = u16(off), len = u16(off + 2);
		const char *value = (const char *)file + off + 4;

		if (code == 0)
			return;
		if (code == 1 && comment != NULL && len < comment_size)
			memcpy(comment, value, len);
		else if (code == 2 && name != NULL && len < IF_NAMESIZE)
			memcpy(name, value, len);
		else if (code == 2 && flags != NULL && len == 4)
			*flags = u32(off + 4);
		off += 4 + ((len + 3u) & ~3u);
	}
}

static void
read_blocks(void)
{
	size_t off = 0;

	while (off + 12 <= file_len) {
		uint32_t type = u32(off), len = u32(off + 4);

		CHECK(len % 4 == 0 && len >= 12 && off + len <= file_len);
		if (len < 12 || off + len > file_len)
			return;
		CHECK(u32(off + len - 4) == len);
		if (type == 0x0a0d0d0a) {
			CHECK(u32(off + 8) == 0x1a2b3c4d);
			read_options(off + 24, off + len - 4, shb_comment,
			    sizeof(shb_comment), NULL, NULL);
			nshb++;
		} else if (type == 1) {
			CHECK(u16(off + 8) == 276);	/* LINUX_SLL2 */
			CHECK(u32(off + 12) == EVIDENCE_SNAPLEN);
			if (nidb < 4)
				read_options(off + 16, off + len - 4, NULL, 0,
				    idb_name[nidb], NULL);
			nidb++;
		} else if (type == 6 && nepb < EVIDENCE_MAX) {
			uint32_t caplen = u32(off + 20);

			epb_interface[nepb] = u32(off + 8);
			read_options(off + 28 + ((caplen + 3u) & ~3u),
			    off + len - 4, nepb < 3 ? epb_comment[nepb] : NULL,
			    sizeof(epb_comment[0]), NULL, &epb_flags[nepb]);
			nepb++;
		}
		off += len;
	}
	CHECK(off == file_len);
}

static void
add(unsigned ifindex, int pkttype, enum method m, int usec)
{
	static uint8_t data[80] = { 0x08, 0x00 };
	struct captured raw;
	struct frame_udp f;

	memset(&raw, 0, sizeof(raw));
	memset(&f, 0, sizeof(f));
	raw.ts.tv_sec = 1796189484;
	raw.ts.tv_usec = usec;
	raw.data = data;
	raw.caplen = 61;		/* not a multiple of 4: padded */
	raw.len = 61;
	f.ifindex = ifindex;
	f.pkttype = pkttype;
	evidence_add(&ev, &raw, &f, (int)m, LO);
}

static void
read_back(const char *path)
{
	FILE *fp = fopen(path, "rb");

	CHECK(fp != NULL);
	if (fp == NULL)
		return;
	file_len = fread(file, 1, sizeof(file), fp);
	fclose(fp);
}

/* libpcap reads every frame, as tcpdump would. */
static void
test_libpcap(const char *path)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *p;
	int n = 0;

	p = pcap_open_offline(path, errbuf);
	CHECK(p != NULL);
	if (p == NULL) {
		fprintf(stderr, "pcap_open_offline: %s\n", errbuf);
		return;
	}
	CHECK(pcap_datalink(p) == DLT_LINUX_SLL2);
	while (pcap_next_ex(p, &h, &data) == 1) {
		CHECK(h->caplen == 61 && h->ts.tv_sec == 1796189484);
		n++;
	}
	CHECK(n == EVIDENCE_MAX);
	pcap_close(p);
}

int
main(void)
{
	static const uint8_t bytes[NONCE_BYTES] = { 0xab, 0xcd };
	char dir[] = "/tmp/unit_evidence.XXXXXX", path[64], err[256];
	size_t i;

	nonce_from_bytes(&nonce, bytes);
	addr_parse("224.16.17.8", &r.group);
	r.port = 4000;
	r.status = STATUS_CRITICAL;
	r.require_mask = 1u << METHOD_SENDTO | 1u << METHOD_SEND;
	snprintf(r.summary, sizeof(r.summary), "send() leaked through if4000");
	snprintf(r.egress, sizeof(r.egress), "if4000");

	add(LO, 0, METHOD_SENDTO, 1);
	add(UPLINK, OUTGOING, METHOD_SEND, 2);
	while (ev.n < EVIDENCE_MAX + 2 && ev.left_out < 2)
		add(LO, 0, METHOD_SENDTO, 3);
	CHECK(ev.n == EVIDENCE_MAX && ev.left_out == 2);

	if (mkdtemp(dir) == NULL)
		return 99;
	snprintf(path, sizeof(path), "%s/e.pcapng", dir);
	CHECK(evidence_save(&ev, &r, &nonce, path, err, sizeof(err)) == 0);
	read_back(path);
	read_blocks();
	test_libpcap(path);
	unlink(path);
	rmdir(dir);

	CHECK(nshb == 1 && nidb == 2 && nepb == EVIDENCE_MAX);
	CHECK(strcmp(idb_name[0], "lo") == 0);
	CHECK(strcmp(idb_name[1], "if4000") == 0);
	CHECK(epb_interface[0] == 0 && epb_interface[1] == 1);
	for (i = 2; i < nepb; i++)
		CHECK(epb_interface[i] == 0);
	CHECK(epb_flags[0] == 1 && epb_flags[1] == 2);	/* in, out */
	CHECK_STR_HAS(epb_comment[0], "method sendto(), nonce abcd0000");
	CHECK_STR_HAS(epb_comment[0], "; received on lo: stayed on loopback;");
	CHECK_STR_HAS(epb_comment[1], "method send(), nonce abcd0000");
	CHECK_STR_HAS(epb_comment[1], "; sent out of if4000: leaked off "
	    "loopback (a required method); check CRITICAL: send() leaked "
	    "through if4000");
	CHECK_STR_HAS(shb_comment, "group 224.16.17.8 port 4000: CRITICAL");
	CHECK_STR_HAS(shb_comment, "(2 more probe frames captured than the "
	    "32 kept)");
	return unit_done("unit_evidence");
}
