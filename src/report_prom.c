/* SPDX-License-Identifier: ISC */
/*
 * Prometheus text format, for node_exporter's textfile collector: HELP
 * and TYPE before the samples, base units, no sample timestamps (the
 * collector skips files with them), names prefixed mcastlo_.
 *
 * The families are a table: name, type, help, whether a result has the
 * family, and the function that prints one result's samples.  A single
 * check prints each family it has, HELP and TYPE then its samples.  A
 * round (netround.h) prints each family once, HELP and TYPE then the
 * samples of every namespace checked, each sample's labels beginning
 * with netns="<name>": the format wants one HELP and TYPE per family
 * and the family's samples together.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <string.h>

#include "report.h"
#include "roundresult.h"

/* Where the samples go, and the label a round's samples begin with. */
struct prom_out {
	FILE		*fp;
	const char	*netns;		/* a round's namespace; NULL: none */
	int		 nlabels;	/* in the sample being written */
};

struct prom_family {
	const char	*name;		/* after mcastlo_ */
	const char	*type;
	const char	*help;
	/* Whether a result has the family at all; NULL: every one. */
	int		(*present)(const struct prom_out *,
			    const struct check_result *);
	void		(*samples)(struct prom_out *,
			    const struct prom_family *,
			    const struct check_result *);
	/* For the samples functions that take them: a probe's 0 or 1, a
	 * result's count. */
	int		(*probe)(const struct check_result *, size_t);
	unsigned long	(*count)(const struct check_result *);
};

static void
prom_meta(FILE *fp, const char *name, const char *type, const char *help)
{
	fprintf(fp, "# HELP mcastlo_%s %s\n# TYPE mcastlo_%s %s\n", name,
	    help, name, type);
}

/* A label value: backslash, double quote and newline escaped. */
static void
prom_label(FILE *fp, const char *name, const char *value)
{
	fprintf(fp, "%s=\"", name);
	for (; *value != '\0'; value++) {
		if (*value == '\\' || *value == '"')
			fprintf(fp, "\\%c", *value);
		else if (*value == '\n')
			fputs("\\n", fp);
		else
			fputc(*value, fp);
	}
	fputc('"', fp);
}

static void
sample_label(struct prom_out *o, const char *name, const char *value)
{
	fputc(o->nlabels++ == 0 ? '{' : ',', o->fp);
	prom_label(o->fp, name, value);
}

/* A sample's name, and in a round its first label, the namespace's. */
static void
sample_open(struct prom_out *o, const char *name)
{
	fprintf(o->fp, "mcastlo_%s", name);
	o->nlabels = 0;
	if (o->netns != NULL)
		sample_label(o, "netns", o->netns);
}

static void
sample_label_num(struct prom_out *o, const char *name, unsigned long value)
{
	char num[24];

	snprintf(num, sizeof(num), "%lu", value);
	sample_label(o, name, num);
}

/* The end of the label set, and the value. */
static void __attribute__((format(printf, 2, 3)))
sample_value(struct prom_out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->nlabels > 0)
		fputc('}', o->fp);
	fputc(' ', o->fp);
	va_start(ap, fmt);
	vfprintf(o->fp, fmt, ap);
	va_end(ap);
	fputc('\n', o->fp);
}

/* Which namespace the check ran in, and its owner: --netns, a round. */
static int
has_netns(const struct prom_out *o, const struct check_result *r)
{
	return o->netns != NULL || r->netns.inode != 0;
}

static int
has_watch(const struct prom_out *o, const struct check_result *r)
{
	(void)o;
	return r->watch.enabled;
}

static void
samples_netns(struct prom_out *o, const struct prom_family *f,
    const struct check_result *r)
{
	sample_open(o, f->name);
	if (o->netns == NULL)		/* a round's sample has it already */
		sample_label(o, "netns", r->netns.name);
	sample_label_num(o, "inode", r->netns.inode);
	sample_label(o, "owner", r->netns.owner);
	sample_value(o, "1");
}

/* One sample per probe method: 0 or 1. */
static void
samples_per_probe(struct prom_out *o, const struct prom_family *f,
    const struct check_result *r)
{
	size_t i;

	for (i = 0; i < r->nprobes; i++) {
		sample_open(o, f->name);
		sample_label(o, "method", method_get((enum method)i)->name);
		sample_value(o, "%d", f->probe(r, i) ? 1 : 0);
	}
}

/* Seen leaving, or still queued to leave at the end (result.c). */
static int
probe_leaked(const struct check_result *r, size_t i)
{
	return result_leaked(r, i);
}

static int
probe_received(const struct check_result *r, size_t i)
{
	return r->probes[i].listener_count != 0;
}

/* One sample per interface each probe leaked through, named. */
static void
samples_leaked_interfaces(struct prom_out *o, const struct prom_family *f,
    const struct check_result *r)
{
	unsigned leaks;
	size_t i, j;

	for (i = 0; i < r->nprobes; i++)
		for (leaks = result_leak_mask(r, i), j = 0; j < r->ncaptures;
		    j++) {
			if (!(leaks & (1u << j)))
				continue;
			sample_open(o, f->name);
			sample_label(o, "method",
			    method_get((enum method)i)->name);
			sample_label(o, "interface", r->captures[j].ifname);
			sample_value(o, "1");
		}
}

