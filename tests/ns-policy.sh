#!/bin/sh
# SPDX-License-Identifier: ISC
# Policy routing: a rule sends the group to another table.  The check
# asks the kernel with the probes' flows, names the rule, the table and
# the prefix in effect, and advises the fix for that table; a route the
# kernel does not use (in a table no rule reaches, or the check's own
# route when a rule bypasses it) is named as not in effect, never as
# the group's route.  Each printed fix, applied, makes the check OK.
# Ground truth: tcpdump in the host and in the gateway, and a plain
# application.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
ns_setup
snapshot_routes

# truth METHOD WHERE GW: a plain application's datagram goes WHERE, and
# the gateway gets GW of it.
truth() {
	truth_host_gw "$1"
	[ "$(truth_where host)" = "$2" ] ||
		fail "ground truth: $1 went to $(truth_where host), not $2"
	[ "$(truth_count gw)" = "$3" ] ||
		fail "ground truth: the gateway got $(truth_count gw) of $1"
}

# 1. A rule leads the group to table 100, where it is routed to lo.
in_host ip rule add to 224.16.17.0/24 lookup 100 pref 100 &&
in_host ip route add 224.16.17.0/24 dev lo table 100 || hard_error "rule"
run_verifyd --once --json
assert_rc 2
assert_json '.route == "pre-existing" and .route_in_effect.table == 100 and .route_in_effect.rule == 100 and .route_in_effect.prefix == "224.16.17.0/24"'
assert_json '.probes[0].captured_on == ["lo"] and .probes[1].leaked_through == ["eth0"]'
assert_json '.fixes == ["ip route replace 224.16.17.0/24 dev lo src 127.0.0.1 table 100"]'
fix=$(jq -r '.fixes[0]' "$TMP/out")
run_verifyd --once
grep -q 'route in effect: 224.16.17.0/24 dev lo table 100 proto 3, by rule 100' \
	"$TMP/out" || fail "the text report does not name the rule"
truth connect eth0 1
truth sendto lo 0
in_host sh -c "$fix" || fail "the fix does not apply"
run_verifyd --once --json
assert_rc 0
truth connect lo 0
in_host ip route flush table 100
in_host ip rule del pref 100

# 2. A rule leads the group to table 100, which sends it out of eth0:
#    the check's own route in main is bypassed, and said so.
in_host ip rule add to 224.16.17.0/24 lookup 100 pref 100 &&
in_host ip route add 224.16.17.0/24 via "$GW_ADDR" dev eth0 table 100 ||
	hard_error "rule"
snapshot_routes
run_verifyd --once --json
assert_rc 2
assert_json '.route == "added" and .route_removed and .route_unused.ours and .route_unused.prefix == "224.16.17.8/32"'
assert_json '.route_in_effect.table == 100 and .route_in_effect.rule == 100 and .route_in_effect.interface == "eth0"'
assert_json '.probes[0].leaked_through == ["eth0"] and .probes[1].leaked_through == ["eth0"]'
assert_json '.fixes == ["ip route replace 224.16.17.8/32 dev lo src 127.0.0.1 table 100"]'
assert_routes_unchanged
truth sendto eth0 1
in_host sh -c "$(jq -r '.fixes[0]' "$TMP/out")" || fail "the fix does not apply"
run_verifyd --once --json
assert_rc 0
assert_json '.route == "pre-existing" and .route_in_effect.table == 100'
truth connect lo 0
in_host ip route flush table 100
in_host ip rule del pref 100

# 3. A route to lo in a table that no rule reaches: not in effect, not
#    "the group's route"; the host is tested as it is.
in_host ip route add 224.16.17.8/32 dev lo table 100 || hard_error "route"
snapshot_routes
run_verifyd --once --json
assert_rc 2
assert_json '.route == "pre-existing" and .route_unused.table == 100 and (.route_unused.ours | not)'
assert_json '.route_in_effect.table == 254 and .route_in_effect.prefix == "0.0.0.0/0" and .audit.group_route.table == 254'
assert_json '.probes[0].leaked_through == ["eth0"] and .probes[1].leaked_through == ["eth0"]'
assert_json '.fixes == ["ip route replace 224.16.17.8/32 dev lo src 127.0.0.1"]'
assert_routes_unchanged
truth sendto eth0 1
exit 0
