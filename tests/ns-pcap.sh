#!/bin/sh
# Evidence: --pcap writes the frames that carried the check's probes as
# a pcap file of link type LINUX_SLL2, which tcpdump reads back with
# each frame's interface and direction: the sendto() probe received on
# lo, the send() probe sent out of eth0, both with this run's nonce.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump"
ns_setup
snapshot_routes
run_verifyd --once --json --pcap "$TMP/evidence/check.pcap"
assert_rc 2
nonce=$(jq -r '.listener.datagrams[0].payload' "$TMP/out" | cut -d' ' -f2)
[ -n "$nonce" ] || fail "no nonce in the report"
[ "$(stat -c %a "$TMP/evidence/check.pcap")" = 640 ] || fail "pcap file mode"
in_host tcpdump -n -A -r "$TMP/evidence/check.pcap" >"$TMP/read" 2>"$TMP/read.err" ||
	fail "tcpdump cannot read it: $(cat "$TMP/read.err")"
grep -q 'link-type LINUX_SLL2' "$TMP/read.err" || fail "not LINUX_SLL2: $(cat "$TMP/read.err")"
cat "$TMP/read"
grep -Eq '^[0-9:.]+ lo +In +IP .* > 224\.16\.17\.8\.[0-9]+: UDP' "$TMP/read" ||
	fail "no frame received on lo"
grep -Eq '^[0-9:.]+ eth0 +Out +IP .* > 224\.16\.17\.8\.[0-9]+: UDP' "$TMP/read" ||
	fail "no frame sent out of eth0"
grep -q "sendto() $nonce" "$TMP/read" || fail "the sendto() probe is not in it"
grep -q "send() $nonce" "$TMP/read" || fail "the send() probe is not in it"
[ "$(grep -c '224.16.17.8' "$TMP/read")" = 2 ] || fail "more than the probes' frames"
assert_routes_unchanged
exit 0
