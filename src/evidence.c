/* SPDX-License-Identifier: ISC */
/*
 * Evidence for a security team: the frames that carried this check's
 * probes, written as a pcapng file, so that the file says on any
 * machine what it said on the host that wrote it.
 *
 * - One interface description block per interface that carried a
 *   probe, with its name: an enhanced packet block points at its
 *   interface by number, so tshark and Wireshark take the name from the
 *   file, not from the reader's own interfaces (a classic pcap file
 *   holds only the capturing host's interface index).
 * - Every block keeps the capture's link type, LINUX_SLL2, and the
 *   frames are the bytes as captured: libpcap, and so tcpdump, reads
 *   only files whose interfaces share one link type and snapshot
 *   length, and evidence is not rewritten.
 * - A comment on each frame: the method, the nonce, where it was
 *   captured, and what it means for the verdict; the direction from
 *   the cooked header also goes in the packet's flags.
 *
 * The format is written here rather than by libpcap (which writes only
 * classic pcap), so the file is made the way every file the program
 * writes is: atomically, relative to a directory fd, no link followed
 * (atomicfile.c).  Numbers are in the writer's byte order: the section
 * header's magic tells readers which.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "atomicfile.h"
#include "capture.h"
#include "evidence.h"
#include "frame.h"
#include "iface.h"
#include "method.h"
#include "payload.h"
#include "result.h"

#define EVIDENCE_MODE		0640
#define LINKTYPE_LINUX_SLL2	276

/* pcapng block types and options (draft-ietf-opsawg-pcapng). */
#define BT_SHB			0x0a0d0d0au
#define BT_IDB			0x00000001u
#define BT_EPB			0x00000006u
#define BYTE_ORDER_MAGIC	0x1a2b3c4du
#define OPT_ENDOFOPT		0
#define OPT_COMMENT		1
#define SHB_USERAPPL		4
#define IF_NAME			2
#define IF_DESCRIPTION		3
#define EPB_FLAGS		2
#define EPB_FLAG_INBOUND	0x1u
#define EPB_FLAG_OUTBOUND	0x2u

#define COMMENT_MAX		1400	/* a frame's; the summary fits */
/* Room for the largest block: an EPB with a full frame and comment. */
#define BLOCK_MAX		(64 + EVIDENCE_SNAPLEN + COMMENT_MAX + 64)

struct block {
	uint8_t	buf[BLOCK_MAX];
	size_t	len;
};

struct evidence_file {
	const struct evidence		*e;
	const struct check_result	*r;
	const struct nonce		*nonce;
};

/*
 * Interface names come from the kernel, which allows any byte but '/',
 * ':' and white space: only printable ASCII goes into the file.
 */
static void
copy_ifname(char *out, const char *name)
{
	size_t i;

	for (i = 0; name[i] != '\0' && i < IF_NAMESIZE - 1; i++)
		out[i] = name[i] > ' ' && name[i] < 0x7f ? name[i] : '?';
	out[i] = '\0';
}

void
evidence_add(struct evidence *e, const struct captured *raw,
    const struct frame_udp *f, int probe, unsigned lo_ifindex)
{
	struct evidence_frame *ef;
	char name[IF_NAMESIZE];

	if (e->n == EVIDENCE_MAX) {
		e->left_out++;
		return;
	}
	ef = &e->frames[e->n++];
	ef->ts = raw->ts;
	ef->caplen = raw->caplen < EVIDENCE_SNAPLEN ? raw->caplen :
	    EVIDENCE_SNAPLEN;
	ef->len = raw->len;
	memcpy(ef->data, raw->data, ef->caplen);
	ef->ifindex = f->ifindex;
	ef->pkttype = f->pkttype;
	ef->loopback = f->ifindex == lo_ifindex;
	ef->probe = probe;
	copy_ifname(ef->ifname, iface_name(f->ifindex, name));
}

