#!/bin/sh
# SPDX-License-Identifier: ISC
# Bad input gets one line on stderr naming what was wrong, exit 3, and
# leaves the host as it was.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
snapshot_routes

# expect_bad 'TEXT ON STDERR' ARGS...
expect_bad() {
	local text=$1
	shift
	run_verifyd "$@"
	assert_rc 3
	assert_stderr_line "$text"
	assert_routes_unchanged
}

# Options: refused before anything is touched, nothing on stdout.
expect_bad '10.1.2.3 is not a multicast group' --once -g 10.1.2.3
expect_bad '224.0.0.251 is in 224.0.0.0/24' --once -g 224.0.0.251
expect_bad "--port: '0' is not a number" --once -p 0
expect_bad "--timeout: 'abc'" --once -t abc
expect_bad "unknown method 'nope'" --once --require nope
expect_bad '--bogus: unknown option' --once --bogus
expect_bad "--format: 'xml'" --once --format xml
expect_bad "--port: '65536'" --once -p 65536
expect_bad "--port: '12x'" --once --port=12x
expect_bad "--timeout: '0'" --once -t 0
expect_bad "--timeout: '3601'" --once -t 3601
expect_bad "--probe-wait: '5'" --once --probe-wait 5
expect_bad "--require: '' is not a comma list" --once --require ''
expect_bad 'ff02::1617:8 has scope 2; IPv6 groups need a scope from 3 to e, wider than link-local' --once -g ff02::1617:8
expect_bad '2001:db8::1 is not a multicast group (ff00::/8)' --once -g 2001:db8::1
expect_bad "--group: 'foo' is not an IPv4 or IPv6 address" --once -g foo
expect_bad "--interface: '' is not an interface name" --once -i ''
expect_bad '--interface lo is the loopback interface' --once -i lo
expect_bad "--interval: '0'" --once --interval 0
expect_bad "--metrics-file: 'x.prom' is not an absolute path" --once --metrics-file x.prom
expect_bad "--user: 'a:b' is not a user name" --once -u a:b
expect_bad '--cleanup goes with neither --once nor -n' --cleanup --once
expect_bad "unexpected argument 'now'" --once now
expect_bad '-x: unknown option' --once -x
expect_bad '--port: needs a value' --once --port
printf 'timeout 100\ncolour blue\n' >"$TMP/bad.conf"
expect_bad "$TMP/bad.conf:2: unknown key 'colour'" --once -f "$TMP/bad.conf"
expect_bad "$TMP/none.conf: No such file or directory" --once -f "$TMP/none.conf"
[ -s "$TMP/out" ] && fail "an option error printed a report"

# For a monitoring system, the same on stdout: one UNKNOWN line under
# --format nagios, a JSON object under --json, whatever went wrong.
expect_bad "--port: '0' is not a number" --once --format nagios -p 0
[ "$(cat "$TMP/out")" = "MCASTLO UNKNOWN - --port: '0' is not a number from 1 to 65535" ] ||
	fail "no monitoring-plugins line on stdout: $(cat "$TMP/out")"
expect_bad '--bogus: unknown option' --once --json --bogus
assert_json '.status == "UNKNOWN" and .exit_code == 3 and .summary == "--bogus: unknown option"'
expect_bad "$TMP/bad.conf:2: unknown key 'colour'" --once --format=nagios -f "$TMP/bad.conf"
grep -qx "MCASTLO UNKNOWN - $TMP/bad.conf:2: unknown key 'colour'" "$TMP/out" ||
	fail "no monitoring-plugins line for a config error"
# The daemon's report goes to its status file: --json without --once is
# an error, not a daemon started in the background.
expect_bad '--json and --format are for --once' --json
assert_json '.status == "UNKNOWN"'
expect_bad '--json and --format are for --once' --format nagios -d

# Interfaces that do not exist: checked before the route is added.
expect_bad 'interface eth9: No such device' --once --json -i eth9
assert_json '.status == "UNKNOWN" and .exit_code == 3 and .route == "none"'
expect_bad 'loopback interface lo9: No such device' --once -l lo9
expect_bad "--user: no user 'no-such-user-here'" --once -u no-such-user-here
expect_bad '--loopback eth0 is not a loopback interface' --once -l eth0

exit 0
