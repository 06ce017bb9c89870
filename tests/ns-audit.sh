#!/bin/sh
# SPDX-License-Identifier: ISC
# The host audit in every report: the loopback MULTICAST flag,
# rp_filter, where some other socket joined the group, and the route
# the group takes (table, protocol, source).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
snapshot_routes
run_verifyd --once --json
assert_rc 2	# a stock host: the send() probe leaks
assert_json '.audit.loopback_multicast == false and .audit.memberships == []'
assert_json '.audit.rp_filter.egress >= 0 and .audit.probe_ttl == 1 and .audit.probe_loop'
assert_json '.audit.group_route == {"table":254,"protocol":201,"prefsrc":null}'
assert_routes_unchanged

in_host ip link set lo multicast on || hard_error "lo multicast"
in_host sh -c 'echo 2 >/proc/sys/net/ipv4/conf/eth0/rp_filter' || hard_error "rp_filter"
in_host ip route add "$GROUP/32" dev lo src 127.0.0.1 || hard_error "admin route"
start_sender joiner -g "$GROUP" -p 9 -J "$HOST_ADDR" -f 60 x
snapshot_routes
run_verifyd --once --json
assert_rc 0
assert_json '.audit.loopback_multicast == true and .audit.rp_filter.egress == 2'
assert_json '.audit.memberships == ["eth0"]'
assert_json '.audit.group_route.table == 254 and .audit.group_route.prefsrc == "127.0.0.1"'
run_verifyd --once
assert_rc 0
grep -Eq '^host: lo MULTICAST on; rp_filter all=[0-9] lo=[0-9] eth0=2; group joined on: eth0; group.s route: table 254 proto [0-9]+ src 127.0.0.1; probes TTL 1, loop on$' \
	"$TMP/out" || fail "no host line in the text report"
assert_routes_unchanged
exit 0
