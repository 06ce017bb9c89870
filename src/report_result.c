/* SPDX-License-Identifier: ISC */
/*
 * The check's result, part by part, for a person (text) and a program
 * (JSON).  Each part is one function that says each value once to the
 * writer (writer.h): with its JSON key, and with the words a person
 * reads it in, or only for the form that shows it.  The two forms show
 * the parts in different orders (a person reads what happened first;
 * monitoring scripts depend on the JSON names and their order: add
 * names, never rename or remove one), hence one table of parts each.
 */
#include "config.h"

#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <time.h>

#include "fix.h"
#include "payload.h"
#include "report.h"
#include "writer.h"

static const char *
or_null(const char *s)
{
	return s[0] != '\0' ? s : NULL;
}

/* Text only: WR_ANY if the text form shows it, else WR_JSON. */
static enum wr_show
text_if(int shown)
{
	return shown ? WR_ANY : WR_JSON;
}

/* The interfaces in a capture mask, as a JSON array of names. */
static void
iface_array(struct writer *w, const char *key, const struct check_result *r,
    unsigned mask)
{
	size_t i;

	wr_open_array(w, key);
	for (i = 0; i < r->ncaptures; i++)
		if (mask & (1u << i))
			wr_string(w, WR_JSON, NULL, NULL,
			    r->captures[i].ifname);
	wr_close_array(w);
}

static void
part_status(struct writer *w, const struct check_result *r)
{
	wr_string(w, WR_ANY, "status", "MCASTLO %s: ", status_name(r->status));
	wr_int(w, WR_JSON, "exit_code", NULL, (long)r->status);
	wr_string(w, WR_ANY, "summary", "%s\n", r->summary);
	wr_string(w, WR_JSON, "error", NULL, or_null(r->error));
}

/* Where the check ran, with --netns; JSON null: where it started. */
static void
part_netns(struct writer *w, const struct check_result *r)
{
	const struct netns_id *ns = &r->netns;

	if (ns->inode == 0 && ns->name[0] == '\0') {
		wr_null(w, "netns");
		return;
	}
	wr_open_object(w, "netns");
	wr_string(w, WR_ANY, "name", "network namespace %s", ns->name);
	/* A round's namespace that was not there has a name alone. */
	if (ns->inode != 0)
		wr_uint(w, WR_ANY, "inode", " (inode %lu)", ns->inode);
	else
		wr_null(w, "inode");
	wr_string(w, WR_JSON, "owner", NULL, or_null(ns->owner));
	wr_close_object(w);
	wr_text(w, ", owner %s\n", ns->owner[0] ? ns->owner : "unknown");
}

/* What was checked: the group, its port, the interfaces. */
static void
part_check(struct writer *w, const struct check_result *r)
{
	char group[ADDR_STRLEN];

	addr_ntop(&r->group, group, sizeof(group));
	wr_string(w, WR_JSON, "setup_error", NULL, or_null(r->setup_error));
	wr_string(w, WR_ANY, "group", "group %s", or_null(group));
	if (r->port != 0)
		wr_uint(w, WR_ANY, "port", " port %lu", r->port);
	else
		wr_null(w, "port");
	wr_string(w, WR_ANY, "loopback", ", loopback %s", or_null(r->loopback));
	wr_string(w, WR_JSON, "interface", NULL, or_null(r->egress));
	/* The JSON form has the timing after the route (part_route). */
	wr_text(w, ", egress %s, %.1f ms\n", r->egress[0] ? r->egress : "none",
	    r->duration_ms);
	if (r->setup_error[0])
		wr_text(w, "set-up problem (the check went on): %s\n",
		    r->setup_error);
}

/*
 * A route the check found, or null.  As text:
 * "224.16.17.0/24 dev lo table 100 proto 4 src 127.0.0.1, by rule 100"
 */
