#!/bin/sh
# SPDX-License-Identifier: ISC
# A stock host: the group routed to lo only for the check.  sendto()
# stays on lo and reaches the listener; connect()+send() leaks out of
# eth0 and the listener sees nothing: CRITICAL.  With --require sendto
# the leak is only a WARNING.  The route is gone afterwards.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
snapshot_routes

run_verifyd --once --json
assert_rc 2
assert_json '.status == "CRITICAL" and .exit_code == 2'
assert_json '.group == "224.16.17.8" and .loopback == "lo" and .interface == "eth0"'
assert_json '.route == "added" and .route_removed == true'
assert_json '(.port | type) == "number" and .port > 0 and .duration_ms > 0'
assert_json '.probes[0] | .method == "sendto" and .required and .captured_on == ["lo"] and .leaked == false and .listener_interface == "lo"'
assert_json '.probes[1] | .method == "send" and .required and .captured_on == ["eth0"] and .leaked == true and .listener_interface == null'
assert_json '.summary == "send() leaked through eth0"'
# Per interface, what the capture counted: one frame on lo (the received
# copy of the sendto() probe; libpcap drops the outgoing one) and one
# leaving through eth0, none foreign in a host where nothing else sends.
# (and two more on lo: the fix trial's probes, which it proves)
assert_json '.capture.frames == 4 and .capture.ignored == 0 and .capture.undecodable == 0'
assert_json '.fixes_detail == [{"class":null,"table":"main","command":"ip route replace '"$GROUP"'/32 dev lo src 127.0.0.1","proven":true,"not_proven_why":null}]'
assert_json '.captures == [{"interface":"lo","loopback":true,"frames":3,"foreign":0,"undecodable":0},
	{"interface":"eth0","loopback":false,"frames":1,"foreign":0,"undecodable":0}]'
assert_routes_unchanged

run_verifyd --once --json --require sendto
assert_rc 1
assert_json '.status == "WARNING" and .exit_code == 1'
assert_json '.probes[1] | .required == false and .leaked == true'
assert_routes_unchanged

# The text report: status first, then a line per received packet.
run_verifyd --once
assert_rc 2
head -n 1 "$TMP/out" | grep -qx 'MCASTLO CRITICAL: send() leaked through eth0' ||
	fail "text report does not start with the status line"
grep -Eq '^lo sendto\(\) [0-9a-f]{32}$' "$TMP/out" ||
	fail "text report has no '<interface> <payload>' listener line"
grep -q 'LEAKED through eth0' "$TMP/out" || fail "text report does not name the leak"
assert_routes_unchanged
exit 0
