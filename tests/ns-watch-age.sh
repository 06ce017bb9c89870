#!/bin/sh
# SPDX-License-Identifier: ISC
# Watch mode's sources age out: with its table full (1024 sources, each
# a socket that sent one datagram and closed), a new leak finds no room
# and is counted as untracked (logged once), until the old sources have
# gone unseen for 60 s; then one makes room and the new leak is named.
# Every leaked datagram is counted, tracked or not, as the gateway's
# tcpdump counts.  (Takes a little over a minute: the age is the
# daemon's own, not shortened for the test.)
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

AGE=60			# watch.c's WATCH_SOURCE_AGE
FILLERS=1200		# ephemeral ports, some drawn twice: > 1024 sources
command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
ns_setup
in_host ip route add 224.2.0.0/24 dev lo || hard_error "route"
conf=$TMP/watch.conf
printf 'interval 3600\nstatus-file %s\nwatch yes\n' "$TMP/run/status.json" \
	>"$conf"
TCPDUMP_ARGS="-B 32768" tcpdump_start gw "$NS_GW" gw0 \
	"udp and (dst net 224.2.0.0/24 or dst host 239.1.1.1)"
start_daemon -v -f "$conf"
wait_for_log 'watch: groups routed to loopback: 224.2.0.0/24$'
wait_for_log 'check [0-9]+: CRITICAL' 1

# The fillers: one datagram each from a socket that is closed before the
# daemon looks (it is stopped meanwhile; the capture's ring holds the
# frames), so no socket sends from there any more: a source with no uid,
# which no uid's share caps, asked about again only on a later datagram.
kill -s STOP "$DAEMON_PID"
ip netns exec "$NS_HOST" sh -c 'i=0; while [ $i -lt '"$FILLERS"' ]; do
	"'"$MCSEND"'" -g 224.2.0.6 -p 6666 -I "'"$HOST_ADDR"'" -n 1 fill || exit 1
	i=$((i + 1)); done' || { kill -s CONT "$DAEMON_PID"; hard_error "fillers"; }
wait_for_lines '224\.2\.0\.6\.6666:' "$TMP/gw.truth" "$FILLERS" \
	"the gateway did not get the fillers" hard_error
filled=$(date +%s)
kill -s CONT "$DAEMON_PID"
wait_for_log 'watch: untracked: a socket leaks 224\.2\.0\.6:6666 from .* \(no room for another source\)'

# The table is full of sources seen less than AGE s ago: no room.
start_ready app $SAMEPRIV "$MCAPP" -t $((AGE + 60)) connect 224.2.0.7 6667
app=$READY_PID
wait_for_log 'watch: untracked: a socket leaks 224\.2\.0\.7:6667 from .* \(no room for another source\)'
# Then the oldest filler ages out and the new leak is named.
named="watch: mcapp \\(pid $app\\) leaks 224\\.2\\.0\\.7:6667 through eth0"
i=0
until daemon_logged "$named" 1; do
	i=$((i + 1))
	[ $i -lt $(((AGE + 30) * 10)) ] ||
		fail "the new leak was never named: the full table's sources did not age out"
	sleep 0.1
done
took=$(($(date +%s) - filled))
echo "the new leak was named $took s after the table filled"
[ "$took" -ge $((AGE - 1)) ] ||
	fail "the new leak was named $took s after the table filled: sources aged out before ${AGE} s unseen"
kill -s TERM "$app"
wait "$app"
in_host "$MCAPP" -t 0 -I eth0 sendto 239.1.1.1 9 >/dev/null || hard_error "marker"
wait_for_lines '239\.1\.1\.1\.9:' "$TMP/gw.truth" 1 \
	"the gateway never got the marker" hard_error
tcpdump_stop gw
grep -q '^0 packets dropped by kernel' "$TMP/gw.err" ||
	hard_error "ground truth: tcpdump in the gateway dropped packets: $(cat "$TMP/gw.err")"
truth=$(grep -c '224\.2\.0\.[67]\.666[67]:' "$TMP/gw.truth")
n=$(grep -Ec 'check [0-9]+: ' "$TMP/err")
kill -s USR1 "$DAEMON_PID"
wait_for_log 'check [0-9]+: ' $((n + 1))
jq -e --argjson n "$truth" --argjson pid "$app" '
	.watch.datagrams == $n and .watch.untracked > 0 and
	.watch.dropped == 0 and
	([.watch.leaks[] | select(.group == "224.2.0.7" and .port == 6667 and
	.pid == $pid and .comm == "mcapp")] | length) == 1' \
	"$TMP/run/status.json" >/dev/null ||
	fail "watch counts ($truth in the gateway): $(jq -c '.watch | del(.leaks)' "$TMP/run/status.json")"
[ "$(grep -c 'watch: untracked: ' "$TMP/err")" = 2 ] ||
	fail "the untracked sources were not logged once each: $(grep 'watch: untracked' "$TMP/err")"
stop_daemon
assert_rc 0
exit 0
