#!/bin/sh
# SPDX-License-Identifier: ISC
# --mitigations: each known fix for the connect()+send() leak is probed
# as its own entry, and on this kernel each keeps the probe on lo
# (HACKING, section 1).  The host-level fix (a route with src
# 127.0.0.1) is tried on the check's own route only, never an admin's.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
snapshot_routes
fixes='["send-multicast-if","send-bind-loopback","send-bindtodevice","sendmsg-pktinfo","send-route-src"]'

run_verifyd --once --json --mitigations
assert_rc 2
assert_json '[.probes[].method] == ["sendto","send"] + '"$fixes"
assert_json '.probes[1].captured_on == ["eth0"] and .probes[1].leaked'
assert_json '[.probes[2:][] | .required == false and .captured_on == ["lo"] and .leaked == false and .listener_interface == "lo"] | all'
assert_json '.fixes_shown == '"$fixes"
assert_json '.route == "added" and .route_removed'
assert_routes_unchanged
run_verifyd --once --mitigations
grep -q '^fixes shown to work here:$' "$TMP/out" || fail "no list of the fixes that worked"
grep -q "ip route replace $GROUP/32 dev lo src 127.0.0.1" "$TMP/out" ||
	fail "the host-level fix is not spelled out"

# A required fix is judged like any probe: it stays on lo, so with
# sendto required too the only finding is send()'s leak, a WARNING as
# send() is not required.
run_verifyd --once --json --mitigations --require sendto,send-bind-loopback
assert_rc 1
assert_json '.status == "WARNING" and .probes[3].required and (.probes[3].leaked | not)'
assert_json '.summary == "send() (not required) leaked through eth0"'
# A fix is probed only with --mitigations; requiring it alone is an error.
run_verifyd --once --require send-bind-loopback
assert_rc 3
assert_stderr_line 'require names a fix; fixes are probed only with --mitigations'
assert_routes_unchanged

# An administrator's route is used, never changed: the host-level fix
# is skipped and says why.
in_host ip route add "$GROUP/32" dev lo || hard_error "admin route"
snapshot_routes
run_verifyd --once --json --mitigations
assert_rc 2
assert_json '.probes[6].method == "send-route-src" and .probes[6].skipped and .probes[6].sent == false'
assert_json '.probes[6].send_error | test("never changed")'
assert_json '.fixes_shown == ["send-multicast-if","send-bind-loopback","send-bindtodevice","sendmsg-pktinfo"]'
assert_routes_unchanged
# Requiring the host-level fix on an admin's route: it cannot be tried
# (the route is left alone), but the leak that was captured wins.
run_verifyd --once --json --mitigations --require sendto,send,send-route-src
assert_rc 2
assert_json '.summary == "send() leaked through eth0"'
assert_json '.probes[6].required and .probes[6].skipped and (.probes[6].send_error | test("never changed"))'
assert_routes_unchanged
# Without a leak, the fix that could not be tried leaves no verdict.
in_host ip route replace "$GROUP/32" dev lo src 127.0.0.1 || hard_error "admin src"
run_verifyd --once --json --mitigations --require sendto,send,send-route-src
assert_rc 3
assert_json '.summary | test("required probe send-route-src\\(\\) was not tried")'
in_host ip route replace "$GROUP/32" dev lo || hard_error "admin route"
assert_routes_unchanged
exit 0
