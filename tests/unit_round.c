/* SPDX-License-Identifier: ISC */
/*
 * A round's reports (netround.h): the worst of statuses, the round's
 * status and summary, its JSON, text, monitoring line and metrics, and
 * the two files.  And a single check's metrics, byte for byte as they
 * were before the families became a table (tests/corpus/prom/, written
 * by the code before that change): the textfile collector, alert rules
 * and dashboards read them.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "advice.h"
#include "netround.h"
#include "nslist.h"
#include "report.h"
#include "sanitize.h"
#include "unit.h"
#include "unit_results.h"
#include "verdict.h"

/* send() leaks through eth0: CRITICAL, finished at a fixed time. */
static void
stock_result(struct check_result *r)
{
	unit_stock_result(r);
	r->finished_at = 1795000000.25;
}

/* Both probes stayed on loopback: OK. */
static void
healthy_result(struct check_result *r)
{
	stock_result(r);
	r->probes[METHOD_SEND].captured_on = 1;
	r->probes[METHOD_SEND].listener_count = 1;
	strcpy(r->probes[METHOD_SEND].listener_if, "lo");
	r->nfixes = 0;
	verdict_decide(r);
	advice_fill(r);
}

/* Every part a metric has: a namespace, applications, the watch. */
static void
busy_result(struct check_result *r)
{
	struct app_socket *a;
	struct watch_leak *l;

	stock_result(r);
	strcpy(r->netns.name, "ctr \"a\\b\"\nx");
	r->netns.inode = 4026532001ul;
	strcpy(r->netns.owner, "docker:1a2b3c");
	r->capture.dropped = 7;
	r->apps.done = 1;
	r->apps.sockets = 3;
	r->apps.leaking = 2;
	r->apps.at_risk = 1;
	r->apps.n = 3;
	a = &r->apps.apps[0];
	a->pid = 4242;
	strcpy(a->comm, "mc\"app\\");
	a->uid = 1000;
	strcpy(a->local, "198.51.100.2:40000");
	strcpy(a->group, "224.16.17.8");
	a->port = 5000;
	a->leaks = 1;
	strcpy(a->ifname, "eth0");
	strcpy(a->unit, "mc.service");
	a = &r->apps.apps[1];
	a->pid = APP_OWNER_UNKNOWN;
	strcpy(a->comm, "hidden");
	strcpy(a->group, "224.16.17.9");
	a->port = 5001;
	a->leaks = 1;
	strcpy(a->ifname, "eth1");
	a = &r->apps.apps[2];
	a->pid = 99;
	strcpy(a->comm, "quiet");
	strcpy(a->group, "224.16.17.8");
	a->port = 5002;
	a->at_risk = 1;
	r->watch.enabled = 1;
	r->watch.datagrams = 30;
	r->watch.untracked = 4;
	r->watch.forwarded = 2;
	r->watch.dropped = 1;
	r->watch.n = 3;
	l = &r->watch.leaks[0];
	strcpy(l->group, "224.16.17.8");
	l->port = 5000;
	strcpy(l->ifname, "eth0");
	strcpy(l->comm, "mc\"app\\");
	l->datagrams = 10;
	l = &r->watch.leaks[1];
	strcpy(l->group, "224.16.17.9");
	l->port = 5001;
	strcpy(l->ifname, "eth1");
	strcpy(l->comm, "other");
	l->datagrams = 5;
	r->watch.leaks[2] = r->watch.leaks[0];	/* the same series */
	r->watch.leaks[2].datagrams = 15;
	r->watch.leaks[2].pid = 4243;
}

