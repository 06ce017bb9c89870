/* SPDX-License-Identifier: ISC */
/*
 * The verdict table of HACKING, section 2, case by case.
 */
#include "config.h"

#include <arpa/inet.h>

#include "unit.h"
#include "verdict.h"

#define LO	(1u << 0)
#define ETH	(1u << 1)

static int SENDTO, SEND;

/* Two captures (lo, eth0); each probe sent, required, seen where told. */
static void
setup(struct check_result *r, unsigned sendto_on, unsigned send_on)
{
	memset(r, 0, sizeof(*r));
	addr_parse("224.16.17.8", &r->group);
	r->port = 4000;
	strcpy(r->loopback, "lo");
	strcpy(r->egress, "eth0");
	r->ncaptures = 2;
	strcpy(r->captures[0].ifname, "lo");
	r->captures[0].loopback = 1;
	strcpy(r->captures[1].ifname, "eth0");
	r->nprobes = 2;
	r->probes[SENDTO].sent = r->probes[SEND].sent = 1;
	r->probes[SENDTO].required = r->probes[SEND].required = 1;
	r->probes[SENDTO].captured_on = sendto_on;
	r->probes[SEND].captured_on = send_on;
	if (sendto_on & LO)
		r->probes[SENDTO].listener_count = 1;
	if (send_on & LO)
		r->probes[SEND].listener_count = 1;
}

static void
test_table(void)
{
	struct check_result r;

	setup(&r, LO, LO);
	verdict_decide(&r);
	CHECK(r.status == STATUS_OK);
	CHECK_STR_HAS(r.summary, "every probe stayed on lo");

	setup(&r, LO, ETH);		/* the stock host */
	verdict_decide(&r);
	CHECK(r.status == STATUS_CRITICAL);
	CHECK(strcmp(r.summary, "send() leaked through eth0") == 0);

	setup(&r, LO, ETH);
	r.probes[SEND].required = 0;	/* --require sendto */
	verdict_decide(&r);
	CHECK(r.status == STATUS_WARNING);
	CHECK_STR_HAS(r.summary, "send() (not required) leaked through eth0");

	setup(&r, LO, LO | ETH);	/* on loopback and out: still a leak */
	verdict_decide(&r);
	CHECK(r.status == STATUS_CRITICAL);

	setup(&r, ETH, ETH);		/* --no-route on a stock host */
	verdict_decide(&r);
	CHECK(r.status == STATUS_CRITICAL);
	CHECK_STR_HAS(r.summary, "sendto() leaked through eth0; "
	    "send() leaked through eth0");

	setup(&r, LO, 0);
	verdict_decide(&r);
	CHECK(r.status == STATUS_CRITICAL);
	CHECK_STR_HAS(r.summary, "send() was captured nowhere");

	setup(&r, LO, 0);
	r.probes[SEND].sent = 0;
	strcpy(r.probes[SEND].error, "connect: Network is unreachable");
	verdict_decide(&r);
	CHECK(r.status == STATUS_CRITICAL);
	CHECK_STR_HAS(r.summary, "could not be sent (connect: Network");

	setup(&r, LO, 0);
	r.probes[SEND].required = 0;
	verdict_decide(&r);
	CHECK(r.status == STATUS_WARNING);
}

static void
test_unknown(void)
{
	struct check_result r;

	setup(&r, 0, 0);		/* capture is not working */
	verdict_decide(&r);
	CHECK(r.status == STATUS_UNKNOWN);
	CHECK_STR_HAS(r.summary, "no probe was seen anywhere");

	setup(&r, 0, 0);		/* even when sendto is not required */
	r.probes[SENDTO].required = 0;
	verdict_decide(&r);
	CHECK(r.status == STATUS_UNKNOWN);

	setup(&r, 0, 0);		/* none could be sent: each says why */
	r.probes[SENDTO].sent = r.probes[SEND].sent = 0;
	strcpy(r.probes[SENDTO].error, "sendto: Network is unreachable");
	strcpy(r.probes[SEND].error, "connect: Network is unreachable");
	verdict_decide(&r);
	CHECK(r.status == STATUS_UNKNOWN);
	CHECK_STR_HAS(r.summary, "no probe could be sent: sendto() (sendto: "
	    "Network is unreachable); send() (connect: Network is "
	    "unreachable)");

	setup(&r, LO, LO);
	strcpy(r.error, "capture on eth0: permission denied");
	verdict_decide(&r);
	CHECK(r.status == STATUS_UNKNOWN);
	CHECK(strcmp(r.summary, r.error) == 0);
}

/* A captured leak wins over everything that makes a check UNKNOWN. */
static void
test_leak_wins(void)
{
	struct check_result r;

	setup(&r, 0, ETH);		/* sendto() seen nowhere */
	verdict_decide(&r);
	CHECK(r.status == STATUS_CRITICAL);
	CHECK_STR_HAS(r.summary, "sendto() was captured nowhere (the kernel "
	    "dropped it before any interface); send() leaked through eth0");

	setup(&r, 0, ETH);		/* a firewall refused sendto() */
	r.probes[SENDTO].sent = 0;
	strcpy(r.probes[SENDTO].error, "sendto: Operation not permitted");
	verdict_decide(&r);
	CHECK(r.status == STATUS_CRITICAL);
	CHECK_STR_HAS(r.summary, "sendto() could not be sent (sendto: "
	    "Operation not permitted)");

	setup(&r, 0, ETH);		/* ... even when only send is required */
	r.probes[SENDTO].required = 0;
	r.probes[SENDTO].sent = 0;
	strcpy(r.probes[SENDTO].error, "sendto: Operation not permitted");
	verdict_decide(&r);
	CHECK(r.status == STATUS_CRITICAL);
	CHECK(strcmp(r.summary, "send() leaked through eth0") == 0);

	setup(&r, LO, ETH);		/* then the check stopped */
	strcpy(r.error, "interface eth0 went down during the check");
	verdict_decide(&r);
	CHECK(r.status == STATUS_CRITICAL);
	CHECK_STR_HAS(r.summary, "send() leaked through eth0; then: "
	    "interface eth0 went down");

	setup(&r, LO, ETH);		/* a required fix was not tried */
	r.nprobes = 3;
	r.probes[2].required = r.probes[2].skipped = 1;
	verdict_decide(&r);
	CHECK(r.status == STATUS_CRITICAL);
}

