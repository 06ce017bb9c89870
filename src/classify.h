/* SPDX-License-Identifier: ISC */
/*
 * Each captured frame put down to the interface it went through and to
 * the probe it carries.
 */
#ifndef MCV_CLASSIFY_H
#define MCV_CLASSIFY_H

#include "frame.h"
#include "result.h"

struct nonce;

int	classify_add_interface(struct check_result *, unsigned ifindex,
	    const char *ifname, int loopback);
struct probe_result *classify_class_probe(struct check_result *,
	    const uint8_t *payload, size_t len, unsigned capture_mask);
int	classify_frame(struct check_result *, unsigned lo_ifindex,
	    const struct nonce *, const struct frame_udp *, enum frame_error);

#endif
