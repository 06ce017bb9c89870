#!/bin/sh
# SPDX-License-Identifier: ISC
# Facts from the kernel and the capture, never from the model:
#  - a probe dropped in eth0's egress path (an nft netdev egress hook,
#    a tc filter) is "dropped in eth0's egress path", agrees:false and
#    leaked:false, never "as captured" nor "before any interface";
#  - blackhole, unreachable and prohibit routes are named with their
#    type, table and owner, not "no route (Invalid argument)";
#  - a default route whose source lo owns: sendto() leaves, send()
#    stays on lo, and the why says so per method;
#  - a group route in table local: named as local's, and the fix is
#    for table local; applied, applications stay on lo.
# Ground truth: tcpdump in the host and in the gateway, and a plain
# application.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
ns_setup
snapshot_routes

truth() {
	truth_host_gw "$1"
	[ "$(truth_where host)" = "$2" ] ||
		fail "ground truth: $1 went to $(truth_where host), not $2"
	[ "$(truth_count gw)" = "$3" ] ||
		fail "ground truth: the gateway got $(truth_count gw) of $1"
}

# 1. Egress drops: the send() probe is routed out of eth0, nothing is
#    captured and nothing queued.
egress_dropped() {
	run_verifyd --once --json --probe-wait 500
	assert_rc 2
	assert_json '.summary == "send() was captured nowhere: dropped in eth0'"'"'s egress path (an egress filter or the driver)"'
	assert_json '.probes[1] | .sent and .captured_on == [] and (.leaked | not) and .agrees == false and .queued_bytes == 0 and .predicted_interface == "eth0"'
	assert_json '.probes[0].agrees == true and .prediction.agrees == false'
	assert_routes_unchanged
}
if in_host nft -f - <<NFT
table netdev mcv {
	chain out {
		type filter hook egress device "eth0" priority 0;
		ip daddr $GROUP udp dport != $TRUTH_MARK drop
	}
}
NFT
then
	truth_start gw "$NS_GW" gw0
	egress_dropped
	truth_app connect
	truth_stop
	[ "$(truth_count gw)" = 0 ] || fail "ground truth: nft let the datagram out"
	in_host nft delete table netdev mcv
else
	echo "no nft netdev egress hook here: that case is not tested"
fi
# (a u32 filter that puts the group's datagrams in a class whose queue
# drops them: this kernel has no gact action module)
in_host tc qdisc add dev eth0 root handle 1: htb default 10 &&
in_host tc class add dev eth0 parent 1: classid 1:10 htb rate 1mbit &&
in_host tc class add dev eth0 parent 1: classid 1:20 htb rate 1mbit &&
in_host tc qdisc add dev eth0 parent 1:20 blackhole &&
in_host tc filter add dev eth0 parent 1: prio 1 protocol ip u32 \
	match ip dst "$GROUP"/32 match ip dport "$TRUTH_MARK" 0xffff flowid 1:10 &&
in_host tc filter add dev eth0 parent 1: prio 2 protocol ip u32 \
	match ip dst "$GROUP"/32 flowid 1:20 || hard_error "tc filter"
truth_start gw "$NS_GW" gw0
egress_dropped
truth_app connect
truth_stop
[ "$(truth_count gw)" = 0 ] || fail "ground truth: tc let the datagram out"
in_host tc qdisc del dev eth0 root

# 2. Routes that refuse the group, named as the kernel has them.
for t in blackhole:Invalid unreachable:No prohibit:Permission; do
	type=${t%%:*}
	in_host ip route add "$type" "$GROUP/32" || hard_error "$type route"
	snapshot_routes
	run_verifyd --once --json
	assert_rc 3
	assert_json '.route_in_effect | .type == "'"$type"'" and .table == 254 and .prefix == "'"$GROUP"'/32" and .protocol == 3'
	assert_json '.summary | startswith("the group'"'"'s lookup ends in the route '"$type $GROUP"'/32 (table main), proto boot, which ")'
	assert_json '.summary | test("'"${t#*:}"'")'
	assert_routes_unchanged
	in_host ip route del "$type" "$GROUP/32"
done
# A throw route, with nothing after it: the lookup goes on past table
# 100 and finds nothing (no default route here), so the throw is why.
in_host ip route del default &&
in_host ip rule add to 224.16.17.0/24 lookup 100 pref 100 &&
in_host ip route add throw 224.16.17.0/24 table 100 || hard_error "throw"
snapshot_routes
run_verifyd --once --json --no-route
assert_rc 3
assert_json '.route_in_effect | .type == "throw" and .table == 100 and .rule == 100 and .prefix == "224.16.17.0/24"'
assert_json '.summary == "the group'"'"'s lookup ends in the route throw 224.16.17.0/24 (table 100, rule 100), proto boot, which ends the lookup there, and no later table routes the group (Network is unreachable), so neither method can send"'
assert_routes_unchanged
in_host ip rule del pref 100 && in_host ip route flush table 100 &&
in_host ip route add default via "$GW_ADDR" || hard_error "restore"
snapshot_routes

# 3. A default route whose source lo owns.
in_host ip addr add 10.9.9.9/32 dev lo &&
in_host ip route replace default via "$GW_ADDR" dev eth0 src 10.9.9.9 ||
	hard_error "default route with a source on lo"
truth sendto eth0 1
truth connect lo 0
run_verifyd --once --json --no-route
assert_rc 2
assert_json '.summary == "sendto() leaked through eth0"'
assert_json '.prediction | .sendto_interface == "eth0" and .send_interface == "lo" and .source == "10.9.9.9" and .agrees == true'
assert_json '.prediction.why_send | test("10.9.9.9, which lo owns.*so send\\(\\) stays on lo")'
assert_json '.prediction.why | test("both") | not'
in_host ip route replace default via "$GW_ADDR" dev eth0 &&
in_host ip addr del 10.9.9.9/32 dev lo || hard_error "restore"

# 4. The group's route in table local (looked up before main).
in_host ip route add "$GROUP/32" dev lo table local || hard_error "local"
snapshot_routes
truth connect eth0 1
run_verifyd --once --json
assert_rc 2
assert_json '.route == "pre-existing" and .route_in_effect.table == 255'
assert_json '.prediction.why_sendto | test("table local")'
assert_json '.fixes == ["ip route replace '"$GROUP"'/32 dev lo src 127.0.0.1 table local"]'
# Not tried: it changes the administrator's route, which is never done.
assert_json '.fixes_detail | length == 1 and .[0].class == null and .[0].table == "local" and .[0].command == "ip route replace '"$GROUP"'/32 dev lo src 127.0.0.1 table local" and (.[0].proven | not) and (.[0].not_proven_why | startswith("not tested here: it changes the route '"$GROUP"'/32 (table local)"))'

assert_routes_unchanged
in_host sh -c "$(jq -r '.fixes[0]' "$TMP/out")" || fail "the fix does not apply"
truth connect lo 0
truth sendto lo 0
run_verifyd --once --json
assert_rc 0
exit 0
