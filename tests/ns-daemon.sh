#!/bin/sh
# SPDX-License-Identifier: ISC
# Daemon mode: scheduled checks at a short interval, SIGUSR1 for a check
# now, SIGHUP with a broken config (kept running on the old one) and a
# good one (applied), status and metrics files after each check, and
# SIGTERM ending it with exit 0 and no route left.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
snapshot_routes
conf=$TMP/mcastlo-verifyd.conf
cat >"$conf" <<EOC
# test config
interval 1
status-file $TMP/run/status.json
metrics-file $TMP/metrics.prom
EOC

# systemd's readiness protocol, without libsystemd: READY=1 arrives on
# $NOTIFY_SOCKET once the daemon is set up.
# With WatchdogSec= (WATCHDOG_USEC), WATCHDOG=1 follows from the loop.
mkfifo "$TMP/notify.fifo"
"$top_builddir/tests/notifyrecv" "$TMP/notify.sock" WATCHDOG=1 >"$TMP/notify.fifo" &
BG_PIDS="$BG_PIDS $!"
exec 3<"$TMP/notify.fifo"
read -r line <&3 && [ "$line" = listening ] || hard_error "notifyrecv did not start"
NOTIFY_SOCKET=$TMP/notify.sock WATCHDOG_USEC=200000 start_daemon -v -f "$conf"
# (bounded reads: a daemon that never says it must fail, not hang)
line=$(timeout 30 sh -c 'read -r l && echo "$l"' <&3) || fail "no sd_notify message"
[ "$line" = READY=1 ] || fail "sd_notify said '$line', not READY=1"
line=$(timeout 30 sh -c 'read -r l && echo "$l"' <&3) || fail "no watchdog message"
[ "$line" = WATCHDOG=1 ] || fail "sd_notify said '$line', not WATCHDOG=1"
exec 3<&-
wait_for_log 'check CRITICAL: send\(\) leaked through eth0' 1
wait_for_log 'check [0-9]+: CRITICAL' 3	# the next ones, from the timer
# Logged when the result changes, not at every check.
[ "$(grep -c 'check CRITICAL' "$TMP/err")" = 1 ] ||
	fail "the daemon logged the same result again: $(grep 'check CRITICAL' "$TMP/err")"
jq -e '.status == "CRITICAL" and .exit_code == 2 and .route == "added" and
	.route_removed and .probes[1].method == "send" and .probes[1].leaked' \
	"$TMP/run/status.json" >/dev/null || fail "status file: $(cat "$TMP/run/status.json")"
grep -q '^mcastlo_probe_leaked{method="send"} 1$' "$TMP/metrics.prom" ||
	fail "metrics file: no send leak"
grep -q '^mcastlo_check_status{group="224.16.17.8"} 2$' "$TMP/metrics.prom" ||
	fail "metrics file: no check status"
if command -v promtool >/dev/null 2>&1; then
	promtool check metrics <"$TMP/metrics.prom" || fail "promtool rejects the metrics"
else
	echo "promtool not installed: metrics not linted"
fi
ls -a "$TMP/run" | grep -q '^\.status' && fail "a temporary status file was left behind"

# SIGUSR1: a check now.
n=$(grep -Ec 'check [0-9]+: CRITICAL' "$TMP/err")
kill -s USR1 "$DAEMON_PID"
wait_for_log 'SIGUSR1: checking now'
wait_for_log 'check [0-9]+: CRITICAL' $((n + 1))

# SIGHUP with a broken config: reported, the old one kept.
echo "colour blue" >>"$conf"
kill -s HUP "$DAEMON_PID"
wait_for_log "reload: $conf:5: unknown key 'colour'; keeping the configuration in force"
n=$(grep -Ec 'check [0-9]+: CRITICAL' "$TMP/err")
wait_for_log 'check [0-9]+: CRITICAL' $((n + 1))

# SIGHUP with a good config: applied (sendto alone required: WARNING).
sed -i '$d' "$conf"
echo "require sendto" >>"$conf"
kill -s HUP "$DAEMON_PID"
wait_for_log 'configuration reloaded'
wait_for_log 'check WARNING: send\(\) \(not required\) leaked through eth0'
jq -e '.status == "WARNING"' "$TMP/run/status.json" >/dev/null ||
	fail "status file not updated after reload"

stop_daemon
assert_rc 0
# Every check, scheduled or on SIGUSR1, ran from the one loop: libevent
# never had to refuse a nested event_base_loop().
grep -q 'reentrant' "$TMP/err" && fail "the daemon re-entered its event loop: $(grep reentrant "$TMP/err" | head -1)"
[ "$(grep -Ec 'check [0-9]+: (CRITICAL|WARNING)' "$TMP/err")" -ge 4 ] ||
	fail "fewer daemon checks than expected"

# When stderr is the journal ($JOURNAL_STREAM names it), every line
# carries its priority: a leak of a required method is an error (3), of
# another a warning (4), so journalctl -p warning
# shows it; the start is informational (6).
: >"$TMP/err"
JOURNAL_STREAM=$(stat -c '%d:%i' "$TMP/err") start_daemon -f "$conf"
wait_for_log '^<[34]>check (CRITICAL|WARNING)'
stop_daemon
grep -q '^<6>started: a check every 1 s$' "$TMP/err" || fail "no <6> on the start"
grep -Eq '^<[34]>check (CRITICAL|WARNING): ' "$TMP/err" || fail "no priority on the result"
grep -v '^<[0-7]>' "$TMP/err" && fail "a line without its priority"
assert_routes_unchanged
exit 0
