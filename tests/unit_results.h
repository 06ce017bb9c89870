/* SPDX-License-Identifier: ISC */
/*
 * Results the report tests share: a stock host, whose send() probe
 * leaks through eth0 (CRITICAL), as a check would have decided it.
 */
#ifndef MCV_UNIT_RESULTS_H
#define MCV_UNIT_RESULTS_H

#include <string.h>

#include "addr.h"
#include "advice.h"
#include "method.h"
#include "result.h"
#include "verdict.h"

static inline void
unit_stock_result(struct check_result *r)
{
	int sendto = METHOD_SENDTO, send = METHOD_SEND;

	memset(r, 0, sizeof(*r));
	addr_parse("224.16.17.8", &r->group);
	r->port = 40123;
	strcpy(r->loopback, "lo");
	strcpy(r->egress, "eth0");
	r->route = ROUTE_ADDED;
	r->route_checked = 1;
	r->route_removed = 1;
	r->duration_ms = 12.5;
	r->ncaptures = 2;
	strcpy(r->captures[0].ifname, "lo");
	r->captures[0].loopback = 1;
	strcpy(r->captures[1].ifname, "eth0");
	r->nprobes = 2;
	r->probes[sendto] = (struct probe_result){ .required = 1, .sent = 1,
	    .captured_on = 1, .listener_count = 1, .listener_if = "lo" };
	r->probes[send] = (struct probe_result){ .required = 1, .sent = 1,
	    .captured_on = 2 };
	r->nreceived = r->nreceived_total = 2;
	r->listener_foreign = 1;
	r->received[0] = (struct received){ "lo", "sendto() 0011", sendto };
	r->received[1] = (struct received){ "lo", "send() \"x\\", -1 };
	verdict_decide(r);
	advice_fill(r);
}

#endif
