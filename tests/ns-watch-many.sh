#!/bin/sh
# SPDX-License-Identifier: ISC
# Watch mode watches every group routed to lo, however many: with 500
# routes, more than a kernel filter should name one by one, it captures
# all multicast sent out, says so, and matches the groups itself; a
# leak to the last group is counted, one to a group not routed to lo is
# not, as the gateway's tcpdump sees them.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
ns_setup
i=0
while [ $i -lt 500 ]; do
	echo "route add 225.1.$((i / 250)).$((i % 250 + 1))/32 dev lo"
	i=$((i + 1))
done >"$TMP/routes.batch"
in_host ip -batch "$TMP/routes.batch" || hard_error "500 routes"
conf=$TMP/watch.conf
printf 'interval 3600\nstatus-file %s\nwatch yes\n' "$TMP/run/status.json" >"$conf"
tcpdump_start gw "$NS_GW" gw0 "udp and dst net 225.1.0.0/16"
start_daemon -v -f "$conf"
wait_for_log 'watch: groups routed to loopback: 225\.1\.0\.1/32,.* and [0-9]+ more$'
wait_for_log 'watch: 500 groups are more than the kernel.s filter names \(64\): it keeps all multicast sent out, and the groups are matched here'
wait_for_log 'check [0-9]+: CRITICAL' 1

# send GROUP N: N datagrams out of eth0, on purpose.
sent=0
send() {
	in_host "$MCSEND" -g "$1" -p 6666 -I "$HOST_ADDR" -n "$2" x ||
		hard_error "mcsend"
	sent=$((sent + $2))
	wait_for_lines '225\.1\.[0-9.]+\.6666:' "$TMP/gw.truth" "$sent" \
		"the gateway did not get $sent datagrams" hard_error
}
send 225.1.1.250 4	# the last group routed to lo
send 225.1.0.1 2	# the first
send 225.1.9.9 3	# not routed to lo: not a leak
last=$(grep -c '225\.1\.1\.250\.6666:' "$TMP/gw.truth")
first=$(grep -c '225\.1\.0\.1\.6666:' "$TMP/gw.truth")

n=$(grep -Ec 'check [0-9]+: ' "$TMP/err")
kill -s USR1 "$DAEMON_PID"
wait_for_log 'check [0-9]+: ' $((n + 1))
jq -e --argjson last "$last" --argjson first "$first" '
	.watch.group_count == 500 and .watch.filter == "multicast" and
	.watch.datagrams == $last + $first and .watch.untracked == 0 and
	([.watch.leaks[] | select(.group == "225.1.1.250") | .datagrams] |
	add) == $last and
	([.watch.leaks[] | select(.group == "225.1.9.9")] | length) == 0' \
	"$TMP/run/status.json" >/dev/null ||
	fail "watch counts ($last and $first in the gateway): $(jq -c '.watch | del(.groups)' "$TMP/run/status.json")"

# Down to 64, the kernel's filter names them again.
i=64
while [ $i -lt 500 ]; do
	echo "route del 225.1.$((i / 250)).$((i % 250 + 1))/32 dev lo"
	i=$((i + 1))
done >"$TMP/routes.batch"
in_host ip -batch "$TMP/routes.batch" || hard_error "routes"
# (64 groups: 37 fit the report's list, "and 27 more")
wait_for_log 'watch: groups routed to loopback: 225\.1\.0\.1/32,.* and 27 more$'
n=$(grep -Ec 'check [0-9]+: ' "$TMP/err")
kill -s USR1 "$DAEMON_PID"
wait_for_log 'check [0-9]+: ' $((n + 1))
jq -e '.watch.group_count == 64 and .watch.filter == "groups"' \
	"$TMP/run/status.json" >/dev/null ||
	fail "after 436 routes went: $(jq -c '.watch | del(.groups) | del(.leaks)' "$TMP/run/status.json")"
stop_daemon
assert_rc 0
exit 0
