#!/bin/sh
# SPDX-License-Identifier: ISC
# --no-route on a host with no route for the group: the host's default
# route sends both methods out of eth0.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
snapshot_routes

run_verifyd --once --json --no-route
assert_rc 2
assert_json '.status == "CRITICAL" and .route == "none" and .route_removed == false'
assert_json '.probes[0].captured_on == ["eth0"] and .probes[0].leaked'
assert_json '.probes[1].captured_on == ["eth0"] and .probes[1].leaked'
assert_json '.probes[0].listener_interface == null and .probes[1].listener_interface == null'
assert_routes_unchanged
exit 0
