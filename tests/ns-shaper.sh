#!/bin/sh
# SPDX-License-Identifier: ISC
# A probe held in a busy egress queue (a shaped uplink) past the
# deadline is not "captured nowhere": the bytes still charged to its
# socket say it is queued, and on a device that is not loopback that is
# a leak.  Ground truth: the gateway receives it once the shaper lets
# it go, seconds after the check.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
ns_setup
snapshot_routes
PORT=4400
# A token bucket of 200 bytes refilled at 20 bytes a second; four small
# datagrams empty it, so the send() probe waits seconds in the queue.
tc -n "$NS_HOST" qdisc add dev eth0 root tbf rate 160bit burst 200 limit 4000 ||
	hard_error "cannot shape eth0"
truth_start gw "$NS_GW" gw0
for i in 1 2 3 4; do
	in_host "$MCAPP" -t 0 -I eth0 sendto "$GROUP" $TRUTH_MARK >/dev/null ||
		hard_error "filler"
done
tcpdump_start probe "$NS_GW" gw0 "udp and dst host $GROUP and dst port $PORT"

run_verifyd --once --json -p $PORT --probe-wait 500
assert_rc 2
assert_json '.summary == "send() leaked through eth0 (still queued there at the deadline)"'
assert_json '.probes[1].captured_on == [] and .probes[1].queued_bytes > 0 and .probes[1].predicted_interface == "eth0"'
# The probe's own facts: it leaked (queued to leave), where, and the
# capture did not see it there, so it does not "agree".
assert_json '.probes[1] | .leaked and .queued_on == "eth0" and .agrees == false'
assert_json '.probes[0].captured_on == ["lo"]'
assert_routes_unchanged
run_verifyd --once -p $PORT --probe-wait 300 --metrics-file "$TMP/m.prom"
grep -q '^mcastlo_probe_leaked{method="send"} 1$' "$TMP/m.prom" ||
	fail "the metrics do not count the queued probe as leaked"
grep -Eq '^  send\(\) +required +queued on eth0 +LEAKED' "$TMP/out" ||
	fail "the text row does not say the probe is queued on eth0 and leaked"

# The gateway gets the probe once the bucket has refilled (bounded).
wait_for_lines "$GROUP\\.$PORT:" "$TMP/probe.truth" 1 \
	"ground truth: the queued probe never reached the gateway"
echo "the gateway got the queued probe after the check: $(cat "$TMP/probe.truth")"
truth_stop
exit 0
