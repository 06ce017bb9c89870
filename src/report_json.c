/* SPDX-License-Identifier: ISC */
/*
 * The JSON report: exactly one object on one line.  Monitoring scripts
 * depend on these names; add names, never rename or remove one.
 */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>
#include <time.h>

#include "fix.h"
#include "report.h"

void
json_string(FILE *fp, const char *s)
{
	const unsigned char *p;

	if (s == NULL) {
		fputs("null", fp);
		return;
	}
	fputc('"', fp);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(fp, "\\u%04x", *p);
		else
			fputc(*p, fp);
	}
	fputc('"', fp);
}

/* RFC 3339 in UTC, to the millisecond; null before the check finished. */
static void
json_time(FILE *fp, double unix_seconds)
{
	time_t t = (time_t)unix_seconds;
	struct tm tm;
	char buf[32];

	if (unix_seconds <= 0 || gmtime_r(&t, &tm) == NULL) {
		fputs("null", fp);
		return;
	}
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(fp, "\"%s.%03dZ\"", buf,
	    (int)((unix_seconds - (double)t) * 1000) % 1000);
}

/* "eth0,eth1" as ["eth0","eth1"]. */
static void
json_csv_list(FILE *fp, const char *csv)
{
	char name[IF_NAMESIZE];
	size_t n;

	fputc('[', fp);
	while (*csv != '\0') {
		n = strcspn(csv, ",");
		snprintf(name, sizeof(name), "%.*s", (int)n, csv);
		json_string(fp, name);
		csv += n;
		if (*csv == ',' && *++csv != '\0')
			fputc(',', fp);
	}
	fputc(']', fp);
}

static const char *
or_null(const char *s)
{
	return s[0] != '\0' ? s : NULL;
}

static void
json_iface_list(FILE *fp, const struct check_result *r, unsigned mask)
{
	size_t i;
	int first = 1;

	fputc('[', fp);
	for (i = 0; i < r->ncaptures; i++) {
		if (!(mask & (1u << i)))
			continue;
		if (!first)
			fputc(',', fp);
		json_string(fp, r->captures[i].ifname);
		first = 0;
	}
	fputc(']', fp);
}

static void
json_probe(FILE *fp, const struct check_result *r, size_t i)
{
	const struct probe_result *p = &r->probes[i];
	unsigned leaks = result_leak_mask(r, i);

	fputs("{\"method\":", fp);
	json_string(fp, method_get((enum method)i)->name);
	fprintf(fp, ",\"required\":%s,\"sent\":%s,\"skipped\":%s,"
	    "\"send_error\":", p->required ? "true" : "false",
	    p->sent ? "true" : "false", p->skipped ? "true" : "false");
	json_string(fp, p->sent ? NULL : p->error);
	fputs(",\"captured_on\":", fp);
	json_iface_list(fp, r, p->captured_on);
	/* Leaked: seen leaving, or queued to leave (queued_on says where). */
	fprintf(fp, ",\"leaked\":%s,\"leaked_through\":",
	    result_leaked(r, i) ? "true" : "false");
	json_iface_list(fp, r, leaks);
	fprintf(fp, ",\"listener_received\":%u,\"listener_interface\":",
	    p->listener_count);
	json_string(fp, or_null(p->listener_if));
	fputs(",\"source\":", fp);
	json_string(fp, or_null(p->source));
	fputs(",\"source_port\":", fp);
	if (p->sport)
		fprintf(fp, "%u", p->sport);
	else
		fputs("null", fp);
	fputs(",\"predicted_interface\":", fp);
	json_string(fp, p->predicted ? p->predicted_if : NULL);
	fprintf(fp, ",\"queued_bytes\":%d,\"queued_on\":",
	    p->queued > 0 ? p->queued : 0);
	json_string(fp, p->queued > 0 && p->predicted ? p->predicted_if :
	    NULL);
	fprintf(fp, ",\"agrees\":%s}", p->agrees < 0 ? "null" :
	    p->agrees ? "true" : "false");
}

static void
json_fixes(FILE *fp, const struct check_result *r)
{
	size_t i;
	int first = 1;

	fputs("\"fixes_shown\":[", fp);
	for (i = METHOD_BASE_COUNT; i < r->nprobes; i++) {
		if (!result_fix_works(r, i))
			continue;
		if (!first)
			fputc(',', fp);
		json_string(fp, method_get((enum method)i)->name);
		first = 0;
	}
	fputc(']', fp);
}

