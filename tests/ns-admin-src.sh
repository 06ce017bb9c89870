#!/bin/sh
# SPDX-License-Identifier: ISC
# The host-level fix: an admin route "dev lo src 127.0.0.1" keeps both
# methods on lo, where the listener receives both: OK.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
in_host ip route add "$GROUP/32" dev lo src 127.0.0.1 ||
	hard_error "cannot add the admin route"
snapshot_routes

run_verifyd --once --json
assert_rc 0
assert_json '.status == "OK" and .exit_code == 0 and .route == "pre-existing"'
assert_json '.interface == "eth0"'
assert_json '[.probes[] | .captured_on == ["lo"] and .leaked == false and .listener_interface == "lo"] | all'
assert_routes_unchanged

run_verifyd --once
assert_rc 0
head -n 1 "$TMP/out" | grep -qx 'MCASTLO OK: every probe stayed on lo' ||
	fail "text report does not start with the OK line"
exit 0
