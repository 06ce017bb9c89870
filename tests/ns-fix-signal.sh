#!/bin/sh
# SPDX-License-Identifier: ISC
# SIGTERM while --fix proves its fix: the check after the fix ends at
# once, the fix counts as not proven, and the routes go back byte for
# byte (exit 2, "interrupted").  The proof is made to wait: an nft rule
# in lo's netdev egress hook drops, silently, what the fixed route sends
# (source 127.0.0.1), so the check after the fix waits for its probes
# until the signal.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v nft >/dev/null 2>&1 || skip "needs nft (nftables)"
ns_setup
in_host ip route add 224.16.17.0/24 dev lo proto static metric 50 ||
	hard_error "cannot add the admin route"
in_host nft -f - <<EON || skip "nft has no netdev egress hook here"
table netdev mcv {
	chain egress {
		type filter hook egress device "lo" priority 0;
		ip saddr 127.0.0.1 ip daddr 224.16.17.0/24 drop
	}
}
EON
snapshot_routes

start_verifyd 'fix: proving' --fix --json -v --probe-wait 60000
kill -s TERM "$VERIFYD_PID"
wait_verifyd
assert_rc 2
assert_json '.repair.applied and (.repair.proven | not) and .repair.rolled_back and .repair.why == "interrupted before the fix was proven"'
# The check after the fix was ended by the signal, not by its deadline.
assert_json '.error | test("^interrupted by signal 15")'
grep -q '^mcastlo-verifyd: fix: rolled back$' "$TMP/err" || fail "no 'fix: rolled back'"
assert_routes_unchanged
ls "$RUNTIME_DIRECTORY" | grep -q '^fix-' && fail "the rolled-back fix left its record"

# Without the signal the probes are captured nowhere: not proven either.
run_verifyd --fix --json --probe-wait 300
assert_rc 2
assert_json '.repair.rolled_back and (.repair.why | test("^the check after the fix failed: no probe was seen anywhere"))'
assert_routes_unchanged
exit 0