static void
route_effect(struct writer *w, enum wr_show show, const char *key,
    const struct route_effect *e)
{
	if (show == WR_JSON && !writer_json(w))
		return;
	if (!e->known) {
		wr_null(w, key);
		return;
	}
	wr_open_object(w, key);
	if (e->type == RTN_BLACKHOLE || e->type == RTN_UNREACHABLE ||
	    e->type == RTN_PROHIBIT || e->type == RTN_THROW)
		wr_text(w, "%s ", route_type_name(e->type));
	wr_string(w, WR_ANY, "prefix", "%s", e->prefix);
	wr_string(w, WR_ANY, "interface", " dev %s", or_null(e->ifname));
	wr_uint(w, WR_ANY, "table", " table %lu", e->table);
	wr_uint(w, WR_ANY, "protocol", " proto %lu", e->protocol);
	wr_uint(w, text_if(e->metric != 0), "metric", " metric %lu", e->metric);
	wr_string(w, WR_ANY, "prefsrc", " src %s", or_null(e->prefsrc));
	if (e->rule >= 0) {
		wr_int(w, WR_ANY, "rule", ", by rule %ld", e->rule);
		if (e->rule_selective)
			wr_text(w, " (which also matches on more than the "
			    "group)");
	} else
		wr_null(w, "rule");
	wr_bool(w, "ours", e->ours);
	wr_string(w, WR_JSON, "type", NULL, route_type_name(e->type));
	wr_string(w, WR_JSON, "owner", NULL, route_owner_name(e->protocol));
	wr_close_object(w);
}

/*
 * RFC 3339 in UTC, to the millisecond; NULL before the check finished.
 * A round's report says its end the same way (report_round.c).
 */
const char *
report_finished_at(double unix_seconds, char *buf, size_t size)
{
	time_t t = (time_t)unix_seconds;
	struct tm tm;
	char date[32];

	if (unix_seconds <= 0 || gmtime_r(&t, &tm) == NULL)
		return NULL;
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, size, "%s.%03dZ", date,
	    (int)((unix_seconds - (double)t) * 1000) % 1000);
	return buf;
}

/* A person's line for the route under test: ours, the host's, none. */
static void
route_state_line(struct writer *w, const struct check_result *r)
{
	char group[ADDR_STRLEN];

	addr_ntop(&r->group, group, sizeof(group));
	switch (r->route) {
	case ROUTE_ADDED:
		wr_text(w, "route: %s%s/%u dev %s%s added for the check, %s\n",
		    r->group.family == AF_INET6 ? "local " : "", group,
		    addr_bits(&r->group), r->loopback,
		    r->group.family == AF_INET6 ? " table local" : "",
		    r->route_removed ? "removed afterwards" : r->route_lost ?
		    "removed by someone else during the check" :
		    "NOT REMOVED");
		break;
	case ROUTE_PREEXISTING:
		wr_text(w, "route: the host's own; nothing added for the "
		    "check\n");
		break;
	case ROUTE_NONE:
		wr_text(w, "%s", r->no_route ? "route: none added "
		    "(--no-route): the host's own routing decided\n" :
		    "route: none added\n");
		break;
	}
}

/* The route under test: the check's own, or the host's, and in effect? */
static void
part_route(struct writer *w, const struct check_result *r)
{
	char when[40];

	wr_string(w, WR_JSON, "route", NULL, route_state_name(r->route));
	route_state_line(w, r);
	/* A person reads the route not used first, then what is instead. */
	if (r->route_unused.known && !writer_json(w)) {
		wr_text(w, "route not in effect: ");
		route_effect(w, WR_ANY, NULL, &r->route_unused);
		wr_text(w, "; the kernel uses %s\n", r->route_in_effect.known ?
		    "instead:" : "no route for the group");
	}
	if (r->route_in_effect.known)
		wr_text(w, "%sroute in effect: ", r->route_unused.known ?
		    "  " : "");
	route_effect(w, WR_ANY, "route_in_effect", &r->route_in_effect);
	if (r->route_in_effect.known)
		wr_text(w, "\n");
	route_effect(w, WR_JSON, "route_unused", &r->route_unused);
	wr_bool(w, "route_removed", r->route_removed);
	wr_bool(w, "route_lost", r->route_lost);
	wr_double(w, WR_JSON, "duration_ms", NULL, r->duration_ms);
	wr_string(w, WR_JSON, "finished_at", NULL,
	    report_finished_at(r->finished_at, when, sizeof(when)));
}

/* As text, where the probe was seen, what leaked, what was received. */
static void
probe_columns(struct writer *w, const struct check_result *r, size_t i)
{
	const struct probe_result *p = &r->probes[i];
	unsigned leaks = result_leak_mask(r, i);
	char where[IFACE_LIST_MAX + 16], leaked[IFACE_LIST_MAX + 16],
	    listener[64];

	if (writer_json(w))
		return;
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
	wr_text(w, "%-22s %-22s %s\n", where, leaked, listener);
}

