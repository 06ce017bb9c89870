#!/bin/sh
# SPDX-License-Identifier: ISC
# --fix on a stock host with an administrator's route to lo for a /24
# (proto static, metric 50) and one application already connected to a
# group in it: --dry-run prints the plan and changes nothing; --fix
# replaces the route in one step with the same one plus src 127.0.0.1
# (table, metric and protocol kept), proves it with a check (exit 0),
# and names the running application as still leaking until it
# reconnects.  Ground truth: tcpdump in the host and the gateway, and
# plain applications (tests/mcapp.c) to several groups of the /24 with
# both methods.  --fix --undo puts the route back byte for byte.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
ns_setup
in_host ip route add 224.16.17.0/24 dev lo proto static metric 50 ||
	hard_error "cannot add the admin route"
snapshot_routes
FIXED='224.16.17.0/24 dev lo proto static scope link src 127.0.0.1 metric 50 '
PLAN='ip route replace 224.16.17.0/24 dev lo table main proto static metric 50 scope link src 127.0.0.1'

# truth_group MODE GROUP: where a plain application's datagram to GROUP
# went ("lo", "eth0"...), and what the gateway got, as "WHERE GWCOUNT".
truth_group() {
	truth_start host "$NS_HOST" any "$2"
	truth_start gw "$NS_GW" gw0 "$2"
	truth_app "$1" 1 "$2"
	truth_stop
	echo "$(truth_where host) $(truth_count gw)"
}

# Bad input: one line, exit 3, nothing changed.
run_verifyd --once --persist networkd
assert_rc 3
assert_stderr_line "--persist and --persist-root go with --fix"
printf 'fix yes\n' >"$TMP/fix.conf"
chmod 600 "$TMP/fix.conf"
run_verifyd -d -f "$TMP/fix.conf"
assert_rc 3
assert_stderr_line "fix yes: the daemon never changes the host's routes"
run_verifyd --fix --persist auto --persist-root "$TMP"
assert_rc 3
assert_stderr_line "--persist auto: found no configuration of systemd-networkd, ifupdown, netplan or NetworkManager under $TMP"
assert_routes_unchanged

# Before: connect()+send() leaks (the ground truth agrees with the check).
[ "$(truth_group connect 224.16.17.8)" = "eth0 1" ] ||
	fail "ground truth: before the fix, send() did not leak"

# --dry-run: the exact command and the record file; nothing changes.
run_verifyd --fix --dry-run --json -g 224.16.17.8
assert_rc 2
assert_json ".repair.dry_run and (.repair.applied | not) and (.repair.plan | length) == 1"
assert_json ".repair.plan[0].command == \"$PLAN\" and .repair.plan[0].table == 254 and .repair.plan[0].class == \"default\""
assert_json '.repair.record | test("/fix-netns-[0-9]+\\.routes$")'
assert_routes_unchanged
ls "$RUNTIME_DIRECTORY" | grep -q '^fix-' && fail "--dry-run wrote the record"
run_verifyd --fix --dry-run -g 224.16.17.8
assert_rc 2
grep -qxF "  $PLAN   # class default, table 254" "$TMP/out" ||
	fail "--dry-run's text does not print the command"
assert_routes_unchanged

# An application connected before the fix, to another group of the /24,
# keeps sending (from eth0's address: it chose its source at connect()).
start_ready oldapp "$MCAPP" -t 300 connect 224.16.17.50 5000
OLDAPP=$READY_PID

run_verifyd --fix --json -v
assert_rc 0
assert_json '.repair.exit_code == 0 and .repair.applied and .repair.proven and (.repair.rolled_back | not)'
assert_json ".repair.plan[0].command == \"$PLAN\""
assert_json ".repair.still_leaking | length == 1 and .[0].pid == $OLDAPP and .[0].command == \"mcapp\" and .[0].uid == 0 and .[0].group == \"224.16.17.50\" and .[0].interface == \"eth0\""
grep -q '^mcastlo-verifyd: fix: proven$' "$TMP/err" || fail "no 'fix: proven' line"
# The admin's route keeps its table, metric and protocol, and gets the source.
routes | grep -qxF "$FIXED" || fail "the fixed route is not: $FIXED"
[ "$(routes | grep -c '^224\.16\.17\.')" = 1 ] || fail "more than one route for the /24"
ls "$RUNTIME_DIRECTORY" | grep -q '^fix-netns-.*\.routes$' ||
	fail "the previous routes are not recorded"

# New applications, both methods, to groups across the /24: lo only.
for g in 224.16.17.8 224.16.17.1 224.16.17.200; do
	for mode in sendto connect; do
		where=$(truth_group "$mode" "$g")
		[ "$where" = "lo 0" ] ||
			fail "ground truth: $mode to $g after the fix went to: $where"
	done
done

# The running one still leaks until it reconnects; then nothing leaks.
run_verifyd --once --json
assert_json '.socket_audit.leaking == 1'
kill "$OLDAPP"
wait "$OLDAPP" 2>/dev/null
start_ready newapp "$MCAPP" -t 300 connect 224.16.17.50 5000
run_verifyd --once --json
assert_rc 0
assert_json '.status == "OK" and .socket_audit.leaking == 0 and .socket_audit.routed_to_loopback == 1'

# A second --fix has nothing to do.
run_verifyd --fix --json
assert_rc 0
assert_json '(.repair.plan | length) == 0 and (.repair.why | test("already"))'

# --undo: the route as it was, byte for byte, and the record gone.
run_verifyd --fix --undo --json
assert_rc 0
assert_json '.repair.undo and .repair.undone and .repair.exit_code == 0 and (.repair.plan | length) == 1 and (.status | not)'
routes | diff -u "$TMP/routes.before" - >&2 || fail "--undo --json did not restore the route"
run_verifyd --fix --json
assert_rc 0
run_verifyd --fix --undo
assert_rc 0
grep -qF "Undone: ip route replace 224.16.17.0/24 dev lo table main proto static metric 50 scope link" "$TMP/out" ||
	fail "--undo does not say what it put back"
assert_routes_unchanged
ls "$RUNTIME_DIRECTORY" | grep -q '^fix-' && fail "--undo left the record"
run_verifyd --fix --undo
assert_rc 0
grep -q "Nothing undone: no record" "$TMP/out" || fail "a second --undo did something"
assert_routes_unchanged
exit 0
