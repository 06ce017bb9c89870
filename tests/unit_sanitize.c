/* SPDX-License-Identifier: ISC */
/*
 * sanitize.c: control bytes, backslashes, direction overrides and
 * invalid UTF-8 become \xNN; valid text is kept; the output is bounded,
 * cut between characters, and always NUL-terminated.
 */
#include "config.h"

#include "sanitize.h"
#include "unit.h"

static const char *
san(const char *in, size_t len, size_t outlen)
{
	static char out[256];

	return sanitize(out, outlen, in, len);
}

#define SAN(lit)	san((lit), sizeof(lit) - 1, 256)

int
main(void)
{
	char small[8];

	CHECK(strcmp(SAN("python3"), "python3") == 0);
	CHECK(strcmp(SAN("\x1b[2K\rOK"), "\\x1b[2K\\x0dOK") == 0);
	CHECK(strcmp(SAN("a\nb\tc\x7f"), "a\\x0ab\\x09c\\x7f") == 0);
	CHECK(strcmp(SAN("q\"uo'te"), "q\"uo'te") == 0);
	CHECK(strcmp(SAN("back\\slash"), "back\\x5cslash") == 0);
	CHECK(strcmp(SAN("nul\0x"), "nul\\x00x") == 0);
	/* Valid UTF-8 is kept; invalid bytes are escaped one by one. */
	CHECK(strcmp(SAN("caf\xc3\xa9"), "caf\xc3\xa9") == 0);
	CHECK(strcmp(SAN("\xe2\x82\xac"), "\xe2\x82\xac") == 0);
	CHECK(strcmp(SAN("\xf0\x9f\x98\x80"), "\xf0\x9f\x98\x80") == 0);
	CHECK(strcmp(SAN("\xff\xfe"), "\\xff\\xfe") == 0);
	CHECK(strcmp(SAN("\xc3("), "\\xc3(") == 0);		/* truncated */
	CHECK(strcmp(SAN("\xc0\xaf"), "\\xc0\\xaf") == 0);	/* overlong */
	CHECK(strcmp(SAN("\xe0\x80\xaf"), "\\xe0\\x80\\xaf") == 0);
	CHECK(strcmp(SAN("\xed\xa0\x80"), "\\xed\\xa0\\x80") == 0); /* surrogate */
	CHECK(strcmp(SAN("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80") == 0);
	CHECK(strcmp(SAN("x\xe2\x82"), "x\\xe2\\x82") == 0);	/* cut short */
	/* C1 CSI and a right-to-left override: valid, but kept out. */
	CHECK(strcmp(SAN("\xc2\x9b" "2K"), "\\xc2\\x9b2K") == 0);
	CHECK(strcmp(SAN("a\xe2\x80\xae" "b"), "a\\xe2\\x80\\xaeb") == 0);
	/* Bounded: cut between escapes and characters, NUL-terminated. */
	CHECK(strcmp(san("abcdefghij", 10, 8), "abcdefg") == 0);
	CHECK(strcmp(san("ab\x1b" "cd", 5, 8), "ab\\x1bc") == 0);
	CHECK(strcmp(san("abcd\x1b", 5, 8), "abcd") == 0);
	CHECK(strcmp(san("abcde\xc3\xa9", 7, 7), "abcde") == 0);
	CHECK(strcmp(san("abc", 3, 1), "") == 0);
	memset(small, 'z', sizeof(small));
	sanitize_str(small, sizeof(small), "\x01\x02\x03");
	CHECK(strcmp(small, "\\x01") == 0);
	CHECK(!sanitize_needed("eth0") && !sanitize_needed("caf\xc3\xa9"));
	CHECK(sanitize_needed("eth\x1b") && sanitize_needed("\xff") &&
	    sanitize_needed("a\\b"));
	return unit_done("unit_sanitize");
}
