#!/bin/sh
# SPDX-License-Identifier: ISC
# Which applications leak (the socket audit, in every check, without
# traffic): the seed's example, a group routed to lo (224.2.0.0/24) and
# an application that connect()s to 224.2.0.6:6666 and send()s.  The
# audit names its process, its source and the interface it leaks
# through; an application that binds 127.0.0.1 first is safe, one that
# uses sendto() has no destination to audit, and one whose group is not
# routed to lo is not our business.  Ground truth: tcpdump in the
# gateway sees the leaking application's datagrams and no other's.
# Then the hostile cases: thousands of sockets, sockets that come and
# go, and processes that exit during the audit.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
ns_setup
in_host ip route add 224.2.0.0/24 dev lo || hard_error "route"
snapshot_routes

# start_app NAME ARGS...: tests/mcapp in the host namespace, returning
# once it says it is set up; APP_PID is its pid.
start_app() {
	local name=$1
	shift
	start_ready "$name" "$MCAPP" -t 120 "$@"
	APP_PID=$READY_PID
}

tcpdump_start gw "$NS_GW" gw0 "udp and dst net 224.2.0.0/24"
start_app leaky connect 224.2.0.6 6666
leaky=$APP_PID
start_app safe bind-lo 224.2.0.7 6667
start_app mcif mcif 224.2.0.8 6668
start_app plain sendto 224.2.0.6 6669
start_app network connect 239.1.2.3 6670

run_verifyd --once --json --metrics-file "$TMP/m.prom"
assert_rc 2
assert_json '.summary | test("mcapp \\(pid '$leaky'\\) leaks 224.2.0.6:6666 through eth0")'
assert_json '[.sockets[] | select(.leaks)] | length == 1'
assert_json '.sockets[] | select(.leaks) | .pid == '$leaky' and .comm == "mcapp" and .uid == 0 and .group == "224.2.0.6" and .port == 6666 and .interface == "eth0" and (.local | startswith("198.51.100.2:"))'
assert_json '.sockets[] | select(.port == 6667) | (.leaks | not) and (.local | startswith("127.0.0.1:")) and .interface == "lo"'
assert_json '.sockets[] | select(.port == 6668) | (.leaks | not) and (.local | startswith("127.0.0.1:"))'
assert_json '[.sockets[] | select(.port == 6669 or .port == 6670)] | length == 0'
assert_json '.socket_audit.done and .socket_audit.leaking == 1 and .socket_audit.routed_to_loopback == 3 and .socket_audit.sockets >= 4'
grep -q '^mcastlo_app_leaking{unit="",comm="mcapp",pid="'$leaky'",group="224.2.0.6",port="6666",interface="eth0"} 1$' "$TMP/m.prom" ||
	fail "no gauge for the leaking application"
run_verifyd --once
# (a cgroup, where the process is in one the reader can see)
grep -Eq "^  mcapp \(pid $leaky, uid 0\)( \[cgroup [^]]*\])? sends to 224\.2\.0\.6:6666 from 198\.51\.100\.2:[0-9]*: LEAKS through eth0\$" "$TMP/out" ||
	fail "the text report does not name the application"
assert_routes_unchanged
# Ground truth: the gateway gets 224.2.0.6:6666 (the leaky application,
# which sends every 20 ms), never 6667 or 6668.
wait_for_lines '224\.2\.0\.6\.6666:' "$TMP/gw.truth" 1 \
	"ground truth: the gateway never got the leak"
tcpdump_stop gw
grep -q '224.2.0.[78]' "$TMP/gw.truth" && fail "ground truth: a safe application leaked"

# The leaky application exits: nothing is flagged any more.
kill "$leaky"
wait "$leaky" 2>/dev/null
run_verifyd --once --json --require sendto
assert_rc 1
assert_json '.socket_audit.leaking == 0 and (.summary | test("mcapp") | not)'

# Thousands of sockets: 10,000 connected ones in one process, the audit
# bounded (16 listed, all counted) and the check still right.  They
# send nothing: the kernel would route them out, but nothing was seen
# leaving, so they are at risk (WARNING), not leaking.
start_app many -n 10000 many 224.2.0.9 7000
start=$(date +%s%N)
run_verifyd --once --json --require sendto
ms=$(( ($(date +%s%N) - start) / 1000000 ))
assert_rc 1
assert_json '.socket_audit.at_risk == 10000 and .socket_audit.leaking == 0 and (.sockets | length) == 16'
assert_json '.summary | test("10000 sockets in all are at risk")'
echo "a check with 10,000 sockets at risk: $ms ms"
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null

# Sockets and processes that come and go during the audit.
start_app churn churn 224.2.0.10 7001
i=0
while [ $i -lt 10 ]; do
	i=$((i + 1))
	run_verifyd --once --json --require sendto
	[ "$RC" = 1 ] || [ "$RC" = 2 ] || fail "churn: exit status $RC"
	assert_json '.socket_audit.done'
	assert_routes_unchanged
done
exit 0