/* IPv6, every method, leaks through two uplinks. */
static void
wide_result(struct check_result *r)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	addr_parse("ff15::1617:8", &r->group);
	r->port = 40124;
	strcpy(r->loopback, "lo");
	strcpy(r->egress, "eth0");
	r->route = ROUTE_PREEXISTING;
	r->route_checked = 1;
	r->duration_ms = 250.125;
	r->finished_at = 1795000100.5;
	r->ncaptures = 3;
	strcpy(r->captures[0].ifname, "lo");
	r->captures[0].loopback = 1;
	strcpy(r->captures[1].ifname, "eth0");
	strcpy(r->captures[2].ifname, "eth1");
	r->nprobes = METHOD_COUNT;
	r->require_mask = 3;
	for (i = 0; i < METHOD_COUNT; i++)
		r->probes[i] = (struct probe_result){ .required = i < 2,
		    .sent = 1, .captured_on = i % 3 == 0 ? 1u : 6u,
		    .listener_count = i % 3 == 0 };
	verdict_decide(r);
	advice_fill(r);
}

/* A run that stopped before it checked anything. */
static void
error_result(struct check_result *r)
{
	memset(r, 0, sizeof(*r));
	r->status = STATUS_UNKNOWN;
	strcpy(r->summary, "interface eth9: No such device");
	strcpy(r->error, r->summary);
	r->prediction_agrees = -1;
}

static void
set_netns(struct check_result *r, const char *name, unsigned long inode,
    const char *owner)
{
	snprintf(r->netns.name, sizeof(r->netns.name), "%s", name);
	r->netns.inode = inode;
	snprintf(r->netns.owner, sizeof(r->netns.owner), "%s", owner);
}

/*
 * The round of the brief: the host leaks, a container is fine, a
 * namespace named in the list could not be checked, one vanished.
 */
static void
stock_round(struct round_result *rr)
{
	struct ns_entry *e = rr->entries;

	memset(rr, 0, sizeof(*rr));
	strcpy(rr->spec, "all");
	rr->n = 4;
	rr->duration_ms = 812.25;
	rr->finished_at = 1795000001.5;
	e[0].state = NS_CHECKED;
	stock_result(&e[0].r);
	set_netns(&e[0].r, NETROUND_SELF, 4026531840ul, "");
	e[1].state = NS_CHECKED;
	healthy_result(&e[1].r);
	set_netns(&e[1].r, "web", 4026532001ul, "docker:1a2b3c");
	e[2].state = NS_FAILED;
	error_result(&e[2].r);
	strcpy(e[2].r.summary, "network namespace db: No such file or "
	    "directory");
	set_netns(&e[2].r, "db", 0, "");
	e[3].state = NS_VANISHED;
	error_result(&e[3].r);
	e[3].r.status = STATUS_CRITICAL;	/* must not count */
	strcpy(e[3].r.summary, "gone before its turn");
	set_netns(&e[3].r, "pid:4242", 4026532999ul, "");
	round_result_finish(rr);
}

static char *
render_with(void (*fn)(FILE *, const void *), const void *arg)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&buf, &size);

	fn(fp, arg);
	fclose(fp);
	return buf;
}

static void
round_json(FILE *fp, const void *arg)
{
	report_round_write(fp, arg, FORMAT_JSON);
}

static void
round_text(FILE *fp, const void *arg)
{
	report_round_write(fp, arg, FORMAT_TEXT);
}

static void
round_nagios(FILE *fp, const void *arg)
{
	report_round_write(fp, arg, FORMAT_NAGIOS);
}

static void
round_prom(FILE *fp, const void *arg)
{
	report_round_prom(fp, arg);
}

static void
single_json(FILE *fp, const void *arg)
{
	report_json(fp, arg);
}

static void
single_text(FILE *fp, const void *arg)
{
	report_write(fp, arg, FORMAT_TEXT);
}

static void
single_prom(FILE *fp, const void *arg)
{
	report_prom(fp, arg);
}

static size_t
count_of(const char *hay, const char *needle)
{
	size_t n = 0;

	for (; (hay = strstr(hay, needle)) != NULL; hay++)
		n++;
	return n;
}

static int
have(const char *tool)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

/* A temporary file holding s; its name in path. */
static void
temp_file(const char *s, char *path, size_t size)
{
	const char *tmpdir = getenv("TMPDIR");
	FILE *fp;
	int fd;

	snprintf(path, size, "%s/unit_round.XXXXXX",
	    tmpdir != NULL && tmpdir[0] != '\0' ? tmpdir : "/tmp");
	if ((fd = mkstemp(path)) == -1 || (fp = fdopen(fd, "w")) == NULL) {
		perror(path);
		exit(99);
	}
	fputs(s, fp);
	fclose(fp);
}

