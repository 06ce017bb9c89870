#!/bin/sh
# SPDX-License-Identifier: ISC
# --fix where no route leads the group to lo: a route of our own is
# added (protocol 201, metric 1, src 127.0.0.1), which neither a later
# check's sweep nor --cleanup takes for a killed run's (a check's route
# has metric 0); --undo removes it.  IPv6: the local route in table
# local.  Ground truth: tcpdump and a plain application, both methods.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
ns_setup
snapshot_routes
OWN='224.16.17.8 dev lo proto 201 scope link src 127.0.0.1 metric 1 '

run_verifyd --fix --json
assert_rc 0
assert_json '.repair.proven and .repair.plan[0].action == "add" and .repair.plan[0].command == "ip route add 224.16.17.8/32 dev lo table main proto 201 metric 1 scope link src 127.0.0.1"'
routes | grep -qxF "$OWN" || fail "our route is not: $OWN"
for mode in sendto connect; do
	truth_host_gw "$mode"
	[ "$(truth_where host) $(truth_count gw)" = "lo 0" ] ||
		fail "ground truth: $mode went to $(truth_where host)"
done
# Not a killed check's leftover.
run_verifyd --once --json
assert_rc 0
assert_json '.route == "pre-existing" and .status == "OK"'
run_verifyd --cleanup
assert_rc 0
routes | grep -qxF "$OWN" || fail "a check or --cleanup removed the fix"
# A second --fix with something to do (another group) while the first is
# recorded: refused, so the first's record is never lost.
routes >"$TMP/routes.fixed"
run_verifyd --fix -g 224.16.17.9
assert_rc 3
assert_stderr_line "an earlier --fix is recorded in $RUNTIME_DIRECTORY/fix-netns-"
routes | diff -u "$TMP/routes.fixed" - >&2 || fail "the refused --fix changed the routes"
run_verifyd --fix --undo
assert_rc 0
assert_routes_unchanged

# IPv6: the local route in table local, ours; --undo removes it.
# (only the group's: eth0's link-local address comes and goes meanwhile)
routes6() { ip -n "$NS_HOST" -6 route show table all | grep ff15; }
routes6 >"$TMP/routes6.before"
run_verifyd --fix --json -g ff15::1617:8
assert_rc 0
assert_json '.repair.proven and .repair.plan[0].command == "ip -6 route add local ff15::1617:8/128 dev lo table local proto 201 metric 1 scope host"'
routes6 | grep -q '^local ff15::1617:8 dev lo table local proto 201 metric 1 ' ||
	fail "no IPv6 local route of ours"
run_verifyd --fix --undo
assert_rc 0
routes6 | diff -u "$TMP/routes6.before" - >&2 || fail "IPv6 routes changed after --undo"

# An administrator's IPv6 route to lo for a /112 (in main, where it keeps
# nothing on lo): ours is the local route for the whole /112.
in_host ip -6 route add ff15::1617:0/112 dev lo || hard_error "cannot add the IPv6 admin route"
routes6 >"$TMP/routes6.before"
run_verifyd --fix --json -g ff15::1617:8
assert_rc 0
assert_json '.repair.proven and .repair.plan[0].command == "ip -6 route add local ff15::1617:0/112 dev lo table local proto 201 metric 1 scope host"'
for mode in sendto connect; do
	truth_start host "$NS_HOST" any ff15::1617:99
	truth_start gw "$NS_GW" gw0 ff15::1617:99
	truth_app "$mode" 1 ff15::1617:99
	truth_stop
	[ "$(truth_where host) $(truth_count gw)" = "lo 0" ] ||
		fail "ground truth: IPv6 $mode to ff15::1617:99 went to $(truth_where host)"
done
run_verifyd --fix --undo
assert_rc 0
routes6 | diff -u "$TMP/routes6.before" - >&2 || fail "IPv6 routes changed after --undo"
exit 0
