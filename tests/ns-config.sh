#!/bin/sh
# SPDX-License-Identifier: ISC
# The config file and -n; command-line options winning over the file;
# a setting refused the same way from the file as from the command line;
# the Nagios line; a metrics file from a one-shot check.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
snapshot_routes
good=$TMP/good.conf
bad=$TMP/bad.conf
printf 'group 224.16.17.8\ntimeout 500\nformat json\nrequire sendto\n' >"$good"
printf '# fine\ntimeout 500\ngroup 10.0.0.1\n' >"$bad"

run_verifyd -n -f "$good"
assert_rc 0
grep -q "configuration OK" "$TMP/out" || fail "-n does not say the file is good"
run_verifyd -n -f "$bad"
assert_rc 3
assert_stderr_line "$bad:3: group: 10.0.0.1 is not a multicast group"
run_verifyd -n -f "$TMP/missing.conf"
assert_rc 3
assert_stderr_line "$TMP/missing.conf: No such file or directory"
run_verifyd --once -f "$bad"
assert_rc 3
assert_routes_unchanged

# A config file that someone else could change is refused, by -n too:
# group- or world-writable, or owned by another user.
for mode in 664 646; do
	cp "$good" "$TMP/loose.conf" && chmod "$mode" "$TMP/loose.conf"
	run_verifyd -n -f "$TMP/loose.conf"
	assert_rc 3
	assert_stderr_line "$TMP/loose.conf: writable by"
	run_verifyd --once -f "$TMP/loose.conf"
	assert_rc 3
	assert_stderr_line "(mode 0$mode); refused"
	assert_routes_unchanged
done
if phase_needs_uid 65534 "a config file owned by another user"; then
	cp "$good" "$TMP/nobodys.conf" && chown 65534 "$TMP/nobodys.conf" ||
		hard_error "cannot give nobodys.conf to uid 65534"
	run_verifyd --once -f "$TMP/nobodys.conf"
	assert_rc 3
	assert_stderr_line "$TMP/nobodys.conf: owned by uid 65534, neither root nor the user running mcastlo-verifyd (uid 0); refused"
	assert_routes_unchanged
fi

# A daemon-only key asking for something is refused with --once the
# same way from the config file as from the command line (JSON too);
# "watch no" asks for nothing and is fine.
printf 'watch yes\n' >"$TMP/watch.conf"
run_verifyd --once --json -f "$TMP/watch.conf"
assert_rc 3
assert_stderr_line "$TMP/watch.conf: watch is for the daemon; --once runs one check"
assert_json '.status == "UNKNOWN" and (.summary | contains("watch is for the daemon"))'
run_verifyd --once --watch
assert_rc 3
assert_stderr_line "--watch is for the daemon; --once runs one check"
printf 'watch no\n' >"$TMP/nowatch.conf"
run_verifyd -n --once -f "$TMP/nowatch.conf"
assert_rc 0
assert_routes_unchanged

# fix yes in the config file asks a run other than --fix to change the
# host's routes: refused, naming the file, by the daemon, by -n (which
# checks for the daemon, so it says what the daemon would) and by
# --once.  -n --fix checks the settings for --fix and exits: it never
# fixes.
printf 'fix yes\n' >"$TMP/fix.conf"
run_verifyd -n -f "$TMP/fix.conf"
assert_rc 3
assert_stderr_line "$TMP/fix.conf: fix yes: the daemon never changes the host's routes; run --fix once instead"
run_verifyd --once -f "$TMP/fix.conf"
assert_rc 3
assert_stderr_line "$TMP/fix.conf: fix yes: --once never changes the host's routes; run --fix once instead"
run_verifyd -n --fix -f "$TMP/fix.conf"
assert_rc 0
grep -q "^$TMP/fix.conf: configuration OK$" "$TMP/out" ||
	fail "-n --fix did not only check: $(cat "$TMP/out")"
assert_routes_unchanged

# The file's settings apply; the command line wins where it says more.
run_verifyd --once -f "$good"
assert_rc 1
assert_json '.status == "WARNING" and .probes[0].required and (.probes[1].required | not)'
run_verifyd --once -f "$good" --require sendto,send
assert_rc 2
assert_json '.status == "CRITICAL"'

# The monitoring-plugins line.
run_verifyd --once --format nagios --metrics-file "$TMP/once.prom"
assert_rc 2
grep -Eqx "MCASTLO CRITICAL - send\(\) leaked through eth0 \| 'loopback'=1;;;0;2 'leaked'=1;;;0;2 'received'=1;;;0;2 'duration'=[0-9]+\.[0-9]{6}s;;;0" \
	"$TMP/out" || fail "not a monitoring-plugins line: $(cat "$TMP/out")"
[ "$(wc -l <"$TMP/out")" = 1 ] || fail "the Nagios output is not one line"
grep -q '^mcastlo_probe_captured_loopback{method="sendto"} 1$' "$TMP/once.prom" ||
	fail "--once did not write the metrics file"
if command -v promtool >/dev/null 2>&1; then
	promtool check metrics <"$TMP/once.prom" || fail "promtool rejects the metrics"
else
	echo "promtool not installed: metrics not linted"
fi
assert_routes_unchanged
exit 0
