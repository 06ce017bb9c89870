/* SPDX-License-Identifier: ISC */
/*
 * Packet capture on every interface: a pcap handle on Linux's "any"
 * device, driven by libevent.
 */
#ifndef MCV_CAPTURE_H
#define MCV_CAPTURE_H

#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#include "frame.h"

struct event_base;
struct capture;
struct captured;

/*
 * Called for each captured frame; error says whether it decoded to
 * UDP over IPv4 or IPv6.  The interface and direction are filled in
 * either way when the cooked header was captured.
 */
typedef void (*capture_cb)(void *arg, const struct frame_udp *,
    enum frame_error error, const struct captured *);

/* Called once if the capture fails while the loop runs. */
typedef void (*capture_error_cb)(void *arg, const char *ifname,
    const char *error);

#define CAPTURE_DEVICE	"any"

/*
 * Bytes kept of each frame: the cooked header, IP and UDP headers and a
 * probe's payload, whole; evidence (--pcap) saves frames as captured.
 */
#define CAPTURE_SNAPLEN	256

/* The one capture handle, on every interface at once ("any"). */
struct capture_totals {
	char		device[IF_NAMESIZE];
	unsigned long	frames;		/* frames that passed the filter */
	unsigned long	ignored;	/* received, not sent, on an uplink */
	unsigned long	undecodable;
	unsigned long	dropped;	/* pcap_stats(): kernel and interface */
};

/* A frame as it was captured, for evidence (--pcap). */
struct captured {
	struct timeval	 ts;
	unsigned	 caplen;
	unsigned	 len;
	const uint8_t	*data;
};

/*
 * The kernel's ring, in bytes.  A check's filter lets in only the group
 * and port of its probes, a handful of frames; watch mode sees every
 * datagram to every group routed to loopback, for as long as it runs,
 * and must ride out a burst while the loop is busy elsewhere.
 */
#define CAPTURE_BUFFER_CHECK	(64 * 1024)
#define CAPTURE_BUFFER_WATCH	(1024 * 1024)

struct capture	*capture_open(struct event_base *, const char *filter,
		    int buffer_size,
		    struct capture_totals *, capture_cb, capture_error_cb,
		    void *arg, char *err, size_t errlen);
int		 capture_set_filter(struct capture *, const char *filter,
		    char *err, size_t errlen);
void		 capture_decode_headers(struct capture *);
void		 capture_poll(struct capture *);
void		 capture_drops(struct capture *, struct capture_totals *);
void		 capture_close(struct capture *);

#endif