/* The capture handle as a whole, or null when none was opened. */
static void
json_capture(FILE *fp, const struct check_result *r)
{
	const struct capture_totals *t = &r->capture;

	fputs("\"capture\":", fp);
	if (t->device[0] == '\0') {
		fputs("null", fp);
		return;
	}
	fputs("{\"device\":", fp);
	json_string(fp, t->device);
	fprintf(fp, ",\"frames\":%lu,\"ignored\":%lu,\"undecodable\":%lu,"
	    "\"dropped\":%lu}", t->frames, t->ignored, t->undecodable,
	    t->dropped);
}

/* Per interface: loopback, the egress, then any other that saw a frame. */
static void
json_captures(FILE *fp, const struct check_result *r)
{
	size_t i;

	fputs("\"captures\":[", fp);
	for (i = 0; i < r->ncaptures; i++) {
		const struct capture_stats *s = &r->captures[i];

		fprintf(fp, "%s{\"interface\":", i ? "," : "");
		json_string(fp, s->ifname);
		fprintf(fp, ",\"loopback\":%s,\"frames\":%lu,\"foreign\":%lu,"
		    "\"undecodable\":%lu}", s->loopback ? "true" : "false",
		    s->frames, s->foreign, s->undecodable);
	}
	fputc(']', fp);
}

static void
json_listener(FILE *fp, const struct check_result *r)
{
	size_t i;

	fprintf(fp, "\"listener\":{\"received\":%lu,\"foreign\":%lu,"
	    "\"datagrams\":[", r->nreceived_total, r->listener_foreign);
	for (i = 0; i < r->nreceived; i++) {
		fprintf(fp, "%s{\"interface\":", i ? "," : "");
		json_string(fp, r->received[i].ifname);
		fputs(",\"payload\":", fp);
		json_string(fp, r->received[i].payload);
		fputc('}', fp);
	}
	fputs("]}", fp);
}

/* A route the check found, or null. */
static void
json_route_effect(FILE *fp, const char *name, const struct route_effect *e)
{
	fprintf(fp, "\"%s\":", name);
	if (!e->known) {
		fputs("null", fp);
		return;
	}
	fputs("{\"prefix\":", fp);
	json_string(fp, e->prefix);
	fputs(",\"interface\":", fp);
	json_string(fp, or_null(e->ifname));
	fprintf(fp, ",\"table\":%u,\"protocol\":%u,\"metric\":%u,"
	    "\"prefsrc\":", e->table, e->protocol, e->metric);
	json_string(fp, or_null(e->prefsrc));
	fputs(",\"rule\":", fp);
	if (e->rule >= 0)
		fprintf(fp, "%d", e->rule);
	else
		fputs("null", fp);
	fprintf(fp, ",\"ours\":%s,\"type\":", e->ours ? "true" : "false");
	json_string(fp, route_type_name(e->type));
	fputs(",\"owner\":", fp);
	json_string(fp, route_owner_name(e->protocol));
	fputc('}', fp);
}

/* The socket audit: every socket to a group routed to loopback. */
static void
json_applications(FILE *fp, const struct check_result *r)
{
	const struct app_audit *a = &r->apps;
	size_t i;

	fputs("\"sockets\":[", fp);
	for (i = 0; i < a->n; i++) {
		const struct app_socket *app = &a->apps[i];

		fputs(i ? ",{\"pid\":" : "{\"pid\":", fp);
		if (app->pid == APP_OWNER_UNKNOWN)
			fputs("null,\"comm\":null", fp);
		else {
			fprintf(fp, "%ld,\"comm\":", app->pid);
			json_string(fp, app->comm);
		}
		fprintf(fp, ",\"uid\":%ld,\"local\":", app->uid);
		json_string(fp, app->local);
		fputs(",\"group\":", fp);
		json_string(fp, app->group);
		fprintf(fp, ",\"port\":%u,\"leaks\":%s,\"interface\":",
		    app->port, app->leaks ? "true" : "false");
		json_string(fp, app->ifname);
		fputs(",\"unit\":", fp);
		json_string(fp, or_null(app->unit));
		fputs(",\"cgroup\":", fp);
		json_string(fp, or_null(app->cgroup));
		fputs(",\"exe\":", fp);
		json_string(fp, or_null(app->exe));
		fprintf(fp, ",\"at_risk\":%s,\"seen_out\":%s,\"seen_lo\":%s}",
		    app->at_risk ? "true" : "false",
		    app->seen_out ? "true" : "false",
		    app->seen_lo ? "true" : "false");
	}
	fprintf(fp, "],\"socket_audit\":{\"done\":%s,\"error\":",
	    a->done ? "true" : "false");
	json_string(fp, or_null(a->error));
	fprintf(fp, ",\"sockets\":%lu,\"routed_to_loopback\":%lu,"
	    "\"leaking\":%lu,\"owners_hidden\":%s,\"at_risk\":%lu}",
	    a->sockets, a->routed_to_loopback, a->leaking, a->owners_hidden ?
	    "true" : "false", a->at_risk);
}

