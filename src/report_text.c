/* SPDX-License-Identifier: ISC */
/*
 * The text report, for a person: status and summary first, then what
 * happened to each probe, the route, and what the listener received.
 */
#include "config.h"

#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "payload.h"
#include "report.h"

/* "224.16.17.0/24 dev lo table 100 proto 4 src 127.0.0.1, by rule 100" */
static void
text_route_effect(FILE *fp, const struct route_effect *e)
{
	if (e->type == RTN_BLACKHOLE || e->type == RTN_UNREACHABLE ||
	    e->type == RTN_PROHIBIT || e->type == RTN_THROW)
		fprintf(fp, "%s ", route_type_name(e->type));
	fprintf(fp, "%s", e->prefix);
	if (e->ifname[0])
		fprintf(fp, " dev %s", e->ifname);
	fprintf(fp, " table %u proto %u", e->table, e->protocol);
	if (e->metric)
		fprintf(fp, " metric %u", e->metric);
	if (e->prefsrc[0])
		fprintf(fp, " src %s", e->prefsrc);
	if (e->rule >= 0)
		fprintf(fp, ", by rule %d%s", e->rule, e->rule_selective ?
		    " (which also matches on more than the group)" : "");
}

/* The route under test: the check's own, or the host's, and in effect? */
static void
text_route(FILE *fp, const struct check_result *r, const char *group)
{
	unsigned bits = addr_bits(&r->group);

	switch (r->route) {
	case ROUTE_ADDED:
		fprintf(fp, "route: %s%s/%u dev %s%s added for the check, %s\n",
		    r->group.family == AF_INET6 ? "local " : "", group, bits,
		    r->loopback, r->group.family == AF_INET6 ?
		    " table local" : "", r->route_removed ?
		    "removed afterwards" : r->route_lost ?
		    "removed by someone else during the check" :
		    "NOT REMOVED");
		break;
	case ROUTE_PREEXISTING:
		fprintf(fp, "route: the host's own; nothing added for the "
		    "check\n");
		break;
	case ROUTE_NONE:
		if (r->no_route)
			fprintf(fp, "route: none added (--no-route): the host's "
			    "own routing decided\n");
		else
			fprintf(fp, "route: none added\n");
		break;
	}
	if (r->route_unused.known) {
		fprintf(fp, "route not in effect: ");
		text_route_effect(fp, &r->route_unused);
		fprintf(fp, "; the kernel uses %s\n", r->route_in_effect.known ?
		    "instead:" : "no route for the group");
	}
	if (r->route_in_effect.known) {
		fprintf(fp, "%sroute in effect: ", r->route_unused.known ?
		    "  " : "");
		text_route_effect(fp, &r->route_in_effect);
		fprintf(fp, "\n");
	}
}

static void
text_probe(FILE *fp, const struct check_result *r, size_t i)
{
	const struct probe_result *p = &r->probes[i];
	unsigned leaks = result_leak_mask(r, i);
	char where[IFACE_LIST_MAX + 16], leaked[IFACE_LIST_MAX + 16],
	    listener[64];

	if (p->skipped) {
		fprintf(fp, "  %-20s skipped: %s\n", method_get((enum method)i)->label,
		    p->error);
		return;
	}
	if (!p->sent) {		/* nothing to capture, leak or receive */
		fprintf(fp, "  %-20s %-13s not sent: %s\n", method_get((enum method)i)->label,
		    p->required ? "required" : "not required", p->error);
		return;
	}
	if (p->captured_on == 0 && p->queued > 0)
		snprintf(where, sizeof(where), "queued on %s", p->predicted ?
		    p->predicted_if : "its device");
	else if (p->captured_on == 0)
		snprintf(where, sizeof(where), "captured nowhere");
	else {
		strcpy(where, "captured on ");
		result_format_ifaces(r, p->captured_on, where + 12,
		    sizeof(where) - 12);
	}
	if (leaks) {
		strcpy(leaked, "LEAKED through ");
		result_format_ifaces(r, leaks, leaked + 15,
		    sizeof(leaked) - 15);
	} else if (result_queued_out(r, i))
		snprintf(leaked, sizeof(leaked), "LEAKED (queued out)");
	else if (p->captured_on == 0 && p->predicted &&
	    strcmp(p->predicted_if, r->loopback) != 0)
		snprintf(leaked, sizeof(leaked), "dropped (%s egress)",
		    p->predicted_if);
	else if (p->captured_on == 0)
		snprintf(leaked, sizeof(leaked), "not seen");
	else
		snprintf(leaked, sizeof(leaked), "no leak");
	if (p->listener_count)
		snprintf(listener, sizeof(listener), "listener got it on %s",
		    p->listener_if);
	else
		snprintf(listener, sizeof(listener), "listener got nothing");
	fprintf(fp, "  %-20s %-13s %-22s %-22s %s\n", method_get((enum method)i)->label,
	    p->required ? "required" : "not required", where, leaked,
	    listener);
}