/* Whether a shell command given the file at its end exits 0. */
static int
run_on(const char *cmd, const char *s)
{
	char path[256], line[1024];
	int rc;

	temp_file(s, path, sizeof(path));
	snprintf(line, sizeof(line), "%s '%s'", cmd, path);
	rc = system(line);
	unlink(path);
	return rc == 0;
}

static void
test_status_worse(void)
{
	static const enum status order[] = { STATUS_OK, STATUS_WARNING,
	    STATUS_UNKNOWN, STATUS_CRITICAL };
	size_t i, j;

	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++) {
			CHECK(status_worse(order[i], order[j]) ==
			    order[i > j ? i : j]);
		}
	CHECK(status_worse(STATUS_WARNING, STATUS_UNKNOWN) == STATUS_UNKNOWN);
	CHECK(status_worse(STATUS_UNKNOWN, STATUS_CRITICAL) ==
	    STATUS_CRITICAL);
	CHECK(status_worse(STATUS_CRITICAL, STATUS_OK) == STATUS_CRITICAL);
}

static void
test_finish(void)
{
	static struct round_result rr;
	const char *tail;
	size_t i, len;

	stock_round(&rr);
	CHECK(rr.status == STATUS_CRITICAL);
	CHECK(strcmp(rr.summary, "2 of 3 network namespaces not OK; worst: "
	    "host: send() leaked through eth0; 1 skipped (vanished)") == 0);

	/* The worst is the first with the round's status, owner and all;
	 * UNKNOWN is worse than WARNING; what was over the limit is said. */
	stock_round(&rr);
	rr.entries[0].r.status = STATUS_WARNING;
	rr.entries[1].r.status = STATUS_UNKNOWN;
	strcpy(rr.entries[1].r.summary, "a child timed out");
	rr.over_limit = 3;
	round_result_finish(&rr);
	CHECK(rr.status == STATUS_UNKNOWN);
	CHECK(strcmp(rr.summary, "3 of 3 network namespaces not OK; worst: "
	    "web (docker:1a2b3c): a child timed out; 1 skipped (vanished); "
	    "3 not checked (over the limit of 64)") == 0);

	/* All fine, and a vanished CRITICAL does not count. */
	stock_round(&rr);
	rr.entries[0].r.status = STATUS_OK;
	rr.entries[2].state = NS_VANISHED;
	round_result_finish(&rr);
	CHECK(rr.status == STATUS_OK);
	CHECK(strcmp(rr.summary, "all 2 network namespaces OK; 2 skipped "
	    "(vanished)") == 0);

	/* Skipped with nothing up in it (its result OK, netround.c's
	 * child_idle()), alone and beside one that vanished. */
	stock_round(&rr);
	rr.entries[3].r.status = STATUS_OK;
	round_result_finish(&rr);
	CHECK(strcmp(rr.summary, "2 of 3 network namespaces not OK; worst: "
	    "host: send() leaked through eth0; 1 skipped (no interface "
	    "up)") == 0);
	rr.entries[2].state = NS_VANISHED;
	round_result_finish(&rr);
	CHECK(strcmp(rr.summary, "1 of 2 network namespaces not OK; worst: "
	    "host: send() leaked through eth0; 2 skipped (1 vanished, 1 with "
	    "no interface up)") == 0);

	/* Nothing checked is not OK. */
	rr.n = 0;
	round_result_finish(&rr);
	CHECK(rr.status == STATUS_UNKNOWN);
	CHECK(strcmp(rr.summary, "no network namespace checked") == 0);

	/* Too long: the worst's summary is cut, never inside a UTF-8
	 * character, and the tail is whole. */
	stock_round(&rr);
	rr.over_limit = 1;
	strcpy(rr.entries[0].r.netns.name, "h\xc3\xa9");	/* "hé" */
	for (i = 0; i < sizeof(rr.entries[0].r.summary) - 2; i += 2)
		memcpy(rr.entries[0].r.summary + i, "\xc3\xa9", 2);
	rr.entries[0].r.summary[i] = '\0';
	round_result_finish(&rr);
	len = strlen(rr.summary);
	CHECK(len < sizeof(rr.summary));
	CHECK(len > sizeof(rr.summary) - 8);
	CHECK(strncmp(rr.summary, "2 of 3 network namespaces not OK; worst: "
	    "h\xc3\xa9: \xc3\xa9", 46) == 0);
	tail = "...; 1 skipped (vanished); 1 not checked (over the limit of "
	    "64)";
	CHECK(len > strlen(tail) &&
	    strcmp(rr.summary + len - strlen(tail), tail) == 0);
	/* Before "...": a whole character, the last byte of "é". */
	CHECK((unsigned char)rr.summary[len - strlen(tail) - 1] == 0xa9);
}

