#!/bin/sh
# SPDX-License-Identifier: ISC
# A multipath default route over two uplinks, hashed on the ports (L4):
# which uplink a datagram takes depends on its ports.  The kernel is
# asked with each probe's own 5-tuple, so the prediction names the
# uplink the capture then sees, check after check, and agreement
# compares interfaces, not just "leaked or not".
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup nodefault
add_eth1
ip -n "$NS_HOST" addr add 198.51.101.2/24 dev eth1 &&
ip -n "$NS_GW" addr add 198.51.101.1/24 dev gw1 &&
in_host sysctl -qw net.ipv4.fib_multipath_hash_policy=1 &&
in_host ip route add default nexthop via "$GW_ADDR" dev eth0 \
	nexthop via 198.51.101.1 dev eth1 || hard_error "cannot set up ECMP"
snapshot_routes

i=0 eth0=0 eth1=0
while [ $i -lt 12 ]; do
	i=$((i + 1))
	run_verifyd --once --json --no-route
	assert_rc 2
	where=$(jq -r '.probes[0].leaked_through | join(",")' "$TMP/out")
	predicted=$(jq -r '.probes[0].predicted_interface' "$TMP/out")
	[ "$where" = "$predicted" ] ||
		fail "check $i: sendto() left through $where, the kernel was asked and said $predicted"
	assert_json '.prediction.agrees == true'
	assert_json '.prediction.sendto_interface == .probes[0].predicted_interface'
	case $where in
	eth0) eth0=$((eth0 + 1)) ;;
	eth1) eth1=$((eth1 + 1)) ;;
	*) fail "check $i: sendto() left through '$where'" ;;
	esac
done
echo "12 checks: sendto() left through eth0 $eth0 times, eth1 $eth1 times, as predicted each time"
[ $eth0 -gt 0 ] && [ $eth1 -gt 0 ] || fail "the hash never picked one of the uplinks"
assert_routes_unchanged
exit 0