/* One probe: a row of the text's table, an object of the JSON's. */
static void
probe(struct writer *w, const struct check_result *r, size_t i)
{
	const struct probe_result *p = &r->probes[i];
	const struct method_info *m = method_get((enum method)i);

	wr_open_object(w, NULL);
	wr_string(w, WR_JSON, "method", NULL, m->name);
	wr_text(w, "  %-20s ", m->label);
	if (p->skipped)
		wr_text(w, "skipped: %s\n", p->error);
	else {
		wr_text(w, "%-13s ", p->required ? "required" :
		    "not required");
		if (!p->sent)	/* nothing to capture, leak or receive */
			wr_text(w, "not sent: %s\n", p->error);
		else
			probe_columns(w, r, i);
	}
	wr_bool(w, "required", p->required);
	wr_bool(w, "sent", p->sent);
	wr_bool(w, "skipped", p->skipped);
	wr_string(w, WR_JSON, "send_error", NULL, p->sent ? NULL : p->error);
	iface_array(w, "captured_on", r, p->captured_on);
	/* Leaked: seen leaving, or queued to leave (queued_on says where). */
	wr_bool(w, "leaked", result_leaked(r, i));
	iface_array(w, "leaked_through", r, result_leak_mask(r, i));
	wr_uint(w, WR_JSON, "listener_received", NULL, p->listener_count);
	wr_string(w, WR_JSON, "listener_interface", NULL,
	    or_null(p->listener_if));
	wr_string(w, WR_JSON, "source", NULL, or_null(p->source));
	if (p->sport)
		wr_uint(w, WR_JSON, "source_port", NULL, p->sport);
	else
		wr_null(w, "source_port");
	wr_string(w, WR_JSON, "predicted_interface", NULL, p->predicted ?
	    p->predicted_if : NULL);
	wr_int(w, WR_JSON, "queued_bytes", NULL, p->queued > 0 ? p->queued : 0);
	wr_string(w, WR_JSON, "queued_on", NULL, p->queued > 0 &&
	    p->predicted ? p->predicted_if : NULL);
	wr_tristate(w, "agrees", p->agrees);
	wr_close_object(w);
}

static void
part_probes(struct writer *w, const struct check_result *r)
{
	size_t i;

	wr_open_array(w, "probes");
	for (i = 0; i < r->nprobes; i++)
		probe(w, r, i);
	wr_close_array(w);
}

/* "(proven here...)" or "(not tested here: ...)" for a default fix. */
static void
fix_status(struct writer *w, const struct check_result *r,
    const char *command)
{
	size_t i;

	for (i = 0; i < r->ntrials; i++) {
		const struct fix_trial *t = &r->trials[i];

		if (t->class_name[0] != '\0' || strcmp(t->command,
		    command) != 0)
			continue;
		if (t->proven)
			wr_text(w, "    (proven here: applied in table %s, "
			    "probed, removed)\n", t->table);
		else
			wr_text(w, "    (%s)\n", t->why);
		return;
	}
}

/* The fixes this check proved, or the host-level one to try. */
static void
part_fixes(struct writer *w, const struct check_result *r)
{
	size_t i, j, shown = 0;

	wr_open_array(w, "fixes_shown");
	for (i = METHOD_BASE_COUNT; i < r->nprobes; i++) {
		const struct method_info *m = method_get((enum method)i);

		if (!result_fix_works(r, i))
			continue;
		if (shown++ == 0)
			wr_text(w, "fixes shown to work here:\n");
		wr_string(w, WR_ANY, NULL, "  %s: ", m->name);
		wr_text(w, "%s\n", m->fix);
		for (j = 0; m->kind == METHOD_HOST_FIX && j < r->nfixes; j++)
			wr_text(w, "    %s\n", r->fixes[j]);
	}
	wr_close_array(w);
	if (shown == 0 && r->nfixes > 0 && r->group.family == AF_INET6)
		wr_text(w, "fix: only a local route in table local keeps "
		    "IPv6 multicast on %s, for every send method:\n",
		    r->loopback);
	else if (shown == 0 && r->nfixes > 0)
		wr_text(w, "fix: a route with a loopback source keeps "
		    "connect()+send() on %s%s:\n", r->loopback,
		    r->nprobes > METHOD_BASE_COUNT ? "" : " (--mitigations "
		    "proves each fix here)");
	/* The command alone on its line, to copy; what is known of it next. */
	wr_open_array(w, "fixes");
	for (i = 0; i < r->nfixes; i++) {
		wr_string(w, text_if(shown == 0), NULL, "  %s\n", r->fixes[i]);
		if (shown == 0)
			fix_status(w, r, r->fixes[i]);
	}
	wr_close_array(w);
	/*
	 * Every fix with its class (null: the default one), the table it
	 * goes in, the exact command, and whether this run proved it here.
	 */
	wr_open_array(w, "fixes_detail");
	for (i = 0; writer_json(w) && i < r->ntrials; i++) {
		const struct fix_trial *t = &r->trials[i];

		wr_open_object(w, NULL);
		wr_string(w, WR_JSON, "class", NULL, or_null(t->class_name));
		wr_string(w, WR_JSON, "table", NULL, t->table);
		wr_string(w, WR_JSON, "command", NULL, t->command);
		wr_bool(w, "proven", t->proven);
		wr_string(w, WR_JSON, "not_proven_why", NULL, t->proven ? NULL :
		    or_null(t->why));
		wr_close_object(w);
	}
	wr_close_array(w);
}