/* The daemon's watch mode: what applications leaked between checks. */
static void
json_watch(FILE *fp, const struct check_result *r)
{
	const struct watch_counts *w = &r->watch;
	size_t i;

	fputs("\"watch\":", fp);
	if (!w->enabled) {
		fputs("null", fp);
		return;
	}
	fputs("{\"error\":", fp);
	json_string(fp, or_null(w->error));
	fputs(",\"groups\":", fp);
	json_csv_list(fp, w->groups);
	fprintf(fp, ",\"group_count\":%zu,\"filter\":\"%s\"", w->ngroups,
	    w->wide_filter ? "multicast" : "groups");
	fprintf(fp, ",\"datagrams\":%lu,\"untracked\":%lu,\"forwarded\":%lu,"
	    "\"dropped\":%lu,\"leaks\":[", w->datagrams, w->untracked,
	    w->forwarded, w->dropped);
	for (i = 0; i < w->n; i++) {
		const struct watch_leak *l = &w->leaks[i];

		fputs(i ? ",{\"group\":" : "{\"group\":", fp);
		json_string(fp, l->group);
		fprintf(fp, ",\"port\":%u,\"interface\":", l->port);
		json_string(fp, l->ifname);
		fputs(",\"source\":", fp);
		json_string(fp, l->source);
		if (l->pid == APP_OWNER_UNKNOWN)
			fputs(",\"pid\":null,\"comm\":null", fp);
		else {
			fprintf(fp, ",\"pid\":%ld,\"comm\":", l->pid);
			json_string(fp, l->comm);
		}
		if (l->uid < 0)
			fputs(",\"uid\":null", fp);
		else
			fprintf(fp, ",\"uid\":%ld", l->uid);
		fputs(",\"unit\":", fp);
		json_string(fp, or_null(l->unit));
		fprintf(fp, ",\"candidates\":%u", l->candidates);
		fprintf(fp, ",\"datagrams\":%lu}", l->datagrams);
	}
	fputs("]}", fp);
}

static void
json_prediction(FILE *fp, const struct check_result *r)
{
	const struct prediction *p = &r->prediction;

	fprintf(fp, "\"explain_only\":%s,\"prediction\":",
	    r->explain_only ? "true" : "false");
	if (!p->known) {
		fputs("null", fp);
		return;
	}
	fputs("{\"sendto_interface\":", fp);
	json_string(fp, or_null(p->ifname[METHOD_SENDTO]));
	fputs(",\"send_interface\":", fp);
	json_string(fp, or_null(p->ifname[METHOD_SEND]));
	fputs(",\"source\":", fp);
	json_string(fp, or_null(p->source));
	fputs(",\"why\":", fp);
	json_string(fp, p->why);
	fputs(",\"why_sendto\":", fp);
	json_string(fp, or_null(p->why_method[METHOD_SENDTO]));
	fputs(",\"why_send\":", fp);
	json_string(fp, or_null(p->why_method[METHOD_SEND]));
	fputs(",\"agrees\":", fp);
	fputs(r->prediction_agrees < 0 ? "null" :
	    r->prediction_agrees ? "true" : "false", fp);
	fputc('}', fp);
}

static void
json_audit(FILE *fp, const struct check_result *r)
{
	const struct host_audit *a = &r->audit;
	int i;

	fputs("\"audit\":", fp);
	if (!a->known) {
		fputs("null", fp);
		return;
	}
	fprintf(fp, "{\"loopback_multicast\":%s,\"rp_filter\":{\"all\":%d,"
	    "\"loopback\":%d,\"egress\":%d},\"memberships\":[",
	    a->loopback_multicast > 0 ? "true" : "false", a->rp_filter_all,
	    a->rp_filter_loopback, a->rp_filter_egress);
	for (i = 0; i < a->nmembers; i++) {
		if (i)
			fputc(',', fp);
		json_string(fp, a->members[i]);
	}
	fputs("],\"group_route\":", fp);
	if (a->route_known) {
		fprintf(fp, "{\"table\":%u,\"protocol\":%u,\"prefsrc\":",
		    a->route_table, a->route_protocol);
		json_string(fp, or_null(a->route_prefsrc));
		fputc('}', fp);
	} else
		fputs("null", fp);
	fprintf(fp, ",\"probe_ttl\":%u,\"probe_loop\":true,"
	    "\"multicast_routing\":%s,\"forwards_from_loopback\":",
	    r->ttl, a->mc_forwarding ? "true" : "false");
	json_csv_list(fp, a->forward_from_loopback);
	fprintf(fp, ",\"forwarding_entry\":%s}", a->forward_entry ? "true" :
	    "false");
}