/* Appends, bounded: BLOCK_MAX is above the largest block we make. */
static void
put(struct block *b, const void *data, size_t len)
{
	if (len > sizeof(b->buf) - b->len)
		len = sizeof(b->buf) - b->len;
	if (len == 0)
		return;		/* data may be NULL (the end of options) */
	memcpy(b->buf + b->len, data, len);
	b->len += len;
}

static void
put32(struct block *b, uint32_t v)
{
	put(b, &v, sizeof(v));
}

static void
put16(struct block *b, uint16_t v)
{
	put(b, &v, sizeof(v));
}

/* Zeros up to the next 32-bit boundary, as every field is aligned. */
static void
pad32(struct block *b)
{
	static const uint8_t zeros[3];

	put(b, zeros, (4 - b->len % 4) % 4);
}

static void
put_option(struct block *b, uint16_t code, const void *value, size_t len)
{
	put16(b, code);
	put16(b, (uint16_t)len);
	put(b, value, len);
	pad32(b);
}

static void
put_string_option(struct block *b, uint16_t code, const char *s)
{
	size_t len = strlen(s);		/* ours: made by snprintf() */

	if (len > COMMENT_MAX)
		len = COMMENT_MAX;
	if (len > 0)
		put_option(b, code, s, len);
}

static void
block_begin(struct block *b, uint32_t type)
{
	b->len = 0;
	put32(b, type);
	put32(b, 0);		/* the total length, once known */
}

/* Ends the options, writes the total length at both ends, and the block. */
static void
block_end(FILE *fp, struct block *b)
{
	uint32_t total;

	put_option(b, OPT_ENDOFOPT, NULL, 0);
	total = (uint32_t)b->len + 4;
	memcpy(b->buf + 4, &total, sizeof(total));
	put32(b, total);
	fwrite(b->buf, 1, b->len, fp);
}

static void
write_section_header(FILE *fp, struct block *b, const struct evidence_file *ef)
{
	const struct check_result *r = ef->r;
	char comment[COMMENT_MAX], group[ADDR_STRLEN];
	size_t n;

	block_begin(b, BT_SHB);
	put32(b, BYTE_ORDER_MAGIC);
	put16(b, 1);			/* version 1.0 */
	put16(b, 0);
	put32(b, 0xffffffffu);		/* section length: not given */
	put32(b, 0xffffffffu);
	n = (size_t)snprintf(comment, sizeof(comment), "mcastlo-verifyd check "
	    "of group %s port %u: %s: %s", addr_ntop(&r->group, group,
	    sizeof(group)), r->port, status_name(r->status), r->summary);
	if (ef->e->left_out > 0 && n < sizeof(comment))
		snprintf(comment + n, sizeof(comment) - n, " (%lu more probe "
		    "frames captured than the %d kept)", ef->e->left_out,
		    EVIDENCE_MAX);
	put_string_option(b, OPT_COMMENT, comment);
	put_string_option(b, SHB_USERAPPL, PACKAGE_NAME " " PACKAGE_VERSION);
	block_end(fp, b);
}

/*
 * Numbers the interfaces in the order of their first frame: ids[i] is
 * frame i's interface, first[k] the first frame on interface k.
 * Returns how many there are.
 */
static size_t
number_interfaces(const struct evidence *e, uint32_t ids[EVIDENCE_MAX],
    size_t first[EVIDENCE_MAX])
{
	size_t i, k, n = 0;

	for (i = 0; i < e->n; i++) {
		for (k = 0; k < n; k++)
			if (e->frames[first[k]].ifindex == e->frames[i].ifindex)
				break;
		if (k == n)
			first[n++] = i;
		ids[i] = (uint32_t)k;
	}
	return n;
}

static const char *
interface_role(const struct evidence_frame *f, const struct check_result *r)
{
	if (f->loopback)
		return "the loopback the probes should stay on";
	if (strcmp(f->ifname, r->egress) == 0)
		return "the expected egress";
	return "another interface";
}