static void
text_prediction(FILE *fp, const struct check_result *r)
{
	const struct prediction *p = &r->prediction;

	if (!p->known)
		return;
	if (!p->unroutable)
		fprintf(fp, "kernel: sendto() goes out of %s; connect() takes "
		    "the source %s, and send() goes out of %s%s\n",
		    p->ifname[METHOD_SENDTO], p->source[0] ? p->source : "(none)",
		    p->ifname[METHOD_SEND], r->prediction_agrees < 0 ? "" :
		    r->prediction_agrees ? " (as captured)" :
		    " (NOT as captured)");
	fprintf(fp, "why: %s\n", p->why);
}

static void
text_audit(FILE *fp, const struct check_result *r)
{
	const struct host_audit *a = &r->audit;
	int i;

	if (!a->known)
		return;
	fprintf(fp, "host: %s MULTICAST %s", r->loopback,
	    a->loopback_multicast > 0 ? "on" : "off");
	if (r->group.family != AF_INET6) {	/* rp_filter is IPv4's */
		fprintf(fp, "; rp_filter all=%d %s=%d", a->rp_filter_all,
		    r->loopback, a->rp_filter_loopback);
		if (r->egress[0])
			fprintf(fp, " %s=%d", r->egress, a->rp_filter_egress);
	}
	fprintf(fp, "; group joined on: ");
	for (i = 0; i < a->nmembers; i++)
		fprintf(fp, "%s%s", i ? "," : "", a->members[i]);
	fprintf(fp, "%s", a->nmembers ? "" : "none");
	if (a->route_known)
		fprintf(fp, "; group's route: table %u proto %u src %s",
		    a->route_table, a->route_protocol,
		    a->route_prefsrc[0] ? a->route_prefsrc : "(none)");
	if (a->forward_from_loopback[0])
		fprintf(fp, "; %s from %s to %s", a->forward_entry ?
		    "forwards" : "may forward", r->loopback,
		    a->forward_from_loopback);
	fprintf(fp, "; probes %s %u, loop on\n",
	    r->group.family == AF_INET6 ? "hop limit" : "TTL", r->ttl);
}

/* One line per class of applications the rules route apart. */
static void
text_classes(FILE *fp, const struct check_result *r)
{
	size_t i;

	for (i = 0; i < r->nclasses; i++) {
		const struct class_result *c = &r->classes[i];
		const struct prediction *p = &c->prediction;

		fprintf(fp, "class %s (%s): kernel: sendto() %s, send() %s",
		    c->name, c->rule_text, p->ifname[METHOD_SENDTO][0] ?
		    p->ifname[METHOD_SENDTO] : "(no route)",
		    p->ifname[METHOD_SEND][0] ? p->ifname[METHOD_SEND] :
		    "(no route)");
		if (c->leak_mask)
			fprintf(fp, "; LEAKS through %s", c->leak_ifs);
		else
			fprintf(fp, "; stays on %s", r->loopback);
		fprintf(fp, "%s%s\n", c->probed ? " (probed as the class)" :
		    "; ", c->probed ? "" : c->not_probed);
		if (c->fix[0])
			fprintf(fp, "  fix for %s: %s   (%s%s%s)\n", c->name,
			    c->fix, c->fix_proven ? "proven here: applied in "
			    "table " : c->fix_why, c->fix_proven ? c->fix_table :
			    "", c->fix_proven ? ", probed, removed" : "");
	}
}

/* "(proven here...)" or "(not tested here: ...)" for a default fix. */
static const char *
fix_status(const struct check_result *r, const char *command)
{
	static char buf[256];
	size_t i;

	for (i = 0; i < r->ntrials; i++) {
		const struct fix_trial *t = &r->trials[i];

		if (t->class_name[0] != '\0' || strcmp(t->command,
		    command) != 0)
			continue;
		if (t->proven)
			snprintf(buf, sizeof(buf), "    (proven here: applied in "
			    "table %s, probed, removed)\n", t->table);
		else
			snprintf(buf, sizeof(buf), "    (%s)\n", t->why);
		return buf;
	}
	return "";
}

/* The fixes this check proved, or the host-level one to try. */
static void
text_fixes(FILE *fp, const struct check_result *r)
{
	size_t i, j, shown = 0;

	for (i = METHOD_BASE_COUNT; i < r->nprobes; i++) {
		if (!result_fix_works(r, i))
			continue;
		if (shown++ == 0)
			fprintf(fp, "fixes shown to work here:\n");
		fprintf(fp, "  %s: %s\n", method_get((enum method)i)->name,
		    method_get((enum method)i)->fix);
		if (method_get((enum method)i)->kind == METHOD_HOST_FIX)
			for (j = 0; j < r->nfixes; j++)
				fprintf(fp, "    %s\n", r->fixes[j]);
	}
	if (shown > 0 || r->nfixes == 0)
		return;
	if (r->group.family == AF_INET6)
		fprintf(fp, "fix: only a local route in table local keeps "
		    "IPv6 multicast on %s, for every send method:\n",
		    r->loopback);
	else
		fprintf(fp, "fix: a route with a loopback source keeps "
		    "connect()+send() on %s%s:\n", r->loopback,
		    r->nprobes > METHOD_BASE_COUNT ? "" : " (--mitigations "
		    "proves each fix here)");
	/* The command alone on its line, to copy; what is known of it next. */
	for (i = 0; i < r->nfixes; i++)
		fprintf(fp, "  %s\n%s", r->fixes[i], fix_status(r,
		    r->fixes[i]));
}