/* A probe still in a queue at the deadline is reported as queued. */
static void
test_queued(void)
{
	struct check_result r;

	setup(&r, LO, 0);
	r.probes[SEND].queued = 100;
	r.probes[SEND].predicted = 1;
	strcpy(r.probes[SEND].predicted_if, "eth0");
	verdict_decide(&r);
	CHECK(r.status == STATUS_CRITICAL);
	CHECK_STR_HAS(r.summary, "send() leaked through eth0 (still queued "
	    "there at the deadline)");

	setup(&r, 0, 0);		/* nothing captured, but one is queued */
	r.probes[SEND].queued = 100;
	r.probes[SEND].predicted = 1;
	strcpy(r.probes[SEND].predicted_if, "eth0");
	verdict_decide(&r);
	CHECK(r.status == STATUS_CRITICAL);

	setup(&r, LO, 0);		/* queued, predicted on loopback */
	r.probes[SEND].queued = 100;
	r.probes[SEND].predicted = 1;
	strcpy(r.probes[SEND].predicted_if, "lo");
	verdict_decide(&r);
	CHECK(r.status == STATUS_CRITICAL);
	CHECK_STR_HAS(r.summary, "send() was still queued on lo");
}

static void
test_forwarding(void)
{
	struct check_result r;

	setup(&r, LO, LO);
	strcpy(r.audit.forward_group, "224.16.17.8");
	strcpy(r.audit.forward_from_loopback, "eth0");
	r.audit.forward_entry = 1;
	verdict_decide(&r);
	CHECK(r.status == STATUS_WARNING);
	CHECK_STR_HAS(r.summary, "forwards 224.16.17.8 from lo to eth0");
}

static void
test_listener(void)
{
	struct check_result r;

	setup(&r, LO, LO);
	r.probes[SENDTO].listener_count = 0;
	verdict_decide(&r);
	CHECK(r.status == STATUS_WARNING);
	CHECK_STR_HAS(r.summary, "the listener missed sendto() on lo");

	/* A leak outranks the listener's miss; the summary names the leak. */
	setup(&r, LO, ETH);
	r.probes[SENDTO].listener_count = 0;
	verdict_decide(&r);
	CHECK(r.status == STATUS_CRITICAL);
	CHECK(strstr(r.summary, "listener") == NULL);
}

static void
test_skipped_and_prediction(void)
{
	struct check_result r;

	setup(&r, LO, LO);
	r.nprobes = 3;			/* a required fix that was skipped */
	r.probes[2].required = r.probes[2].skipped = 1;
	strcpy(r.probes[2].error, "the group's route is not this check's");
	verdict_decide(&r);
	CHECK(r.status == STATUS_UNKNOWN);
	CHECK_STR_HAS(r.summary, "was not tried: the group's route");

	/* Agreement is per interface, over the probes captured. */
	setup(&r, LO, ETH);
	r.prediction.known = 1;
	r.probes[SENDTO].predicted = r.probes[SEND].predicted = 1;
	strcpy(r.probes[SENDTO].predicted_if, "lo");
	strcpy(r.probes[SEND].predicted_if, "eth0");
	verdict_decide(&r);
	CHECK(r.status == STATUS_CRITICAL && r.prediction_agrees == 1);
	strcpy(r.probes[SEND].predicted_if, "eth1");	/* another uplink */
	verdict_decide(&r);
	CHECK(r.prediction_agrees == 0);
	strcpy(r.probes[SEND].predicted_if, "lo");	/* said to stay */
	verdict_decide(&r);
	CHECK(r.prediction_agrees == 0);
	setup(&r, 0, 0);		/* nothing captured: nothing to compare */
	r.prediction.known = 1;
	r.probes[SEND].predicted = 1;
	strcpy(r.probes[SEND].predicted_if, "eth0");
	verdict_decide(&r);
	CHECK(r.prediction_agrees == -1);

	memset(&r, 0, sizeof(r));	/* --explain */
	strcpy(r.loopback, "lo");
	r.explain_only = r.prediction.known = 1;
	r.require_mask = 1u << SENDTO;
	r.prediction.leak_mask = 1u << SEND;
	strcpy(r.prediction.ifname[METHOD_SEND], "eth0");
	verdict_decide(&r);
	CHECK(r.status == STATUS_WARNING);
	CHECK_STR_HAS(r.summary, "send() (not required) would leak through "
	    "eth0 (predicted)");
	r.prediction.unroutable = 1;
	strcpy(r.prediction.why, "the kernel has no route for the group");
	verdict_decide(&r);
	CHECK(r.status == STATUS_UNKNOWN);
}

int
main(void)
{
	SENDTO = METHOD_SENDTO;
	SEND = METHOD_SEND;
	CHECK(SENDTO >= 0 && SEND >= 0);
	test_table();
	test_unknown();
	test_leak_wins();
	test_queued();
	test_forwarding();
	test_listener();
	test_skipped_and_prediction();
	return unit_done("unit_verdict");
}
