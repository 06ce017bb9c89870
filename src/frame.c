/*
 * Decoding of captured frames down to an IPv4 UDP payload.
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
#define UDP_HDR_LEN		8
#define IPPROTO_UDP_NUM		17
#define IP_MF			0x2000
#define IP_OFFMASK		0x1fff

/* BSD loopback headers carry the address family; these are the values
 * an IPv4 frame can have whatever system wrote it. */
#define BSD_AF_INET		2

#ifndef DLT_IPV4
#define DLT_IPV4		228
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

int
frame_linktype_supported(int dlt)
{
	switch (dlt) {
	case DLT_EN10MB:
	case DLT_NULL:
	case DLT_LOOP:
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_LINUX_SLL:
	case DLT_LINUX_SLL2:
		return 1;
	}
	return 0;
}

/* Ethernet: skip the header and up to VLAN_MAX_TAGS VLAN tags. */
static enum frame_error
skip_ethernet(const uint8_t *data, size_t caplen, size_t *off)
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
			return FRAME_NOT_IPV4;
		pos += VLAN_TAG_LEN;
		if (caplen < pos + 2)
			return FRAME_TRUNCATED;
		type = get_be16(data + pos);
	}
	if (type != ETHERTYPE_IPV4)
		return FRAME_NOT_IPV4;
	*off = pos + 2;
	return FRAME_OK;
}

/* DLT_NULL stores the family in the writer's byte order, DLT_LOOP in
 * network byte order; accept AF_INET either way for DLT_NULL. */
static enum frame_error
skip_bsd_loopback(int dlt, const uint8_t *data, size_t caplen, size_t *off)
{
	uint32_t family;

	if (caplen < NULL_HDR_LEN)
		return FRAME_TRUNCATED;
	family = get_be32(data);
	if (family != BSD_AF_INET &&
	    !(dlt == DLT_NULL && family == (uint32_t)BSD_AF_INET << 24))
		return FRAME_NOT_IPV4;
	*off = NULL_HDR_LEN;
	return FRAME_OK;
}

/*
 * The cooked headers carry the packet type and (SLL2) the interface,
 * read before anything else can fail so that even a frame that does not
 * decode is put down to its interface.
 */
static enum frame_error
skip_link(int dlt, const uint8_t *data, size_t caplen, size_t *off,
    struct frame_udp4 *out)
{
	switch (dlt) {
	case DLT_EN10MB:
		return skip_ethernet(data, caplen, off);
	case DLT_NULL:
	case DLT_LOOP:
		return skip_bsd_loopback(dlt, data, caplen, off);
	case DLT_RAW:
	case DLT_IPV4:
		if (caplen < 1)
			return FRAME_TRUNCATED;
		if (data[0] >> 4 != 4)
			return FRAME_NOT_IPV4;
		*off = 0;
		return FRAME_OK;
	case DLT_LINUX_SLL:
		if (caplen < SLL_HDR_LEN)
			return FRAME_TRUNCATED;
		out->pkttype = get_be16(data);
		if (get_be16(data + 14) != ETHERTYPE_IPV4)
			return FRAME_NOT_IPV4;
		*off = SLL_HDR_LEN;
		return FRAME_OK;
	case DLT_LINUX_SLL2:
		if (caplen < SLL2_HDR_LEN)
			return FRAME_TRUNCATED;
		out->ifindex = get_be32(data + 4);
		out->pkttype = data[10];
		if (get_be16(data) != ETHERTYPE_IPV4)
			return FRAME_NOT_IPV4;
		*off = SLL2_HDR_LEN;
		return FRAME_OK;
	}
	return FRAME_LINKTYPE;
}

/*
 * IPv4 then UDP.  The datagram ends where the IPv4 total length says,
 * which may be before the end of the capture (Ethernet padding) but
 * must not be after it (a truncated capture is rejected, not guessed).
 */
static enum frame_error
decode_ipv4_udp(const uint8_t *ip, size_t avail, struct frame_udp4 *out)
{
	size_t hlen, total, udplen;
	uint16_t frag;
	const uint8_t *udp;

	if (avail < IPV4_MIN_HDR_LEN)
		return FRAME_TRUNCATED;
	if (ip[0] >> 4 != 4)
		return FRAME_NOT_IPV4;
	hlen = (size_t)(ip[0] & 0x0f) * 4;
	total = get_be16(ip + 2);
	if (hlen < IPV4_MIN_HDR_LEN || total < hlen)
		return FRAME_BAD_IPV4;
	if (total > avail)
		return FRAME_TRUNCATED;
	frag = get_be16(ip + 6);
	if (frag & (IP_MF | IP_OFFMASK))
		return FRAME_FRAGMENT;
	if (ip[9] != IPPROTO_UDP_NUM)
		return FRAME_NOT_UDP;
	if (total - hlen < UDP_HDR_LEN)
		return FRAME_BAD_UDP;
	udp = ip + hlen;
	udplen = get_be16(udp + 4);
	if (udplen < UDP_HDR_LEN || udplen > total - hlen)
		return FRAME_BAD_UDP;

	memcpy(&out->src.s_addr, ip + 12, 4);
	memcpy(&out->dst.s_addr, ip + 16, 4);
	out->sport = get_be16(udp);
	out->dport = get_be16(udp + 2);
	out->payload = udp + UDP_HDR_LEN;
	out->payload_len = udplen - UDP_HDR_LEN;
	return FRAME_OK;
}

enum frame_error
frame_decode(int dlt, const uint8_t *data, size_t caplen,
    struct frame_udp4 *out)
{
	enum frame_error error;
	size_t off = 0;

	memset(out, 0, sizeof(*out));
	out->pkttype = FRAME_PKTTYPE_UNKNOWN;
	if (data == NULL)
		return FRAME_TRUNCATED;
	if ((error = skip_link(dlt, data, caplen, &off, out)) != FRAME_OK)
		return error;
	return decode_ipv4_udp(data + off, caplen - off, out);
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
	case FRAME_NOT_IPV4:
		return "not IPv4";
	case FRAME_BAD_IPV4:
		return "malformed IPv4 header";
	case FRAME_FRAGMENT:
		return "IPv4 fragment";
	case FRAME_NOT_UDP:
		return "not UDP";
	case FRAME_BAD_UDP:
		return "malformed UDP header";
	}
	return "unknown frame error";
}
