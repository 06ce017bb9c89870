#!/bin/sh
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

# Watching the default route's interface instead misses the leak, and
# says so: the required send() probe was captured nowhere.
run_verifyd --once --json -i eth1
assert_rc 2
assert_json '.probes[1].captured_on == [] and (.summary | test("send\\(\\) was captured nowhere"))'
assert_routes_unchanged
exit 0
