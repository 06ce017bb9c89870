/*
 * From observations to a verdict (HACKING, section 2):
 *
 *   UNKNOWN   the check could not be carried out, or the sendto() probe,
 *             which follows the route and so shows that capture works,
 *             was captured nowhere;
 *   CRITICAL  a required probe was captured on a non-loopback interface
 *             (a leak), or nowhere;
 *   WARNING   a probe that is not required leaked or went missing, or
 *             the listener missed a probe that capture saw on loopback;
 *   OK        everything else.
 *
 * The summary lists the findings of the worst status only, so its first
 * words explain the exit code.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "verdict.h"

struct findings {
	enum status	status;
	char		*buf;
	size_t		 size;
};

static void
finding(struct findings *f, enum status status, const char *text)
{
	size_t len;

	if (status < f->status)
		return;
	if (status > f->status) {
		f->status = status;
		f->buf[0] = '\0';
	}
	len = strlen(f->buf);
	snprintf(f->buf + len, f->size - len, "%s%s", len ? "; " : "", text);
}

/* A required probe that could not be tried leaves the check undone. */
static int
required_skipped(struct check_result *r)
{
	size_t i;

	for (i = 0; i < r->nprobes; i++) {
		if (!r->probes[i].required || !r->probes[i].skipped)
			continue;
		snprintf(r->error, sizeof(r->error), "required probe %s was "
		    "not tried: %.180s", method_get((enum method)i)->label,
		    r->probes[i].error);
		return -1;
	}
	return 0;
}

/* The sendto() probe proves the capture works; without it, no verdict. */
static int
capture_sanity(struct check_result *r)
{
	const struct probe_result *p = &r->probes[METHOD_SENDTO];

	if (r->nprobes <= METHOD_SENDTO)
		return 0;
	if (!p->sent)
		snprintf(r->error, sizeof(r->error),
		    "the sendto() probe could not be sent (%s)", p->error);
	else if (p->captured_on == 0)
		snprintf(r->error, sizeof(r->error), "the sendto() probe was "
		    "captured nowhere, though every interface is watched: "
		    "the kernel dropped it, or capture is not working");
	else
		return 0;
	return -1;
}

static void
judge_probe(const struct check_result *r, size_t i, struct findings *f)
{
	const struct probe_result *p = &r->probes[i];
	const char *label = method_get((enum method)i)->label;
	enum status bad = p->required ? STATUS_CRITICAL : STATUS_WARNING;
	const char *extra = p->required ? "" : " (not required)";
	unsigned leaks = result_leak_mask(r, i);
	char text[256], ifaces[64];

	if (p->skipped)
		return;
	if (leaks) {
		result_format_ifaces(r, leaks, ifaces, sizeof(ifaces));
		snprintf(text, sizeof(text), "%s%s leaked through %s", label,
		    extra, ifaces);
		finding(f, bad, text);
	} else if (!p->sent) {
		snprintf(text, sizeof(text), "%s%s could not be sent (%s)",
		    label, extra, p->error);
		finding(f, bad, text);
	} else if (p->captured_on == 0) {
		snprintf(text, sizeof(text), "%s%s was captured nowhere",
		    label, extra);
		finding(f, bad, text);
	}
	if (result_captured_on_loopback(r, i) && p->listener_count == 0) {
		snprintf(text, sizeof(text), "the listener missed %s on %s",
		    label, r->loopback);
		finding(f, STATUS_WARNING, text);
	}
}

/* --explain: the verdict the kernel's decisions predict. */
static void
judge_prediction(struct check_result *r, struct findings *f)
{
	const struct prediction *p = &r->prediction;
	char text[256];
	size_t i;

	if (p->unroutable) {
		snprintf(r->error, sizeof(r->error), "%.200s", p->why);
		return;
	}
	for (i = 0; i < METHOD_BASE_COUNT; i++) {
		int required = (r->require_mask >> i) & 1;

		if (!(p->leak_mask & (1u << i)))
			continue;
		snprintf(text, sizeof(text), "%s%s would leak through %s "
		    "(predicted)", method_get((enum method)i)->label, required ? "" :
		    " (not required)", p->ifname[i]);
		finding(f, required ? STATUS_CRITICAL : STATUS_WARNING, text);
	}
}

/* Whether the capture showed the leaks the kernel's decisions predict. */
static int
prediction_agrees(const struct check_result *r)
{
	size_t i;

	for (i = 0; i < r->nprobes && i < METHOD_BASE_COUNT; i++) {
		int predicted = (r->prediction.leak_mask >> i) & 1;

		if (r->probes[i].captured_on != 0 &&
		    predicted != (result_leak_mask(r, i) != 0))
			return 0;
	}
	return 1;
}

void
verdict_decide(struct check_result *r)
{
	struct findings f = { STATUS_OK, r->summary, sizeof(r->summary) };
	size_t i;

	r->summary[0] = '\0';
	if (r->explain_only && r->error[0] == '\0' && r->prediction.known)
		judge_prediction(r, &f);
	else if (r->error[0] == '\0' && required_skipped(r) == 0)
		capture_sanity(r);
	if (r->error[0] != '\0') {
		r->status = STATUS_UNKNOWN;
		snprintf(r->summary, sizeof(r->summary), "%s", r->error);
		return;
	}
	for (i = 0; i < r->nprobes; i++)
		judge_probe(r, i, &f);
	if (f.status == STATUS_OK)
		snprintf(r->summary, sizeof(r->summary), r->explain_only ?
		    "every method would stay on %s (predicted)" :
		    "every probe stayed on %s", r->loopback);
	r->status = f.status;
	r->prediction_agrees = r->prediction.known && !r->explain_only &&
	    prediction_agrees(r);
}
