/* SPDX-License-Identifier: ISC */
/*
 * Decoding of captured frames down to a UDP payload over IPv4 or IPv6.
 *
 * Capture delivers one link type, DLT_LINUX_SLL2 (capture.c sets it and
 * refuses to run without it): a cooked header that names the interface
 * and the direction, then the network header.  libpcap puts a VLAN tag
 * that the kernel took off the frame back after the cooked header, as
 * it was on the wire, so up to VLAN_MAX_TAGS tags are skipped.  Nothing
 * here trusts a length field it has not checked against caplen, the
 * number of bytes really captured.
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "frame.h"

#define ETHERTYPE_IPV4		0x0800
#define ETHERTYPE_IPV6		0x86dd
#define ETHERTYPE_VLAN		0x8100
#define ETHERTYPE_QINQ		0x88a8
#define ETHERTYPE_QINQ_OLD	0x9100
#define VLAN_TAG_LEN		4
#define VLAN_MAX_TAGS		4
#define SLL2_HDR_LEN		20
#define IPV4_MIN_HDR_LEN	20
#define IPV6_HDR_LEN		40
#define IPV6_EXT_HOPOPTS	0
#define IPV6_EXT_ROUTING	43
#define IPV6_EXT_FRAGMENT	44
#define IPV6_EXT_DSTOPTS	60
#define IPV6_MAX_EXT		8
#define UDP_HDR_LEN		8
#define IPPROTO_UDP_NUM		17
#define IP_MF			0x2000
#define IP_OFFMASK		0x1fff

static uint16_t
get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* The network protocol a link header announces. */
static enum frame_error
net_from_ethertype(uint16_t type, int *family)
{
	switch (type) {
	case ETHERTYPE_IPV4:
		*family = AF_INET;
		return FRAME_OK;
	case ETHERTYPE_IPV6:
		*family = AF_INET6;
		return FRAME_OK;
	}
	return FRAME_NOT_IP;
}

static int
is_vlan(uint16_t type)
{
	return type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ ||
	    type == ETHERTYPE_QINQ_OLD;
}

/*
 * The SLL2 header: protocol (2 bytes), reserved (2), interface index
 * (4), ARPHRD type (2), packet type (1), address length (1), address
 * (8).  The interface and packet type are read before anything else can
 * fail, so that even a frame that does not decode is put down to its
 * interface.  A tag is the TCI (2 bytes) then the next protocol (2).
 */
static enum frame_error
skip_sll2(const uint8_t *data, size_t caplen, size_t *off, int *family,
    struct frame_udp *out)
{
	size_t pos = SLL2_HDR_LEN;
	uint16_t type;
	int tags = 0;

	if (caplen < SLL2_HDR_LEN)
		return FRAME_TRUNCATED;
	out->ifindex = get_be32(data + 4);
	out->pkttype = data[10];
	type = get_be16(data);
	while (is_vlan(type)) {
		if (++tags > VLAN_MAX_TAGS)
			return FRAME_NOT_IP;
		if (caplen < pos + VLAN_TAG_LEN)
			return FRAME_TRUNCATED;
		type = get_be16(data + pos + 2);
		pos += VLAN_TAG_LEN;
	}
	*off = pos;
	return net_from_ethertype(type, family);
}

/*
 * UDP inside the span the IP header gave it.  captured is what the
 * capture holds of that span (less than claimed when the snapshot
 * length cut the datagram short: lenient decoding only) and first says
 * the span is a first fragment, whose UDP length covers fragments to
 * come.
 */
static enum frame_error
decode_udp(const uint8_t *udp, size_t captured, size_t claimed, int first,
    struct frame_udp *out)
{
	size_t udplen;

	if (captured < UDP_HDR_LEN)
		return FRAME_BAD_UDP;
	udplen = get_be16(udp + 4);
	if (udplen < UDP_HDR_LEN || (!first && udplen > claimed))
		return FRAME_BAD_UDP;
	out->sport = get_be16(udp);
	out->dport = get_be16(udp + 2);
	out->payload = udp + UDP_HDR_LEN;
	out->payload_len = udplen - UDP_HDR_LEN;
	if (out->payload_len > captured - UDP_HDR_LEN)
		out->payload_len = captured - UDP_HDR_LEN;
	return FRAME_OK;
}

/*
 * IPv4.  The datagram ends where the total length says, which may be
 * before the end of the capture (Ethernet padding) but must not be
 * after it (a truncated capture is rejected, not guessed), unless the
 * caller asked for the headers only (lenient: watch mode, whose
 * snapshot length keeps the headers of a datagram of any size).  A
 * fragment is FRAME_FRAGMENT with its identification filled in; lenient
 * decoding takes a first fragment's UDP header (its ports) as a
 * datagram's.
 */
static enum frame_error
decode_ipv4(const uint8_t *ip, size_t avail, int lenient,
    struct frame_udp *out)
{
	size_t hlen, total;
	uint16_t frag;

