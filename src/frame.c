/*
 * Decoding of captured frames down to a UDP payload over IPv4 or IPv6.
 *
 * The link layers are the ones a capture on Linux or the BSDs hands us:
 * Ethernet (Linux lo is Ethernet too) with 802.1Q/802.1ad tags, BSD
 * loopback (DLT_NULL, DLT_LOOP), raw IP (tunnels), and Linux cooked
 * captures (the "any" device).  Nothing here trusts a length field it
 * has not checked against caplen, the number of bytes really captured.
 */
#include "config.h"

#include <pcap/dlt.h>
#include <string.h>
#include <sys/socket.h>

#include "frame.h"

#define ETHERTYPE_IPV4		0x0800
#define ETHERTYPE_IPV6		0x86dd
#define ETHERTYPE_VLAN		0x8100
#define ETHERTYPE_QINQ		0x88a8
#define ETHERTYPE_QINQ_OLD	0x9100
#define ETHER_HDR_LEN		14
#define VLAN_TAG_LEN		4
#define VLAN_MAX_TAGS		4
#define SLL_HDR_LEN		16
#define SLL2_HDR_LEN		20
#define NULL_HDR_LEN		4
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

#ifndef DLT_IPV4
#define DLT_IPV4		228
#endif
#ifndef DLT_IPV6
#define DLT_IPV6		229
#endif

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

/* Ethernet: skip the header and up to VLAN_MAX_TAGS VLAN tags. */
static enum frame_error
skip_ethernet(const uint8_t *data, size_t caplen, size_t *off, int *family)
{
	size_t pos = 12;
	uint16_t type;
	int tags = 0;

	if (caplen < ETHER_HDR_LEN)
		return FRAME_TRUNCATED;
	type = get_be16(data + pos);
	while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ ||
	    type == ETHERTYPE_QINQ_OLD) {
		if (++tags > VLAN_MAX_TAGS)
			return FRAME_NOT_IP;
		pos += VLAN_TAG_LEN;
		if (caplen < pos + 2)
			return FRAME_TRUNCATED;
		type = get_be16(data + pos);
	}
	*off = pos + 2;
	return net_from_ethertype(type, family);
}

/*
 * DLT_NULL stores the family in the writer's byte order, DLT_LOOP in
 * network byte order.  AF_INET is 2 everywhere; AF_INET6 differs by
 * system (Linux 10, the BSDs 24, 28 and 30), so all are accepted.
 */
static int
bsd_family(uint32_t value)
{
	switch (value) {
	case 2:
		return AF_INET;
	case 10:
	case 24:
	case 28:
	case 30:
		return AF_INET6;
	}
	return AF_UNSPEC;
}

static enum frame_error
skip_bsd_loopback(int dlt, const uint8_t *data, size_t caplen, size_t *off,
    int *family)
{
	uint32_t value;

	if (caplen < NULL_HDR_LEN)
		return FRAME_TRUNCATED;
	value = get_be32(data);
	*family = bsd_family(value);
	if (*family == AF_UNSPEC && dlt == DLT_NULL)
		*family = bsd_family(value >> 24 | (value >> 8 & 0xff00) |
		    (value << 8 & 0xff0000) | value << 24);
	if (*family == AF_UNSPEC)
		return FRAME_NOT_IP;
	*off = NULL_HDR_LEN;
	return FRAME_OK;
}

/* Raw IP: the version nibble says which. */
static enum frame_error
skip_raw(const uint8_t *data, size_t caplen, size_t *off, int *family)
{
	if (caplen < 1)
		return FRAME_TRUNCATED;
	switch (data[0] >> 4) {
	case 4:
		*family = AF_INET;
		break;
	case 6:
		*family = AF_INET6;
		break;
	default:
		return FRAME_NOT_IP;
	}
	*off = 0;
	return FRAME_OK;
}

/*
 * The cooked headers carry the packet type and (SLL2) the interface,
 * read before anything else can fail so that even a frame that does not
 * decode is put down to its interface.
 */
static enum frame_error
skip_link(int dlt, const uint8_t *data, size_t caplen, size_t *off,
    int *family, struct frame_udp *out)
{
	switch (dlt) {
	case DLT_EN10MB:
		return skip_ethernet(data, caplen, off, family);
	case DLT_NULL:
	case DLT_LOOP:
		return skip_bsd_loopback(dlt, data, caplen, off, family);
	case DLT_RAW:
		return skip_raw(data, caplen, off, family);
	case DLT_IPV4:
		*family = AF_INET;
		return FRAME_OK;
	case DLT_IPV6:
		*family = AF_INET6;
		return FRAME_OK;
	case DLT_LINUX_SLL:
		if (caplen < SLL_HDR_LEN)
			return FRAME_TRUNCATED;
		out->pkttype = get_be16(data);
		*off = SLL_HDR_LEN;
		return net_from_ethertype(get_be16(data + 14), family);
	case DLT_LINUX_SLL2:
		if (caplen < SLL2_HDR_LEN)
			return FRAME_TRUNCATED;
		out->ifindex = get_be32(data + 4);
		out->pkttype = data[10];
		*off = SLL2_HDR_LEN;
		return net_from_ethertype(get_be16(data), family);
	}
	return FRAME_LINKTYPE;
}

