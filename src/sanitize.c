/* SPDX-License-Identifier: ISC */
/*
 * Untrusted bytes to safe text: each byte that is a control character
 * (C0, DEL, and the C1 range that terminals also obey), a backslash
 * (so that the escaped form reads back unambiguously), a Unicode
 * direction override (text that reads differently from what it is),
 * or not part of valid UTF-8, becomes "\xNN"; everything else is kept.
 * The output is cut where it would overflow, never in the middle of an
 * escape or a character, and is always NUL-terminated.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sanitize.h"

/* Code points kept out although valid: they reorder what a reader sees. */
static const struct {
	uint32_t	first, last;
} unsafe_ranges[] = {
	{ 0x0000, 0x001f },	/* C0 controls */
	{ 0x007f, 0x009f },	/* DEL, C1 controls (CSI is U+009B) */
	{ 0x200e, 0x200f },	/* LRM, RLM */
	{ 0x2028, 0x2029 },	/* line and paragraph separators */
	{ 0x202a, 0x202e },	/* embeddings and overrides */
	{ 0x2066, 0x2069 },	/* isolates */
};

static int
unsafe_code_point(uint32_t cp)
{
	size_t i;

	if (cp == '\\')
		return 1;
	for (i = 0; i < sizeof(unsafe_ranges) / sizeof(unsafe_ranges[0]); i++)
		if (cp >= unsafe_ranges[i].first && cp <= unsafe_ranges[i].last)
			return 1;
	return 0;
}

/*
 * The length of the valid UTF-8 character at s (at most len bytes) and
 * its code point, or 0 if s does not start one (overlong forms,
 * surrogates and values past U+10FFFF are not valid).
 */
static size_t
utf8_char(const uint8_t *s, size_t len, uint32_t *cp)
{
	size_t n, i;
	uint32_t min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2; min = 0x80; *cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3; min = 0x800; *cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4; min = 0x10000; *cp = s[0] & 0x07;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return n;
}

/*
 * Copies srclen untrusted bytes (NULs included) into dst as safe text;
 * dstlen > 0.  Returns dst.
 */
char *
sanitize(char *dst, size_t dstlen, const void *src, size_t srclen)
{
	const uint8_t *s = src;
	size_t i = 0, o = 0, n, k;
	uint32_t cp;

	if (dstlen == 0)
		return dst;
	while (i < srclen) {
		n = utf8_char(s + i, srclen - i, &cp);
		if (n != 0 && !unsafe_code_point(cp)) {
			if (o + n >= dstlen)
				break;
			memcpy(dst + o, s + i, n);
			o += n;
			i += n;
			continue;
		}
		/* Each byte of a kept-out character is escaped alone. */
		for (k = 0; k < (n ? n : 1); k++) {
			if (o + 4 >= dstlen)
				goto out;
			snprintf(dst + o, dstlen - o, "\\x%02x", s[i]);
			o += 4;
			i++;
		}
	}
out:
	dst[o] = '\0';
	return dst;
}

/* The same for a NUL-terminated string. */
char *
sanitize_str(char *dst, size_t dstlen, const char *src)
{
	return sanitize(dst, dstlen, src, strlen(src));
}

/* Whether src would change: a clean name is used as it is. */
int
sanitize_needed(const char *src)
{
	const uint8_t *s = (const uint8_t *)src;
	size_t len = strlen(src), i = 0, n;
	uint32_t cp;

	while (i < len) {
		if ((n = utf8_char(s + i, len - i, &cp)) == 0 ||
		    unsafe_code_point(cp))
			return 1;
		i += n;
	}
	return 0;
}
