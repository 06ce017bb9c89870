/* SPDX-License-Identifier: ISC */
/*
 * Option parsing: defaults, every option, and a table of bad input,
 * each rejected with a message that names what was wrong; then the one
 * validation of the settings together, a setting refused the same way
 * from the config file as from the command line.
 */
#include "config.h"

#include <arpa/inet.h>

#include "options.h"
#include "probe.h"
#include "unit.h"

#define MAXARGS	32

static enum options_action
parse(const char *line, struct options *o, char *err, size_t errlen)
{
	static char buf[512], empty[1];
	char *argv[MAXARGS + 1], *tok, *save = NULL;
	int argc = 0;

	snprintf(buf, sizeof(buf), "mcastlo-verifyd %s", line);
	for (tok = strtok_r(buf, " ", &save); tok && argc < MAXARGS;
	    tok = strtok_r(NULL, " ", &save))
		argv[argc++] = strcmp(tok, "''") == 0 ? empty : tok;
	argv[argc] = NULL;
	err[0] = '\0';
	return options_parse(argc, argv, o, err, errlen);
}

static void
test_defaults(void)
{
	struct options o;
	char err[256], group[ADDR_STRLEN];

	CHECK(parse("--once", &o, err, sizeof(err)) == OPTIONS_RUN);
	addr_ntop(&o.group, group, sizeof(group));
	CHECK(strcmp(group, "224.16.17.8") == 0);
	CHECK(o.port == 0);
	CHECK(strcmp(o.loopback, "lo") == 0);
	CHECK(o.egress[0] == '\0');
	CHECK(o.timeout_s == 30 && o.probe_wait_ms == 1000);
	CHECK(o.require_mask == 3);	/* the base methods, not the fixes */
	CHECK(!o.no_route && o.format == FORMAT_TEXT && o.verbose == 0);
	CHECK(o.interval_s == 60 && o.set == 0);
	CHECK(o.metrics_file[0] == '\0');
	CHECK(strcmp(o.status_file, RUNSTATEDIR "/mcastlo-verifyd/status.json") == 0);
	CHECK(parse("", &o, err, sizeof(err)) == OPTIONS_RUN && !o.once);
}

/* The command line wins over the config file, setting by setting. */
static void
test_merge(void)
{
	struct options file, cli;
	char err[256];

	settings_defaults(&file);
	CHECK(setting_set(&file, SET_PORT, "5000", err, sizeof(err)) == 0);
	CHECK(setting_set(&file, SET_TIMEOUT, "300", err, sizeof(err)) == 0);
	CHECK(setting_set(&file, SET_ROUTE, "none", err, sizeof(err)) == 0);
	CHECK(parse("--once -p 6000 -d -v", &cli, err, sizeof(err)) ==
	    OPTIONS_RUN);
	settings_merge(&file, &cli);
	CHECK(file.port == 6000 && file.timeout_s == 300 && file.no_route);
	CHECK(file.once && file.foreground && file.verbose == 1);
	CHECK(file.set == ((1u << SET_PORT) | (1u << SET_TIMEOUT) |
	    (1u << SET_ROUTE)));
	CHECK(file.cli_set == 1u << SET_PORT);
}

static void
test_all(void)
{
	struct options o;
	char err[256], group[ADDR_STRLEN];

	CHECK(parse("--once -g 239.1.2.3 -p 4000 -l lo -i eth0 -t 250 "
	    "--require sendto --no-route --json -vv", &o, err, sizeof(err)) ==
	    OPTIONS_RUN);
	addr_ntop(&o.group, group, sizeof(group));
	CHECK(strcmp(group, "239.1.2.3") == 0);
	CHECK(o.port == 4000 && o.timeout_s == 250);
	CHECK(strcmp(o.egress, "eth0") == 0);
	CHECK(o.require_mask == 1u << METHOD_SENDTO);
	CHECK(o.no_route && o.format == FORMAT_JSON && o.verbose == 2);

	CHECK(parse("--once --group=239.1.2.3 --port=65535 --timeout=3600 "
	    "--interface=veth0 --require=send,sendto", &o, err,
	    sizeof(err)) == OPTIONS_RUN);
	CHECK(o.port == 65535 && o.require_mask == 3);
	CHECK(parse("--once -g FF15::1617:8", &o, err, sizeof(err)) ==
	    OPTIONS_RUN);
	CHECK(o.group.family == AF_INET6 &&
	    strcmp(addr_ntop(&o.group, group, sizeof(group)),
	    "ff15::1617:8") == 0);
	CHECK(parse("-h", &o, err, sizeof(err)) == OPTIONS_HELP);
	CHECK(parse("--version", &o, err, sizeof(err)) == OPTIONS_VERSION);
	CHECK(parse("--once -t 10", &o, err, sizeof(err)) == OPTIONS_RUN);
	CHECK(parse("-d -n -f /etc/x.conf --interval 5 --format nagios "
	    "--metrics-file /tmp/m.prom --status-file /tmp/s.json -u nobody",
	    &o, err, sizeof(err)) == OPTIONS_RUN);
	CHECK(o.foreground && o.check_config && o.config_given);
	CHECK(strcmp(o.config_file, "/etc/x.conf") == 0);
	CHECK(o.interval_s == 5 && o.format == FORMAT_NAGIOS);
	CHECK(strcmp(o.metrics_file, "/tmp/m.prom") == 0);
	CHECK(strcmp(o.user, "nobody") == 0);
	CHECK(parse("--cleanup -v", &o, err, sizeof(err)) == OPTIONS_RUN);
	CHECK(o.cleanup);
}

