#!/bin/sh
# SPDX-License-Identifier: ISC
# --fix changes the route in the table the kernel's lookup ends in, not
# main: an administrator's route for the group in table local (looked
# up before main), and one in table 100 that a policy rule leads the
# group to.  Each keeps its table, metric and protocol and gets the
# source; a plain application connected before the fix is named in the
# text report as the one to restart.  Ground truth: tcpdump in the host
# and the gateway, plain applications with both methods.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
ns_setup

# fix_table TABLE FIXED: --fix exits 0, the route in TABLE is FIXED (the
# one line ip route show prints for it), new applications stay on lo.
fix_table() {
	run_verifyd --fix
	assert_rc 0
	grep -qx "Applied and proven: a check after the fix kept every method on loopback." "$TMP/out" ||
		fail "table $1: not proven"
	grep -q "^  ip route replace 224.16.17.0/24 dev lo table $1 proto static metric 7 scope link src 127.0.0.1   # class default, table" "$TMP/out" ||
		fail "table $1: the plan is not in table $1"
	grep -qx ".* still sends from 198.51.100.2; restart it to pick up the fix (uid 0, pid $OLDAPP, command mcapp; socket 198.51.100.2:[0-9]* -> 224.16.17.50)" "$TMP/out" ||
		fail "table $1: the running application is not named"
	ip -n "$NS_HOST" route show table "$1" | grep -qxF "$2" ||
		{ ip -n "$NS_HOST" route show table "$1" >&2; fail "table $1: the route is not: $2"; }
	for mode in sendto connect; do
		truth_host_gw "$mode"
		[ "$(truth_where host) $(truth_count gw)" = "lo 0" ] ||
			fail "ground truth: table $1, $mode went to $(truth_where host)"
	done
	run_verifyd --fix --undo
	assert_rc 0
	assert_routes_unchanged
}

start_ready oldapp "$MCAPP" -t 300 connect 224.16.17.50 5000
OLDAPP=$READY_PID

# Table local: looked up first, so a fix in main would change nothing.
in_host ip route add 224.16.17.0/24 dev lo table local proto static metric 7 ||
	hard_error "cannot add the route in table local"
snapshot_routes
truth_host_gw connect
[ "$(truth_where host)" = eth0 ] || fail "ground truth: before, send() went to $(truth_where host)"
fix_table local '224.16.17.0/24 dev lo proto static scope link src 127.0.0.1 metric 7 '
in_host ip route del 224.16.17.0/24 dev lo table local proto static metric 7 ||
	hard_error "cannot remove the route in table local"

# Table 100, by a rule for the group's /24.
in_host ip rule add to 224.16.17.0/24 lookup 100 priority 100 &&
in_host ip route add 224.16.17.0/24 dev lo table 100 proto static metric 7 ||
	hard_error "cannot add the rule and table 100"
snapshot_routes
fix_table 100 '224.16.17.0/24 dev lo proto static scope link src 127.0.0.1 metric 7 '
exit 0
