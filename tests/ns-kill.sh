#!/bin/sh
# SPDX-License-Identifier: ISC
# Runs killed with SIGKILL at every stage of their checks leave tagged
# routes; the next run (or --cleanup) sweeps them, never touching an
# administrator's routes, and the table ends as it began.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
hold_send_probe	# so each check waits for its deadline
in_host ip route add 224.16.17.9/32 dev lo &&
in_host ip route add 224.16.17.10/32 dev lo proto 202 &&
in_host ip route add 224.16.17.11/32 dev eth0 table 100 &&
# Another program's routes with our protocol number but not the shape a
# check adds (a main-table multicast /32) are never swept either.
in_host ip route add 198.18.0.0/15 dev eth0 proto 201 &&
in_host ip route add 224.16.17.12/32 dev lo table 100 proto 201 ||
	hard_error "cannot add the admin routes"
snapshot_routes

stages='listener joined|added route|egress interface|privileges dropped|probe sendto|probe send\(\)'
left=0
i=0
while [ $i -lt 24 ]; do
	i=$((i + 1))
	# Each stage in turn, four times; the kill lands as it is reached.
	stage=$(echo "$stages" | cut -d'|' -f$(( (i - 1) % 6 + 1 )))
	start_verifyd "$stage" --once --json -v --probe-wait 60000
	kill -s KILL "$VERIFYD_PID" 2>/dev/null	# it may have finished
	wait "$VERIFYD_PID" 2>/dev/null
	tagged_routes | grep -q "^224.16.17.8 dev lo" && left=$((left + 1))
	# Every other time, --cleanup sweeps instead of the next check.
	if [ $((i % 2)) = 0 ]; then
		run_verifyd --cleanup
		assert_rc 0
		tagged_routes | grep -q "^224.16.17.8 dev lo" &&
			fail "--cleanup left the check's route"
	fi
done
# Every kill from "added route" on leaves the route: 20 of the 24.
[ $left -ge 20 ] || fail "only $left kills left a route behind"

run_verifyd --once --json
assert_rc 2
assert_json '.route == "added" and .route_removed == true'
assert_routes_unchanged
echo "kills that left a route: $left of $i"
exit 0
