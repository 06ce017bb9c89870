#!/bin/sh
# SPDX-License-Identifier: ISC
# An administrator's route that already keeps the group on lo, but is
# not a host route (a covering prefix): the check asks the kernel, sees
# the group reach lo, tests the host as it is and adds nothing (a /32
# of its own, without the source, would shadow it and give a false
# CRITICAL).  With the source the verdict is OK; without it, send()
# leaks, and the printed fix, applied, makes it OK.  Ground truth:
# tcpdump in the host and in the gateway, and a plain application.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
ns_setup
in_host ip route add 224.16.17.0/24 dev lo src 127.0.0.1 || hard_error "route"
snapshot_routes

run_verifyd --once --json
assert_rc 0
assert_json '.route == "pre-existing" and .route_in_effect.prefix == "224.16.17.0/24" and .route_in_effect.interface == "lo" and .route_in_effect.prefsrc == "127.0.0.1"'
assert_json '.probes[1].captured_on == ["lo"] and .probes[1].source == "127.0.0.1"'
assert_json '.route_unused == null and .fixes == []'
assert_routes_unchanged
truth_host_gw connect
[ "$(truth_where host)" = lo ] || fail "ground truth: connect()+send() went to $(truth_where host)"
[ "$(truth_count gw)" = 0 ] || fail "ground truth: the gateway got it"

# Without the source: send() leaks, as a plain application's does.
in_host ip route replace 224.16.17.0/24 dev lo || hard_error "route"
snapshot_routes
run_verifyd --once --json
assert_rc 2
assert_json '.route == "pre-existing" and .route_in_effect.prefix == "224.16.17.0/24" and .probes[1].leaked_through == ["eth0"]'
assert_json '.fixes == ["ip route replace 224.16.17.0/24 dev lo src 127.0.0.1"]'
assert_routes_unchanged
truth_host_gw connect
[ "$(truth_where host)" = eth0 ] || fail "ground truth: connect()+send() went to $(truth_where host)"
[ "$(truth_count gw)" = 1 ] || fail "ground truth: the gateway did not get it"

# The printed fix, applied, gives OK.
in_host sh -c "$(jq -r '.fixes[0]' "$TMP/out")" || fail "the fix does not apply"
run_verifyd --once --json
assert_rc 0
exit 0
