#!/bin/sh
# SPDX-License-Identifier: ISC
# Loopback down (a bad ifdown, a broken container): the kernel flushes
# every route through lo, and applications leak with both methods.  A
# captured leak wins over the set-up problem: the check still captures
# and sends what it can, says CRITICAL and names "lo is down" beside
# the leak, with and without --no-route; never OK, WARNING or UNKNOWN.
# The fixes it prints (lo up first, then the route), applied, keep
# applications on lo.  Ground truth: tcpdump in the host and in the
# gateway, and a plain application.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
ns_setup
in_host ip link set lo down || hard_error "cannot take lo down"
snapshot_routes

# truth MODE WHERE GW: a plain application's datagram goes WHERE, and
# the gateway gets GW of it.
truth() {
	truth_host_gw "$1"
	[ "$(truth_where host)" = "$2" ] ||
		fail "ground truth: $1 went to $(truth_where host), not $2"
	[ "$(truth_count gw)" = "$3" ] ||
		fail "ground truth: the gateway got $(truth_count gw) of $1"
}
truth connect eth0 1
truth sendto eth0 1

for args in "" "--no-route"; do
	run_verifyd --once --json $args
	assert_rc 2
	assert_json '.status == "CRITICAL" and .summary == "sendto() leaked through eth0; send() leaked through eth0; set-up problem: loopback interface lo is down"'
	assert_json '.setup_error == "loopback interface lo is down"'
	assert_json '[.probes[] | .leaked and .leaked_through == ["eth0"]] | all'
	assert_json '.fixes[0] == "ip link set lo up"'
	assert_routes_unchanged
	run_verifyd --once $args
	assert_rc 2
	grep -q '^set-up problem (the check went on): loopback interface lo is down$' \
		"$TMP/out" || fail "the text report does not name the set-up problem"
done

# The printed fixes, applied in order, keep applications on lo.
run_verifyd --once --json
jq -r '.fixes[]' "$TMP/out" >"$TMP/fixes"
[ "$(wc -l <"$TMP/fixes")" = 2 ] || fail "expected two fixes: $(cat "$TMP/fixes")"
while read -r fix; do
	in_host sh -c "$fix" || fail "the fix does not apply: $fix"
done <"$TMP/fixes"
truth connect lo 0
truth sendto lo 0
run_verifyd --once --json
assert_rc 0
exit 0
