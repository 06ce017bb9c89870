#!/bin/sh
# SPDX-License-Identifier: ISC
# Watch mode cannot be blinded: 40 sockets of one user leaking at once
# fill no more than that uid's share of the watch's table; the rest are
# counted as untracked (in the status file and the metrics) and logged
# once for their uid, group and port; and a leak that starts later, from
# another user's application, is still named and counted.  Every leaked
# datagram is counted, tracked or not, as the gateway's tcpdump counts.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
command -v setpriv >/dev/null 2>&1 || skip "needs setpriv"
require_uid 65534 "a flood from another user's sockets"
ns_setup
in_host ip route add 224.2.0.0/24 dev lo || hard_error "route"
conf=$TMP/watch.conf
printf 'interval 3600\nstatus-file %s\nmetrics-file %s\nwatch yes\n' \
	"$TMP/run/status.json" "$TMP/m.prom" >"$conf"
TCPDUMP_ARGS="-B 32768" tcpdump_start gw "$NS_GW" gw0 \
	"udp and (dst net 224.2.0.0/24 or dst host 239.1.1.1)"
start_daemon -v -f "$conf"
wait_for_log 'watch: groups routed to loopback: 224.2.0.0/24$'
wait_for_log 'check [0-9]+: CRITICAL' 1

# The flood: 40 sockets of uid 65534, each leaking every 20 ms.
start_ready flood setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$MCAPP" -t 60 -n 40 flood 224.2.0.6 6666
flood=$READY_PID
wait_for_log 'watch: untracked: uid 65534 leaks 224.2.0.6:6666 from 198.51.100.2:[0-9]+ too \(more sources than a uid is tracked for\)'
# A later leak, root's.
start_ready app $SAMEPRIV "$MCAPP" -t 60 connect 224.2.0.7 6667
app=$READY_PID
wait_for_log "watch: mcapp \\(pid $app\\) leaks 224.2.0.7:6667 through eth0, from 198.51.100.2:[0-9]+"
wait_for_lines '224\.2\.0\.7\.6667:' "$TMP/gw.truth" 5 \
	"the gateway did not get 5 datagrams of the later leak"
kill -s TERM "$flood" "$app"
wait "$flood" "$app"
in_host "$MCAPP" -t 0 -I eth0 sendto 239.1.1.1 9 >/dev/null || hard_error "marker"
wait_for_lines '239\.1\.1\.1\.9:' "$TMP/gw.truth" 1 \
	"the gateway never got the marker" hard_error
tcpdump_stop gw
grep -q '^0 packets dropped by kernel' "$TMP/gw.err" ||
	hard_error "ground truth: tcpdump in the gateway dropped packets: $(cat "$TMP/gw.err")"
truth=$(grep -c '224\.2\.0\.[67]\.666[67]:' "$TMP/gw.truth")
later=$(grep -c '224\.2\.0\.7\.6667:' "$TMP/gw.truth")

n=$(grep -Ec 'check [0-9]+: ' "$TMP/err")
kill -s USR1 "$DAEMON_PID"
wait_for_log 'check [0-9]+: ' $((n + 1))
jq -e --argjson n "$truth" --argjson later "$later" --argjson pid "$app" '
	.watch.datagrams == $n and .watch.untracked > 0 and
	.watch.dropped == 0 and
	([.watch.leaks[].datagrams] | add) + .watch.untracked == $n and
	([.watch.leaks[] | select(.uid == 65534)] | length) == 8 and
	([.watch.leaks[] | select(.group == "224.2.0.7" and .port == 6667 and
	.pid == $pid and .comm == "mcapp" and .uid == 0)] | map(.datagrams) |
	add) == $later' "$TMP/run/status.json" >/dev/null ||
	fail "watch counts ($truth in the gateway, $later of the later leak): $(jq -c .watch "$TMP/run/status.json")"
untracked=$(jq .watch.untracked "$TMP/run/status.json")
grep -q "^mcastlo_watch_untracked_datagrams_total $untracked\$" "$TMP/m.prom" ||
	fail "no untracked counter in the metrics: $(grep untracked "$TMP/m.prom")"
[ "$(grep -c 'watch: untracked: ' "$TMP/err")" = 1 ] ||
	fail "the untracked sources were not logged once: $(grep 'watch: untracked' "$TMP/err")"
stop_daemon
assert_rc 0
exit 0
