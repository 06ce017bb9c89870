/* SPDX-License-Identifier: ISC */
/*
 * Prometheus text format, for node_exporter's textfile collector: HELP
 * and TYPE before the samples, base units, no sample timestamps (the
 * collector skips files with them), names prefixed mcastlo_.
 */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "report.h"

static void
prom_meta(FILE *fp, const char *name, const char *type, const char *help)
{
	fprintf(fp, "# HELP mcastlo_%s %s\n# TYPE mcastlo_%s %s\n", name,
	    help, name, type);
}

static void
prom_head(FILE *fp, const char *name, const char *help)
{
	prom_meta(fp, name, "gauge", help);
}

/* One sample per probe method: 0 or 1. */
static void
prom_per_probe(FILE *fp, const struct check_result *r, const char *name,
    const char *help, int (*value)(const struct check_result *, size_t))
{
	size_t i;

	prom_head(fp, name, help);
	for (i = 0; i < r->nprobes; i++)
		fprintf(fp, "mcastlo_%s{method=\"%s\"} %d\n", name,
		    method_get((enum method)i)->name, value(r, i) ? 1 : 0);
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
prom_leaked_interfaces(FILE *fp, const struct check_result *r)
{
	unsigned leaks;
	size_t i, j;

	prom_head(fp, "probe_leaked_interface", "1 for each interface other "
	    "than loopback the last check captured the probe on.");
	for (i = 0; i < r->nprobes; i++)
		for (leaks = result_leak_mask(r, i), j = 0; j < r->ncaptures;
		    j++)
			if (leaks & (1u << j))
				fprintf(fp, "mcastlo_probe_leaked_interface{"
				    "method=\"%s\",interface=\"%s\"} 1\n",
				    method_get((enum method)i)->name,
				    r->captures[j].ifname);
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

/* A gauge per leaking application: what, where, whose. */
static void
prom_applications(FILE *fp, const struct check_result *r)
{
	size_t i;

	prom_head(fp, "app_leaking", "1 for each application socket the "
	    "last check found sending a group routed to loopback out of "
	    "another interface.");
	for (i = 0; i < r->apps.n; i++) {
		const struct app_socket *app = &r->apps.apps[i];

		if (!app->leaks)
			continue;
		fputs("mcastlo_app_leaking{", fp);
		prom_label(fp, "unit", app->unit);
		fputc(',', fp);
		prom_label(fp, "comm", app->pid == APP_OWNER_UNKNOWN ? "" :
		    app->comm);
		fprintf(fp, ",pid=\"%ld\",group=\"%s\",port=\"%u\","
		    "interface=\"%s\"} 1\n", app->pid == APP_OWNER_UNKNOWN ?
		    0 : app->pid, app->group, app->port, app->ifname);
	}
	prom_head(fp, "app_leaking_sockets", "How many application sockets "
	    "the last check found leaking.");
	fprintf(fp, "mcastlo_app_leaking_sockets %lu\n", r->apps.leaking);
	prom_head(fp, "app_at_risk_sockets", "How many application sockets "
	    "the kernel routes out that the last check did not see sending.");
	fprintf(fp, "mcastlo_app_at_risk_sockets %lu\n", r->apps.at_risk);
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
prom_watch(FILE *fp, const struct check_result *r)
{
	const struct watch_counts *w = &r->watch;
	unsigned long sum;
	size_t i, j;

	if (!w->enabled)
		return;
	prom_meta(fp, "app_leaked_datagrams_total", "counter", "Datagrams "
	    "applications sent out of another interface than loopback to a "
	    "group routed to loopback, since the daemon started.");
	for (i = 0; i < w->n; i++) {
		const struct watch_leak *l = &w->leaks[i];

		for (j = 0; j < i; j++)		/* summed at the first */
			if (same_series(&w->leaks[j], l))
				break;
		if (j < i)
			continue;
		for (sum = 0, j = i; j < w->n; j++)
			if (same_series(&w->leaks[j], l))
				sum += w->leaks[j].datagrams;
		fprintf(fp, "mcastlo_app_leaked_datagrams_total{group=\"%s\","
		    "port=\"%u\",interface=\"%s\",", l->group, l->port,
		    l->ifname);
		prom_label(fp, "comm", l->comm);
		fprintf(fp, "} %lu\n", sum);
	}
	prom_meta(fp, "watch_untracked_datagrams_total", "counter",
	    "Leaked datagrams from sources the watch keeps no count of "
	    "(past a uid's share, or of no known socket).");
	fprintf(fp, "mcastlo_watch_untracked_datagrams_total %lu\n",
	    w->untracked);
	prom_meta(fp, "watch_forwarded_datagrams_total", "counter",
	    "Datagrams to a group routed to loopback that the host bridged "
	    "or forwarded (a source it does not own): no application's leak.");
	fprintf(fp, "mcastlo_watch_forwarded_datagrams_total %lu\n",
	    w->forwarded);
	prom_head(fp, "watch_dropped_packets", "Packets the watch's capture "
	    "dropped.");
	fprintf(fp, "mcastlo_watch_dropped_packets %lu\n", w->dropped);
}

/* With --netns: which namespace the check ran in, and its owner. */
static void
prom_netns(FILE *fp, const struct check_result *r)
{
	if (r->netns.inode == 0)
		return;
	prom_head(fp, "netns_info", "The network namespace the check ran "
	    "in (--netns) and the container or unit that owns it.");
	fputs("mcastlo_netns_info{", fp);
	prom_label(fp, "netns", r->netns.name);
	fprintf(fp, ",inode=\"%lu\",", r->netns.inode);
	prom_label(fp, "owner", r->netns.owner);
	fputs("} 1\n", fp);
}

void
report_prom(FILE *fp, const struct check_result *r)
{
	char group[ADDR_STRLEN];

	addr_ntop(&r->group, group, sizeof(group));
	prom_head(fp, "build_info", "The version of mcastlo-verifyd that "
	    "wrote this file.");
	fprintf(fp, "mcastlo_build_info{version=\"%s\"} 1\n", PACKAGE_VERSION);
	prom_netns(fp, r);
	prom_per_probe(fp, r, "probe_leaked", "Whether the last check "
	    "captured the probe on an interface other than loopback.",
	    probe_leaked);
	prom_leaked_interfaces(fp, r);
	prom_applications(fp, r);
	prom_watch(fp, r);
	prom_per_probe(fp, r, "probe_captured_loopback", "Whether the last "
	    "check captured the probe on loopback.",
	    result_captured_on_loopback);
	prom_per_probe(fp, r, "probe_listener_received", "Whether the "
	    "listener joined on loopback received the probe.",
	    probe_received);
	prom_head(fp, "check_status", "Status of the last check: 0 OK, "
	    "1 WARNING, 2 CRITICAL, 3 UNKNOWN.");
	fprintf(fp, "mcastlo_check_status{group=\"%s\"} %d\n", group,
	    (int)r->status);
	prom_head(fp, "check_duration_seconds", "How long the last check "
	    "took, route changes included.");
	fprintf(fp, "mcastlo_check_duration_seconds %.6f\n",
	    r->duration_ms / 1000.0);
	prom_head(fp, "last_check_timestamp_seconds", "When the last check "
	    "finished, in seconds since the Unix epoch.");
	fprintf(fp, "mcastlo_last_check_timestamp_seconds %.3f\n",
	    r->finished_at);
	prom_head(fp, "capture_dropped_packets", "Packets the last check's "
	    "capture dropped (pcap_stats).");
	fprintf(fp, "mcastlo_capture_dropped_packets %lu\n",
	    r->capture.dropped);
}
