/* SPDX-License-Identifier: ISC */
/*
 * IPv4 and IPv6 addresses behind one type, so that routes, probes,
 * captures and reports are written once for both families.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "addr.h"

/* Either family's text form; 0, or -1 when it is neither. */
int
addr_parse(const char *s, struct addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, &a->u.v4) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, s, &a->u.v6) == 1)
		a->family = AF_INET6;
	else
		return -1;
	return 0;
}

/* From len raw bytes (a netlink attribute); -1 if len does not fit. */
int
addr_set(struct addr *a, int family, const void *bytes, size_t len)
{
	memset(a, 0, sizeof(*a));
	if ((family == AF_INET && len == sizeof(a->u.v4)) ||
	    (family == AF_INET6 && len == sizeof(a->u.v6))) {
		a->family = family;
		memcpy(&a->u, bytes, len);
		return 0;
	}
	return -1;
}

/* 127.0.0.1 or ::1. */
void
addr_loopback(int family, struct addr *a)
{
	memset(a, 0, sizeof(*a));
	a->family = family;
	if (family == AF_INET6)
		a->u.v6 = in6addr_loopback;
	else
		a->u.v4.s_addr = htonl(INADDR_LOOPBACK);
}

/* The text form; "" for an unset address. */
const char *
addr_ntop(const struct addr *a, char *buf, size_t size)
{
	if (size == 0)
		return buf;
	if (a->family == 0 || inet_ntop(a->family, &a->u, buf,
	    (socklen_t)size) == NULL)
		buf[0] = '\0';
	return buf;
}

/* "198.51.100.2:40000", "[2001:db8::2]:40000" */
const char *
addr_endpoint(const struct addr *a, unsigned port, char *buf, size_t size)
{
	char s[ADDR_STRLEN];

	addr_ntop(a, s, sizeof(s));
	snprintf(buf, size, a->family == AF_INET6 ? "[%s]:%u" : "%s:%u", s,
	    port);
	return buf;
}

size_t
addr_size(const struct addr *a)
{
	return a->family == AF_INET6 ? sizeof(a->u.v6) : sizeof(a->u.v4);
}

/* The prefix length of a host route. */
unsigned
addr_bits(const struct addr *a)
{
	return (unsigned)addr_size(a) * 8;
}

int
addr_equal(const struct addr *a, const struct addr *b)
{
	return a->family == b->family &&
	    memcmp(&a->u, &b->u, addr_size(a)) == 0;
}

int
addr_is_multicast(const struct addr *a)
{
	if (a->family == AF_INET6)
		return IN6_IS_ADDR_MULTICAST(&a->u.v6);
	return a->family == AF_INET && IN_MULTICAST(ntohl(a->u.v4.s_addr));
}

/* The socket address of a:port; returns its length. */
socklen_t
addr_sockaddr(const struct addr *a, unsigned port,
    struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET6) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = a->u.v6;
		sin6->sin6_port = htons((uint16_t)port);
		return sizeof(*sin6);
	}
	sin->sin_family = AF_INET;
	sin->sin_addr = a->u.v4;
	sin->sin_port = htons((uint16_t)port);
	return sizeof(*sin);
}

/*
 * The reverse: the address of an AF_INET or AF_INET6 socket address
 * into a (unless NULL); returns its port.
 */
unsigned
addr_from_sockaddr(const struct sockaddr_storage *ss, struct addr *a)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;

	if (ss->ss_family == AF_INET6) {
		if (a != NULL)
			addr_set(a, AF_INET6, &sin6->sin6_addr, 16);
		return ntohs(sin6->sin6_port);
	}
	if (a != NULL)
		addr_set(a, AF_INET, &sin->sin_addr, 4);
	return ntohs(sin->sin_port);
}

/* Whether a lies in prefix/len (of a's family); a zero len holds all. */
int
addr_in_prefix(const struct addr *a, const struct addr *prefix, unsigned len)
{
	const unsigned char *x = (const unsigned char *)&a->u,
	    *y = (const unsigned char *)&prefix->u;
	unsigned full = len / 8, rest = len % 8;
	unsigned char mask;

	if (len == 0)
		return prefix->family == a->family || prefix->family == 0;
	if (a->family != prefix->family || len > addr_bits(a))
		return 0;
	if (memcmp(x, y, full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	mask = (unsigned char)(0xff << (8 - rest));
	return (x[full] & mask) == (y[full] & mask);
}

/* The wildcard address, 0.0.0.0 or :: (and an unset one). */
int
addr_is_any(const struct addr *a)
{
	static const unsigned char zero[16];

	return a->family == 0 || memcmp(&a->u, zero, addr_size(a)) == 0;
}