static const struct {
	const char	*args;
	const char	*message;
} bad[] = {
	{ "--once -p 0", "--port: '0' is not a number from 1 to 65535" },
	{ "--once -p 65536", "--port: '65536'" },
	{ "--once -p 12x", "--port: '12x'" },
	{ "--once -p -1", "--port: '-1'" },
	{ "--once -p +1", "--port: '+1'" },
	{ "--once -p ''", "--port: ''" },
	{ "--once -p 99999999999999999999", "--port: '9999" },
	{ "--once -g 10.0.0.1", "10.0.0.1 is not a multicast group" },
	{ "--once -g 224.0.0.5", "224.0.0.0/24" },
	{ "--once -g 224.16.17", "'224.16.17' is not an IPv4 or IPv6 address" },
	{ "--once -g foo", "'foo' is not an IPv4 or IPv6 address" },
	{ "--once -g 2001:db8::1", "2001:db8::1 is not a multicast group (ff00::/8)" },
	{ "--once -g ff02::1617:8", "ff02::1617:8 has scope 2; IPv6 groups need a scope from 3 to e" },
	{ "--once -g ff01::1", "has scope 1" },
	{ "--once -g ff1f::1", "ff1f::1 has scope f" },
	{ "--once -t 0", "--timeout: '0' is not a number of seconds" },
	{ "--once -t 3601", "--timeout: '3601'" },
	{ "--once -t 1s", "--timeout: '1s'" },
	{ "--once --probe-wait 9", "--probe-wait: '9' is not a number of "
	    "milliseconds" },
	{ "--once --probe-wait 60001", "--probe-wait: '60001'" },
	{ "--once --require foo", "unknown method 'foo'" },
	{ "--once --require ''", "--require: '' is not a comma list" },
	{ "--once --require sendto,", "is not a comma list" },
	{ "--once --require sendto,,send", "is not a comma list" },
	{ "--once -i abcdefghijklmnopq", "--interface: 'abcdefghijklmnopq'" },
	{ "--once -l ''", "--loopback: ''" },
	{ "--once -i eth0/1", "is not an interface name" },
	{ "--once --bogus", "--bogus: unknown option" },
	{ "--once --bogus=1", "--bogus: unknown option" },
	{ "--once -x", "-x: unknown option" },
	{ "--once --port", "--port: needs a value" },
	{ "--once -p", "-p: needs a value" },
	{ "--once extra", "unexpected argument 'extra'" },
	{ "--once --format xml", "--format: 'xml' is not text, json or nagios" },
	{ "--interval 0", "--interval: '0' is not a number of seconds" },
	{ "--interval 86401", "--interval: '86401'" },
	{ "--metrics-file m.prom", "--metrics-file: 'm.prom' is not an "
	    "absolute path" },
	{ "--status-file ''", "--status-file: ''" },
	{ "--once -u ''", "--user: '' is not a user name" },
	{ "--once -u a:b", "--user: 'a:b'" },
	{ "-f", "-f: needs a value" },
	{ "--fix --persist yes", "--persist: 'yes' is not auto, networkd, "
	    "ifupdown, netplan or none" },
	{ "--fix --persist NetworkManager", "--persist: 'NetworkManager' is "
	    "not" },
	{ "--fix --persist-root img", "--persist-root: 'img' is not an "
	    "absolute path" },
};

static void
test_bad(void)
{
	struct options o;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(parse(bad[i].args, &o, err, sizeof(err)) ==
		    OPTIONS_ERROR);
		CHECK_STR_HAS(err, bad[i].message);
		CHECK(strchr(err, '\n') == NULL);
	}
}

/*
 * The settings together: the config file's text (NULL: none) under the
 * command line, as settings_load() puts them, then the one validation.
 */
static int
judge(const char *args, const char *file, char *err, size_t errlen)
{
	struct options o, cli;

	settings_defaults(&o);
	if (file != NULL && settings_parse_config("test.conf", file,
	    strlen(file), &o, err, errlen) == -1)
		return -2;
	if (parse(args, &cli, err, errlen) != OPTIONS_RUN)
		return -2;
	strcpy(cli.config_file, "test.conf");
	settings_merge(&o, &cli);
	err[0] = '\0';
	return settings_validate(&o, err, errlen);
}

/*
 * What the settings ask for together, refused in one place: a setting
 * from the file is refused where its option is, each naming where it
 * came from.  "" is accepted.
 */
