#!/bin/sh
# SPDX-License-Identifier: ISC
# --explain asks the kernel, sends nothing, and predicts the verdict;
# a real check carries the same prediction and says it agrees with the
# capture.  Tried on every core scenario: stock host, --no-route, an
# admin route, an admin route with src 127.0.0.1, no default route.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

# scenario NAME EXPECTED-RC SEND-IF ARGS...
scenario() {
	local name=$1 rc=$2 send_if=$3
	shift 3
	snapshot_routes
	run_verifyd --explain --json "$@"
	assert_rc "$rc"
	assert_json ".explain_only and .probes == [] and .listener.received == 0"
	assert_json ".prediction.send_interface == \"$send_if\""
	assert_json '.captures == []'
	predicted=$(jq -r .status "$TMP/out")
	assert_routes_unchanged
	run_verifyd --once --json "$@"
	assert_rc "$rc"
	assert_json ".status == \"$predicted\" and .prediction.agrees == true"
	assert_json "(.explain_only | not) and .prediction.send_interface == \"$send_if\""
	assert_routes_unchanged
	echo "$name: predicted $predicted, captured $(jq -r .status "$TMP/out")"
}

ns_setup
scenario stock 2 eth0
assert_json '.prediction.source == "198.51.100.2" and (.prediction.why | test("host-scope"))'
scenario no-route 2 eth0 --no-route
assert_json '.prediction.sendto_interface == "eth0"'
in_host ip route add "$GROUP/32" dev lo || hard_error "admin route"
scenario admin-route 2 eth0
in_host ip route replace "$GROUP/32" dev lo src 127.0.0.1 || hard_error "admin route"
scenario admin-src 0 lo
assert_json '.prediction.source == "127.0.0.1"'
in_host ip route del "$GROUP/32" || hard_error "admin route"
in_host ip route del default || hard_error "default route"
scenario no-default 2 eth0

# Nothing routes the group at all: UNKNOWN, said in plain words.
run_verifyd --explain --json --no-route
assert_rc 3
assert_json '.summary | test("no route for the group")'
exit 0
