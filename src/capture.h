/*
 * Packet capture on one interface: a pcap handle driven by libevent.
 */
#ifndef MCV_CAPTURE_H
#define MCV_CAPTURE_H

#include <netinet/in.h>
#include <stddef.h>

#include "frame.h"
#include "result.h"

struct event_base;
struct capture;

/* Called for each captured frame that decodes to IPv4 UDP. */
typedef void (*capture_cb)(void *arg, struct capture_stats *,
    const struct frame_udp4 *);

/* Called once if the capture fails while the loop runs. */
typedef void (*capture_error_cb)(void *arg, const char *ifname,
    const char *error);

struct capture_spec {
	const char	*ifname;
	int		 outgoing_only;	/* PCAP_D_OUT, for the egress */
	struct in_addr	 group;
	unsigned	 port;
};

struct capture	*capture_open(struct event_base *, const struct capture_spec *,
		    struct capture_stats *, capture_cb, capture_error_cb,
		    void *arg, char *err, size_t errlen);
void		 capture_poll(struct capture *);
void		 capture_close(struct capture *);

#endif