/* A class probe: where it went, as a default probe's row says it. */
static void
class_probe(struct writer *w, const struct check_result *r,
    const struct probe_result *p, size_t m)
{
	unsigned leaks = result_probe_leak_mask(r, p);

	wr_open_object(w, NULL);
	wr_string(w, WR_JSON, "method", NULL, method_get((enum method)m)->name);
	wr_bool(w, "sent", p->sent);
	wr_string(w, WR_JSON, "send_error", NULL, p->sent ? NULL :
	    or_null(p->error));
	iface_array(w, "captured_on", r, p->captured_on);
	wr_bool(w, "leaked", leaks || result_probe_queued_out(r, p));
	iface_array(w, "leaked_through", r, leaks);
	wr_uint(w, WR_JSON, "listener_received", NULL, p->listener_count);
	wr_string(w, WR_JSON, "predicted_interface", NULL, p->predicted ?
	    p->predicted_if : NULL);
	wr_int(w, WR_JSON, "queued_bytes", NULL, p->queued > 0 ? p->queued : 0);
	wr_close_object(w);
}

/* A class's fix: the command, and whether this run proved it. */
static void
class_fix(struct writer *w, const struct class_result *c)
{
	if (c->fix[0] == '\0') {
		wr_null(w, "fix");
		return;
	}
	wr_open_object(w, "fix");
	wr_text(w, "  fix for %s: ", c->name);
	wr_string(w, WR_ANY, "command", "%s   ", c->fix);
	wr_text(w, "(%s%s%s)\n", c->fix_proven ? "proven here: applied in "
	    "table " : c->fix_why, c->fix_proven ? c->fix_table : "",
	    c->fix_proven ? ", probed, removed" : "");
	wr_string(w, WR_JSON, "table", NULL, c->fix_table);
	wr_bool(w, "proven", c->fix_proven);
	wr_string(w, WR_JSON, "not_proven_why", NULL, or_null(c->fix_why));
	wr_close_object(w);
}

/*
 * One class of applications the policy rules route apart: its rule,
 * the route the kernel uses for it, the kernel's answers, what its
 * probes showed, and its fix.  As text, a line (and its fix's).
 */