/* UDP inside the span the IP header gave it. */
static enum frame_error
decode_udp(const uint8_t *udp, size_t avail, struct frame_udp *out)
{
	size_t udplen;

	if (avail < UDP_HDR_LEN)
		return FRAME_BAD_UDP;
	udplen = get_be16(udp + 4);
	if (udplen < UDP_HDR_LEN || udplen > avail)
		return FRAME_BAD_UDP;
	out->sport = get_be16(udp);
	out->dport = get_be16(udp + 2);
	out->payload = udp + UDP_HDR_LEN;
	out->payload_len = udplen - UDP_HDR_LEN;
	return FRAME_OK;
}

/*
 * IPv4.  The datagram ends where the total length says, which may be
 * before the end of the capture (Ethernet padding) but must not be
 * after it (a truncated capture is rejected, not guessed).
 */
static enum frame_error
decode_ipv4(const uint8_t *ip, size_t avail, struct frame_udp *out)
{
	size_t hlen, total;

	if (avail < IPV4_MIN_HDR_LEN)
		return FRAME_TRUNCATED;
	if (ip[0] >> 4 != 4)
		return FRAME_BAD_IP;
	hlen = (size_t)(ip[0] & 0x0f) * 4;
	total = get_be16(ip + 2);
	if (hlen < IPV4_MIN_HDR_LEN || total < hlen)
		return FRAME_BAD_IP;
	if (total > avail)
		return FRAME_TRUNCATED;
	if (get_be16(ip + 6) & (IP_MF | IP_OFFMASK))
		return FRAME_FRAGMENT;
	if (ip[9] != IPPROTO_UDP_NUM)
		return FRAME_NOT_UDP;
	addr_set(&out->src, AF_INET, ip + 12, 4);
	addr_set(&out->dst, AF_INET, ip + 16, 4);
	return decode_udp(ip + hlen, total - hlen, out);
}

/*
 * IPv6: the fixed header, then the extension headers a datagram may
 * carry before UDP (hop-by-hop, routing, destination options); a
 * fragment header means a fragment, whose UDP header may be elsewhere.
 */
static enum frame_error
decode_ipv6(const uint8_t *ip, size_t avail, struct frame_udp *out)
{
	size_t total, pos = IPV6_HDR_LEN, extlen;
	uint8_t next;
	int hops = 0;

	if (avail < IPV6_HDR_LEN)
		return FRAME_TRUNCATED;
	if (ip[0] >> 4 != 6)
		return FRAME_BAD_IP;
	total = IPV6_HDR_LEN + get_be16(ip + 4);
	if (total > avail)
		return FRAME_TRUNCATED;
	next = ip[6];
	while (next == IPV6_EXT_HOPOPTS || next == IPV6_EXT_ROUTING ||
	    next == IPV6_EXT_DSTOPTS) {
		if (++hops > IPV6_MAX_EXT || total < pos + 8)
			return FRAME_BAD_IP;
		extlen = ((size_t)ip[pos + 1] + 1) * 8;
		if (total < pos + extlen)
			return FRAME_BAD_IP;
		next = ip[pos];
		pos += extlen;
	}
	if (next == IPV6_EXT_FRAGMENT)
		return FRAME_FRAGMENT;
	if (next != IPPROTO_UDP_NUM)
		return FRAME_NOT_UDP;
	addr_set(&out->src, AF_INET6, ip + 8, 16);
	addr_set(&out->dst, AF_INET6, ip + 24, 16);
	return decode_udp(ip + pos, total - pos, out);
}

enum frame_error
frame_decode(int dlt, const uint8_t *data, size_t caplen,
    struct frame_udp *out)
{
	enum frame_error error;
	size_t off = 0;
	int family = AF_UNSPEC;	/* the one the link header announces */

	memset(out, 0, sizeof(*out));
	out->pkttype = FRAME_PKTTYPE_UNKNOWN;
	if (data == NULL)
		return FRAME_TRUNCATED;
	if ((error = skip_link(dlt, data, caplen, &off, &family, out)) !=
	    FRAME_OK)
		return error;
	if (family == AF_INET6)
		return decode_ipv6(data + off, caplen - off, out);
	return decode_ipv4(data + off, caplen - off, out);
}

const char *
frame_strerror(enum frame_error error)
{
	switch (error) {
	case FRAME_OK:
		return "ok";
	case FRAME_LINKTYPE:
		return "unsupported link type";
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