/* The round's keys in their order, its namespaces and what it skipped. */
static const char jq_round[] = "jq -e '"
    "keys_unsorted == [\"status\",\"exit_code\",\"summary\",\"error\","
    "\"netns_setting\",\"namespaces_checked\",\"namespaces_skipped\","
    "\"namespaces_over_limit\",\"duration_ms\",\"finished_at\","
    "\"namespaces\",\"skipped\"] and "
    "(.namespaces | length == 3) and "
    "([.namespaces[].netns.name] == [\"host\",\"web\",\"db\"]) and "
    "([.namespaces[].status] == [\"CRITICAL\",\"OK\",\"UNKNOWN\"]) and "
    "(.skipped | length == 1) and "
    "(.skipped[0] | keys_unsorted == [\"name\",\"inode\",\"owner\","
    "\"why\"])' >/dev/null";

static void
test_json(void)
{
	static struct round_result rr;
	static const char head[] = "{\"status\":\"CRITICAL\",\"exit_code\":2,"
	    "\"summary\":\"2 of 3 network namespaces not OK; worst: host: "
	    "send() leaked through eth0; 1 skipped (vanished)\",\"error\":null,"
	    "\"netns_setting\":\"all\",\"namespaces_checked\":3,"
	    "\"namespaces_skipped\":1,\"namespaces_over_limit\":0,"
	    "\"duration_ms\":812.250,\"finished_at\":"
	    "\"2026-11-18T11:06:41.500Z\",\"namespaces\":[{";
	char *out, *one;

	stock_round(&rr);
	out = render_with(round_json, &rr);
	CHECK(strncmp(out, head, sizeof(head) - 1) == 0);
	CHECK(strchr(out, '\n') == out + strlen(out) - 1);
	CHECK_STR_HAS(out, "],\"skipped\":[{\"name\":\"pid:4242\","
	    "\"inode\":4026532999,\"owner\":null,\"why\":\"gone before its "
	    "turn\"}]}\n");
	/* Each namespace: exactly what --once --json prints for it. */
	one = render_with(single_json, &rr.entries[0].r);
	one[strlen(one) - 1] = '\0';
	CHECK_STR_HAS(out, "\"namespaces\":[");
	CHECK(strstr(out, one) == strstr(out, "\"namespaces\":[") + 14);
	CHECK_STR_HAS(one, "\"netns\":{\"name\":\"host\",\"inode\":4026531840,"
	    "\"owner\":null}");
	free(one);
	one = render_with(single_json, &rr.entries[2].r);
	one[strlen(one) - 1] = '\0';
	CHECK_STR_HAS(out, one);
	free(one);
	if (have("jq")) {
		CHECK(run_on(jq_round, out));
		CHECK(!run_on("jq -e '.namespaces | length == 4' >/dev/null",
		    out));	/* jq can say no */
	} else
		printf("unit_round: no jq, the JSON parse is not checked\n");
	free(out);
}

