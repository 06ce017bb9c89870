/* SPDX-License-Identifier: ISC */
/*
 * From observations to a verdict (HACKING, section 2).  A captured leak
 * wins: whatever else went wrong, a probe seen leaving through another
 * interface is a leak, and the status says so.
 *
 *   CRITICAL  a required probe leaked (captured on an interface other
 *             than loopback, or still queued on one at the deadline),
 *             or was captured nowhere, or could not be sent;
 *   WARNING   the same for a probe that is not required, the listener
 *             missed a probe that capture saw on loopback, or the host
 *             forwards the group from loopback (a multicast router);
 *   UNKNOWN   nothing can be concluded: the check could not be carried
 *             out (and no leak was seen before it stopped), a required
 *             probe could not be tried, or no probe was seen anywhere;
 *   OK        everything else.
 *
 * The summary lists the findings of the worst status only, so its first
 * words explain the exit code; the reason a check stopped, if any, is
 * added after a leak.
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

static const char *
label(size_t i)
{
	return method_get((enum method)i)->label;
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
		    "not tried: %.180s", label(i), r->probes[i].error);
		return -1;
	}
	return 0;
}

/* Still queued at the deadline on a device that is not loopback. */
static int
queued_out(const struct check_result *r, size_t i)
{
	return result_queued_out(r, i);
}

/*
 * Where a class's applications go, from its probes when it was probed
 * (a probe seen leaving, or queued to), else from the kernel's answers.
 */
static void
class_observe(const struct check_result *r, struct class_result *cl)
{
	unsigned mask, m;

	cl->leak_mask = 0;
	cl->leak_ifs[0] = '\0';
	for (m = 0; m < METHOD_BASE_COUNT; m++) {
		const struct probe_result *p = &cl->probes[m];
		const char *where = NULL;
		char ifaces[IFACE_LIST_MAX];

		if (!cl->probed) {
			if (cl->prediction.leak_mask & (1u << m))
				where = cl->prediction.ifname[m];
		} else if ((mask = result_probe_leak_mask(r, p)) != 0) {
			result_format_ifaces(r, mask, ifaces, sizeof(ifaces));
			where = ifaces;
		} else if (result_probe_queued_out(r, p))
			where = p->predicted_if;
		if (where == NULL)
			continue;
		cl->leak_mask |= 1u << m;
		if (strstr(cl->leak_ifs, where) == NULL)
			snprintf(cl->leak_ifs + strlen(cl->leak_ifs),
			    sizeof(cl->leak_ifs) - strlen(cl->leak_ifs),
			    "%s%s", cl->leak_ifs[0] ? "," : "", where);
	}
}

/*
 * A class whose required methods leave: CRITICAL, named with its rule,
 * "applications of uid 1000-1999 (rule 32765: uidrange 1000-1999
 * lookup 100) leak with both methods through eth0".  A class's probe
 * that was sent and seen nowhere is CRITICAL too, as the default's is.
 */
static void
judge_class(const struct check_result *r, const struct class_result *cl,
    struct findings *f)
{
	char text[768], methods[64];
	unsigned m, required = cl->leak_mask & r->require_mask;

	for (m = 0; cl->probed && m < METHOD_BASE_COUNT; m++) {
		const struct probe_result *p = &cl->probes[m];

		/* (a group the kernel refuses the class leaks nothing) */
		if (p->captured_on != 0 || result_probe_queued_out(r, p) ||
		    !((r->require_mask >> m) & 1) ||
		    cl->prediction.unroutable)
			continue;
		snprintf(text, sizeof(text), "applications of %s (%s): %s %s",
		    cl->name, cl->rule_text, label(m), p->sent ?
		    "was captured nowhere" : "could not be sent");
		finding(f, STATUS_CRITICAL, text);
	}
	if (cl->leak_mask == 0)
		return;
	if (cl->leak_mask == (1u << METHOD_BASE_COUNT) - 1)
		snprintf(methods, sizeof(methods), "both methods");
	else
		snprintf(methods, sizeof(methods), "%s",
		    label(cl->leak_mask & 1 ? METHOD_SENDTO : METHOD_SEND));
	snprintf(text, sizeof(text), "applications of %s (%s) leak with %s "
	    "through %s%s", cl->name, cl->rule_text, methods, cl->leak_ifs,
	    cl->probed ? "" : " (the kernel's answer; not probed)");
	finding(f, required ? STATUS_CRITICAL : STATUS_WARNING, text);
}

