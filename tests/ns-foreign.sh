#!/bin/sh
# SPDX-License-Identifier: ISC
# Datagrams with the probes' prefixes but not this run's nonce, sent
# during the check on lo and out of eth0, are counted as foreign and
# never change the verdict (OK, on a host whose route keeps both
# methods on lo).
# (The senders do not connect(): a connected socket that sends a group
# routed to lo out of eth0 is a leaking application, which the socket
# audit reports, rightly; tests/ns-apps.sh has those.)
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
in_host ip route add "$GROUP/32" dev lo src 127.0.0.1 ||
	hard_error "cannot add the admin route"
snapshot_routes
PORT=40123

start_sender lo-sendto -g "$GROUP" -p $PORT -I 127.0.0.1 -f 30 \
	"sendto() 00000000000000000000000000000000"
start_sender eth0-send -g "$GROUP" -p $PORT -I "$HOST_ADDR" -f 30 \
	"send() 00000000000000000000000000000000"
start_sender eth0-short -g "$GROUP" -p $PORT -I "$HOST_ADDR" -f 30 "send()"

# A check ends as soon as its probes are accounted for, so one check
# may see few foreign datagrams; every check must be right, and over
# them all each kind of foreign traffic must have been seen.
lo=0 eth0=0 listener=0 i=0
while [ $i -lt 20 ] && { [ $lo = 0 ] || [ $eth0 = 0 ] || [ $listener = 0 ]; }; do
	i=$((i + 1))
	run_verifyd --once --json -p $PORT
	assert_rc 0
	assert_json '.status == "OK" and .port == 40123'
	assert_json '[.probes[] | .captured_on == ["lo"] and .leaked == false] | all'
	assert_json '.captures[0].interface == "lo" and .captures[1].interface == "eth0"'
	# Every frame counted on an interface is a probe or foreign: both
	# probes on lo, none through eth0.
	assert_json '.captures[0].frames == .captures[0].foreign + 2 and .captures[0].undecodable == 0'
	assert_json '.captures[1].frames == .captures[1].foreign and .captures[1].undecodable == 0'
	lo=$((lo + $(jq '.captures[0].foreign' "$TMP/out")))
	eth0=$((eth0 + $(jq '.captures[1].foreign' "$TMP/out")))
	listener=$((listener + $(jq '.listener.foreign' "$TMP/out")))
done
echo "$i checks: foreign on lo $lo, out of eth0 $eth0, at the listener $listener"
[ $lo -gt 0 ] && [ $eth0 -gt 0 ] && [ $listener -gt 0 ] ||
	fail "foreign traffic was not counted"
assert_routes_unchanged
exit 0
