/*
 * Evidence for a security team: the frames that carried this check's
 * probes, written as a classic pcap file of link type LINUX_SLL2, the
 * capture's own, so that tcpdump and Wireshark show each frame's
 * interface and direction.  The format is written here rather than by
 * pcap_dump(), so the file is made the way every file the program
 * writes is: atomically, relative to a directory fd, no link followed
 * (atomicfile.c).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "atomicfile.h"
#include "evidence.h"

#define PCAP_MAGIC		0xa1b2c3d4u	/* microsecond timestamps */
#define LINKTYPE_LINUX_SLL2	276
#define EVIDENCE_MODE		0640

void
evidence_add(struct evidence *e, const struct timeval *ts,
    const uint8_t *data, unsigned caplen, unsigned len)
{
	struct evidence_frame *f;

	if (e->n == EVIDENCE_MAX) {
		e->left_out++;
		return;
	}
	f = &e->frames[e->n++];
	f->ts = *ts;
	f->caplen = caplen < EVIDENCE_SNAPLEN ? caplen : EVIDENCE_SNAPLEN;
	f->len = len;
	memcpy(f->data, data, f->caplen);
}

static void
put32(FILE *fp, uint32_t v)
{
	fwrite(&v, sizeof(v), 1, fp);	/* the writer's byte order: the
					   magic number tells readers */
}

static void
put16(FILE *fp, uint16_t v)
{
	fwrite(&v, sizeof(v), 1, fp);
}

static void
write_pcap(FILE *fp, const void *arg)
{
	const struct evidence *e = arg;
	size_t i;

	put32(fp, PCAP_MAGIC);
	put16(fp, 2);			/* version 2.4 */
	put16(fp, 4);
	put32(fp, 0);			/* timestamps are UTC */
	put32(fp, 0);
	put32(fp, EVIDENCE_SNAPLEN);
	put32(fp, LINKTYPE_LINUX_SLL2);
	for (i = 0; i < e->n; i++) {
		const struct evidence_frame *f = &e->frames[i];

		put32(fp, (uint32_t)f->ts.tv_sec);
		put32(fp, (uint32_t)f->ts.tv_usec);
		put32(fp, f->caplen);
		put32(fp, f->len);
		fwrite(f->data, 1, f->caplen, fp);
	}
}

int
evidence_save(const struct evidence *e, const char *path, char *err,
    size_t errlen)
{
	return atomicfile_write(path, EVIDENCE_MODE, write_pcap, e, err,
	    errlen);
}
