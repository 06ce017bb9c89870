#!/bin/sh
# SPDX-License-Identifier: ISC
# A flood of hostile traffic during a check, on lo and out of eth0:
# datagrams with the probes' prefixes and a wrong nonce, and raw frames
# with IPv4 options, fragments, truncation and bad headers.  No crash,
# and the verdict stays what the probes alone say (OK here, on a host
# whose route keeps both methods on lo).
# (The senders do not connect(): a connected socket that sends a group
# routed to lo out of eth0 is a leaking application, which the socket
# audit reports, rightly; tests/ns-apps.sh has those.)
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
in_host ip route add "$GROUP/32" dev lo src 127.0.0.1 ||
	hard_error "cannot add the admin route"
snapshot_routes
PORT=40124
bad=00000000000000000000000000000000

start_sender lo-sendto -g "$GROUP" -p $PORT -I 127.0.0.1 -f 60 "sendto() $bad"
start_sender eth0-send -g "$GROUP" -p $PORT -I "$HOST_ADDR" -f 60 "send() $bad"
start_sender lo-raw -g "$GROUP" -p $PORT -R lo -f 60 "send() $bad"
start_sender eth0-raw -g "$GROUP" -p $PORT -R eth0 -f 60 "sendto() $bad"

# Every check is right; over them all, the flood reached the check:
# foreign and undecodable frames on both interfaces, and the listener.
i=0 sum=
while [ $i -lt 10 ]; do
	i=$((i + 1))
	run_verifyd --once --json -p $PORT
	assert_rc 0
	assert_json '.status == "OK"'
	assert_json '[.probes[] | .captured_on == ["lo"] and .leaked == false] | all'
	assert_routes_unchanged
	sum="$sum $(jq -c '[.captures[0].foreign, .captures[0].undecodable,
		.captures[1].foreign, .captures[1].undecodable, .listener.foreign]' "$TMP/out")"
done
echo "$sum" | tr ' ' '\n' | jq -s -e 'map(select(. != null)) | transpose | map(add) | all(. > 0)' >/dev/null ||
	fail "the flood was not seen: $sum"
exit 0