/* The interface's name, and its index where captured (the cooked header's). */
static void
write_interface(FILE *fp, struct block *b, const struct evidence_frame *f,
    const struct check_result *r)
{
	char description[128];

	block_begin(b, BT_IDB);
	put16(b, LINKTYPE_LINUX_SLL2);
	put16(b, 0);			/* reserved */
	put32(b, EVIDENCE_SNAPLEN);
	put_string_option(b, IF_NAME, f->ifname);
	snprintf(description, sizeof(description), "ifindex %u on the "
	    "capturing host, %s", f->ifindex, interface_role(f, r));
	put_string_option(b, IF_DESCRIPTION, description);
	block_end(fp, b);
}

static const char *
where_captured(const struct evidence_frame *f)
{
	if (f->pkttype == FRAME_PKTTYPE_OUTGOING)
		return "sent out of";
	if (f->pkttype == FRAME_PKTTYPE_UNKNOWN)
		return "captured on";
	return "received on";
}

/* What the frame is and what it proves, for a reader of the file. */
static void
frame_comment(char *buf, size_t size, const struct evidence_frame *f,
    const struct evidence_file *ef)
{
	const struct check_result *r = ef->r;
	const char *meaning;

	if (f->loopback)
		meaning = "stayed on loopback";
	else if (r->require_mask & method_bit((enum method)f->probe))
		meaning = "leaked off loopback (a required method)";
	else
		meaning = "leaked off loopback (not a required method)";
	snprintf(buf, size, "mcastlo-verifyd probe: method %s, nonce %s; "
	    "%s %s: %s; check %s: %s",
	    method_get((enum method)f->probe)->label, ef->nonce->hex,
	    where_captured(f), f->ifname[0] != '\0' ? f->ifname : "?", meaning,
	    status_name(r->status), r->summary);
}

static void
write_frame(FILE *fp, struct block *b, const struct evidence_frame *f,
    uint32_t interface, const struct evidence_file *ef)
{
	char comment[COMMENT_MAX];
	uint64_t usec;
	uint32_t flags;

	block_begin(b, BT_EPB);
	put32(b, interface);
	usec = (uint64_t)f->ts.tv_sec * 1000000u + (uint64_t)f->ts.tv_usec;
	put32(b, (uint32_t)(usec >> 32));	/* if_tsresol: microseconds */
	put32(b, (uint32_t)usec);
	put32(b, f->caplen);
	put32(b, f->len);
	put(b, f->data, f->caplen);
	pad32(b);
	frame_comment(comment, sizeof(comment), f, ef);
	put_string_option(b, OPT_COMMENT, comment);
	if (f->pkttype != FRAME_PKTTYPE_UNKNOWN) {
		flags = f->pkttype == FRAME_PKTTYPE_OUTGOING ?
		    EPB_FLAG_OUTBOUND : EPB_FLAG_INBOUND;
		put_option(b, EPB_FLAGS, &flags, sizeof(flags));
	}
	block_end(fp, b);
}

static void
write_pcapng(FILE *fp, const void *arg)
{
	const struct evidence_file *ef = arg;
	const struct evidence *e = ef->e;
	struct block b;
	uint32_t ids[EVIDENCE_MAX];
	size_t first[EVIDENCE_MAX], ninterfaces, i;

	write_section_header(fp, &b, ef);
	ninterfaces = number_interfaces(e, ids, first);
	for (i = 0; i < ninterfaces; i++)
		write_interface(fp, &b, &e->frames[first[i]], ef->r);
	for (i = 0; i < e->n; i++)
		write_frame(fp, &b, &e->frames[i], ids[i], ef);
}

int
evidence_save(const struct evidence *e, const struct check_result *r,
    const struct nonce *nonce, const char *path, char *err, size_t errlen)
{
	struct evidence_file ef = { e, r, nonce };

	return atomicfile_write(path, EVIDENCE_MODE, write_pcapng, &ef, err,
	    errlen);
}
