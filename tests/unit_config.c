/* SPDX-License-Identifier: ISC */
/*
 * The config file: every key, comments and blanks, and errors that name
 * the file and line and leave the settings as they were; then the one
 * path, defaults -> file -> command line -> validation, from a real
 * file, as a start and the daemon's reload take it.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conffile.h"
#include "options.h"
#include "persistform.h"
#include "probe.h"
#include "unit.h"

static int
parse_text(const char *text, struct options *o, char *err, size_t errlen)
{
	err[0] = '\0';
	return settings_parse_config("test.conf", text, strlen(text), o, err,
	    errlen);
}

static void
test_good(void)
{
	static const char text[] =
	    "# a comment\n"
	    "\n"
	    "group 239.1.2.3   # trailing comment\n"
	    "port 4000\n"
	    "  loopback\tlo\n"
	    "interface eth0\r\n"
	    "timeout 250\n"
	    "probe-wait 400\n"
	    "interval 30\n"
	    "require sendto\n"
	    "route none\n"
	    "format nagios\n"
	    "metrics-file /var/lib/prometheus/node-exporter/mcastlo.prom\n"
	    "status-file /run/m/status.json\n"
	    "mitigations on\n"
	    "ttl 8\n"
	    "pcap /var/lib/mcastlo/check.pcap\n"
	    "watch yes\n"
	    "fix no\n"
	    "persist netplan\n"
	    "persist-root /srv/image\n"
	    "netns mcv-a,pid:12  /run/netns/b\n"
	    "user nobody";		/* no final newline */
	struct options o;
	char err[256], group[ADDR_STRLEN];

	settings_defaults(&o);
	CHECK(parse_text(text, &o, err, sizeof(err)) == 0);
	CHECK(err[0] == '\0');
	addr_ntop(&o.group, group, sizeof(group));
	CHECK(strcmp(group, "239.1.2.3") == 0);
	CHECK(o.port == 4000 && o.timeout_s == 250 && o.interval_s == 30);
	CHECK(o.probe_wait_ms == 400);
	CHECK(strcmp(o.egress, "eth0") == 0 && strcmp(o.loopback, "lo") == 0);
	CHECK(o.require_mask == 1u << METHOD_SENDTO);
	CHECK(o.no_route && o.format == FORMAT_NAGIOS);
	CHECK(strcmp(o.metrics_file,
	    "/var/lib/prometheus/node-exporter/mcastlo.prom") == 0);
	CHECK(strcmp(o.status_file, "/run/m/status.json") == 0);
	CHECK(strcmp(o.user, "nobody") == 0);
	CHECK(strcmp(o.pcap_file, "/var/lib/mcastlo/check.pcap") == 0);
	CHECK(o.watch == 1);
	CHECK(o.mitigations);
	CHECK(o.fix == 0 && o.persist == PERSIST_NETPLAN);
	CHECK(strcmp(o.persist_root, "/srv/image") == 0);
	CHECK(strcmp(o.netns_list, "mcv-a pid:12 /run/netns/b") == 0);
	CHECK(o.set == (1u << SET_COUNT) - 1);

	settings_defaults(&o);
	CHECK(parse_text("", &o, err, sizeof(err)) == 0 && o.set == 0);
}

static const struct {
	const char	*text;
	const char	*message;
} bad[] = {
	{ "colour blue\n", "test.conf:1: unknown key 'colour'" },
	{ "\n\nport\n", "test.conf:3: port needs a value" },
	{ "port 0\n", "test.conf:1: port: '0' is not a number" },
	{ "group 10.0.0.1\n", "test.conf:1: group: 10.0.0.1 is not a "
	    "multicast group" },
	{ "timeout 0\n", "test.conf:1: timeout: '0'" },
	{ "probe-wait 5\n", "test.conf:1: probe-wait: '5'" },
	{ "interval -1\n", "test.conf:1: interval: '-1'" },
	{ "require sendto,bogus\n", "test.conf:1: require: unknown method "
	    "'bogus'" },
	{ "route maybe\n", "test.conf:1: route: 'maybe' is neither auto "
	    "nor none" },
	{ "format xml\n", "test.conf:1: format: 'xml'" },
	{ "metrics-file x.prom\n", "test.conf:1: metrics-file: 'x.prom' "
	    "is not an absolute path" },
	{ "port 1\nport 2\n", "test.conf:2: port is set again (first on "
	    "line 1)" },
	{ "port 12 13\n", "test.conf:1: port: '12 13'" },
	{ "Port 12\n", "test.conf:1: unknown key 'Port'" },
	{ "mitigations yes\n", "test.conf:1: mitigations: 'yes' is neither "
	    "on nor off" },
	{ "port=12\n", "test.conf:1: unknown key 'port=12'" },
	{ "netns a all\n", "test.conf:1: netns: 'all' goes alone" },
	{ "netns pid:1x\n", "test.conf:1: netns: 'pid:1x': pid:N needs a "
	    "process id" },
	{ "netns a ..\n", "test.conf:1: netns: '..' is not a namespace "
	    "name" },
	{ "netns run/netns/a\n", "test.conf:1: netns: 'run/netns/a': a path "
	    "must be absolute" },
	/* No more of a file that is no config file than its line number. */
	{ "root:$6$salt$hash:19000:0:99999:7:::\n", "test.conf:1: not a key "
	    "(not shown: a key is a word of letters and '-')" },
	{ "averyveryverylongwordthatisnokeyatall1\n", "test.conf:1: not a "
	    "key (not shown" },
};

