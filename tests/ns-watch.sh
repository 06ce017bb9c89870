#!/bin/sh
# SPDX-License-Identifier: ISC
# Watch mode: between the daemon's checks, a capture whose kernel filter
# keeps only what the host sends out of another interface than lo to a
# group routed to lo counts the datagrams applications really leak, by
# group, port, interface and socket, names the application once, and
# follows route changes.  The counts, in the status file and as
# Prometheus counters, equal what tcpdump in the gateway received.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
ns_setup
in_host ip route add 224.2.0.0/24 dev lo || hard_error "route"
snapshot_routes
conf=$TMP/watch.conf
printf 'interval 3600\nstatus-file %s\nmetrics-file %s\nwatch yes\n' \
	"$TMP/run/status.json" "$TMP/m.prom" >"$conf"

tcpdump_start gw "$NS_GW" gw0 \
	"udp and (dst net 224.2.0.0/24 or dst host 239.1.1.1)"

start_daemon -v -f "$conf"
wait_for_log 'watch: groups routed to loopback: 224.2.0.0/24$'
wait_for_log 'check [0-9]+: CRITICAL' 1

# A leaking application (connect()+send() every 20 ms until it is named,
# however slow the machine), a safe one, and unrelated multicast out of
# eth0: only the first counts.
# (not in_host, so that $! is the application itself)
# The daemon holds no CAP_SYS_PTRACE: it may look into a process of
# its own uid that holds no capability it lacks (ptrace_may_access()),
# as a root application without capabilities is here.
ip netns exec "$NS_HOST" $SAMEPRIV "$MCAPP" -t 20 connect 224.2.0.6 6666 >/dev/null &
app=$!
BG_PIDS="$BG_PIDS $app"
in_host "$MCAPP" -t 1 bind-lo 224.2.0.7 6667 >/dev/null &
BG_PIDS="$BG_PIDS $!"
in_host "$MCAPP" -t 1 -I eth0 sendto 239.1.1.2 6668 >/dev/null &
BG_PIDS="$BG_PIDS $!"
wait_for_log "watch: mcapp \\(pid $app\\) leaks 224.2.0.6:6666 through eth0, from 198.51.100.2:[0-9]+"
wait_for_lines '224\.2\.0\.6\.6666:' "$TMP/gw.truth" 5 \
	"the gateway did not get 5 datagrams"
kill -s TERM "$app"
wait "$app"
# A marker after the application: once the gateway has it, it has all.
in_host "$MCAPP" -t 0 -I eth0 sendto 239.1.1.1 9 >/dev/null || hard_error "marker"
wait_for_lines '239\.1\.1\.1\.9:' "$TMP/gw.truth" 1 \
	"the gateway never got the marker" hard_error
truth=$(grep -c '224.2.0.6.6666:' "$TMP/gw.truth")
[ "$truth" -ge 5 ] || fail "ground truth: only $truth datagrams"
grep -q '224.2.0.7.6667:' "$TMP/gw.truth" && fail "ground truth: the safe application leaked"

# A check now writes the counts.
n=$(grep -Ec 'check [0-9]+: ' "$TMP/err")
kill -s USR1 "$DAEMON_PID"
wait_for_log 'check [0-9]+: ' $((n + 1))
jq -e --argjson n "$truth" --argjson pid "$app" '.watch.groups == ["224.2.0.0/24"] and
	.watch.datagrams == $n and .watch.dropped == 0 and
	([.watch.leaks[] | select(.group == "224.2.0.6" and .port == 6666 and
	.interface == "eth0" and .comm == "mcapp" and .pid == $pid and
	(.source | startswith("198.51.100.2:")))] | map(.datagrams) | add) == $n' \
	"$TMP/run/status.json" >/dev/null ||
	fail "watch counts ($truth in the gateway): $(jq -c .watch "$TMP/run/status.json")"
grep -q "^mcastlo_app_leaked_datagrams_total{group=\"224.2.0.6\",port=\"6666\",interface=\"eth0\",comm=\"mcapp\"} $truth\$" \
	"$TMP/m.prom" || fail "no counter for the application: $(grep app_leaked "$TMP/m.prom")"
[ "$(grep -c 'watch: mcapp' "$TMP/err")" = 1 ] || fail "the leak was logged more than once"

# An AF_INET6 socket that sends IPv4 (connect() to ::ffff:224.2.0.8) is
# named too: sock_diag lists it with the IPv6 sockets.
ip netns exec "$NS_HOST" $SAMEPRIV "$MCAPP" -t 20 connect ::ffff:224.2.0.8 6669 >/dev/null &
app=$!
BG_PIDS="$BG_PIDS $app"
wait_for_log "watch: mcapp \\(pid $app\\) leaks 224.2.0.8:6669 through eth0, from 198.51.100.2:[0-9]+"
kill -s TERM "$app"
wait "$app"

# The groups follow the routes.
in_host ip route add 224.3.0.0/24 dev lo || hard_error "route"
wait_for_log 'watch: groups routed to loopback: 224.2.0.0/24,224.3.0.0/24$'
in_host ip route del 224.3.0.0/24 dev lo
wait_for_log 'watch: groups routed to loopback: 224.2.0.0/24$' 2

stop_daemon
assert_rc 0
tcpdump_stop gw

# A daemon that may not look into other users' processes (running as
# nobody; no daemon keeps CAP_SYS_PTRACE) cannot name a root application: it
# says so and why, once, tries again seven more times (eight in all)
# while the application goes on sending, and still counts.
if phase_needs_uid 65534 "a daemon running as nobody"; then
	printf 'interval 3600\nwatch yes\n' >"$TMP/hidden.conf"
	hrun=$(mktemp -d) || hard_error "mktemp failed"
	BG_CLEANUP="$BG_CLEANUP $hrun"
	chmod 700 "$hrun" && chown 65534 "$hrun" || hard_error "cannot set up $hrun"
	RUNTIME_DIRECTORY=$hrun DAEMON_WRAP="setpriv --bounding-set=-sys_ptrace" \
		start_daemon -v -u nobody -f "$TMP/hidden.conf"
	wait_for_log 'check [0-9]+: CRITICAL' 1
	# (the application sends every 20 ms for 3 to 4 s: the seven tries take
	# well under a second, and it goes on long after, so an eighth retry,
	# if the limit were broken, would show)
	ip netns exec "$NS_HOST" "$MCAPP" -t 4 connect 224.2.0.6 6666 >/dev/null &
	app=$!
	BG_PIDS="$BG_PIDS $app"
	wait_for_log 'watch: a socket of uid 0 \(process unknown: /proc hides its process\) leaks 224.2.0.6:6666 through eth0, from 198.51.100.2:[0-9]+$'
	still='watch: the owner of 198.51.100.2:[0-9]* is still unknown: /proc hides its process'
	wait_for_lines "$still" "$TMP/err" 7 "fewer than 7 more tries to name a hidden owner"
	wait "$app"
	retries=$(grep -c "$still" "$TMP/err")
	[ "$retries" = 7 ] ||
		fail "$retries more tries to name a hidden owner, expected 7"
	grep -q 'watch: mcapp' "$TMP/err" && fail "a hidden owner was named"
	stop_daemon
	assert_rc 0
fi
assert_routes_unchanged
exit 0
