#!/bin/sh
# SPDX-License-Identifier: ISC
# The sweep (--cleanup, and the start of every check) removes exactly
# the shape of route a check adds and nothing else: routes that carry
# our protocol number 201 in any other shape (another device, a
# gateway, another metric, type, scope, table, prefix or source) are
# another program's, and survive.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
G=224.16.17
add() { in_host ip "$@" || hard_error "cannot add: ip $*"; }
add route add $G.20/32 dev eth0 proto 201
add route add $G.21/32 via $GW_ADDR proto 201
add route add $G.22/32 dev lo proto 201 metric 5
add route add blackhole $G.23/32 proto 201
add route add $G.24/32 dev lo proto 201 scope global
add route add $G.25/32 dev lo proto 201 table 100
add route add $G.26/31 dev lo proto 201
add route add $G.28/32 dev lo proto 201 src $HOST_ADDR
add route add 198.18.0.0/15 dev lo proto 201
add route add $G.29/32 dev lo proto 201 tos 0x10
add -6 route add local ff15::20/128 dev lo table local proto 201 metric 5
add -6 route add ff15::21/128 dev lo proto 201
add -6 route add local ff15::22/128 dev lo table 100 proto 201
add -6 route add ff15::23/128 dev eth0 table local proto 201
snapshot_routes
ip -n "$NS_HOST" -6 route show table all proto 201 >"$TMP/routes6.before"

# Exactly our shape, as a killed check leaves it: removed.
add route add $G.30/32 dev lo proto 201
add route add $G.31/32 dev lo proto 201 src 127.0.0.1	# send-route-src
add route add $G.32/32 dev lo proto 201 src 127.0.0.1 table 100	# a fix trial
add -6 route add local ff15::30/128 dev lo table local proto 201

run_verifyd --cleanup
assert_rc 0
grep -q 'cleanup: 4 leftover routes removed' "$TMP/err" ||
	fail "--cleanup did not remove exactly the 4 routes of our shape"
assert_routes_unchanged
ip -n "$NS_HOST" -6 route show table all proto 201 >"$TMP/routes6.after"
diff -u "$TMP/routes6.before" "$TMP/routes6.after" >&2 ||
	fail "the sweep changed other IPv6 routes tagged 201"

# A check sweeps the same way when it starts.
add route add $G.30/32 dev lo proto 201
run_verifyd --once --json -v
assert_rc 2
grep -q "removed route $G.30/32 dev lo table 254 left by a killed run" "$TMP/err" ||
	fail "the check did not sweep the leftover"
[ "$(grep -c 'left by a killed run' "$TMP/err")" = 1 ] ||
	fail "the check's sweep removed more than the leftover"
assert_routes_unchanged
exit 0
