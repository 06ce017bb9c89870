#!/bin/sh
# SPDX-License-Identifier: ISC
# SIGTERM, SIGINT and SIGHUP during a check end it at once: UNKNOWN, and the
# route it added is removed.  The check is kept waiting by a send()
# probe that eth0 drops unseen (hold_send_probe), with a long timeout.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
hold_send_probe
snapshot_routes

for sig in TERM INT HUP; do
	start_verifyd 'probe send\(\): sent' --once --json -v --probe-wait 60000
	tagged_routes | grep -q "^$GROUP dev lo" ||
		fail "SIG$sig: no route while the check runs"
	kill -s "$sig" "$VERIFYD_PID"
	wait_verifyd
	assert_rc 3
	assert_json '.status == "UNKNOWN" and (.summary | test("interrupted by signal"))'
	assert_json '.route == "added" and .route_removed == true'
	assert_routes_unchanged
done
# The whole check is bounded by -t, in seconds as plugins use it: a
# check whose probe wait is longer ends UNKNOWN, route removed.
start=$(date +%s%N)
run_verifyd --once --json --probe-wait 60000 -t 1
ms=$(( ($(date +%s%N) - start) / 1000000 ))
assert_rc 3
assert_json '.summary == "timed out after 1 s (--timeout)" and .route_removed'
[ $ms -lt 3000 ] || fail "-t 1 took $ms ms"
assert_routes_unchanged

# A check waiting for another one's lock: SIGTERM ends it within 1 s,
# while the other check still runs, before it adds a route or sends
# anything.
start_verifyd 'probe send\(\): sent' --once --json -v --probe-wait 60000
first=$VERIFYD_PID
: >"$TMP/second.err"
ip netns exec "$NS_HOST" "$VERIFYD" --once --json -v -p 40999 >"$TMP/second.out" 2>"$TMP/second.err" &
second=$!
BG_PIDS="$BG_PIDS $second"
wait_for_lines 'taking the check lock' "$TMP/second.err" 1 \
	"the second check did not wait"
start=$(date +%s%N)
kill -s TERM "$second"
wait "$second"
RC=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
kill -0 "$first" 2>/dev/null || fail "the first check ended before the second"
cp "$TMP/second.out" "$TMP/out"
cp "$TMP/second.err" "$TMP/err"
assert_rc 3
[ "$ms" -le 1000 ] || fail "the waiting check took $ms ms to end on SIGTERM"
echo "SIGTERM during the lock wait: ended in $ms ms"
assert_json '.summary | test("interrupted by signal")'
assert_json '.route == "none" and .probes == [] and .captures == []'
grep -q 'probe ' "$TMP/second.err" && fail "the waiting check sent probes"
tagged_routes | grep -q "^$GROUP dev lo" || fail "the first check's route is gone"
kill -s TERM "$first"
wait "$first"
assert_routes_unchanged
exit 0
