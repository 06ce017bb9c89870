#!/bin/sh
# SPDX-License-Identifier: ISC
# Evidence: --pcap writes the frames that carried the check's probes as
# a pcapng file: one interface description block per interface that
# carried a probe, with its name, and a comment on each probe frame.
# The frames keep the capture's link type, LINUX_SLL2, in every block
# (libpcap reads only files whose interfaces share one link type), so
# tcpdump reads them back with each frame's interface and direction:
# the sendto() probe received on lo, the send() probe sent out of eth0,
# both with this run's nonce.  The file is then read outside the
# namespace that wrote it, in this machine's own namespace (reading a
# file sends nothing), where eth0 and lo may be other interfaces or
# none: tshark must name them from the file and show the comments.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump"
ns_setup
snapshot_routes
pcap=$TMP/evidence/check.pcapng
run_verifyd --once --json --pcap "$pcap"
assert_rc 2
nonce=$(jq -r '.listener.datagrams[0].payload' "$TMP/out" | cut -d' ' -f2)
[ -n "$nonce" ] || fail "no nonce in the report"
[ "$(stat -c %a "$pcap")" = 640 ] || fail "pcap file mode"
# A pcapng section header block opens the file.
[ "$(od -An -tx1 -N4 "$pcap" | tr -d ' ')" = 0a0d0d0a ] ||
	fail "not a pcapng file: $(od -An -tx1 -N8 "$pcap")"

in_host $TCPDUMP -n -A -r "$pcap" >"$TMP/read" 2>"$TMP/read.err" ||
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

if ! command -v tshark >/dev/null 2>&1; then
	echo "tshark not installed (contrib/deps-debian.sh --test): names and comments not read"
	assert_routes_unchanged
	exit 0
fi
# Another machine's view: tshark here, not in the namespace; -n: no
# name lookups, so reading sends nothing at all.
tshark -n -r "$pcap" -T fields -E separator='|' -e frame.interface_name \
    -e frame.interface_description -e frame.comment >"$TMP/tshark" 2>"$TMP/tshark.err" ||
	fail "tshark cannot read it: $(cat "$TMP/tshark.err")"
cat "$TMP/tshark"
[ "$(wc -l <"$TMP/tshark")" = 2 ] || fail "tshark does not show two frames"
lo_line=$(grep '^lo|' "$TMP/tshark") || fail "tshark names no frame's interface lo"
eth_line=$(grep '^eth0|' "$TMP/tshark") || fail "tshark names no frame's interface eth0"
for want in "method sendto()" "nonce $nonce" "received on lo" "stayed on loopback" \
    "check CRITICAL"; do
	case $lo_line in
	*"$want"*) ;;
	*) fail "the lo frame's comment does not say \"$want\": $lo_line" ;;
	esac
done
for want in "method send()" "nonce $nonce" "sent out of eth0" "leaked" \
    "check CRITICAL: send() leaked through eth0"; do
	case $eth_line in
	*"$want"*) ;;
	*) fail "the eth0 frame's comment does not say \"$want\": $eth_line" ;;
	esac
done
# The direction, from the cooked header, in the packet's flags too.
tshark -n -r "$pcap" -T fields -e frame.interface_name \
    -e frame.packet_flags_direction >"$TMP/flags" 2>/dev/null
grep -Eq '^lo	0x0*1$' "$TMP/flags" && grep -Eq '^eth0	0x0*2$' "$TMP/flags" ||
	fail "directions: $(cat "$TMP/flags")"
assert_routes_unchanged
exit 0