/* A class probe: where it went, as a default probe's row says it. */
static void
json_class_probe(FILE *fp, const struct check_result *r,
    const struct probe_result *p, size_t m)
{
	unsigned leaks = result_probe_leak_mask(r, p);

	fputs("{\"method\":", fp);
	json_string(fp, method_get((enum method)m)->name);
	fprintf(fp, ",\"sent\":%s,\"send_error\":", p->sent ? "true" :
	    "false");
	json_string(fp, p->sent ? NULL : or_null(p->error));
	fputs(",\"captured_on\":", fp);
	json_iface_list(fp, r, p->captured_on);
	fprintf(fp, ",\"leaked\":%s,\"leaked_through\":", leaks ||
	    result_probe_queued_out(r, p) ? "true" : "false");
	json_iface_list(fp, r, leaks);
	fprintf(fp, ",\"listener_received\":%u,\"predicted_interface\":",
	    p->listener_count);
	json_string(fp, p->predicted ? p->predicted_if : NULL);
	fprintf(fp, ",\"queued_bytes\":%d}", p->queued > 0 ? p->queued : 0);
}

/*
 * One entry per class of applications the policy rules route apart:
 * its rule, the route the kernel uses for it, the kernel's answers,
 * what its probes showed, and its fix.
 */
static void
json_classes(FILE *fp, const struct check_result *r)
{
	size_t i, m;

	fputs("\"classes\":[", fp);
	for (i = 0; i < r->nclasses; i++) {
		const struct class_result *c = &r->classes[i];
		const struct prediction *p = &c->prediction;

		fputs(i ? ",{\"class\":" : "{\"class\":", fp);
		json_string(fp, c->name);
		fprintf(fp, ",\"rule\":%d,\"rule_text\":", c->rule);
		json_string(fp, c->rule_text);
		if (c->has_uid)
			fprintf(fp, ",\"uid\":%u", c->uid);
		else
			fputs(",\"uid\":null", fp);
		if (c->has_mark)
			fprintf(fp, ",\"mark\":%u", c->mark);
		else
			fputs(",\"mark\":null", fp);
		fputc(',', fp);
		json_route_effect(fp, "route", &c->route);
		fputs(",\"prediction\":{\"sendto_interface\":", fp);
		json_string(fp, or_null(p->ifname[METHOD_SENDTO]));
		fputs(",\"send_interface\":", fp);
		json_string(fp, or_null(p->ifname[METHOD_SEND]));
		fputs(",\"source\":", fp);
		json_string(fp, or_null(p->source));
		fputs(",\"why\":", fp);
		json_string(fp, p->why);
		fprintf(fp, "},\"probed\":%s,\"not_probed\":",
		    c->probed ? "true" : "false");
		json_string(fp, or_null(c->not_probed));
		fputs(",\"probes\":[", fp);
		for (m = 0; c->probed && m < METHOD_BASE_COUNT; m++) {
			if (m)
				fputc(',', fp);
			json_class_probe(fp, r, &c->probes[m], m);
		}
		fprintf(fp, "],\"leaks\":%s,\"leaked_with\":[",
		    c->leak_mask ? "true" : "false");
		for (m = 0; m < METHOD_BASE_COUNT; m++) {
			if (!(c->leak_mask & (1u << m)))
				continue;
			if (c->leak_mask & ((1u << m) - 1))
				fputc(',', fp);
			json_string(fp, method_get((enum method)m)->name);
		}
		fputs("],\"leaked_through\":", fp);
		json_csv_list(fp, c->leak_ifs);
		fputs(",\"fix\":", fp);
		if (c->fix[0] == '\0')
			fputs("null", fp);
		else {
			fputs("{\"command\":", fp);
			json_string(fp, c->fix);
			fputs(",\"table\":", fp);
			json_string(fp, c->fix_table);
			fprintf(fp, ",\"proven\":%s,\"not_proven_why\":",
			    c->fix_proven ? "true" : "false");
			json_string(fp, or_null(c->fix_why));
			fputc('}', fp);
		}
		fputc('}', fp);
	}
	fputc(']', fp);
}