/* Whether the capture saw a probe leave, or the audit an application. */
static int
any_leak(const struct check_result *r)
{
	size_t i;

	if (r->apps.leaking > 0)
		return 1;
	for (i = 0; i < r->nclasses; i++)
		if (r->classes[i].leak_mask & r->require_mask)
			return 1;
	for (i = 0; i < r->nprobes; i++)
		if (result_leak_mask(r, i) != 0 || queued_out(r, i))
			return 1;
	return 0;
}

/* Whether any probe was seen at all: by capture, the listener, a queue. */
static int
anything_seen(const struct check_result *r)
{
	size_t i;

	for (i = 0; i < r->nprobes; i++)
		if (r->probes[i].captured_on != 0 ||
		    r->probes[i].listener_count != 0 ||
		    r->probes[i].queued > 0)
			return 1;
	return 0;
}

static void
judge_unseen(const struct check_result *r, size_t i, enum status bad,
    const char *extra, struct findings *f)
{
	const struct probe_result *p = &r->probes[i];
	char text[256];

	if (queued_out(r, i))
		snprintf(text, sizeof(text), "%s%s leaked through %s (still "
		    "queued there at the deadline)", label(i), extra,
		    p->predicted_if);
	else if (p->queued > 0)
		snprintf(text, sizeof(text), "%s%s was still queued on %s at "
		    "the deadline", label(i), extra, p->predicted ?
		    p->predicted_if : "its device");
	else if (p->predicted && p->predicted_no_carrier)
		snprintf(text, sizeof(text), "%s%s was captured nowhere: %s, "
		    "where the kernel sends it, has no carrier", label(i), extra,
		    p->predicted_if);
	else if (p->predicted && strcmp(p->predicted_if, r->loopback) != 0)
		/* Routed there, not queued, never tapped: the egress hooks
		 * (tc, nft netdev egress) and the qdisc run before the tap. */
		snprintf(text, sizeof(text), "%s%s was captured nowhere: "
		    "dropped in %s's egress path (an egress filter or the "
		    "driver)", label(i), extra, p->predicted_if);
	else
		snprintf(text, sizeof(text), "%s%s was captured nowhere (the "
		    "kernel dropped it before any interface)", label(i), extra);
	finding(f, bad, text);
}

static void
judge_probe(const struct check_result *r, size_t i, struct findings *f)
{
	const struct probe_result *p = &r->probes[i];
	enum status bad = p->required ? STATUS_CRITICAL : STATUS_WARNING;
	const char *extra = p->required ? "" : " (not required)";
	unsigned leaks = result_leak_mask(r, i);
	int on_lo = result_captured_on_loopback(r, i);
	char text[512], ifaces[IFACE_LIST_MAX];

	if (p->skipped)
		return;
	if (leaks) {
		result_format_ifaces(r, leaks, ifaces, sizeof(ifaces));
		/* One send leaves by one device: a copy on loopback and
		 * elsewhere is a multicast router's forwarding. */
		snprintf(text, sizeof(text), "%s%s leaked through %s%s%s",
		    label(i), extra, ifaces, on_lo ? ", forwarded from " : "",
		    on_lo ? r->loopback : "");
		finding(f, bad, text);
	} else if (!p->sent) {
		snprintf(text, sizeof(text), "%s%s could not be sent (%s)",
		    label(i), extra, p->error);
		finding(f, bad, text);
	} else if (p->captured_on == 0)
		judge_unseen(r, i, bad, extra, f);
	if (on_lo && p->listener_count == 0 && !r->no_listener) {
		snprintf(text, sizeof(text), "the listener missed %s on %s",
		    label(i), r->loopback);
		finding(f, STATUS_WARNING, text);
	}
}

#define AT_RISK_NAMED	2	/* at-risk sockets the summary names */