static void
test_text(void)
{
	static struct round_result rr;
	char *out, *one, *last;

	stock_round(&rr);
	out = render_with(round_text, &rr);
	one = render_with(single_text, &rr.entries[0].r);
	CHECK(strncmp(out, one, strlen(one)) == 0);
	CHECK_STR_HAS(out, "network namespace host (inode 4026531840), owner "
	    "unknown\n");
	CHECK(strncmp(out + strlen(one), "\nMCASTLO OK: ", 13) == 0);
	CHECK_STR_HAS(out, "network namespace web (inode 4026532001), owner "
	    "docker:1a2b3c\n");
	CHECK_STR_HAS(out, "\n\nMCASTLO UNKNOWN: network namespace db: No such "
	    "file or directory\nnetwork namespace db, owner unknown\n\n"
	    "skipped: pid:4242 (inode 4026532999): gone before its turn\n"
	    "MCASTLO CRITICAL: ");
	last = strrchr(out, '\n');
	CHECK(last != NULL && last[1] == '\0');
	CHECK_STR_HAS(out, "\nMCASTLO CRITICAL: 2 of 3 network namespaces not "
	    "OK; worst: host: send() leaked through eth0; 1 skipped "
	    "(vanished)\n");
	free(one);
	free(out);

	out = render_with(round_nagios, &rr);
	CHECK(strcmp(out, "MCASTLO CRITICAL - 2 of 3 network namespaces not "
	    "OK; worst: host: send() leaked through eth0; 1 skipped (vanished)"
	    " | 'namespaces'=3;;;0 'not_ok'=2;;;0 'skipped'=1;;;0 "
	    "'duration'=0.812250s;;;0\n") == 0);
	free(out);
	strcpy(rr.summary, "a|b\nc");
	out = render_with(round_nagios, &rr);
	CHECK(strncmp(out, "MCASTLO CRITICAL - a b c | ", 27) == 0);
	free(out);
}

static void
test_prom(void)
{
	static struct round_result rr;
	char *out;

	stock_round(&rr);
	out = render_with(round_prom, &rr);
	CHECK(strncmp(out, "# HELP mcastlo_build_info ", 26) == 0);
	CHECK(count_of(out, "mcastlo_build_info{") == 1);
	CHECK_STR_HAS(out, "\nmcastlo_build_info{version=\"" PACKAGE_VERSION
	    "\"} 1\n");
	CHECK_STR_HAS(out, "\nmcastlo_netns_checked 3\n");
	CHECK_STR_HAS(out, "\nmcastlo_netns_skipped 1\n");
	CHECK_STR_HAS(out, "\nmcastlo_netns_over_limit 0\n");
	CHECK(count_of(out, "# HELP mcastlo_check_status ") == 1);
	CHECK(count_of(out, "# TYPE mcastlo_probe_leaked gauge") == 1);
	CHECK_STR_HAS(out, "# TYPE mcastlo_check_status gauge\n"
	    "mcastlo_check_status{netns=\"host\",group=\"224.16.17.8\"} 2\n"
	    "mcastlo_check_status{netns=\"web\",group=\"224.16.17.8\"} 0\n"
	    "mcastlo_check_status{netns=\"db\",group=\"\"} 3\n# HELP");
	CHECK_STR_HAS(out, "# TYPE mcastlo_netns_info gauge\n"
	    "mcastlo_netns_info{netns=\"host\",inode=\"4026531840\","
	    "owner=\"\"} 1\n"
	    "mcastlo_netns_info{netns=\"web\",inode=\"4026532001\","
	    "owner=\"docker:1a2b3c\"} 1\n"
	    "mcastlo_netns_info{netns=\"db\",inode=\"0\",owner=\"\"} 1\n"
	    "# HELP");
	CHECK_STR_HAS(out, "\nmcastlo_probe_leaked{netns=\"host\","
	    "method=\"send\"} 1\n");
	CHECK_STR_HAS(out, "\nmcastlo_capture_dropped_packets{netns=\"web\"} "
	    "0\n");
	CHECK(strstr(out, "pid:4242") == NULL);		/* vanished */
	CHECK(strstr(out, "watch") == NULL);	/* no namespace has one */
	if (have("promtool"))
		CHECK(run_on("promtool check metrics <", out));
	else
		printf("unit_round: no promtool, the metrics are not linted\n");
	free(out);

	/* A family one namespace has: once, with that namespace's samples;
	 * a name that needs escaping. */
	busy_result(&rr.entries[1].r);
	out = render_with(round_prom, &rr);
	CHECK(count_of(out, "# HELP mcastlo_watch_dropped_packets ") == 1);
	CHECK_STR_HAS(out, "# TYPE mcastlo_watch_dropped_packets gauge\n"
	    "mcastlo_watch_dropped_packets{netns=\"ctr \\\"a\\\\b\\\"\\nx\"} "
	    "1\n# HELP");
	CHECK_STR_HAS(out, "\nmcastlo_app_leaked_datagrams_total{netns=\"ctr "
	    "\\\"a\\\\b\\\"\\nx\",group=\"224.16.17.8\",port=\"5000\","
	    "interface=\"eth0\",comm=\"mc\\\"app\\\\\"} 25\n");
	CHECK_STR_HAS(out, "\nmcastlo_netns_info{netns=\"ctr \\\"a\\\\b"
	    "\\\"\\nx\",inode=\"4026532001\",owner=\"docker:1a2b3c\"} 1\n");
	if (have("promtool")) {
		CHECK(run_on("promtool check metrics <", out));
		/* promtool can say no: a family's HELP twice. */
		CHECK(!run_on("sh -c 'cat \"$1\" \"$1\" | promtool check "
		    "metrics >/dev/null 2>&1' sh", out));
	}
	free(out);
}

