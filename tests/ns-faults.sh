#!/bin/sh
# SPDX-License-Identifier: ISC
# Faults during a check: the egress deleted or taken down, loopback
# down, our route removed by someone else, pcap failing to open on one
# interface, rtnetlink refusing a change.  Each ends with a clear report
# (UNKNOWN where the check could not be done), no crash, and no route
# left behind.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
snapshot_routes

# run_faulty FAULT ARGS...: the verifier with the fault injector.
run_faulty() {
	local fault=$1
	shift
	with_fault "$fault" "$VERIFYD" "$@"
}

# The egress goes away, or down, while the check waits for it.
hold_send_probe
for fault in "link del eth1" "link set eth1 down"; do
	add_eth1
	snapshot_routes
	start_verifyd 'probe send\(\): sent' --once --json -v -i eth1 --probe-wait 60000
	ip -n "$NS_HOST" $fault
	wait_verifyd
	assert_rc 3
	assert_json '.status == "UNKNOWN" and (.summary | test("eth1 .*(went down|disappeared) during the check"))'
	assert_json '.route_removed == true'
	assert_routes_unchanged
	ip -n "$NS_HOST" link del eth1 2>/dev/null
done
snapshot_routes

# Our route removed by someone else while the check runs.
add_eth1
snapshot_routes
start_verifyd 'probe send\(\): sent' --once --json -v -i eth1 --probe-wait 60000
in_host ip route del "$GROUP/32" dev lo proto 201 || fail "no route to remove"
kill -s TERM "$VERIFYD_PID"
wait_verifyd
assert_rc 3
assert_json '.route == "added" and .route_lost == true and .route_removed == false'
assert_routes_unchanged
ip -n "$NS_HOST" link del eth1
release_send_probe
snapshot_routes

# Our route removed by someone else after it was added but before the
# probes went out: they did not test it, so there is no verdict.
export MCV_FAULT_CMD="ip route del $GROUP/32 dev lo proto 201"
run_faulty before-probes --once --json
unset MCV_FAULT_CMD
assert_rc 3
assert_json '.route_lost == true and .route_removed == false'
assert_json '.summary | test("removed or replaced by someone else while the probes went out")'
assert_routes_unchanged

# Our route replaced by an administrator's for the same group (same
# key, no protocol 201) after it was added and before the probes: they
# tested the admin's route, not the check's, so there is no verdict.
# The admin's route is not ours to remove: the deletion names our
# protocol, so the kernel leaves it, and it is still there afterwards.
export MCV_FAULT_CMD="ip route replace $GROUP/32 dev lo"
run_faulty before-probes --once --json
unset MCV_FAULT_CMD
assert_rc 3
assert_json '.status == "UNKNOWN" and .route == "added"'
assert_json '.route_lost == true and .route_removed == false'
assert_json ".summary == \"the route for $GROUP/32 was removed or replaced by someone else while the probes went out; no verdict\""
in_host ip -4 route show table main proto boot | grep -q "^$GROUP dev lo" ||
	fail "the admin's route is gone"
tagged_routes | grep -q "^$GROUP " && fail "a route with our tag is back"
in_host ip route del "$GROUP/32" dev lo proto boot ||
	hard_error "cannot remove the admin's route"
assert_routes_unchanged

# The capture dies mid-check, once the probes are out and before it has
# read any of them (tests/fault.c: pcap_dispatch() fails on its first
# call after a probe was sent): UNKNOWN at once, with capture's own
# words, not the probe wait's end nor a verdict on what it never saw;
# the route goes.  No leak was captured, so none wins over the failure.
run_faulty dispatch --once --json --probe-wait 20000
assert_rc 3
assert_json '.status == "UNKNOWN" and .summary == "capture on any failed during the check: ring buffer lost (injected: MCV_FAULT=dispatch)"'
assert_json '[.probes[] | .sent and .captured_on == []] | all'
assert_json '.route == "added" and .route_removed == true and .route_lost == false'
assert_json '.duration_ms < 10000'	# at once, not at the 20 s probe wait
assert_routes_unchanged

# Loopback down: a set-up problem, not the end of the check; the leak
# captured wins and the problem is named beside it (ns-lo-down.sh);
# nothing is changed.
in_host ip link set lo down
snapshot_routes
run_verifyd --once --json
assert_rc 2
assert_json '.summary | endswith("; set-up problem: loopback interface lo is down")'
assert_routes_unchanged
in_host ip link set lo up
snapshot_routes

# Capture cannot open, or cannot get the link type that names the
# interface of each frame.
for fault in pcap:any datalink; do
	run_faulty "$fault" --once --json
	assert_rc 3
	assert_stderr_line "capture on any: "
	assert_json '.route == "added" and .route_removed == true'
	assert_routes_unchanged
done

# rtnetlink refuses to add the route: the host is tested as it is, and
# the leak captured wins, with the refusal named beside it.  It refuses
# to list routes: nothing can be known.
run_faulty route-add --once --json
assert_rc 2
assert_json '.summary == "sendto() leaked through eth0; send() leaked through eth0; set-up problem: adding route '$GROUP'/32 dev lo: No buffer space available" and .route == "none"'
assert_routes_unchanged
run_faulty dump --once --json
assert_rc 3
assert_stderr_line "No buffer space available"
assert_routes_unchanged

# rtnetlink refuses to delete it: the one way a route can stay.  The
# report says so loudly, and the next run sweeps it.
run_faulty route-del --once --json
assert_rc 2	# the leak was captured: it wins
assert_json '.summary | test("^send\\(\\) leaked through eth0; then: cannot remove route '$GROUP'/32 dev lo")'
grep -q "cannot remove route $GROUP/32 dev lo" "$TMP/err" ||
	fail "no message about the route left behind"
assert_json '.route_removed == false'
tagged_routes | grep -q "^$GROUP dev lo" || fail "the route should still be there"
run_verifyd --once --json
assert_rc 2
assert_routes_unchanged
exit 0
