#!/bin/sh
# SPDX-License-Identifier: ISC
# An administrator's route for the group is used as it is and left
# alone: the same leak is found, and the route is still there, unchanged.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
in_host ip route add "$GROUP/32" dev lo || hard_error "cannot add the admin route"
snapshot_routes

run_verifyd --once --json
assert_rc 2
assert_json '.route == "pre-existing" and .route_removed == false and .route_lost == false'
assert_json '.probes[0].captured_on == ["lo"] and .probes[1].captured_on == ["eth0"]'
assert_routes_unchanged
grep -q "^$GROUP dev lo" "$TMP/routes.after" || fail "the admin route is gone"

# --no-route uses it just the same.
run_verifyd --once --json --no-route
assert_rc 2
assert_json '.route == "pre-existing"'
assert_routes_unchanged
exit 0
