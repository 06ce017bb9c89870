#!/bin/sh
# Datagrams with the probes' prefixes but not this run's nonce, sent
# during the check on lo and out of eth0, are counted as foreign and
# never change the verdict (OK, on a host whose route keeps both
# methods on lo).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
in_host ip route add "$GROUP/32" dev lo src 127.0.0.1 ||
	hard_error "cannot add the admin route"
snapshot_routes
PORT=40123

start_sender lo-sendto -g "$GROUP" -p $PORT -I 127.0.0.1 -f 30 \
	"sendto() 00000000000000000000000000000000"
start_sender eth0-send -g "$GROUP" -p $PORT -I "$HOST_ADDR" -m send -f 30 \
	"send() 00000000000000000000000000000000"
start_sender eth0-short -g "$GROUP" -p $PORT -I "$HOST_ADDR" -f 30 "send()"

run_verifyd --once --json -p $PORT
assert_rc 0
assert_json '.status == "OK" and .port == 40123'
assert_json '[.probes[] | .captured_on == ["lo"] and .leaked == false] | all'
assert_json '.captures[0].interface == "lo" and .captures[0].foreign > 0'
assert_json '.captures[1].interface == "eth0" and .captures[1].foreign > 0'
assert_json '.listener.foreign > 0'
assert_routes_unchanged
exit 0
