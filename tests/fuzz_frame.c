/*
 * libFuzzer target for the frame decoder.  The first input byte picks
 * the link type, the rest is the captured frame; the decoder must never
 * read past it, and what it returns must lie inside it.
 */
#include "config.h"

#include <pcap/dlt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const int linktypes[] = { DLT_EN10MB, DLT_NULL, DLT_LOOP, DLT_RAW,
    DLT_LINUX_SLL, DLT_LINUX_SLL2, 228 /* DLT_IPV4 */, 229 /* DLT_IPV6 */,
    105 /* 802.11 */ };
#define NLINKTYPES	(sizeof(linktypes) / sizeof(linktypes[0]))

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct frame_udp f;
	uint8_t *frame;
	size_t len;

	if (size < 1)
		return 0;
	len = size - 1;
	/* An exact-size copy, so a read past the end is caught. */
	if ((frame = malloc(len ? len : 1)) == NULL)
		return 0;
	memcpy(frame, data + 1, len);
	if (frame_decode(linktypes[data[0] % NLINKTYPES], frame, len, &f) ==
	    FRAME_OK &&
	    (f.payload < frame || f.payload + f.payload_len > frame + len))
		abort();
	free(frame);
	return 0;
}
