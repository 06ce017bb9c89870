#!/bin/sh
# SPDX-License-Identifier: ISC
# No default route.  connect() still takes eth0's address as its source
# and the send() probe leaves through eth0, so the egress is found from
# the kernel's own decision.  With --no-route nothing routes the group:
# the probes cannot be sent and the check is UNKNOWN.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup nodefault
snapshot_routes

run_verifyd --once --json
assert_rc 2
assert_json '.interface == "eth0" and .route == "added"'
assert_json '.probes[0].captured_on == ["lo"] and .probes[1].captured_on == ["eth0"]'
assert_routes_unchanged

run_verifyd --once --json --no-route
assert_rc 3
assert_json '.status == "UNKNOWN" and .interface == null'
assert_json '.probes[0].sent == false and (.probes[0].send_error | test("unreachable"))'
assert_json '.summary == "the kernel has no route for the group (Network is unreachable), so neither method can send"'
assert_routes_unchanged
exit 0