	if (avail < IPV4_MIN_HDR_LEN)
		return FRAME_TRUNCATED;
	if (ip[0] >> 4 != 4)
		return FRAME_BAD_IP;
	hlen = (size_t)(ip[0] & 0x0f) * 4;
	total = get_be16(ip + 2);
	if (hlen < IPV4_MIN_HDR_LEN || total < hlen)
		return FRAME_BAD_IP;
	if (total > avail && (!lenient || avail < hlen))
		return FRAME_TRUNCATED;
	addr_set(&out->src, AF_INET, ip + 12, 4);
	addr_set(&out->dst, AF_INET, ip + 16, 4);
	frag = get_be16(ip + 6);
	if (frag & (IP_MF | IP_OFFMASK)) {
		out->fragment = frag & IP_OFFMASK ? FRAME_FRAG_LATER :
		    FRAME_FRAG_FIRST;
		out->frag_id = get_be16(ip + 4);
		if (!lenient || out->fragment == FRAME_FRAG_LATER ||
		    ip[9] != IPPROTO_UDP_NUM)
			return FRAME_FRAGMENT;
	}
	if (ip[9] != IPPROTO_UDP_NUM)
		return FRAME_NOT_UDP;
	return decode_udp(ip + hlen, (total < avail ? total : avail) - hlen,
	    total - hlen, out->fragment == FRAME_FRAG_FIRST, out);
}

/*
 * An IPv6 fragment header at ip + pos: its identification, whether it
 * is a later fragment, and the header after it.
 */
static enum frame_error
ipv6_fragment(const uint8_t *ip, size_t end, size_t pos, uint8_t *next,
    struct frame_udp *out)
{
	if (end < pos + 8)
		return FRAME_BAD_IP;
	out->frag_id = get_be32(ip + pos + 4);
	out->fragment = get_be16(ip + pos + 2) >> 3 ? FRAME_FRAG_LATER :
	    FRAME_FRAG_FIRST;
	*next = ip[pos];
	return FRAME_OK;
}

/*
 * IPv6: the fixed header, then the extension headers a datagram may
 * carry before UDP (hop-by-hop, routing, destination options); a
 * fragment header means a fragment, whose UDP header may be elsewhere
 * (lenient decoding, as for IPv4, takes a first fragment's).
 */
static enum frame_error
decode_ipv6(const uint8_t *ip, size_t avail, int lenient,
    struct frame_udp *out)
{
	size_t total, end, pos = IPV6_HDR_LEN, extlen;
	uint8_t next;
	int hops = 0;

	if (avail < IPV6_HDR_LEN)
		return FRAME_TRUNCATED;
	if (ip[0] >> 4 != 6)
		return FRAME_BAD_IP;
	total = IPV6_HDR_LEN + get_be16(ip + 4);
	if (total > avail && !lenient)
		return FRAME_TRUNCATED;
	end = total < avail ? total : avail;	/* what is here to read */
	addr_set(&out->src, AF_INET6, ip + 8, 16);
	addr_set(&out->dst, AF_INET6, ip + 24, 16);
	next = ip[6];
	while (next == IPV6_EXT_HOPOPTS || next == IPV6_EXT_ROUTING ||
	    next == IPV6_EXT_DSTOPTS) {
		if (++hops > IPV6_MAX_EXT || end < pos + 8)
			return FRAME_BAD_IP;
		extlen = ((size_t)ip[pos + 1] + 1) * 8;
		if (end < pos + extlen)
			return FRAME_BAD_IP;
		next = ip[pos];
		pos += extlen;
	}
	if (next == IPV6_EXT_FRAGMENT) {
		if (ipv6_fragment(ip, end, pos, &next, out) != FRAME_OK)
			return FRAME_BAD_IP;
		pos += 8;
		if (!lenient || out->fragment == FRAME_FRAG_LATER ||
		    next != IPPROTO_UDP_NUM)
			return FRAME_FRAGMENT;
	}
	if (next != IPPROTO_UDP_NUM)
		return FRAME_NOT_UDP;
	return decode_udp(ip + pos, end - pos, total - pos,
	    out->fragment == FRAME_FRAG_FIRST, out);
}

static enum frame_error
decode(const uint8_t *data, size_t caplen, int lenient, struct frame_udp *out)
{
	enum frame_error error;
	size_t off = 0;
	int family = AF_UNSPEC;	/* the one the link header announces */

	memset(out, 0, sizeof(*out));
	out->pkttype = FRAME_PKTTYPE_UNKNOWN;
	if (data == NULL)
		return FRAME_TRUNCATED;
	if ((error = skip_sll2(data, caplen, &off, &family, out)) != FRAME_OK)
		return error;
	if (family == AF_INET6)
		return decode_ipv6(data + off, caplen - off, lenient, out);
	return decode_ipv4(data + off, caplen - off, lenient, out);
}

enum frame_error
frame_decode(const uint8_t *data, size_t caplen, struct frame_udp *out)
{
	return decode(data, caplen, 0, out);
}

/*
 * The headers only: a datagram cut short by the snapshot length keeps
 * its addresses and ports (its payload is what was captured), and a
 * first fragment is a datagram (FRAME_OK, fragment FRAME_FRAG_FIRST).
 */
enum frame_error
frame_decode_headers(const uint8_t *data, size_t caplen,
    struct frame_udp *out)
{
	return decode(data, caplen, 1, out);
}

const char *
frame_strerror(enum frame_error error)
{
	switch (error) {
	case FRAME_OK:
		return "ok";
	case FRAME_TRUNCATED:
		return "truncated frame";
	case FRAME_NOT_IP:
		return "neither IPv4 nor IPv6";
	case FRAME_BAD_IP:
		return "malformed IP header";
	case FRAME_FRAGMENT:
		return "IP fragment";
	case FRAME_NOT_UDP:
		return "not UDP";
	case FRAME_BAD_UDP:
		return "malformed UDP header";
	}
	return "unknown frame error";
}
