#!/bin/sh
# SPDX-License-Identifier: ISC
# Evidence before blame (issue 19): the socket audit predicts, from the
# kernel's routing decisions, which connected sockets would leak; a
# check then watches those sockets' flows with its own capture until
# each is seen leaving or seen on loopback, or the probes' deadline.
# Only a socket seen leaving is leaking (CRITICAL); one not seen is at
# risk (WARNING); one seen on loopback is cleared, whatever options it
# used that sock_diag does not show: IP_MULTICAST_IF by address or by
# ifindex, before or after connect(), and sendmsg() with IP_PKTINFO.
# Ground truth: tcpdump in the host (any) and the gateway.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
ns_setup
in_host ip route add 224.2.0.0/24 dev lo || hard_error "route"
# The admin's fix for the probes' group, so that the verdict is the
# applications' alone.
in_host ip route add "$GROUP/32" dev lo src 127.0.0.1 || hard_error "route"

tcpdump_start host "$NS_HOST" any "udp and dst net 224.2.0.0/24"
tcpdump_start gw "$NS_GW" gw0 "udp and dst net 224.2.0.0/24"

# Applications that keep to lo in ways the kernel's socket listing does
# not show (or shows: before connect(), the source is 127.0.0.1).
port=7100
for mode in mcif mcif-after mcif-index mcif-index-after pktinfo; do
	start_ready "$mode" "$MCAPP" -t 120 "$mode" 224.2.0.$((port - 7070)) $port
	port=$((port + 1))
done
for p in 7100 7101 7102 7103 7104; do
	wait_for_lines " lo +In +IP .*\\.$p: UDP" "$TMP/host.truth" 1 \
		"ground truth: the host never had $p on lo"
done
run_verifyd --once --json --no-route
assert_rc 0
assert_json '.status == "OK" and .socket_audit.leaking == 0 and .socket_audit.at_risk == 0'
# The ones sock_diag shows leaking were cleared by what the capture saw.
for p in 7101 7103 7104; do
	assert_json ".sockets[] | select(.port == $p) | .seen_lo and (.seen_out | not) and (.leaks | not) and (.at_risk | not) and (.local | startswith(\"198.51.100.2:\"))"
done

# A socket that the kernel would route out but that sends nothing in
# the window: at risk, with the reason and the fix.
start_ready silent "$MCAPP" -t 120 -n 1 many 224.2.0.35 7105
run_verifyd --once --json --no-route
assert_rc 1
assert_json '.status == "WARNING" and .socket_audit.at_risk == 1 and .socket_audit.leaking == 0'
assert_json '.sockets[] | select(.port == 7105) | .at_risk and (.leaks | not) and (.seen_out | not)'
assert_json '.summary | test("mcapp \\(pid [0-9]+\\) is at risk of leaking 224.2.0.35:7105 through eth0 \\(not seen sending: its source 198.51.100.2:[0-9]+ is routed out; binding 127.0.0.1 or IP_MULTICAST_IF lo would keep it on lo\\)")'

# A socket that leaks, seen leaving: leaking, CRITICAL.
start_ready leaky "$MCAPP" -t 120 connect 224.2.0.36 7106
run_verifyd --once --json --no-route
assert_rc 2
assert_json '.socket_audit.leaking == 1 and .socket_audit.at_risk == 1'
assert_json '.sockets[] | select(.port == 7106) | .leaks and .seen_out and (.at_risk | not) and .interface == "eth0"'
assert_json '.summary | test("^mcapp \\(pid [0-9]+\\) leaks 224.2.0.36:7106 through eth0")'

# Ground truth: the gateway got the leaky app's datagrams and nothing
# of the others'; the host had the others' on lo.
wait_for_lines '224\.2\.0\.36\.7106:' "$TMP/gw.truth" 1 "ground truth: no leak in the gateway"
tcpdump_stop host
tcpdump_stop gw
grep -Eq '\.(710[0-5]):' "$TMP/gw.truth" &&
	fail "ground truth: a cleared or silent application reached the gateway"
grep -Eq '\.7105:' "$TMP/host.truth" && fail "ground truth: the silent app sent"
exit 0
