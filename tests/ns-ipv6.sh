#!/bin/sh
# SPDX-License-Identifier: ISC
# IPv6 groups, and what the kernel does with them (HACKING, section 1):
#
# - with no route of ours, the local table's "multicast ff00::/8 dev
#   eth0" sends both methods out of eth0;
# - the IPv4 habit, G/128 dev lo in the main table, changes nothing
#   (the local table is looked up first): both leak;
# - a G/128 dev lo route that is not of type local is made a reject
#   route: nothing leaves, so there is no verdict;
# - "local G/128 dev lo table local", the route a check adds, keeps
#   every method on lo, connect()+send() too: IPv6 has no IPv4-style
#   "the source's device wins" rule;
# - with only a tentative address on the uplink, nothing can be sent
#   there at all.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

G6=ff15::1617:8
fixes='["send-multicast-if","send-bind-loopback","send-bindtodevice","sendmsg-pktinfo"]'

# IPv6 routes of every table, but for the link-local ones the kernel
# adds by itself once duplicate address detection is done.
routes6() { ip -n "$NS_HOST" -6 route show table all | grep -v fe80; }
snapshot_routes6() { routes6 >"$TMP/routes6.before"; }
assert_routes6_unchanged() {
	routes6 >"$TMP/routes6.after"
	diff -u "$TMP/routes6.before" "$TMP/routes6.after" >&2 ||
		fail "the IPv6 routing table changed"
}

ns_setup
snapshot_routes
snapshot_routes6

# The check's own route: every method stays on lo, and the listener
# gets each probe.
run_verifyd --once --json --mitigations -g $G6
assert_rc 0
assert_json '.group == "'$G6'" and .route == "added" and .route_removed'
assert_json '.interface == "eth0"'
assert_json '[.probes[:6][] | .captured_on == ["lo"] and .leaked == false and .listener_interface == "lo"] | all'
assert_json '.probes[6].method == "send-route-src" and .probes[6].skipped'
assert_json '.prediction.sendto_interface == "lo" and .prediction.send_interface == "lo" and .prediction.source == "::1" and .prediction.agrees'
assert_json '.audit.group_route.table == 255 and .audit.group_route.protocol == 201'
assert_routes6_unchanged
assert_routes_unchanged

# No route: the local table's ff00::/8 route of eth0 takes both
# methods out; of the fixes only bind(::1) sends, and it leaks too.
run_verifyd --once --json --mitigations --no-route -g $G6
assert_rc 2
assert_json '.probes[0].leaked_through == ["eth0"] and .probes[1].leaked_through == ["eth0"]'
assert_json '.prediction.sendto_interface == "eth0" and .prediction.send_interface == "eth0" and .prediction.agrees'
assert_json '.prediction.why | test("local table")'
assert_json '[.probes[2,4,5] | .sent == false and (.send_error | test("Network is unreachable"))] | all'
assert_json '.probes[3].leaked_through == ["eth0"] and .fixes_shown == []'
assert_routes6_unchanged

# The IPv4 habit in the main table does not keep the group on lo.
in_host ip -6 route add $G6/128 dev lo || hard_error "admin route"
snapshot_routes6
run_verifyd --once --mitigations -g $G6
assert_rc 2
grep -q '^MCASTLO CRITICAL: sendto() leaked through eth0; send() leaked through eth0$' "$TMP/out" ||
	fail "the leaks are not reported"
grep -q "^  ip -6 route add local $G6/128 dev lo table local\$" "$TMP/out" ||
	fail "the IPv6 fix is not spelled out"
# The report names the route the kernel uses, not the one it ignores.
grep -Eq '^host: lo MULTICAST off; group joined on: none; group.s route: table 255 proto 2 src \(none\); probes hop limit 1, loop on$' "$TMP/out" ||
	fail "the audit line is not IPv6's"
grep -q "^route not in effect: $G6/128 dev lo table 254 proto 3 metric 1024; the kernel uses instead:\$" "$TMP/out" ||
	fail "the unused main-table route is not named"
grep -q "^  route in effect: ff00::/8 dev eth0 table 255 proto 2 metric 256\$" "$TMP/out" ||
	fail "the local table's ff00::/8 route is not named"
run_verifyd --explain --json -g $G6
assert_rc 2
assert_json '.route == "pre-existing" and .prediction.send_interface == "eth0"'
assert_routes6_unchanged
in_host ip -6 route del $G6/128 dev lo || hard_error "admin route"

# Through lo but not of type local: a reject route.  The sends succeed,
# nothing is seen anywhere, and explain says why there is no verdict.
in_host ip -6 route add $G6/128 dev lo table local || hard_error "admin route"
run_verifyd --once --json -g $G6
assert_rc 3
assert_json '.probes[0].sent and .probes[0].captured_on == [] and .probes[1].captured_on == []'
assert_json '.prediction.why | test("reject route")'
run_verifyd --explain -g $G6
assert_rc 3
assert_stderr_line 'not of type local'
in_host ip -6 route del $G6/128 dev lo table local || hard_error "admin route"

# An administrator's local route is the fix: used as it is, kept.
in_host ip -6 route add local $G6/128 dev lo table local || hard_error "admin route"
snapshot_routes6
run_verifyd --once --json -g $G6
assert_rc 0
assert_json '.route == "pre-existing" and .probes[1].captured_on == ["lo"]'
assert_routes6_unchanged
in_host ip -6 route del local $G6/128 dev lo table local || hard_error "admin route"

# A killed run's route (tagged 201) is swept before the next check.
in_host ip -6 route add local $G6/128 dev lo table local proto 201 ||
	hard_error "leftover route"
run_verifyd --once -v -g $G6
assert_rc 0
grep -q "removed route $G6/128 dev lo table 255 left by a killed run" "$TMP/err" ||
	fail "the leftover route was not swept"
grep -q "^route: local $G6/128 dev lo table local added for the check, removed afterwards\$" "$TMP/out" ||
	fail "the route line does not name the local route"
[ -z "$(ip -n "$NS_HOST" -6 route show table all proto 201)" ] ||
	fail "a tagged IPv6 route is left behind"

# While the uplink's only address is tentative (duplicate address
# detection, made to last 30 s here), the kernel has no source for the
# group out of eth0: without a route both methods fail to send, and
# explain says why; the check's own route (source ::1) is unaffected.
in_host sysctl -qw net.ipv6.neigh.eth0.retrans_time_ms=30000 &&
ip -n "$NS_HOST" -6 addr flush dev eth0 &&
ip -n "$NS_HOST" -6 addr add 2001:db8::2/64 dev eth0 ||
	hard_error "cannot make eth0's address tentative"
ip -n "$NS_HOST" -6 addr show dev eth0 | grep -q tentative ||
	hard_error "eth0's address is not tentative"
run_verifyd --once --json -g $G6
assert_rc 0
run_verifyd --once --json --no-route -g $G6
assert_rc 3
assert_json '.probes[0].send_error == "sendto: Cannot assign requested address" and .probes[1].send_error == "connect: Cannot assign requested address"'
assert_json '.prediction.why | test("no usable IPv6 source address")'
run_verifyd --explain --no-route -g $G6
assert_rc 3
assert_stderr_line 'no usable IPv6 source address'

# Link-local groups are refused before anything is touched.
run_verifyd --once -g ff02::1
assert_rc 3
assert_stderr_line 'ff02::1 has scope 2; IPv6 groups need a scope from 3 to e'
assert_routes_unchanged
exit 0
