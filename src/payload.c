/* SPDX-License-Identifier: ISC */
/*
 * Probe payloads and their recognition.  Pure code apart from
 * nonce_generate(), which asks the kernel for random bytes.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "payload.h"

int
nonce_generate(struct nonce *nonce)
{
	uint8_t bytes[NONCE_BYTES];
	size_t got = 0;
	ssize_t n;

	while (got < sizeof(bytes)) {
		n = getrandom(bytes + got, sizeof(bytes) - got, 0);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		got += (size_t)n;
	}
	nonce_from_bytes(nonce, bytes);
	return 0;
}

void
nonce_from_bytes(struct nonce *nonce, const uint8_t bytes[NONCE_BYTES])
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < NONCE_BYTES; i++) {
		nonce->hex[2 * i] = hex[bytes[i] >> 4];
		nonce->hex[2 * i + 1] = hex[bytes[i] & 0x0f];
	}
	nonce->hex[NONCE_HEXLEN] = '\0';
}

/* Returns the payload length, without the terminating NUL. */
size_t
payload_format(char *buf, size_t size, const char *label,
    const struct nonce *nonce)
{
	int n;

	n = snprintf(buf, size, "%s %s", label, nonce->hex);
	if (n < 0 || (size_t)n >= size)
		return 0;
	return (size_t)n;
}

/* Whether a payload is exactly "<label> <nonce>" with this run's nonce. */
int
payload_is(const uint8_t *payload, size_t len, const char *label,
    const struct nonce *nonce)
{
	size_t llen = strlen(label);

	return len == llen + 1 + NONCE_HEXLEN &&
	    memcmp(payload, label, llen) == 0 && payload[llen] == ' ' &&
	    memcmp(payload + llen + 1, nonce->hex, NONCE_HEXLEN) == 0;
}

/* A payload as one line of text: printable ASCII kept, the rest \xNN. */
void
payload_printable(char *out, size_t size, const uint8_t *payload, size_t len)
{
	size_t i, o = 0;

	if (size == 0)
		return;
	for (i = 0; i < len; i++) {
		if (payload[i] >= 0x20 && payload[i] < 0x7f &&
		    payload[i] != '\\') {
			if (o + 1 >= size)
				break;
			out[o++] = (char)payload[i];
		} else {
			if (o + 4 >= size)
				break;
			snprintf(out + o, size - o, "\\x%02x", payload[i]);
			o += 4;
		}
	}
	out[o] = '\0';
}

/* Whether a payload is a probe's, of any run: "<label> <32 hex digits>". */
int
payload_is_any(const uint8_t *payload, size_t len, const char *label)
{
	size_t llen = strlen(label), i;

	if (len != llen + 1 + NONCE_HEXLEN ||
	    memcmp(payload, label, llen) != 0 || payload[llen] != ' ')
		return 0;
	for (i = llen + 1; i < len; i++)
		if (!isxdigit(payload[i]))
			return 0;
	return 1;
}
