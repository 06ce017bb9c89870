#!/bin/sh
# SPDX-License-Identifier: ISC
# Two uplinks: the default route leaves through eth1, but eth0 comes
# first and owns the address connect() picks, so connect()+send()
# leaks through eth0, not the default route's interface.  The egress
# comes from the kernel's own decision, so the leak is caught and named.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
add_eth1
ip -n "$NS_HOST" addr add 198.51.101.2/24 dev eth1 &&
ip -n "$NS_GW" addr add 198.51.101.1/24 dev gw1 &&
ip -n "$NS_HOST" route replace default via 198.51.101.1 dev eth1 ||
	hard_error "cannot set up the second uplink"
snapshot_routes

run_verifyd --once --json
assert_rc 2
assert_json '.interface == "eth0"'
assert_json '.probes[0].captured_on == ["lo"] and .probes[1].captured_on == ["eth0"]'
assert_json '.probes[1].leaked_through == ["eth0"] and .summary == "send() leaked through eth0"'
assert_json '.prediction.send_interface == "eth0" and .prediction.agrees'
assert_routes_unchanged

# Naming the default route's interface as the egress does not hide the
# leak: every interface is captured, and the one it took is named.
run_verifyd --once --json -i eth1
assert_rc 2
assert_json '.interface == "eth1" and .probes[1].leaked_through == ["eth0"]'
assert_json '[.captures[].interface] == ["lo", "eth1", "eth0"]'
assert_routes_unchanged

# The two methods leak through two different uplinks.  An admin route
# sends the group out of eth1 with eth0's address as its source:
# sendto() follows the route (eth1); connect() takes that source, and a
# multicast lookup with a source goes out of the device that owns it
# (eth0).  Both leaks are caught and each is named.
in_host ip route add "$GROUP/32" dev eth1 src 198.51.100.2 ||
	hard_error "cannot add the admin route"
snapshot_routes
run_verifyd --once --json
assert_rc 2
assert_json '.probes[0].captured_on == ["eth1"] and .probes[0].leaked_through == ["eth1"]'
assert_json '.probes[1].captured_on == ["eth0"] and .probes[1].leaked_through == ["eth0"]'
assert_json '.route == "pre-existing" and .prediction.sendto_interface == "eth1" and .prediction.send_interface == "eth0" and .prediction.agrees'
assert_routes_unchanged
exit 0