/* The golden file, with this build's version for @VERSION@. */
static char *
golden(const char *name)
{
	const char *top = getenv("top_srcdir"), *at;
	char path[512], *text = NULL, *out = NULL;
	size_t size = 0, outsize = 0;
	FILE *fp, *mem;
	int c;

	snprintf(path, sizeof(path), "%s/tests/corpus/prom/%s.prom",
	    top != NULL && top[0] != '\0' ? top : ".", name);
	if ((fp = fopen(path, "r")) == NULL) {
		perror(path);
		exit(99);
	}
	mem = open_memstream(&text, &size);
	while ((c = fgetc(fp)) != EOF)
		fputc(c, mem);
	fclose(fp);
	fclose(mem);
	mem = open_memstream(&out, &outsize);
	if ((at = strstr(text, "@VERSION@")) != NULL)
		fprintf(mem, "%.*s%s%s", (int)(at - text), text,
		    PACKAGE_VERSION, at + 9);
	else
		fputs(text, mem);
	fclose(mem);
	free(text);
	return out;
}

static void
test_single_prom(void)
{
	static const struct {
		const char	*name;
		void		(*make)(struct check_result *);
	} cases[] = {
		{ "stock", stock_result },
		{ "busy", busy_result },
		{ "wide", wide_result },
		{ "error", error_result },
	};
	static struct check_result r;
	char *out, *want;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cases[i].make(&r);
		out = render_with(single_prom, &r);
		want = golden(cases[i].name);
		CHECK(strcmp(out, want) == 0);
		if (strcmp(out, want) != 0)
			fprintf(stderr, "%s: got\n%s", cases[i].name, out);
		free(want);
		free(out);
	}
}