/*
 * Every fix with its class (null: the default one), the table it goes
 * in, the exact command, and whether this run proved it here.
 */
static void
json_fix_trials(FILE *fp, const struct check_result *r)
{
	size_t i;

	fputs("\"fixes_detail\":[", fp);
	for (i = 0; i < r->ntrials; i++) {
		const struct fix_trial *t = &r->trials[i];

		fputs(i ? ",{\"class\":" : "{\"class\":", fp);
		json_string(fp, or_null(t->class_name));
		fputs(",\"table\":", fp);
		json_string(fp, t->table);
		fputs(",\"command\":", fp);
		json_string(fp, t->command);
		fprintf(fp, ",\"proven\":%s,\"not_proven_why\":",
		    t->proven ? "true" : "false");
		json_string(fp, t->proven ? NULL : or_null(t->why));
		fputc('}', fp);
	}
	fputc(']', fp);
}

/* Where the check ran, with --netns; null: the namespace it started in. */
static void
json_netns(FILE *fp, const struct check_result *r)
{
	const struct netns_id *ns = &r->netns;

	if (ns->inode == 0) {
		fputs("\"netns\":null", fp);
		return;
	}
	fputs("\"netns\":{\"name\":", fp);
	json_string(fp, ns->name);
	fprintf(fp, ",\"inode\":%lu,\"owner\":", ns->inode);
	json_string(fp, or_null(ns->owner));
	fputc('}', fp);
}

void
report_json(FILE *fp, const struct check_result *r)
{
	char group[ADDR_STRLEN];
	size_t i;

	addr_ntop(&r->group, group, sizeof(group));
	fputs("{\"status\":", fp);
	json_string(fp, status_name(r->status));
	fprintf(fp, ",\"exit_code\":%d,\"summary\":", (int)r->status);
	json_string(fp, r->summary);
	fputs(",\"error\":", fp);
	json_string(fp, or_null(r->error));
	fputs(",\"setup_error\":", fp);
	json_string(fp, or_null(r->setup_error));
	fputc(',', fp);
	json_netns(fp, r);
	fputs(",\"group\":", fp);
	json_string(fp, or_null(group));
	if (r->port)
		fprintf(fp, ",\"port\":%u", r->port);
	else
		fputs(",\"port\":null", fp);
	fputs(",\"loopback\":", fp);
	json_string(fp, or_null(r->loopback));
	fputs(",\"interface\":", fp);
	json_string(fp, or_null(r->egress));
	fputs(",\"route\":", fp);
	json_string(fp, route_state_name(r->route));
	fputc(',', fp);
	json_route_effect(fp, "route_in_effect", &r->route_in_effect);
	fputc(',', fp);
	json_route_effect(fp, "route_unused", &r->route_unused);
	fprintf(fp, ",\"route_removed\":%s,\"route_lost\":%s,"
	    "\"duration_ms\":%.3f,\"finished_at\":", r->route_removed ?
	    "true" : "false", r->route_lost ? "true" : "false",
	    r->duration_ms);
	json_time(fp, r->finished_at);
	fputs(",\"probes\":[", fp);
	for (i = 0; i < r->nprobes; i++) {
		if (i)
			fputc(',', fp);
		json_probe(fp, r, i);
	}
	fputs("],", fp);
	json_fixes(fp, r);
	fputs(",\"fixes\":[", fp);
	for (i = 0; i < r->nfixes; i++) {
		if (i)
			fputc(',', fp);
		json_string(fp, r->fixes[i]);
	}
	fputc(']', fp);
	fputc(',', fp);
	json_fix_trials(fp, r);
	fputc(',', fp);
	json_classes(fp, r);
	fputc(',', fp);
	json_capture(fp, r);
	fputc(',', fp);
	json_captures(fp, r);
	fputc(',', fp);
	json_listener(fp, r);
	fputc(',', fp);
	json_applications(fp, r);
	fputc(',', fp);
	json_watch(fp, r);
	fputc(',', fp);
	json_prediction(fp, r);
	fputc(',', fp);
	json_audit(fp, r);
	if (r->repair != NULL) {
		fputc(',', fp);
		fix_report_json(fp, r->repair);
	}
	fputs("}\n", fp);
}
