#!/bin/sh
# SPDX-License-Identifier: ISC
# Frames the host only bridges for a container are no host
# application's leak: a container behind a bridge (br0: its veth and
# the host's eth1) sends to a group the host routes to lo; the watch
# counts those datagrams apart, as forwarded, and names no application,
# while a host application's leak to the same group is counted as one.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
ns_setup
NS_CTR=mcv-$$-ctr
ip netns add "$NS_CTR" || hard_error "cannot create namespace $NS_CTR"
NS_EXTRA=$NS_CTR
add_eth1
ip link add c0 netns "$NS_CTR" type veth peer name vc0 netns "$NS_HOST" &&
ip -n "$NS_HOST" link add br0 type bridge &&
ip -n "$NS_HOST" link set eth1 master br0 &&
ip -n "$NS_HOST" link set vc0 master br0 &&
ip -n "$NS_HOST" link set vc0 up && ip -n "$NS_HOST" link set br0 up &&
ip -n "$NS_CTR" link set lo up && ip -n "$NS_CTR" link set c0 up &&
ip -n "$NS_CTR" addr add 10.9.0.2/24 dev c0 ||
	skip "cannot build a bridge (no bridge support?)"
in_host ip route add 224.2.0.0/24 dev lo || hard_error "route"
conf=$TMP/watch.conf
printf 'interval 3600\nstatus-file %s\nmetrics-file %s\nwatch yes\n' \
	"$TMP/run/status.json" "$TMP/m.prom" >"$conf"
tcpdump_start gw1 "$NS_GW" gw1 "udp and (dst net 224.2.0.0/24 or dst host 239.1.1.1)"
tcpdump_start gw "$NS_GW" gw0 "udp and (dst net 224.2.0.0/24 or dst host 239.1.1.1)"
start_daemon -v -f "$conf"
wait_for_log 'watch: groups routed to loopback: 224.2.0.0/24$'
wait_for_log 'check [0-9]+: CRITICAL' 1

# The container's datagrams, bridged out of eth1, and a host
# application's leak out of eth0.
for i in 1 2 3 4 5; do
	ip netns exec "$NS_CTR" "$MCAPP" -t 0 -I c0 sendto 224.2.0.6 6666 \
		>/dev/null || hard_error "the container's mcapp"
done
wait_for_lines '10\.9\.0\.2\.[0-9]+ > 224\.2\.0\.6\.6666:' "$TMP/gw1.truth" 5 \
	"the bridge did not forward the container's datagrams" hard_error
wait_for_log 'watch: 10\.9\.0\.2:[0-9]+ to 224\.2\.0\.6:6666 through eth1 is not a host application.s \(the host does not own that address: it bridges or forwards it\); counted as forwarded, not as a leak' 5
start_ready app $SAMEPRIV "$MCAPP" -t 60 connect 224.2.0.6 6666
app=$READY_PID
wait_for_log "watch: mcapp \\(pid $app\\) leaks 224.2.0.6:6666 through eth0, from 198.51.100.2:[0-9]+"
kill -s TERM "$app"
wait "$app"
in_host "$MCAPP" -t 0 -I eth0 sendto 239.1.1.1 9 >/dev/null || hard_error "marker"
wait_for_lines '239\.1\.1\.1\.9:' "$TMP/gw.truth" 1 \
	"the gateway never got the marker" hard_error
bridged=$(grep -c '10\.9\.0\.2\.[0-9]* > 224\.2\.0\.6\.6666:' "$TMP/gw1.truth")
leaked=$(grep -c '198\.51\.100\.2\.[0-9]* > 224\.2\.0\.6\.6666:' "$TMP/gw.truth")

n=$(grep -Ec 'check [0-9]+: ' "$TMP/err")
kill -s USR1 "$DAEMON_PID"
wait_for_log 'check [0-9]+: ' $((n + 1))
jq -e --argjson b "$bridged" --argjson l "$leaked" --argjson pid "$app" '
	.watch.forwarded == $b and .watch.datagrams == $l and
	([.watch.leaks[] | select(.source | startswith("10.9.0.2:"))] |
	length) == 0 and
	([.watch.leaks[] | select(.pid == $pid)] | map(.datagrams) | add) == $l' \
	"$TMP/run/status.json" >/dev/null ||
	fail "watch counts ($bridged bridged, $leaked leaked): $(jq -c .watch "$TMP/run/status.json")"
grep -q "^mcastlo_watch_forwarded_datagrams_total $bridged\$" "$TMP/m.prom" ||
	fail "no forwarded counter: $(grep forwarded "$TMP/m.prom")"
grep -q 'comm="".*10\.9\|leaks 224.2.0.6:6666 through eth1' "$TMP/err" &&
	fail "the bridged frames were called a leak"
stop_daemon
assert_rc 0
exit 0
