/* SPDX-License-Identifier: ISC */
/*
 * The monitoring-plugins line, for Nagios, Icinga and NRPE:
 *
 *   MCASTLO CRITICAL - send() leaked through eth0 | 'loopback'=1;;;0;2 ...
 *
 * Perfdata: probes captured on loopback, probes leaked, probes the
 * listener received (each of the nprobes), and the duration in seconds.
 *
 * A round (netround.h) is one line for all its network namespaces:
 *
 *   MCASTLO CRITICAL - 1 of 3 network namespaces not OK; worst: ... |
 *   'namespaces'=3;;;0 'not_ok'=1;;;0 'skipped'=0;;;0 'duration'=...
 */
#include "config.h"

#include "report.h"
#include "roundresult.h"

/* Perfdata labels and text must not hold "|" or a newline. */
static void
nagios_text(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++)
		fputc(*s == '|' || *s == '\n' ? ' ' : *s, fp);
}

void
report_nagios(FILE *fp, const struct check_result *r)
{
	unsigned loopback = 0, leaked = 0, received = 0;
	size_t i;

	for (i = 0; i < r->nprobes; i++) {
		loopback += result_captured_on_loopback(r, i) ? 1u : 0u;
		leaked += result_leak_mask(r, i) ? 1u : 0u;
		received += r->probes[i].listener_count ? 1u : 0u;
	}
	fprintf(fp, "MCASTLO %s - ", status_name(r->status));
	if (r->netns.inode != 0) {	/* --netns: say where */
		fputs("netns ", fp);
		nagios_text(fp, r->netns.name);
		fputs(": ", fp);
	}
	nagios_text(fp, r->summary);
	if (r->nprobes == 0 && r->duration_ms == 0) {	/* no check ran */
		fputc('\n', fp);
		return;
	}
	fprintf(fp, " | 'loopback'=%u;;;0;%zu 'leaked'=%u;;;0;%zu "
	    "'received'=%u;;;0;%zu 'duration'=%.6fs;;;0\n", loopback,
	    r->nprobes, leaked, r->nprobes, received, r->nprobes,
	    r->duration_ms / 1000.0);
}

void
report_round_nagios(FILE *fp, const struct round_result *rr)
{
	struct round_counts c;

	round_result_count(rr, &c);
	fprintf(fp, "MCASTLO %s - ", status_name(rr->status));
	nagios_text(fp, rr->summary);
	fprintf(fp, " | 'namespaces'=%zu;;;0 'not_ok'=%zu;;;0 "
	    "'skipped'=%zu;;;0 'duration'=%.6fs;;;0\n", c.checked, c.not_ok,
	    c.vanished, rr->duration_ms / 1000.0);
}