/* Who holds a socket, the service first: what an admin restarts. */
static void
app_who(const struct app_socket *app, char *who, size_t len)
{
	if (app->unit[0] != '\0' && app->pid != APP_OWNER_UNKNOWN)
		snprintf(who, len, "%s (%s, pid %ld)", app->unit, app->comm,
		    app->pid);
	else if (app->unit[0] != '\0')
		snprintf(who, len, "%s (uid %ld)", app->unit, app->uid);
	else if (app->pid == APP_OWNER_UNKNOWN)
		snprintf(who, len, "a socket of uid %ld (owner unknown)",
		    app->uid);
	else
		snprintf(who, len, "%s (pid %ld)", app->comm, app->pid);
}

/*
 * Applications, on evidence.  A socket whose datagrams were captured
 * leaving is leaking (CRITICAL): "marketfeed.service (python3, pid
 * 4242) leaks 224.2.0.6:6666 through eth0".  One the kernel would route
 * out but that was not seen sending is at risk (WARNING), with why and
 * what would keep it on loopback: options the kernel does not report
 * (IP_MULTICAST_IF after connect(), IP_PKTINFO) may keep it there.
 */
static void
judge_applications(const struct check_result *r, struct findings *f)
{
	const struct app_audit *a = &r->apps;
	char text[512], who[256];
	unsigned long leaks = 0, risks = 0;
	size_t i;

	for (i = 0; i < a->n; i++) {
		const struct app_socket *app = &a->apps[i];

		if (!app->leaks && !app->at_risk)
			continue;
		app_who(app, who, sizeof(who));
		if (app->leaks) {
			leaks++;
			snprintf(text, sizeof(text), "%s leaks %s:%u through %s",
			    who, app->group, app->port, app->ifname);
			finding(f, STATUS_CRITICAL, text);
			continue;
		}
		/* A few named with the reason; the summary stays readable. */
		if (risks++ >= AT_RISK_NAMED)
			continue;
		snprintf(text, sizeof(text), "%s is at risk of leaking %s:%u "
		    "through %s (not seen sending: its source %s is routed "
		    "out; binding 127.0.0.1 or IP_MULTICAST_IF lo would keep "
		    "it on %s)", who, app->group, app->port, app->ifname,
		    app->local, r->loopback);
		finding(f, STATUS_WARNING, text);
	}
	if (a->leaking > leaks) {
		snprintf(text, sizeof(text), "%lu sockets in all leak",
		    a->leaking);
		finding(f, STATUS_CRITICAL, text);
	}
	if (a->at_risk > AT_RISK_NAMED && a->at_risk > 1) {
		snprintf(text, sizeof(text), "%lu sockets in all are at risk",
		    a->at_risk);
		finding(f, STATUS_WARNING, text);
	}
}

/* A multicast router forwards the group from loopback: TTL > 1 leaks. */
static void
judge_forwarding(const struct check_result *r, struct findings *f)
{
	char text[512];

	if (r->audit.forward_from_loopback[0] == '\0')
		return;
	snprintf(text, sizeof(text), "the host %s %s from %s to %s "
	    "(multicast routing): datagrams with a TTL above 1 leave it",
	    r->audit.forward_entry ? "forwards" : "may forward",
	    r->audit.forward_group, r->loopback,
	    r->audit.forward_from_loopback);
	finding(f, STATUS_WARNING, text);
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
		    "(predicted)", label(i), required ? "" :
		    " (not required)", p->ifname[i]);
		finding(f, required ? STATUS_CRITICAL : STATUS_WARNING, text);
	}
}

/*
 * Whether the capture saw probe i where the kernel said it would go
 * (the interface a leak took, or loopback): -1 when it was not sent or
 * the kernel was not asked, 0 when it was seen elsewhere or not at all
 * (dropped, or still queued: a fact the capture did not see).
 */
static int
probe_agrees(const struct check_result *r, size_t i)
{
	const struct probe_result *p = &r->probes[i];
	char ifaces[IFACE_LIST_MAX];
	unsigned leaks = result_leak_mask(r, i);

	if (!p->sent || !p->predicted)
		return -1;
	if (p->captured_on == 0)
		return 0;
	if (leaks) {
		result_format_ifaces(r, leaks, ifaces, sizeof(ifaces));
		return strcmp(ifaces, p->predicted_if) == 0;
	}
	return strcmp(p->predicted_if, r->loopback) == 0;
}

