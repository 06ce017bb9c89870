#!/bin/sh
# SIGTERM and SIGINT during a check end it at once: UNKNOWN, and the
# route it added is removed.  The check is kept waiting by watching an
# egress (eth1) that the send() probe does not take, with a long timeout.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
add_eth1
snapshot_routes

for sig in TERM INT; do
	start_verifyd 'probe send\(\): sent' --once --json -v -i eth1 -t 60000
	tagged_routes | grep -q "^$GROUP dev lo" ||
		fail "SIG$sig: no route while the check runs"
	kill -s "$sig" "$VERIFYD_PID"
	wait_verifyd
	assert_rc 3
	assert_json '.status == "UNKNOWN" and (.summary | test("interrupted by signal"))'
	assert_json '.route == "added" and .route_removed == true'
	assert_routes_unchanged
done
exit 0