static void
class_part(struct writer *w, const struct check_result *r,
    const struct class_result *c)
{
	const struct prediction *p = &c->prediction;
	size_t m;

	wr_open_object(w, NULL);
	wr_string(w, WR_ANY, "class", "class %s ", c->name);
	wr_int(w, WR_JSON, "rule", NULL, c->rule);
	wr_string(w, WR_ANY, "rule_text", "(%s): ", c->rule_text);
	if (c->has_uid)
		wr_uint(w, WR_JSON, "uid", NULL, c->uid);
	else
		wr_null(w, "uid");
	if (c->has_mark)
		wr_uint(w, WR_JSON, "mark", NULL, c->mark);
	else
		wr_null(w, "mark");
	route_effect(w, WR_JSON, "route", &c->route);
	wr_open_object(w, "prediction");
	wr_text(w, "kernel: sendto() %s, send() %s",
	    p->ifname[METHOD_SENDTO][0] ? p->ifname[METHOD_SENDTO] :
	    "(no route)", p->ifname[METHOD_SEND][0] ? p->ifname[METHOD_SEND] :
	    "(no route)");
	wr_string(w, WR_JSON, "sendto_interface", NULL,
	    or_null(p->ifname[METHOD_SENDTO]));
	wr_string(w, WR_JSON, "send_interface", NULL,
	    or_null(p->ifname[METHOD_SEND]));
	wr_string(w, WR_JSON, "source", NULL, or_null(p->source));
	wr_string(w, WR_JSON, "why", NULL, p->why);
	wr_close_object(w);
	if (c->leak_mask)
		wr_text(w, "; LEAKS through %s", c->leak_ifs);
	else
		wr_text(w, "; stays on %s", r->loopback);
	wr_bool(w, "probed", c->probed);
	wr_text(w, "%s", c->probed ? " (probed as the class)" : "; ");
	wr_string(w, text_if(!c->probed), "not_probed", "%s",
	    or_null(c->not_probed));
	wr_text(w, "\n");
	wr_open_array(w, "probes");
	for (m = 0; writer_json(w) && c->probed && m < METHOD_BASE_COUNT; m++)
		class_probe(w, r, &c->probes[m], m);
	wr_close_array(w);
	wr_bool(w, "leaks", c->leak_mask != 0);
	wr_open_array(w, "leaked_with");
	for (m = 0; m < METHOD_BASE_COUNT; m++)
		if (c->leak_mask & (1u << m))
			wr_string(w, WR_JSON, NULL, NULL,
			    method_get((enum method)m)->name);
	wr_close_array(w);
	wr_csv_array(w, "leaked_through", c->leak_ifs);
	class_fix(w, c);
	wr_close_object(w);
}

static void
part_classes(struct writer *w, const struct check_result *r)
{
	size_t i;

	wr_open_array(w, "classes");
	for (i = 0; i < r->nclasses; i++)
		class_part(w, r, &r->classes[i]);
	wr_close_array(w);
}

/* The capture handle as a whole (null: none opened); text: if it lost any. */
static void
part_capture(struct writer *w, const struct check_result *r)
{
	const struct capture_totals *t = &r->capture;

	if (writer_json(w) && t->device[0] == '\0') {
		wr_null(w, "capture");
		return;
	}
	if (!writer_json(w) && t->dropped == 0)
		return;
	wr_open_object(w, "capture");
	wr_string(w, WR_ANY, "device", "capture on %s: ", t->device);
	wr_uint(w, WR_ANY, "frames", "%lu frames, ", t->frames);
	wr_uint(w, WR_JSON, "ignored", NULL, t->ignored);
	wr_uint(w, WR_JSON, "undecodable", NULL, t->undecodable);
	wr_uint(w, WR_ANY, "dropped", "%lu dropped\n", t->dropped);
	wr_close_object(w);
}

/*
 * Per interface: loopback, the egress, then any other that saw a
 * frame.  A person is shown only what is worth a look: other traffic.
 */
static void
part_captures(struct writer *w, const struct check_result *r)
{
	size_t i;

	wr_open_array(w, "captures");
	for (i = 0; i < r->ncaptures; i++) {
		const struct capture_stats *s = &r->captures[i];

		if (!writer_json(w) && s->foreign == 0 && s->undecodable == 0)
			continue;
		wr_open_object(w, NULL);
		wr_string(w, WR_ANY, "interface", "seen on %s: ", s->ifname);
		wr_bool(w, "loopback", s->loopback);
		wr_uint(w, WR_ANY, "frames", "%lu frames, ", s->frames);
		wr_uint(w, WR_ANY, "foreign", "%lu foreign (ignored), ",
		    s->foreign);
		wr_uint(w, WR_ANY, "undecodable", "%lu undecodable\n",
		    s->undecodable);
		wr_close_object(w);
	}
	wr_close_array(w);
}

