/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for the frame decoder: the input is a captured
 * DLT_LINUX_SLL2 frame, the one link type capture delivers.  The
 * decoder must never read past it, and what it returns must lie inside
 * it.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct frame_udp f;
	uint8_t *frame;

	/* An exact-size copy, so a read past the end is caught. */
	if ((frame = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(frame, data, size);
	if (frame_decode(frame, size, &f) == FRAME_OK &&
	    (f.payload < frame || f.payload + f.payload_len > frame + size))
		abort();
	free(frame);
	return 0;
}