/* Every probe the kernel was asked about seen where it said; -1: none. */
static int
prediction_agrees(struct check_result *r)
{
	int compared = 0, agrees = 1;
	size_t i;

	for (i = 0; i < r->nprobes; i++) {
		r->probes[i].agrees = probe_agrees(r, i);
		if (r->probes[i].agrees < 0)
			continue;
		compared++;
		agrees &= r->probes[i].agrees;
	}
	return compared ? agrees : -1;
}

/*
 * No probe was seen anywhere: none could be sent (each says why), or
 * the kernel dropped them all, or capture does not work.
 */
static void
nothing_seen(struct check_result *r)
{
	size_t i, len;

	for (i = 0; i < r->nprobes && r->probes[i].sent == 0; i++)
		;
	if (i == r->nprobes && r->prediction.unroutable) {
		snprintf(r->error, sizeof(r->error), "%.250s",
		    r->prediction.why);	/* the kernel said why */
		return;
	}
	if (i < r->nprobes) {
		snprintf(r->error, sizeof(r->error), "no probe was seen "
		    "anywhere, though every interface is watched: the kernel "
		    "dropped them, or capture is not working");
		return;
	}
	snprintf(r->error, sizeof(r->error), "no probe could be sent:");
	for (i = 0; i < r->nprobes; i++) {
		len = strlen(r->error);
		snprintf(r->error + len, sizeof(r->error) - len, "%s %s (%s)",
		    i ? ";" : "", label(i), r->probes[i].error);
	}
}

/* Nothing to conclude: UNKNOWN, and why. */
static void
unknown(struct check_result *r)
{
	r->status = STATUS_UNKNOWN;
	snprintf(r->summary, sizeof(r->summary), "%s", r->error);
}

void
verdict_decide(struct check_result *r)
{
	struct findings f = { STATUS_OK, r->summary, sizeof(r->summary) };
	size_t i, len;

	r->summary[0] = '\0';
	r->prediction_agrees = -1;
	for (i = 0; i < r->nclasses; i++)
		class_observe(r, &r->classes[i]);
	for (i = 0; i < r->nprobes; i++)
		r->probes[i].agrees = -1;
	if (r->explain_only) {
		if (r->error[0] == '\0' && r->prediction.known)
			judge_prediction(r, &f);
		if (r->error[0] != '\0') {
			unknown(r);
			return;
		}
	} else if (!any_leak(r)) {
		/* A set-up step failed and no leak was seen: nothing proven. */
		if (r->error[0] == '\0' && r->setup_error[0] != '\0')
			snprintf(r->error, sizeof(r->error), "%s",
			    r->setup_error);
		if (r->error[0] == '\0')
			required_skipped(r);
		if (r->error[0] == '\0' && r->nprobes > 0 && !anything_seen(r))
			nothing_seen(r);
		if (r->error[0] != '\0') {
			unknown(r);
			return;
		}
	}
	for (i = 0; i < r->nprobes; i++)
		judge_probe(r, i, &f);
	for (i = 0; i < r->nclasses; i++)
		judge_class(r, &r->classes[i], &f);
	judge_applications(r, &f);
	judge_forwarding(r, &f);
	if (f.status == STATUS_OK)
		snprintf(r->summary, sizeof(r->summary), r->explain_only ?
		    "every method would stay on %s (predicted)" :
		    "every probe stayed on %s", r->loopback);
	else if (r->setup_error[0] != '\0') {
		/* A leak seen despite it (else UNKNOWN above): named beside. */
		len = strlen(r->summary);
		snprintf(r->summary + len, sizeof(r->summary) - len,
		    "; set-up problem: %s", r->setup_error);
	}
	if (f.status != STATUS_OK && r->error[0] != '\0') {
		/* a leak, then the check stopped */
		len = strlen(r->summary);
		snprintf(r->summary + len, sizeof(r->summary) - len,
		    "; then: %s", r->error);
	}
	r->status = f.status;
	if (r->prediction.known && !r->explain_only)
		r->prediction_agrees = prediction_agrees(r);
}