/* What the listener on loopback received (text: when probes were sent). */
static void
part_listener(struct writer *w, const struct check_result *r)
{
	size_t i;

	if (!writer_json(w) && r->nprobes == 0)
		return;
	wr_open_object(w, "listener");
	wr_text(w, "listener on %s ", r->loopback);
	wr_uint(w, WR_ANY, "received", "received %lu ", r->nreceived_total);
	wr_text(w, "datagram%s", r->nreceived_total == 1 ? "" : "s");
	wr_uint(w, text_if(r->listener_foreign != 0), "foreign",
	    " (%lu foreign, ignored)", r->listener_foreign);
	wr_text(w, "%s\n", r->nreceived ? ":" : "");
	wr_open_array(w, "datagrams");
	for (i = 0; i < r->nreceived; i++) {
		wr_open_object(w, NULL);
		wr_string(w, WR_ANY, "interface", "%s ", r->received[i].ifname);
		wr_string(w, WR_ANY, "payload", "%s\n", r->received[i].payload);
		wr_close_object(w);
	}
	wr_close_array(w);
	if (r->nreceived < r->nreceived_total)
		wr_text(w, "(%lu more not shown)\n",
		    r->nreceived_total - r->nreceived);
	wr_close_object(w);
}

/* As text, who owns a socket: "x.service (mcsend, pid 12, uid 0)". */
static void
socket_owner_text(struct writer *w, const struct app_socket *app)
{
	/* Names are sanitized where they enter (sanitize.c). */
	if (app->pid == APP_OWNER_UNKNOWN)
		wr_text(w, "  %s (uid %ld)", app->unit[0] ? app->unit :
		    "owner unknown", app->uid);
	else if (app->unit[0] != '\0')
		wr_text(w, "  %s (%s, pid %ld, uid %ld%s)", app->unit,
		    app->comm, app->pid, app->uid, app->more_owners ?
		    ", and others" : "");
	else
		wr_text(w, "  %s (pid %ld, uid %ld%s)", app->comm, app->pid,
		    app->uid, app->more_owners ? ", and others" : "");
	if (app->cgroup[0] != '\0')
		wr_text(w, " [cgroup %s]", app->cgroup);
	wr_text(w, " sends to %s:%u from %s: %s through %s\n", app->group,
	    app->port, app->local, app->leaks ? "LEAKS" :
	    "AT RISK (not seen sending)", app->ifname);
}

/*
 * Every socket connected to a group routed to loopback; a person is
 * shown the ones that leak or may.
 */
static void
part_sockets(struct writer *w, const struct check_result *r)
{
	const struct app_audit *a = &r->apps;
	size_t i;

	if (!writer_json(w) && !a->done)
		return;
	wr_open_array(w, "sockets");
	for (i = 0; i < a->n; i++) {
		const struct app_socket *app = &a->apps[i];

		if (!writer_json(w)) {
			if (app->leaks || app->at_risk)
				socket_owner_text(w, app);
			continue;
		}
		wr_open_object(w, NULL);
		if (app->pid == APP_OWNER_UNKNOWN) {
			wr_null(w, "pid");
			wr_null(w, "comm");
		} else {
			wr_int(w, WR_JSON, "pid", NULL, app->pid);
			wr_string(w, WR_JSON, "comm", NULL, app->comm);
		}
		wr_int(w, WR_JSON, "uid", NULL, app->uid);
		wr_string(w, WR_JSON, "local", NULL, app->local);
		wr_string(w, WR_JSON, "group", NULL, app->group);
		wr_uint(w, WR_JSON, "port", NULL, app->port);
		wr_bool(w, "leaks", app->leaks);
		wr_string(w, WR_JSON, "interface", NULL, app->ifname);
		wr_string(w, WR_JSON, "unit", NULL, or_null(app->unit));
		wr_string(w, WR_JSON, "cgroup", NULL, or_null(app->cgroup));
		wr_string(w, WR_JSON, "exe", NULL, or_null(app->exe));
		wr_bool(w, "at_risk", app->at_risk);
		wr_bool(w, "seen_out", app->seen_out);
		wr_bool(w, "seen_lo", app->seen_lo);
		wr_close_object(w);
	}
	wr_close_array(w);
}

/* The socket audit's totals, or why it did not run. */
static void
part_socket_audit(struct writer *w, const struct check_result *r)
{
	const struct app_audit *a = &r->apps;

	wr_open_object(w, "socket_audit");
	wr_bool(w, "done", a->done);
	wr_string(w, text_if(!a->done), "error",
	    "applications: not audited: %s\n", or_null(a->error));
	if (!a->done && !writer_json(w))
		return;
	wr_uint(w, WR_ANY, "sockets", "applications: %lu sockets connected "
	    "to a multicast group, ", a->sockets);
	wr_uint(w, WR_ANY, "routed_to_loopback", "%lu to groups routed to ",
	    a->routed_to_loopback);
	wr_text(w, "%s, ", r->loopback);
	wr_uint(w, WR_ANY, "leaking", "%lu leaking, ", a->leaking);
	wr_bool(w, "owners_hidden", a->owners_hidden);
	wr_uint(w, WR_ANY, "at_risk", "%lu at risk", a->at_risk);
	wr_text(w, "%s\n", a->owners_hidden ? " (some owners hidden by /proc)" :
	    "");
	wr_close_object(w);
}