/* One line per application socket that leaks: who, what, where. */
static void
text_applications(FILE *fp, const struct check_result *r)
{
	const struct app_audit *a = &r->apps;
	size_t i;

	if (!a->done) {
		if (a->error[0])
			fprintf(fp, "applications: not audited: %s\n", a->error);
		return;
	}
	fprintf(fp, "applications: %lu sockets connected to a multicast "
	    "group, %lu to groups routed to %s, %lu leaking, %lu at risk%s\n",
	    a->sockets, a->routed_to_loopback, r->loopback, a->leaking,
	    a->at_risk,
	    a->owners_hidden ? " (some owners hidden by /proc)" : "");
	for (i = 0; i < a->n; i++) {
		const struct app_socket *app = &a->apps[i];

		if (!app->leaks && !app->at_risk)
			continue;
		/* Names are sanitized where they enter (sanitize.c). */
		if (app->pid == APP_OWNER_UNKNOWN)
			fprintf(fp, "  %s (uid %ld)", app->unit[0] ?
			    app->unit : "owner unknown", app->uid);
		else if (app->unit[0] != '\0')
			fprintf(fp, "  %s (%s, pid %ld, uid %ld%s)", app->unit,
			    app->comm, app->pid, app->uid, app->more_owners ?
			    ", and others" : "");
		else
			fprintf(fp, "  %s (pid %ld, uid %ld%s)", app->comm,
			    app->pid, app->uid, app->more_owners ?
			    ", and others" : "");
		if (app->cgroup[0] != '\0')
			fprintf(fp, " [cgroup %s]", app->cgroup);
		fprintf(fp, " sends to %s:%u from %s: %s through %s\n",
		    app->group, app->port, app->local, app->leaks ? "LEAKS" :
		    "AT RISK (not seen sending)", app->ifname);
	}
}

static void
text_listener(FILE *fp, const struct check_result *r)
{
	size_t i;

	fprintf(fp, "listener on %s received %lu datagram%s", r->loopback,
	    r->nreceived_total, r->nreceived_total == 1 ? "" : "s");
	if (r->listener_foreign)
		fprintf(fp, " (%lu foreign, ignored)", r->listener_foreign);
	fprintf(fp, "%s\n", r->nreceived ? ":" : "");
	for (i = 0; i < r->nreceived; i++)
		fprintf(fp, "%s %s\n", r->received[i].ifname,
		    r->received[i].payload);
	if (r->nreceived < r->nreceived_total)
		fprintf(fp, "(%lu more not shown)\n",
		    r->nreceived_total - r->nreceived);
}

/* Only what is worth a look: other traffic, and frames lost. */
static void
text_captures(FILE *fp, const struct check_result *r)
{
	const struct capture_totals *t = &r->capture;
	size_t i;

	for (i = 0; i < r->ncaptures; i++) {
		const struct capture_stats *s = &r->captures[i];

		if (s->foreign == 0 && s->undecodable == 0)
			continue;
		fprintf(fp, "seen on %s: %lu frames, %lu foreign (ignored), "
		    "%lu undecodable\n", s->ifname, s->frames, s->foreign,
		    s->undecodable);
	}
	if (t->dropped != 0)
		fprintf(fp, "capture on %s: %lu frames, %lu dropped\n",
		    t->device, t->frames, t->dropped);
}

void
report_text(FILE *fp, const struct check_result *r)
{
	char group[ADDR_STRLEN];
	size_t i;

	addr_ntop(&r->group, group, sizeof(group));
	fprintf(fp, "MCASTLO %s: %s\n", status_name(r->status), r->summary);
	if (r->netns.inode != 0)
		fprintf(fp, "network namespace %s (inode %lu), owner %s\n",
		    r->netns.name, r->netns.inode, r->netns.owner[0] ?
		    r->netns.owner : "unknown");
	if (!r->route_checked)
		return;		/* stopped before anything was done */
	fprintf(fp, "group %s", group);
	if (r->port != 0)
		fprintf(fp, " port %u", r->port);
	fprintf(fp, ", loopback %s, egress %s, %.1f ms\n", r->loopback,
	    r->egress[0] ? r->egress : "none", r->duration_ms);
	if (r->setup_error[0])
		fprintf(fp, "set-up problem (the check went on): %s\n",
		    r->setup_error);
	text_route(fp, r, group);
	text_prediction(fp, r);
	text_audit(fp, r);
	for (i = 0; i < r->nprobes; i++)
		text_probe(fp, r, i);
	if (r->nprobes > 0)
		text_listener(fp, r);
	text_captures(fp, r);
	text_applications(fp, r);
	text_classes(fp, r);
	text_fixes(fp, r);
}
