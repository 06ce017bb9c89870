#!/bin/sh
# SPDX-License-Identifier: ISC
# Watch mode counts datagrams of any size: one longer than the capture's
# snapshot, and ones longer than the MTU, which leave as fragments (IPv4
# and IPv6), are each counted once, under their socket (the first
# fragment's UDP header), exactly as many as the gateway's tcpdump saw
# datagrams (first fragments), not fragments.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
ns_setup
in_host ip route add 224.2.0.0/24 dev lo || hard_error "route"
in_host ip -6 route add ff15::/16 dev lo table local || hard_error "route"
conf=$TMP/watch.conf
printf 'interval 3600\nstatus-file %s\nwatch yes\n' "$TMP/run/status.json" >"$conf"
tcpdump_start gw "$NS_GW" gw0 \
	"dst net 224.2.0.0/24 or dst net ff15::/16 or dst host 239.1.1.1"
start_daemon -v -f "$conf"
wait_for_log 'watch: groups routed to loopback: 224.2.0.0/24,ff15::/16$'
wait_for_log 'check [0-9]+: CRITICAL' 1

# send SIZE GROUP PORT: one datagram out of eth0, on purpose.
send() {
	in_host "$MCAPP" -t 0 -s "$1" -I eth0 sendto "$2" "$3" >/dev/null ||
		hard_error "mcapp -s $1 $2"
}
# Eight sockets in all, each sending one: no more than a uid's share of
# the watch's sources (WATCH_UID_SOURCES), so each one is tracked
# whether its owner lookup finds it still open or already gone.
for i in 1 2 3; do
	send 3000 224.2.0.6 6666		# 3 fragments each
	send 3000 ff15::6 6667
done
for i in 1 2; do
	send 1400 224.2.0.7 6668		# whole, past the snapshot
done
in_host "$MCAPP" -t 0 -I eth0 sendto 239.1.1.1 9 >/dev/null || hard_error "marker"
wait_for_lines '239\.1\.1\.1\.9:' "$TMP/gw.truth" 1 \
	"the gateway never got the marker" hard_error
tcpdump_stop gw
v4=$(grep -c '224\.2\.0\.6\.6666: UDP' "$TMP/gw.truth")
v6=$(grep -Ec 'ff15::6: frag \(0\|[0-9]+\) [0-9]+ > 6667: UDP' "$TMP/gw.truth")
whole=$(grep -c '224\.2\.0\.7\.6668: UDP' "$TMP/gw.truth")
frags=$(grep -Ec '224\.2\.0\.6: ip-proto-17|ff15::6: frag \([1-9]' "$TMP/gw.truth")
[ "$v4 $v6 $whole" = "3 3 2" ] && [ "$frags" -ge 10 ] ||
	hard_error "ground truth: $v4 + $v6 fragmented datagrams ($frags later fragments), $whole whole: $(cat "$TMP/gw.truth")"

n=$(grep -Ec 'check [0-9]+: ' "$TMP/err")
kill -s USR1 "$DAEMON_PID"
wait_for_log 'check [0-9]+: ' $((n + 1))
# sum GROUP PORT: the datagrams counted for a group and port
sum() {
	jq --arg g "$1" --argjson p "$2" '[.watch.leaks[] |
		select(.group == $g and .port == $p and .interface == "eth0") |
		.datagrams] | add' "$TMP/run/status.json"
}
counted="$(sum 224.2.0.6 6666) $(sum ff15::6 6667) $(sum 224.2.0.7 6668)"
total=$(jq 'if .watch.untracked == 0 then .watch.datagrams else -1 end' "$TMP/run/status.json")
[ "$counted" = "$v4 $v6 $whole" ] && [ "$total" = $((v4 + v6 + whole)) ] ||
	fail "counted $counted ($total in all), the gateway got $v4 $v6 $whole: $(jq -c .watch "$TMP/run/status.json")"
stop_daemon
assert_rc 0
exit 0