/* The daemon's watch mode: what applications leaked between checks. */
static void
part_watch(struct writer *w, const struct check_result *r)
{
	const struct watch_counts *wc = &r->watch;
	size_t i;

	if (!wc->enabled) {
		wr_null(w, "watch");
		return;
	}
	wr_open_object(w, "watch");
	wr_string(w, WR_JSON, "error", NULL, or_null(wc->error));
	wr_csv_array(w, "groups", wc->groups);
	wr_uint(w, WR_JSON, "group_count", NULL, wc->ngroups);
	wr_string(w, WR_JSON, "filter", NULL, wc->wide_filter ? "multicast" :
	    "groups");
	wr_uint(w, WR_JSON, "datagrams", NULL, wc->datagrams);
	wr_uint(w, WR_JSON, "untracked", NULL, wc->untracked);
	wr_uint(w, WR_JSON, "forwarded", NULL, wc->forwarded);
	wr_uint(w, WR_JSON, "dropped", NULL, wc->dropped);
	wr_open_array(w, "leaks");
	for (i = 0; i < wc->n; i++) {
		const struct watch_leak *l = &wc->leaks[i];

		wr_open_object(w, NULL);
		wr_string(w, WR_JSON, "group", NULL, l->group);
		wr_uint(w, WR_JSON, "port", NULL, l->port);
		wr_string(w, WR_JSON, "interface", NULL, l->ifname);
		wr_string(w, WR_JSON, "source", NULL, l->source);
		if (l->pid == APP_OWNER_UNKNOWN) {
			wr_null(w, "pid");
			wr_null(w, "comm");
		} else {
			wr_int(w, WR_JSON, "pid", NULL, l->pid);
			wr_string(w, WR_JSON, "comm", NULL, l->comm);
		}
		if (l->uid < 0)
			wr_null(w, "uid");
		else
			wr_int(w, WR_JSON, "uid", NULL, l->uid);
		wr_string(w, WR_JSON, "unit", NULL, or_null(l->unit));
		wr_uint(w, WR_JSON, "candidates", NULL, l->candidates);
		wr_uint(w, WR_JSON, "datagrams", NULL, l->datagrams);
		wr_close_object(w);
	}
	wr_close_array(w);
	wr_close_object(w);
}

/* What the kernel said it would do, and why. */
static void
part_prediction(struct writer *w, const struct check_result *r)
{
	const struct prediction *p = &r->prediction;

	wr_bool(w, "explain_only", r->explain_only);
	if (!p->known) {
		wr_null(w, "prediction");
		return;
	}
	wr_open_object(w, "prediction");
	if (!p->unroutable)
		wr_text(w, "kernel: sendto() goes out of %s; connect() takes "
		    "the source %s, and send() goes out of %s%s\n",
		    p->ifname[METHOD_SENDTO], p->source[0] ? p->source :
		    "(none)", p->ifname[METHOD_SEND], r->prediction_agrees < 0 ?
		    "" : r->prediction_agrees ? " (as captured)" :
		    " (NOT as captured)");
	wr_string(w, WR_JSON, "sendto_interface", NULL,
	    or_null(p->ifname[METHOD_SENDTO]));
	wr_string(w, WR_JSON, "send_interface", NULL,
	    or_null(p->ifname[METHOD_SEND]));
	wr_string(w, WR_JSON, "source", NULL, or_null(p->source));
	wr_string(w, WR_ANY, "why", "why: %s\n", p->why);
	wr_string(w, WR_JSON, "why_sendto", NULL,
	    or_null(p->why_method[METHOD_SENDTO]));
	wr_string(w, WR_JSON, "why_send", NULL,
	    or_null(p->why_method[METHOD_SEND]));
	wr_tristate(w, "agrees", r->prediction_agrees);
	wr_close_object(w);
}