/* A gauge per leaking application: what, where, whose. */
static void
samples_applications(struct prom_out *o, const struct prom_family *f,
    const struct check_result *r)
{
	const struct app_socket *app;
	int known;
	size_t i;

	for (i = 0; i < r->apps.n; i++) {
		app = &r->apps.apps[i];
		if (!app->leaks)
			continue;
		known = app->pid != APP_OWNER_UNKNOWN;
		sample_open(o, f->name);
		sample_label(o, "unit", app->unit);
		sample_label(o, "comm", known ? app->comm : "");
		sample_label_num(o, "pid", known ? (unsigned long)app->pid : 0);
		sample_label(o, "group", app->group);
		sample_label_num(o, "port", app->port);
		sample_label(o, "interface", app->ifname);
		sample_value(o, "1");
	}
}

/* Whether two leaks are counted in one series. */
static int
same_series(const struct watch_leak *a, const struct watch_leak *b)
{
	return a->port == b->port && strcmp(a->group, b->group) == 0 &&
	    strcmp(a->ifname, b->ifname) == 0 && strcmp(a->comm, b->comm) == 0;
}

/*
 * The watch's counters, summed by group, port, interface and command:
 * one series per leaking application, however many sockets it used.
 */
static void
samples_watch_leaks(struct prom_out *o, const struct prom_family *f,
    const struct check_result *r)
{
	const struct watch_counts *w = &r->watch;
	const struct watch_leak *l;
	unsigned long sum;
	size_t i, j;

	for (i = 0; i < w->n; i++) {
		l = &w->leaks[i];
		for (j = 0; j < i; j++)		/* summed at the first */
			if (same_series(&w->leaks[j], l))
				break;
		if (j < i)
			continue;
		for (sum = 0, j = i; j < w->n; j++)
			if (same_series(&w->leaks[j], l))
				sum += w->leaks[j].datagrams;
		sample_open(o, f->name);
		sample_label(o, "group", l->group);
		sample_label_num(o, "port", l->port);
		sample_label(o, "interface", l->ifname);
		sample_label(o, "comm", l->comm);
		sample_value(o, "%lu", sum);
	}
}

/* One count, without labels of its own. */
static void
samples_count(struct prom_out *o, const struct prom_family *f,
    const struct check_result *r)
{
	sample_open(o, f->name);
	sample_value(o, "%lu", f->count(r));
}

static unsigned long
apps_leaking(const struct check_result *r)
{
	return r->apps.leaking;
}

static unsigned long
apps_at_risk(const struct check_result *r)
{
	return r->apps.at_risk;
}

static unsigned long
watch_untracked(const struct check_result *r)
{
	return r->watch.untracked;
}

static unsigned long
watch_forwarded(const struct check_result *r)
{
	return r->watch.forwarded;
}

static unsigned long
watch_dropped(const struct check_result *r)
{
	return r->watch.dropped;
}

static unsigned long
capture_dropped(const struct check_result *r)
{
	return r->capture.dropped;
}

static void
samples_status(struct prom_out *o, const struct prom_family *f,
    const struct check_result *r)
{
	char group[ADDR_STRLEN];

	addr_ntop(&r->group, group, sizeof(group));
	sample_open(o, f->name);
	sample_label(o, "group", group);
	sample_value(o, "%d", (int)r->status);
}

static void
samples_duration(struct prom_out *o, const struct prom_family *f,
    const struct check_result *r)
{
	sample_open(o, f->name);
	sample_value(o, "%.6f", r->duration_ms / 1000.0);
}

static void
samples_finished(struct prom_out *o, const struct prom_family *f,
    const struct check_result *r)
{
	sample_open(o, f->name);
	sample_value(o, "%.3f", r->finished_at);
}

