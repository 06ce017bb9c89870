/* SPDX-License-Identifier: ISC */
/*
 * Probe payloads: "<method label> <nonce>", for example
 * "sendto() 9f86d081884c7d659a2feaa0c55ad015".  The label says which
 * send method produced a frame; the nonce says it belongs to this run.
 */
#ifndef MCV_PAYLOAD_H
#define MCV_PAYLOAD_H

#include <stddef.h>
#include <stdint.h>

#define NONCE_BYTES	16
#define NONCE_HEXLEN	(NONCE_BYTES * 2)
#define PAYLOAD_MAX	64

struct nonce {
	char	hex[NONCE_HEXLEN + 1];
};

int	nonce_generate(struct nonce *);
void	nonce_from_bytes(struct nonce *, const uint8_t bytes[NONCE_BYTES]);
size_t	payload_format(char *buf, size_t size, const char *label,
	    const struct nonce *);
int	payload_is(const uint8_t *payload, size_t len, const char *label,
	    const struct nonce *);
int	payload_is_any(const uint8_t *payload, size_t len, const char *label);
void	payload_printable(char *out, size_t size, const uint8_t *payload,
	    size_t len);

#endif
