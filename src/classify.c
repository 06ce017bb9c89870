/* SPDX-License-Identifier: ISC */
/*
 * Each captured frame put down to its interface and its probe.
 *
 * The capture is one handle on Linux's "any" device, so a leak is seen
 * whichever interface it takes.  Its cooked header (DLT_LINUX_SLL2)
 * gives the interface index and the direction.  An uplink counts what
 * the host sent through it; frames it received are another host's and
 * are left out.  On loopback every packet is both sent and received:
 * only the received copy counts, so each is counted once.  Interfaces
 * get a slot in the result the first time a frame shows up on them.
 */
#include "config.h"

#include <net/if.h>
#include <sys/socket.h>
#include <stdio.h>
#include <string.h>

#include "classify.h"
#include "iface.h"
#include "payload.h"
#include "probe.h"

static int
find_slot(const struct check_result *r, unsigned ifindex)
{
	size_t i;

	for (i = 0; i < r->ncaptures; i++)
		if (r->captures[i].ifindex == ifindex)
			return (int)i;
	return -1;
}

/*
 * Gives the interface a slot, or finds the one it has.  Once all but
 * one slot are taken, the last one counts every further interface.
 */
int
classify_add_interface(struct check_result *r, unsigned ifindex,
    const char *ifname, int loopback)
{
	struct capture_stats *s;
	int slot;

	if ((slot = find_slot(r, ifindex)) != -1)
		return slot;
	if (r->ncaptures == CAPTURE_MAX)
		return CAPTURE_MAX - 1;
	s = &r->captures[r->ncaptures];
	if (r->ncaptures == CAPTURE_MAX - 1) {
		ifindex = 0;
		ifname = CAPTURE_OTHERS;
		loopback = 0;
	}
	s->ifindex = ifindex;
	s->loopback = loopback;
	snprintf(s->ifname, sizeof(s->ifname), "%s", ifname);
	return (int)r->ncaptures++;
}

static int
slot_of(struct check_result *r, unsigned ifindex)
{
	char name[IF_NAMESIZE];
	int slot;

	if ((slot = find_slot(r, ifindex)) != -1)
		return slot;
	return classify_add_interface(r, ifindex, iface_name(ifindex, name),
	    0);
}

/* Loopback: the received copy.  Elsewhere: what the host sent. */
/*
 * A probe sent as one of the classes (each class has its own nonce):
 * marks it seen by the captures in mask; its probe_result, or NULL.
 */
struct probe_result *
classify_class_probe(struct check_result *r, const uint8_t *payload,
    size_t len, unsigned mask)
{
	struct nonce n;
	size_t i;
	int m;

	for (i = 0; i < r->nclasses; i++) {
		if (!r->classes[i].probed)
			continue;
		memcpy(n.hex, r->classes[i].nonce, sizeof(n.hex));
		n.hex[sizeof(n.hex) - 1] = '\0';
		m = probe_identify(payload, len, &n);
		if (m < 0 || m >= METHOD_BASE_COUNT)
			continue;
		r->classes[i].probes[m].captured_on |= mask;
		return &r->classes[i].probes[m];
	}
	for (i = 0; i < r->ntrials; i++) {	/* a fix trial's probe */
		if (!r->trials[i].tried)
			continue;
		memcpy(n.hex, r->trials[i].nonce, sizeof(n.hex));
		n.hex[sizeof(n.hex) - 1] = '\0';
		m = probe_identify(payload, len, &n);
		if (m < 0 || m >= METHOD_BASE_COUNT)
			continue;
		r->trials[i].probes[m].captured_on |= mask;
		return &r->trials[i].probes[m];
	}
	return NULL;
}

static int
counted_direction(const struct frame_udp *f, unsigned lo_ifindex)
{
	if (f->pkttype == FRAME_PKTTYPE_UNKNOWN)
		return 1;
	if (f->ifindex == lo_ifindex)
		return f->pkttype != FRAME_PKTTYPE_OUTGOING;
	return f->pkttype == FRAME_PKTTYPE_OUTGOING;
}

/*
 * Returns the probe the frame carries, or -1: foreign, undecodable, the
 * wrong way, or from a link layer that does not name the interface.
 */
int
classify_frame(struct check_result *r, unsigned lo_ifindex,
    const struct nonce *nonce, const struct frame_udp *f,
    enum frame_error error)
{
	struct capture_stats *s;
	int probe;

	r->capture.frames++;
	if (f->ifindex == 0) {		/* too short to say where it went */
		r->capture.undecodable++;
		return -1;
	}
	if (!counted_direction(f, lo_ifindex)) {
		r->capture.ignored++;
		return -1;
	}
	s = &r->captures[slot_of(r, f->ifindex)];
	s->frames++;
	if (error != FRAME_OK) {
		s->undecodable++;
		r->capture.undecodable++;
		return -1;
	}
	probe = addr_equal(&f->dst, &r->group) && f->dport == r->port ?
	    probe_identify(f->payload, f->payload_len, nonce) : -1;
	if (probe < 0 && addr_equal(&f->dst, &r->group) &&
	    f->dport == r->port && classify_class_probe(r, f->payload,
	    f->payload_len, 1u << (s - r->captures)) != NULL)
		return PROBE_MAX;	/* a class's probe (class.c) */
	if (probe < 0) {
		s->foreign++;
		return -1;
	}
	r->probes[probe].captured_on |= 1u << (s - r->captures);
	return probe;
}