static const struct {
	const char	*args;
	const char	*file;
	const char	*message;
} together[] = {
	{ "--once -i lo", NULL, "--interface lo is the loopback interface; "
	    "name the egress interface" },
	{ "--once", "interface lo\n", "test.conf: interface lo is the "
	    "loopback interface; name the egress interface" },
	{ "--once -l eth0", "interface eth0\n", "test.conf: interface eth0 "
	    "is the loopback interface" },
	{ "--once -i eth0", "interface lo\n", "" },
	{ "--cleanup --once", NULL, "--cleanup goes with neither --once nor "
	    "-n" },
	{ "--cleanup -n", NULL, "--cleanup goes with neither --once nor -n" },
	{ "--dry-run", NULL, "--dry-run goes with --fix" },
	{ "--once --undo", NULL, "--undo goes with --fix" },
	{ "--dry-run", "fix yes\n", "--dry-run goes with --fix" },
	{ "--fix --dry-run --undo", NULL, "--dry-run and --undo do not go "
	    "together" },
	{ "--fix --once", NULL, "--fix goes with none of --once, --explain "
	    "and --cleanup" },
	{ "--fix --explain", NULL, "--fix goes with none of" },
	{ "--fix --cleanup", NULL, "--fix goes with none of" },
	/* A daemon-only setting asking for something, with --once. */
	{ "--once --watch", NULL, "--watch is for the daemon; --once runs "
	    "one check" },
	{ "--once", "watch yes\n", "test.conf: watch is for the daemon; "
	    "--once runs one check" },
	{ "--explain", "watch yes\n", "test.conf: watch is for the daemon" },
	{ "-n --once", "watch yes\n", "test.conf: watch is for the daemon" },
	{ "--once", "watch no\ninterval 5\n", "" },
	{ "--watch", NULL, "" },
	/* fix yes asks a run that never fixes to fix: refused by each. */
	{ "", "fix yes\n", "test.conf: fix yes: the daemon never changes "
	    "the host's routes; run --fix once instead" },
	{ "-n", "fix yes\n", "test.conf: fix yes: the daemon never changes "
	    "the host's routes" },
	{ "--once", "fix yes\n", "test.conf: fix yes: --once never changes "
	    "the host's routes" },
	{ "--explain", "fix yes\n", "test.conf: fix yes: --explain never "
	    "changes" },
	{ "--fix", "fix yes\n", "" },
	{ "-n --fix", "fix yes\n", "" },
	{ "", "fix no\n", "" },
	/* persist says how --fix writes; from the file it waits for one. */
	{ "--once --persist networkd", NULL, "--persist and --persist-root "
	    "go with --fix" },
	{ "--persist-root /img", NULL, "--persist and --persist-root go "
	    "with --fix" },
	{ "--once", "persist networkd\npersist-root /img\n", "" },
	{ "--fix --persist networkd --persist-root /img", NULL, "" },
	/* A fix is required only if the fixes are probed, from either. */
	{ "--once --require sendto,send-route-src", NULL, "require names a "
	    "fix; fixes are probed only with --mitigations" },
	{ "--once", "require sendto,send-route-src\n", "require names a "
	    "fix" },
	{ "--once --mitigations", "require send-route-src\n", "" },
	/* The daemon's report goes to its status file. */
	{ "--json", NULL, "--json and --format are for --once" },
	{ "-d --format nagios", NULL, "--json and --format are for --once" },
	{ "-n --json", NULL, "" },
	{ "", "format nagios\n", "" },
	{ "--fix --json", NULL, "" },
};

static void
test_together(void)
{
	char err[512];
	size_t i;

	for (i = 0; i < sizeof(together) / sizeof(together[0]); i++) {
		int want = together[i].message[0] != '\0' ? -1 : 0;
		int got = judge(together[i].args, together[i].file, err,
		    sizeof(err));

		if (got != want)
			fprintf(stderr, "'%s' with '%s': %d, not %d (%s)\n",
			    together[i].args, together[i].file ?
			    together[i].file : "", got, want, err);
		CHECK(got == want);
		CHECK_STR_HAS(err, together[i].message);
		CHECK(strchr(err, '\n') == NULL);
	}
}

static void
test_parse_uint(void)
{
	unsigned v;

	CHECK(parse_uint("0", 0, 1, &v) == 0 && v == 0);
	CHECK(parse_uint("4294967295", 0, 4294967295u, &v) == 0);
	CHECK(parse_uint("4294967296", 0, 4294967295u, &v) == -1);
	CHECK(parse_uint(" 1", 0, 10, &v) == -1);
	CHECK(parse_uint("1 ", 0, 10, &v) == -1);
	CHECK(parse_uint(NULL, 0, 10, &v) == -1);
}

int
main(void)
{
	test_defaults();
	test_all();
	test_bad();
	test_parse_uint();
	test_merge();
	test_together();
	return unit_done("unit_options");
}
