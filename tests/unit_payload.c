/* SPDX-License-Identifier: ISC */
/*
 * Probe payloads: format, recognition by method and nonce, and the
 * printable form used in reports.
 */
#include "config.h"

#include "payload.h"
#include "probe.h"
#include "unit.h"

static int
identify(const char *s, const struct nonce *n)
{
	return probe_identify((const uint8_t *)s, strlen(s), n);
}

int
main(void)
{
	static const uint8_t b1[NONCE_BYTES] = { 0x00, 0x11, 0x22, 0x33,
	    0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd,
	    0xee, 0xff };
	static const uint8_t b2[NONCE_BYTES] = { 1 };
	struct nonce n1, n2, r1, r2;
	char buf[PAYLOAD_MAX], text[32];
	size_t len;

	nonce_from_bytes(&n1, b1);
	nonce_from_bytes(&n2, b2);
	CHECK(strcmp(n1.hex, "00112233445566778899aabbccddeeff") == 0);

	len = payload_format(buf, sizeof(buf), "sendto()", &n1);
	CHECK(len == strlen("sendto() ") + NONCE_HEXLEN);
	CHECK(strcmp(buf, "sendto() 00112233445566778899aabbccddeeff") == 0);
	CHECK(payload_format(buf, 10, "sendto()", &n1) == 0);

	CHECK(identify("sendto() 00112233445566778899aabbccddeeff", &n1) ==
	    METHOD_SENDTO);
	CHECK(identify("send() 00112233445566778899aabbccddeeff", &n1) ==
	    METHOD_SEND);
	/* Right prefix, other nonce: foreign. */
	CHECK(identify("send() 00112233445566778899aabbccddeeff", &n2) == -1);
	CHECK(identify("sendto() 00112233445566778899aabbccddeeff0", &n1) ==
	    -1);
	CHECK(identify("sendto() 00112233445566778899aabbccddeef", &n1) == -1);
	CHECK(identify("sendto()_00112233445566778899aabbccddeeff", &n1) ==
	    -1);
	CHECK(identify("sendmsg() 00112233445566778899aabbccddeeff", &n1) ==
	    -1);
	CHECK(identify("", &n1) == -1);

	CHECK(nonce_generate(&r1) == 0 && nonce_generate(&r2) == 0);
	CHECK(strlen(r1.hex) == NONCE_HEXLEN);
	CHECK(strcmp(r1.hex, r2.hex) != 0);

	payload_printable(text, sizeof(text), (const uint8_t *)"a\n\\b\x7f",
	    5);
	CHECK(strcmp(text, "a\\x0a\\x5cb\\x7f") == 0);
	payload_printable(text, 6, (const uint8_t *)"abcdefgh", 8);
	CHECK(strcmp(text, "abcde") == 0);
	payload_printable(text, 6, (const uint8_t *)"ab\001", 3);
	CHECK(strcmp(text, "ab") == 0);
	return unit_done("unit_payload");
}