static void
test_bad(void)
{
	struct options o, before;
	char err[256], longline[2000];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		settings_defaults(&o);
		before = o;
		CHECK(parse_text(bad[i].text, &o, err, sizeof(err)) == -1);
		CHECK_STR_HAS(err, bad[i].message);
		CHECK(memcmp(&o, &before, sizeof(o)) == 0);
	}
	memset(longline, 'x', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	settings_defaults(&o);
	CHECK(parse_text(longline, &o, err, sizeof(err)) == -1);
	CHECK_STR_HAS(err, "test.conf:1: line longer than");
	CHECK(settings_parse_config("nul.conf", "port 1\0\n", 8, &o, err,
	    sizeof(err)) == -1);
	CHECK_STR_HAS(err, "nul.conf:1: NUL byte");
}

/* The file as a file: missing, present, and refused before it is read. */
static void
test_read(void)
{
	const char *text;
	size_t len;
	char err[256], path[] = "/tmp/unit_config.XXXXXX";
	int fd;

	CHECK(config_read("/nonexistent/mcastlo.conf", 1, &text, &len, err,
	    sizeof(err)) == -1);
	CHECK_STR_HAS(err, "/nonexistent/mcastlo.conf: No such file");
	CHECK(config_read("/nonexistent/mcastlo.conf", 0, &text, &len, err,
	    sizeof(err)) == 0 && len == 0);
	CHECK((fd = mkstemp(path)) != -1);
	CHECK(write(fd, "port 4000\n", 10) == 10);
	CHECK(config_read(path, 1, &text, &len, err, sizeof(err)) == 0);
	CHECK(len == 10 && memcmp(text, "port 4000\n", 10) == 0);
	CHECK(fchmod(fd, 0620) == 0);
	CHECK(config_read(path, 1, &text, &len, err, sizeof(err)) == -1);
	CHECK_STR_HAS(err, "writable by its group (mode 0620); refused");
	close(fd);
	unlink(path);
}

/*
 * settings_load(), as the start and the daemon's reload (SIGHUP) call
 * it, from a file: the file's settings under the command line's, then
 * the one validation, so a reload refuses what a start would.
 */
static int
load(const char *args, const char *file, struct options *o, char *err,
    size_t errlen)
{
	static char buf[256];
	char path[] = "/tmp/unit_config.XXXXXX", *argv[16], *tok, *save;
	struct options cli;
	int fd, argc = 0, rc;

	CHECK((fd = mkstemp(path)) != -1);
	CHECK(write(fd, file, strlen(file)) == (ssize_t)strlen(file));
	close(fd);
	snprintf(buf, sizeof(buf), "mcastlo-verifyd -f %s %s", path, args);
	for (tok = strtok_r(buf, " ", &save); tok != NULL && argc < 15;
	    tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	argv[argc] = NULL;
	CHECK(options_parse(argc, argv, &cli, err, errlen) == OPTIONS_RUN);
	rc = settings_load(&cli, o, err, errlen);
	unlink(path);
	return rc;
}

static void
test_load(void)
{
	struct options o;
	char err[512];

	CHECK(load("--once -p 5000", "port 4000\ntimeout 250\n", &o, err,
	    sizeof(err)) == 0);
	CHECK(o.port == 5000 && o.timeout_s == 250 && o.once);
	CHECK(o.set == (1u << SET_PORT | 1u << SET_TIMEOUT));
	CHECK(o.cli_set == 1u << SET_PORT);
	/* The daemon (a start, or a reload) refuses fix yes. */
	CHECK(load("", "fix yes\n", &o, err, sizeof(err)) == -1);
	CHECK_STR_HAS(err, "/tmp/unit_config.");
	CHECK_STR_HAS(err, ": fix yes: the daemon never changes the host's "
	    "routes");
	CHECK(load("--once", "watch yes\n", &o, err, sizeof(err)) == -1);
	CHECK_STR_HAS(err, ": watch is for the daemon; --once runs one "
	    "check");
	CHECK(load("--fix", "fix yes\npersist netplan\n", &o, err,
	    sizeof(err)) == 0);
	CHECK(o.fix && o.persist == PERSIST_NETPLAN);
	/* A file error first; --cleanup reads no file at all. */
	CHECK(load("--once", "port 0\n", &o, err, sizeof(err)) == -1);
	CHECK_STR_HAS(err, ":1: port: '0' is not a number");
	CHECK(load("--cleanup", "port 0\n", &o, err, sizeof(err)) == 0);
	CHECK(o.cleanup && o.port == 0);
}

int
main(void)
{
	test_good();
	test_bad();
	test_read();
	test_load();
	return unit_done("unit_config");
}
