#!/bin/sh
# SPDX-License-Identifier: ISC
# Messages name the real cause: ::1 missing from lo (--explain and
# --once say the same), IPv6 disabled on lo, an egress without carrier,
# and interface lists that are never cut mid-name (a bridge with 20
# ports, every one a place the leak was captured).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
G6=ff15::1617:8
snapshot_routes

# ::1 missing: nothing can be sent, and both modes say why.
in_host ip -6 addr del ::1/128 dev lo || hard_error "cannot remove ::1"
run_verifyd --explain --json -g $G6
assert_rc 3
assert_json '.summary | test("::1 is missing")'
run_verifyd --once --json -g $G6
assert_rc 3
assert_json '.summary | test("::1 is missing")'
assert_json '.probes[0].send_error | test("Cannot assign requested address")'
in_host ip -6 addr add ::1/128 dev lo || hard_error "cannot restore ::1"

# IPv6 disabled on lo: said so, before anything is changed.
in_host sysctl -qw net.ipv6.conf.lo.disable_ipv6=1 || hard_error "sysctl"
run_verifyd --once -g $G6
assert_rc 3
grep -q '^MCASTLO UNKNOWN: IPv6 is disabled on lo (net.ipv6.conf.lo.disable_ipv6 is 1)' "$TMP/out" ||
	fail "IPv6 disabled on lo is not named"
grep -q -- '--no-route' "$TMP/out" && fail "the report speaks of --no-route"
in_host sysctl -qw net.ipv6.conf.lo.disable_ipv6=0 || hard_error "sysctl"
assert_routes_unchanged

# The egress without carrier (its peer down): named.
ip -n "$NS_GW" link set gw0 down || hard_error "cannot take gw0 down"
# The kernel's link watch stops eth0's queue when it sets the operstate.
eth0_down() { [ "$(in_host cat /sys/class/net/eth0/operstate)" = down ]; }
wait_until "eth0 kept its carrier" hard_error eth0_down
run_verifyd --once --json --probe-wait 200
assert_rc 2
assert_json '.summary == "send() was captured nowhere: eth0, where the kernel sends it, has no carrier"'
ip -n "$NS_GW" link set gw0 up || hard_error "cannot bring gw0 up"
assert_routes_unchanged

# A bridge with 20 ports: the leak is captured on the bridge and on each
# port; every name in the lists is whole.
ip -n "$NS_HOST" link add br0 type bridge && ip -n "$NS_HOST" link set br0 up ||
	hard_error "no bridge"
i=0
while [ $i -lt 20 ]; do
	i=$((i + 1))
	ip link add "mcvport$i" netns "$NS_HOST" type veth peer name "mcvpeer$i" netns "$NS_GW" &&
	ip -n "$NS_HOST" link set "mcvport$i" master br0 up &&
	ip -n "$NS_GW" link set "mcvpeer$i" up || hard_error "cannot add port $i"
done
in_host ip route add 224.16.17.8/32 dev br0 || hard_error "route"
snapshot_routes
run_verifyd --once --json --no-route
assert_rc 2
names=$(jq -r '[.probes[0].leaked_through[]] | join(" ")' "$TMP/out")
[ "$(echo "$names" | wc -w)" -ge 15 ] || fail "only $names"
for name in $names; do
	[ "$name" = "(others)" ] || in_host ip link show "$name" >/dev/null 2>&1 ||
		fail "'$name' is not an interface: a name was cut"
done
run_verifyd --once --no-route
line=$(grep '^MCASTLO CRITICAL: sendto() leaked through ' "$TMP/out") || fail "no summary"
for name in $(echo "${line#*leaked through }" | cut -d';' -f1 | tr ',' ' '); do
	[ "$name" = "(others)" ] || in_host ip link show "$name" >/dev/null 2>&1 ||
		fail "'$name' in the summary is not an interface: a name was cut"
done
assert_routes_unchanged
exit 0
