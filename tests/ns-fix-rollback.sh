#!/bin/sh
# SPDX-License-Identifier: ISC
# A host the fix cannot be proven on: a static multicast router
# (tests/mrouter.c) forwards (127.0.0.1, group) from lo to eth0, so once
# the route gives the source 127.0.0.1, every datagram sent with a TTL
# above 1 is forwarded out of eth0 anyway.  --fix --ttl 2 applies the
# plan, the check after it captures the leak, and the routes go back to
# exactly what they were (ip route show table all, byte for byte), exit
# 2 with the reason.  Ground truth: with the planned route in place by
# hand, a plain application's TTL-2 datagram reaches the gateway.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
[ -e /proc/net/ip_mr_vif ] || skip "the kernel has no IPv4 multicast routing"
ns_setup
in_host ip route add 224.16.17.0/24 dev lo proto static metric 50 ||
	hard_error "cannot add the admin route"
start_ready mrouter "$top_builddir/tests/mrouter" "$GROUP" 127.0.0.1 lo eth0
snapshot_routes

run_verifyd --fix --json --ttl 2 -v
assert_rc 2
assert_json '.repair.exit_code == 2 and .repair.applied and (.repair.proven | not) and .repair.rolled_back'
assert_json '.repair.why | test("leaked through eth0 after the fix")'
assert_json '.status == "CRITICAL" and (.probes[0].leaked_through | index("eth0") != null)'
grep -q '^mcastlo-verifyd: fix not proven: .*; rolling back$' "$TMP/err" ||
	fail "stderr does not say why it rolls back"
grep -q '^mcastlo-verifyd: fix: rolled back$' "$TMP/err" || fail "no 'fix: rolled back'"
assert_routes_unchanged
ls "$RUNTIME_DIRECTORY" | grep -q '^fix-' && fail "a rolled-back fix left its record"
run_verifyd --fix --ttl 2
assert_rc 2
grep -q "^Not proven (.*): rolled back to the previous routes\.$" "$TMP/out" ||
	fail "the text report does not say it rolled back"
assert_routes_unchanged

# Ground truth: the planned route, by hand, does not stop the leak.
run_verifyd --fix --dry-run --json --ttl 2
plan=$(jq -r '.repair.plan[0].command' "$TMP/out")
in_host $plan || hard_error "cannot apply the plan by hand: $plan"
truth_host_gw sendto 2
[ "$(truth_count gw)" -ge 1 ] ||
	fail "ground truth: with the planned route the TTL-2 datagram did not reach the gateway"
exit 0