/* Both files, with the round's writers and the single report's modes. */
static void
test_save(void)
{
	static struct round_result rr;
	const char *tmpdir = getenv("TMPDIR");
	char dir[256], status[300], metrics[300], err[256], *want, *got;
	struct stat st;
	size_t size;
	FILE *fp, *mem;
	int c;

	stock_round(&rr);
	snprintf(dir, sizeof(dir), "%s/unit_round.XXXXXX",
	    tmpdir != NULL && tmpdir[0] != '\0' ? tmpdir : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		exit(99);
	}
	snprintf(status, sizeof(status), "%s/status.json", dir);
	snprintf(metrics, sizeof(metrics), "%s/mcastlo.prom", dir);
	CHECK(report_round_save(status, metrics, &rr, err, sizeof(err)) == 0);
	CHECK(err[0] == '\0');
	CHECK(stat(status, &st) == 0 && (st.st_mode & 07777) == 0640);
	CHECK(stat(metrics, &st) == 0 && (st.st_mode & 07777) == 0644);
	want = render_with(round_json, &rr);
	got = NULL;
	if ((fp = fopen(status, "r")) != NULL) {
		mem = open_memstream(&got, &size);
		while ((c = fgetc(fp)) != EOF)
			fputc(c, mem);
		fclose(mem);
		fclose(fp);
	}
	CHECK(got != NULL && strcmp(got, want) == 0);
	free(got);
	free(want);
	unlink(metrics);
	/* A file where the directory should be: said, for both files. */
	snprintf(metrics, sizeof(metrics), "%s/status.json/mcastlo.prom",
	    dir);
	CHECK(report_round_save(metrics, metrics, &rr, err, sizeof(err)) ==
	    -1);
	CHECK_STR_HAS(err, "status file ");
	CHECK_STR_HAS(err, "; metrics file ");
	unlink(status);
	rmdir(dir);
}

/* A round's listing, run to its end; NULL if out of memory. */
static struct nslist *
listed_in_full(const char *setting)
{
	struct nslist *l;

	if ((l = nslist_new(setting, NETROUND_MAX)) == NULL)
		return NULL;
	while (!nslist_step(l))
		;
	return l;
}

/* Whether every entry's name is valid text and no two are the same. */
static int
names_unique(const struct nslist *l)
{
	size_t i, j;

	for (i = 0; i < nslist_count(l); i++) {
		if (sanitize_needed(nslist_get(l, i)->name))
			return 0;
		for (j = 0; j < i; j++)
			if (strcmp(nslist_get(l, i)->name,
			    nslist_get(l, j)->name) == 0)
				return 0;
	}
	return 1;
}

/*
 * The names of a round's namespaces label their metrics: two alike
 * would be one series twice, which the textfile collector rejects.  The
 * own namespace is "host", which the setting (and /run/netns) may use
 * too; a word named twice is listed once; names that sanitizing and its
 * bound make one are told apart, cut on a UTF-8 boundary.  (Explicit
 * names only: "all" would list the machine's namespaces.)
 */
static void
test_nslist_names(void)
{
	char setting[SETTINGS_NETNS_MAX], a[512], b[512];
	struct nslist *l;
	size_t i;

	l = listed_in_full("host mcv-unit-none mcv-unit-none "
	    "/run/netns/mcv-unit-none");
	CHECK(l != NULL);
	if (l == NULL)
		return;
	CHECK(nslist_count(l) == 4);
	CHECK(strcmp(nslist_get(l, 0)->name, "host") == 0);
	CHECK(strcmp(nslist_get(l, 1)->spec, "host") == 0);
	CHECK(strcmp(nslist_get(l, 1)->name, "/run/netns/host") == 0);
	CHECK(strcmp(nslist_get(l, 2)->name, "mcv-unit-none") == 0);
	CHECK(strcmp(nslist_get(l, 3)->name,
	    "/run/netns/mcv-unit-none") == 0);
	CHECK(names_unique(l));
	nslist_free(l);

	/* 140 two-byte characters and a letter: past the 255 bytes kept. */
	a[0] = '\0';
	for (i = 0; i < 140; i++)
		strcat(a, "\xc3\xa9");
	snprintf(b, sizeof(b), "%sb", a);
	strcat(a, "a");
	snprintf(setting, sizeof(setting), "%s %s", a, b);
	l = listed_in_full(setting);
	CHECK(l != NULL);
	if (l == NULL)
		return;
	CHECK(nslist_count(l) == 3);
	CHECK(names_unique(l));
	nslist_free(l);
}

int
main(void)
{
	test_status_worse();
	test_finish();
	test_json();
	test_text();
	test_prom();
	test_single_prom();
	test_save();
	test_nslist_names();
	return unit_done("unit_round");
}
