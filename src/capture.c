/* SPDX-License-Identifier: ISC */
/*
 * Packet capture on every interface at once.
 *
 * One handle on the "any" device sees a probe whichever interface it
 * leaves by, including ones that are not the default route's.  Its link
 * type is set to DLT_LINUX_SLL2, whose header names the interface and
 * the direction; classify.c reads them (never filter keywords such as
 * "outbound", which libpcap applies in user space to frames queued
 * before the filter, and so loses the first probe: HACKING, section 3).
 *
 * The handle is created, tuned and activated, filtered in the kernel
 * and made non-blocking; its selectable fd is then a persistent libevent
 * read event, so capture is live before the first probe leaves and no
 * packet depends on timing.  Immediate mode, or Linux holds packets back.
 */
#include "config.h"

#include <arpa/inet.h>
#include <event2/event.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>

#include "capture.h"
#include "log.h"

/* The kernel's limit on a classic BPF program (BPF_MAXINSNS). */
#define KERNEL_BPF_MAXINSNS	4096

struct capture {
	pcap_t			*pcap;
	struct event		*ev;
	struct capture_totals	*stats;
	capture_cb		 cb;
	capture_error_cb	 error_cb;
	void			*arg;
	unsigned long		 unfiltered_drops;
	int			 buffer_size;	/* the kernel's ring, bytes */
	int			 dispatching;	/* inside pcap_dispatch() */
	int			 headers_only;	/* frame_decode_headers() */
};

/*
 * The handle captures everything from pcap_activate() until its filter
 * is in place; on a busy host the ring overflows in that window, and
 * the kernel counts drops of frames the filter would have refused.
 * Nothing the capture waits for can be among them (a check's probes go
 * out later), so they are left out of the count.
 */
static int
drops_now(struct capture *cap, unsigned long *drops)
{
	struct pcap_stat ps;

	if (pcap_stats(cap->pcap, &ps) != 0)
		return -1;
	*drops = (unsigned long)ps.ps_drop + ps.ps_ifdrop;
	return 0;
}

static void
capture_frame(u_char *user, const struct pcap_pkthdr *h, const u_char *data)
{
	struct capture *cap = (struct capture *)user;
	struct captured raw = { h->ts, h->caplen, h->len, data };
	struct frame_udp frame;
	enum frame_error error;

	error = cap->headers_only ?
	    frame_decode_headers(data, h->caplen, &frame) :
	    frame_decode(data, h->caplen, &frame);
	if (error != FRAME_OK)
		log_debug("capture on %s: frame of %u bytes skipped: %s",
		    cap->stats->device, h->caplen, frame_strerror(error));
	cap->cb(cap->arg, &frame, error, &raw);
}

/*
 * Reads what is queued.  A frame's callback may ask for a poll (the
 * check, once every probe is complete, reads what is left): from inside
 * pcap_dispatch() that would start over at the frame being handed out,
 * whose ring slot is released only when the callback returns, and
 * deliver it twice.  The dispatch under way reads the rest anyway.
 */
static void
capture_readable(evutil_socket_t fd, short what, void *arg)
{
	struct capture *cap = arg;
	int rc;

	(void)fd;
	(void)what;
	if (cap->dispatching)
		return;
	cap->dispatching = 1;
	rc = pcap_dispatch(cap->pcap, -1, capture_frame, (u_char *)cap);
	cap->dispatching = 0;
	if (rc != PCAP_ERROR)
		return;
	/* The interface went down or away: stop watching, say so once. */
	event_del(cap->ev);
	cap->error_cb(cap->arg, cap->stats->device, pcap_geterr(cap->pcap));
}

static const char *
activate_hint(int status)
{
	switch (status) {
	case PCAP_ERROR_PERM_DENIED:
		return " (capture needs root or CAP_NET_RAW)";
	case PCAP_ERROR_NO_SUCH_DEVICE:
		return " (no such interface)";
	case PCAP_ERROR_IFACE_NOT_UP:
		return " (the interface is down)";
	}
	return "";
}

static int
capture_activate(struct capture *cap, char *err, size_t errlen)
{
	const char *name = cap->stats->device;
	int status;

	if (pcap_set_snaplen(cap->pcap, CAPTURE_SNAPLEN) != 0 ||
	    pcap_set_immediate_mode(cap->pcap, 1) != 0 ||
	    pcap_set_buffer_size(cap->pcap, cap->buffer_size) != 0) {
		snprintf(err, errlen, "capture on %s: cannot set options", name);
		return -1;
	}
	status = pcap_activate(cap->pcap);
	if (status < 0) {
		snprintf(err, errlen, "capture on %s: %s%s", name,
		    status == PCAP_ERROR ? pcap_geterr(cap->pcap) :
		    pcap_statustostr(status), activate_hint(status));
		return -1;
	}
	if (status > 0)
		log_debug("capture on %s: %s", name, pcap_statustostr(status));
	return 0;
}

