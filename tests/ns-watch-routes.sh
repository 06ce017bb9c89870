#!/bin/sh
# SPDX-License-Identifier: ISC
# Watch mode follows the routes from none to some and back to none: it
# starts with no group routed to lo (and captures nothing), its groups
# follow each route change within a second, and it counts exactly the
# datagrams sent out of eth0 while a route to lo covered their group,
# as the gateway's tcpdump counts them; none sent before or after.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
ns_setup
conf=$TMP/watch.conf
printf 'interval 3600\nstatus-file %s\nmetrics-file %s\nwatch yes\n' \
	"$TMP/run/status.json" "$TMP/m.prom" >"$conf"
tcpdump_start gw "$NS_GW" gw0 "udp and dst host 224.2.0.6"

# send N: N datagrams to 224.2.0.6:6666 out of eth0, on purpose
# (IP_MULTICAST_IF), each a leak only while 224.2.0.0/24 is routed to lo;
# returns once the gateway has them all.
sent=0
send() {
	in_host "$MCSEND" -g 224.2.0.6 -p 6666 -I "$HOST_ADDR" -n "$1" x ||
		hard_error "mcsend"
	sent=$((sent + $1))
	wait_for_lines '224\.2\.0\.6\.6666:' "$TMP/gw.truth" "$sent" \
		"the gateway did not get $sent datagrams" hard_error
}
# route add|del: the route, then how long the watch took to follow.
route() {
	local t0 t1 n
	n=$(grep -c 'watch: groups routed to loopback: ' "$TMP/err")
	t0=$(date +%s%N)
	in_host ip route "$1" 224.2.0.0/24 dev lo || hard_error "route $1"
	wait_for_log 'watch: groups routed to loopback: ' $((n + 1))
	t1=$(date +%s%N)
	[ $(( (t1 - t0) / 1000000 )) -lt 1000 ] ||
		fail "the watch took $(( (t1 - t0) / 1000000 )) ms to follow route $1"
}

start_daemon -v -f "$conf"
wait_for_log 'watch: groups routed to loopback: none \(nothing captured\)$'
wait_for_log 'check [0-9]+: CRITICAL' 1
[ "$(in_host cat /proc/net/packet | wc -l)" = 1 ] ||
	fail "a packet socket is open with no group: $(in_host cat /proc/net/packet)"
send 3			# no route to lo: not a leak
route add
tail -n 1 "$TMP/err" | grep -q 'watch: groups routed to loopback: 224.2.0.0/24$' ||
	fail "the groups after the route was added: $(tail -n 1 "$TMP/err")"
before=$sent
send 4			# leaks
leaked=$((sent - before))
route del
tail -n 1 "$TMP/err" | grep -q 'watch: groups routed to loopback: none (nothing captured)$' ||
	fail "the groups after the route was removed: $(tail -n 1 "$TMP/err")"
# No group, no capture: no packet socket is open in the host (between
# checks, the daemon's would be the only one).
[ "$(in_host cat /proc/net/packet | wc -l)" = 1 ] ||
	fail "a packet socket is still open: $(in_host cat /proc/net/packet)"
send 5			# not a leak any more
route add		# and the capture comes back
send 2
leaked=$((leaked + 2))
route del
[ "$(grep -c '224\.2\.0\.6\.6666:' "$TMP/gw.truth")" = "$sent" ] ||
	fail "ground truth: the gateway got $(grep -c '224\.2\.0\.6\.6666:' "$TMP/gw.truth") datagrams, $sent sent"

n=$(grep -Ec 'check [0-9]+: ' "$TMP/err")
kill -s USR1 "$DAEMON_PID"
wait_for_log 'check [0-9]+: ' $((n + 1))
jq -e --argjson n "$leaked" '.watch.groups == [] and .watch.group_count == 0 and
	.watch.datagrams == $n and .watch.error == null and
	([.watch.leaks[] | select(.group == "224.2.0.6" and .port == 6666 and
	.interface == "eth0")] | map(.datagrams) | add) == $n' \
	"$TMP/run/status.json" >/dev/null ||
	fail "watch counts ($leaked sent while routed): $(jq -c .watch "$TMP/run/status.json")"
grep -q 'error' "$TMP/err" && fail "errors logged"
stop_daemon
assert_rc 0
exit 0