/* The host's settings that decide where multicast goes. */
static void
part_audit(struct writer *w, const struct check_result *r)
{
	const struct host_audit *a = &r->audit;
	enum wr_show v4 = text_if(r->group.family != AF_INET6); /* rp_filter */
	int i;

	if (!a->known) {
		wr_null(w, "audit");
		return;
	}
	wr_open_object(w, "audit");
	wr_bool(w, "loopback_multicast", a->loopback_multicast > 0);
	wr_text(w, "host: %s MULTICAST %s", r->loopback,
	    a->loopback_multicast > 0 ? "on" : "off");
	wr_open_object(w, "rp_filter");
	wr_int(w, v4, "all", "; rp_filter all=%ld", a->rp_filter_all);
	if (v4 == WR_ANY)
		wr_text(w, " %s=", r->loopback);
	wr_int(w, v4, "loopback", "%ld", a->rp_filter_loopback);
	if (v4 == WR_ANY && r->egress[0])
		wr_text(w, " %s=", r->egress);
	wr_int(w, v4 == WR_ANY && r->egress[0] ? WR_ANY : WR_JSON, "egress",
	    "%ld", a->rp_filter_egress);
	wr_close_object(w);
	wr_text(w, "; group joined on: %s", a->nmembers ? "" : "none");
	wr_open_array(w, "memberships");
	for (i = 0; i < a->nmembers; i++)
		wr_string(w, WR_ANY, NULL, i ? ",%s" : "%s", a->members[i]);
	wr_close_array(w);
	if (a->route_known) {
		wr_open_object(w, "group_route");
		wr_uint(w, WR_ANY, "table", "; group's route: table %lu",
		    a->route_table);
		wr_uint(w, WR_ANY, "protocol", " proto %lu", a->route_protocol);
		wr_string(w, WR_JSON, "prefsrc", NULL,
		    or_null(a->route_prefsrc));
		wr_text(w, " src %s", a->route_prefsrc[0] ? a->route_prefsrc :
		    "(none)");
		wr_close_object(w);
	} else
		wr_null(w, "group_route");
	wr_uint(w, WR_JSON, "probe_ttl", NULL, r->ttl);
	wr_bool(w, "probe_loop", 1);
	wr_bool(w, "multicast_routing", a->mc_forwarding);
	wr_csv_array(w, "forwards_from_loopback", a->forward_from_loopback);
	if (a->forward_from_loopback[0])
		wr_text(w, "; %s from %s to %s", a->forward_entry ?
		    "forwards" : "may forward", r->loopback,
		    a->forward_from_loopback);
	wr_bool(w, "forwarding_entry", a->forward_entry);
	wr_text(w, "; probes %s %u, loop on\n",
	    r->group.family == AF_INET6 ? "hop limit" : "TTL", r->ttl);
	wr_close_object(w);
}

/* What --fix did (fixreport.c); its text follows the report (fix.c). */
static void
part_repair(struct writer *w, const struct check_result *r)
{
	if (r->repair != NULL)
		fix_report(w, r->repair);
}

typedef void (*report_part)(struct writer *, const struct check_result *);

/* A person reads what happened first: the route, then each probe. */
static const report_part text_parts[] = {
	part_status, part_netns, part_check, part_route, part_prediction,
	part_audit,
	part_probes, part_listener, part_captures, part_capture,
	part_socket_audit, part_sockets, part_classes, part_fixes,
};

/* The order monitoring scripts know: add at the end. */
static const report_part json_parts[] = {
	part_status, part_netns, part_check, part_route, part_probes, part_fixes,
	part_classes, part_capture, part_captures, part_listener,
	part_sockets, part_socket_audit, part_watch, part_prediction,
	part_audit, part_repair,
};

void
report_result(struct writer *w, const struct check_result *r)
{
	const report_part *parts = writer_json(w) ? json_parts : text_parts;
	size_t i, n = writer_json(w) ?
	    sizeof(json_parts) / sizeof(json_parts[0]) :
	    sizeof(text_parts) / sizeof(text_parts[0]);

	/* A run that stopped before anything was done: its status (and
	 * where it ran) alone. */
	if (!writer_json(w) && !r->route_checked)
		n = 2;
	wr_open_object(w, NULL);
	for (i = 0; i < n; i++)
		parts[i](w, r);
	wr_close_object(w);
	/* One line per report; inside a round's array, no line of its own. */
	if (writer_json(w) && w->depth == 0)
		fputc('\n', w->fp);
}