/* Sets the kernel's filter; the expression is pcap-filter(7)'s. */
int
capture_set_filter(struct capture *cap, const char *expr, char *err,
    size_t errlen)
{
	struct bpf_program prog;
	int rc;

	if (pcap_compile(cap->pcap, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) != 0) {
		snprintf(err, errlen, "capture on %s: filter '%s': %s",
		    cap->stats->device, expr, pcap_geterr(cap->pcap));
		return -1;
	}
	/* Longer, the kernel refuses it and libpcap filters in user space. */
	if (prog.bf_len > KERNEL_BPF_MAXINSNS) {
		snprintf(err, errlen, "capture on %s: filter of %u "
		    "instructions, more than the kernel's %d",
		    cap->stats->device, prog.bf_len, KERNEL_BPF_MAXINSNS);
		pcap_freecode(&prog);
		return -1;
	}
	rc = pcap_setfilter(cap->pcap, &prog);
	pcap_freecode(&prog);
	if (rc != 0) {
		snprintf(err, errlen, "capture on %s: filter: %s",
		    cap->stats->device, pcap_geterr(cap->pcap));
		return -1;
	}
	return 0;
}

/* The cooked header that names the interface (libpcap 1.10 and later). */
static int
capture_linktype(struct capture *cap, char *err, size_t errlen)
{
	if (pcap_set_datalink(cap->pcap, DLT_LINUX_SLL2) != 0) {
		snprintf(err, errlen, "capture on %s: cannot get link type "
		    "LINUX_SLL2, which names the interface (libpcap 1.10 or "
		    "later): %s", cap->stats->device, pcap_geterr(cap->pcap));
		return -1;
	}
	return 0;
}

static int
capture_setup(struct capture *cap, struct event_base *base, const char *expr,
    char *err, size_t errlen)
{
	const char *name = cap->stats->device;
	char ebuf[PCAP_ERRBUF_SIZE];
	int fd;

	if ((cap->pcap = pcap_create(name, ebuf)) == NULL) {
		snprintf(err, errlen, "capture on %s: %s", name, ebuf);
		return -1;
	}
	if (capture_activate(cap, err, errlen) == -1 ||
	    capture_linktype(cap, err, errlen) == -1 ||
	    capture_set_filter(cap, expr, err, errlen) == -1)
		return -1;
	(void)drops_now(cap, &cap->unfiltered_drops);
	if (pcap_setnonblock(cap->pcap, 1, ebuf) != 0 ||
	    (fd = pcap_get_selectable_fd(cap->pcap)) == -1) {
		snprintf(err, errlen, "capture on %s: %s", name,
		    pcap_geterr(cap->pcap));
		return -1;
	}
	cap->ev = event_new(base, fd, EV_READ | EV_PERSIST, capture_readable,
	    cap);
	if (cap->ev == NULL || event_add(cap->ev, NULL) == -1) {
		snprintf(err, errlen, "capture on %s: cannot watch its fd",
		    name);
		return -1;
	}
	return 0;
}

struct capture *
capture_open(struct event_base *base, const char *expr, int buffer_size,
    struct capture_totals *stats, capture_cb cb, capture_error_cb error_cb,
    void *arg, char *err, size_t errlen)
{
	struct capture *cap;

	snprintf(stats->device, sizeof(stats->device), "%s", CAPTURE_DEVICE);
	if ((cap = calloc(1, sizeof(*cap))) == NULL) {
		snprintf(err, errlen, "capture on %s: out of memory",
		    stats->device);
		return NULL;
	}
	cap->stats = stats;
	cap->buffer_size = buffer_size;
	cap->cb = cb;
	cap->error_cb = error_cb;
	cap->arg = arg;
	if (capture_setup(cap, base, expr, err, errlen) == -1) {
		capture_close(cap);
		return NULL;
	}
	return cap;
}

/*
 * Frames are decoded down to their headers only (watch mode): a
 * datagram longer than the snapshot length, or a fragment, still names
 * its flow.  Set before the loop runs, right after capture_open().
 */
void
capture_decode_headers(struct capture *cap)
{
	cap->headers_only = 1;
}

/* Reads whatever is queued now, as the loop would. */
void
capture_poll(struct capture *cap)
{
	capture_readable(-1, EV_READ, cap);
}

/* The drop counters (pcap_stats), into totals: since the filter was set. */
void
capture_drops(struct capture *cap, struct capture_totals *totals)
{
	unsigned long drops;

	if (cap != NULL && cap->pcap != NULL && drops_now(cap, &drops) == 0 &&
	    drops >= cap->unfiltered_drops)
		totals->dropped = drops - cap->unfiltered_drops;
}

/* Records the drop counters, then closes the handle. */
void
capture_close(struct capture *cap)
{
	if (cap == NULL)
		return;
	if (cap->ev != NULL)
		event_free(cap->ev);
	if (cap->pcap != NULL) {
		capture_drops(cap, cap->stats);
		pcap_close(cap->pcap);
	}
	free(cap);
}
