#!/bin/sh
# SPDX-License-Identifier: ISC
# A firewall that stops one method: the other probe's leak, captured
# leaving eth0, still makes the check CRITICAL (never UNKNOWN), and the
# refused probe is reported as what it is (EPERM).  Ground truth: a plain
# application's sendto() is refused too, its connect()+send() reaches
# the gateway.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
command -v nft >/dev/null 2>&1 || skip "needs nft (nftables)"
ns_setup
snapshot_routes
# Locally sent datagrams to the group out of lo are dropped: sendto(),
# which follows the route to lo, gets EPERM.
in_host nft -f - <<EON || hard_error "nft"
table inet mcv {
	chain out {
		type filter hook output priority 0;
		oifname "lo" ip daddr $GROUP udp dport != $TRUTH_MARK drop
	}
}
EON

for require in sendto,send send; do
	run_verifyd --once --json --require $require
	assert_rc 2
	assert_json '.status == "CRITICAL" and (.summary | test("send\\(\\) leaked through eth0"))'
	assert_json '.probes[0].sent == false and .probes[0].send_error == "sendto: Operation not permitted"'
	assert_json '.probes[1].leaked_through == ["eth0"]'
	assert_routes_unchanged
done
assert_json '.summary == "send() leaked through eth0"'	# sendto not required
run_verifyd --once --json
assert_json '.summary | test("sendto\\(\\) could not be sent \\(sendto: Operation not permitted\\)")'

# Ground truth.
in_host ip route add "$GROUP/32" dev lo || hard_error "route"
truth_start host "$NS_HOST" any
truth_start gw "$NS_GW" gw0
truth_app sendto 2>"$TMP/app.err"
truth_app connect
truth_stop
grep -q "could not send" "$TMP/app.err" ||
	fail "ground truth: the application's sendto() was not refused"
[ "$(truth_where host)" = eth0 ] && [ "$(truth_count gw)" = 1 ] ||
	fail "ground truth: connect()+send() went to $(truth_where host)"
exit 0
