#!/bin/sh
# SPDX-License-Identifier: ISC
# A multicast router that forwards the group from lo to the uplink
# (tests/mrouter.c, a static one as smcroute is) is invisible to TTL-1
# probes, yet every application that sends with a TTL above 1 leaks,
# the route to lo notwithstanding.  The audit reads the kernel's VIF
# and forwarding tables: the check is at least a WARNING, with
# "forward" and the interfaces in its summary; with --ttl 2, as such
# applications send, the forwarded copy is captured as a leak.  Ground
# truth: tcpdump in the gateway, and a plain application socket.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
[ -e /proc/net/ip_mr_vif ] || skip "the kernel has no IPv4 multicast routing"
ns_setup
# The route to lo without a source: sendto() keeps eth0's address as its
# source, the router's entry is for that (source, group).  send() leaks
# anyway: only sendto() is required here.
in_host ip route add "$GROUP/32" dev lo || hard_error "route"
snapshot_routes

run_verifyd --once --json --require sendto
assert_rc 1		# no router yet
assert_json '(.summary | test("forward") | not) and (.audit.multicast_routing | not)'

start_ready mrouter "$top_builddir/tests/mrouter" "$GROUP" "$HOST_ADDR" lo eth0

run_verifyd --once --json --require sendto
assert_rc 1
assert_json '.status == "WARNING" and (.summary | test("the host forwards 224.16.17.8 from lo to eth0"))'
assert_json '.audit.multicast_routing and .audit.forwards_from_loopback == ["eth0"] and .audit.forwarding_entry'
assert_json '.probes[0].captured_on == ["lo"] and .probes[0].leaked == false'

# Probes with TTL 2: the forwarded copy leaves through eth0.
run_verifyd --once --json --ttl 2 --require sendto
assert_rc 2
assert_json '.probes[0].captured_on == ["lo","eth0"] and .probes[0].leaked_through == ["eth0"]'
assert_json '.summary | test("sendto\\(\\) leaked through eth0, forwarded from lo")'
assert_json '.audit.probe_ttl == 2'

# Ground truth: a plain application's TTL-1 datagram stays, its TTL-2
# one is forwarded out of eth0 to the gateway.
truth_host_gw sendto 1
[ "$(truth_where host)" = lo ] && [ "$(truth_count gw)" = 0 ] ||
	fail "ground truth: the TTL-1 datagram went to $(truth_where host)"
truth_host_gw sendto 2
[ "$(truth_where host)" = eth0,lo ] && [ "$(truth_count gw)" -ge 1 ] ||
	fail "ground truth: the TTL-2 datagram went to $(truth_where host), the gateway got $(truth_count gw)"
assert_routes_unchanged
exit 0
