#!/bin/sh
# SPDX-License-Identifier: ISC
# A service manager that stops reading its notify socket never stops
# the daemon: each sd_notify message that cannot go at once is dropped
# (said once when dropping starts, once when it ends), the checks keep
# coming and SIGTERM ends it.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
# A daemon stuck in sendto() (the bug this test is for) ignores SIGTERM.
trap 'kill -s KILL ${DAEMON_PID:-} 2>/dev/null; ns_cleanup' EXIT
snapshot_routes

# Reads until READY=1, then stops reading, its socket open: the queue
# fills within a few hundred watchdog messages (one every millisecond).
"$top_builddir/tests/notifyrecv" -s "$TMP/notify.sock" READY=1 >"$TMP/notify.out" &
recv=$!
BG_PIDS="$BG_PIDS $recv"
wait_for_lines '^listening$' "$TMP/notify.out" 1 "notifyrecv did not start" hard_error
NOTIFY_SOCKET=$TMP/notify.sock WATCHDOG_USEC=2000 \
	start_daemon -v --interval 1 --status-file "$TMP/run/status.json"
wait_for_lines '^READY=1$' "$TMP/notify.out" 1 "no READY=1"
wait_for_log 'sd_notify: WATCHDOG=1 dropped: Resource temporarily unavailable; dropping until the manager reads again'
n=$(grep -Ec 'check [0-9]+:' "$TMP/err")
wait_for_log 'check [0-9]+:' $((n + 3))
[ "$(grep -c 'dropping until' "$TMP/err")" = 1 ] ||
	fail "dropping was logged more than once"

# The manager reads again: said once, and the watchdog gets through.
kill -s USR1 "$recv"
wait_for_log 'sd_notify: the manager reads again \([0-9]+ messages dropped\)'
wait_for_lines '^reading again$' "$TMP/notify.out" 1 "notifyrecv did not resume"
n=$(grep -c '^WATCHDOG=1$' "$TMP/notify.out")
wait_for_lines '^WATCHDOG=1$' "$TMP/notify.out" $((n + 3)) "no watchdog after the queue drained"

start=$(date +%s%N)
stop_daemon
end=$(date +%s%N)
assert_rc 0
[ $(((end - start) / 1000000)) -lt 1000 ] ||
	fail "SIGTERM took $(((end - start) / 1000000)) ms"
grep -Eq 'sd_notify: [0-9]+ messages dropped in all' "$TMP/err" ||
	fail "no count of the dropped messages"
assert_routes_unchanged
exit 0