/* The order the file had before this table (tests/corpus/prom/). */
static const struct prom_family families[] = {
	{ "netns_info", "gauge", "The network namespace the check ran in "
	    "(--netns) and the container or unit that owns it.",
	    has_netns, samples_netns, NULL, NULL },
	{ "probe_leaked", "gauge", "Whether the last check captured the "
	    "probe on an interface other than loopback.",
	    NULL, samples_per_probe, probe_leaked, NULL },
	{ "probe_leaked_interface", "gauge", "1 for each interface other "
	    "than loopback the last check captured the probe on.",
	    NULL, samples_leaked_interfaces, NULL, NULL },
	{ "app_leaking", "gauge", "1 for each application socket the last "
	    "check found sending a group routed to loopback out of another "
	    "interface.",
	    NULL, samples_applications, NULL, NULL },
	{ "app_leaking_sockets", "gauge", "How many application sockets the "
	    "last check found leaking.",
	    NULL, samples_count, NULL, apps_leaking },
	{ "app_at_risk_sockets", "gauge", "How many application sockets the "
	    "kernel routes out that the last check did not see sending.",
	    NULL, samples_count, NULL, apps_at_risk },
	{ "app_leaked_datagrams_total", "counter", "Datagrams applications "
	    "sent out of another interface than loopback to a group routed "
	    "to loopback, since the daemon started.",
	    has_watch, samples_watch_leaks, NULL, NULL },
	{ "watch_untracked_datagrams_total", "counter", "Leaked datagrams "
	    "from sources the watch keeps no count of (past a uid's share, "
	    "or of no known socket).",
	    has_watch, samples_count, NULL, watch_untracked },
	{ "watch_forwarded_datagrams_total", "counter", "Datagrams to a "
	    "group routed to loopback that the host bridged or forwarded (a "
	    "source it does not own): no application's leak.",
	    has_watch, samples_count, NULL, watch_forwarded },
	{ "watch_dropped_packets", "gauge", "Packets the watch's capture "
	    "dropped.",
	    has_watch, samples_count, NULL, watch_dropped },
	{ "probe_captured_loopback", "gauge", "Whether the last check "
	    "captured the probe on loopback.",
	    NULL, samples_per_probe, result_captured_on_loopback, NULL },
	{ "probe_listener_received", "gauge", "Whether the listener joined "
	    "on loopback received the probe.",
	    NULL, samples_per_probe, probe_received, NULL },
	{ "check_status", "gauge", "Status of the last check: 0 OK, "
	    "1 WARNING, 2 CRITICAL, 3 UNKNOWN.",
	    NULL, samples_status, NULL, NULL },
	{ "check_duration_seconds", "gauge", "How long the last check took, "
	    "route changes included.",
	    NULL, samples_duration, NULL, NULL },
	{ "last_check_timestamp_seconds", "gauge", "When the last check "
	    "finished, in seconds since the Unix epoch.",
	    NULL, samples_finished, NULL, NULL },
	{ "capture_dropped_packets", "gauge", "Packets the last check's "
	    "capture dropped (pcap_stats).",
	    NULL, samples_count, NULL, capture_dropped },
};
#define NFAMILIES	(sizeof(families) / sizeof(families[0]))

static int
family_present(const struct prom_family *f, const struct prom_out *o,
    const struct check_result *r)
{
	return f->present == NULL || f->present(o, r);
}

/* A gauge of the file itself, or of the round: no namespace label. */
static void
prom_gauge(FILE *fp, const char *name, const char *help, unsigned long v)
{
	prom_meta(fp, name, "gauge", help);
	fprintf(fp, "mcastlo_%s %lu\n", name, v);
}

static void
prom_build_info(FILE *fp)
{
	prom_meta(fp, "build_info", "gauge", "The version of mcastlo-verifyd "
	    "that wrote this file.");
	fprintf(fp, "mcastlo_build_info{version=\"%s\"} 1\n", PACKAGE_VERSION);
}

void
report_prom(FILE *fp, const struct check_result *r)
{
	struct prom_out o = { fp, NULL, 0 };
	const struct prom_family *f;

	prom_build_info(fp);
	for (f = families; f < families + NFAMILIES; f++) {
		if (!family_present(f, &o, r))
			continue;
		prom_meta(fp, f->name, f->type, f->help);
		f->samples(&o, f, r);
	}
}

/* Whether any namespace of the round has the family. */
static int
round_has_family(const struct round_result *rr, const struct prom_family *f)
{
	const struct ns_entry *e;
	struct prom_out o;
	size_t i;

	for (i = 0; i < round_entries(rr); i++) {
		e = &rr->entries[i];
		o = (struct prom_out){ NULL, e->r.netns.name, 0 };
		if (round_entry_counted(e) && family_present(f, &o, &e->r))
			return 1;
	}
	return 0;
}

void
report_round_prom(FILE *fp, const struct round_result *rr)
{
	const struct prom_family *f;
	const struct ns_entry *e;
	struct round_counts c;
	struct prom_out o;
	size_t i;

	round_result_count(rr, &c);
	prom_build_info(fp);
	prom_gauge(fp, "netns_checked", "Network namespaces the last round "
	    "checked, or failed to (each has the metrics below).", c.checked);
	prom_gauge(fp, "netns_skipped", "Network namespaces the last round "
	    "skipped: they vanished before their turn, or had no interface "
	    "up.", c.vanished);
	prom_gauge(fp, "netns_over_limit", "Network namespaces the last "
	    "round found past its limit and did not check.", rr->over_limit);
	for (f = families; f < families + NFAMILIES; f++) {
		if (!round_has_family(rr, f))
			continue;
		prom_meta(fp, f->name, f->type, f->help);
		for (i = 0; i < round_entries(rr); i++) {
			e = &rr->entries[i];
			o = (struct prom_out){ fp, e->r.netns.name, 0 };
			if (round_entry_counted(e) &&
			    family_present(f, &o, &e->r))
				f->samples(&o, f, &e->r);
		}
	}
}
