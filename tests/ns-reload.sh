#!/bin/sh
# SPDX-License-Identifier: ISC
# SIGHUP never blocks the loop, never reads what start would refuse and
# never postpones a check: a FIFO or a link to a root-only file put in
# the config file's place is refused (the loop keeps feeding the
# watchdog, SIGTERM ends it within a second, nothing of the file is
# logged); a status file moved into a world-writable directory is
# refused whole; a reload that turns watch mode on starts it; and a
# SIGHUP every second at interval 2 keeps the checks coming.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
# A daemon stuck in open() (the bug this test is for) ignores SIGTERM.
trap 'kill -s KILL ${DAEMON_PID:-} 2>/dev/null; ns_cleanup' EXIT
snapshot_routes
conf=$TMP/reload.conf
good() { printf 'interval 3600\nstatus-file %s\n' "$TMP/run/status.json" >"$conf"; }
good

# The watchdog messages, one line each, in $TMP/notify.out.
"$top_builddir/tests/notifyrecv" "$TMP/notify.sock" NEVER >"$TMP/notify.out" &
BG_PIDS="$BG_PIDS $!"
wait_for_lines '^listening$' "$TMP/notify.out" 1 "notifyrecv did not start" hard_error
NOTIFY_SOCKET=$TMP/notify.sock WATCHDOG_USEC=100000 start_daemon -v -f "$conf"
wait_for_log 'check [0-9]+: CRITICAL' 1

# the_loop_runs: three more watchdog messages arrive (one each 50 ms).
the_loop_runs() {
	local n
	n=$(grep -c '^WATCHDOG=1$' "$TMP/notify.out")
	wait_for_lines '^WATCHDOG=1$' "$TMP/notify.out" $((n + 3)) \
		"the loop stopped feeding the watchdog: $1"
}

# A root-only file that is no config file; none of it may be logged.
secret=$TMP/shadow
echo 'root:$6$SECRETSALT$SECRETHASH:19000:0:99999:7:::' >"$secret"
chmod 600 "$secret"

# A FIFO in the config file's place: opened without waiting for a
# writer, refused, the configuration in force kept.
rm -f "$conf" && mkfifo -m 600 "$conf"
kill -s HUP "$DAEMON_PID"
wait_for_log "reload: $conf: not a regular file; keeping the configuration in force"
the_loop_runs "FIFO config"

# A link to the root-only file: not followed.
rm -f "$conf" && ln -s "$secret" "$conf"
kill -s HUP "$DAEMON_PID"
wait_for_log "reload: $conf: a symbolic link; refused"
the_loop_runs "symlinked config"

# The same content as a regular file of root's: read, but its first
# line is no key, and is not repeated into the log.
rm -f "$conf" && cp "$secret" "$conf"
kill -s HUP "$DAEMON_PID"
wait_for_log "reload: $conf:1: not a key \\(not shown"
grep -q SECRET "$TMP/err" && fail "the log shows the file: $(grep SECRET "$TMP/err")"

# A status file in a world-writable directory: every check would refuse
# it, so the reload is refused, and the status file stays where it was.
mkdir -m 1777 "$TMP/open"
printf 'interval 3600\nstatus-file %s\n' "$TMP/open/status.json" >"$conf"
kill -s HUP "$DAEMON_PID"
wait_for_log "reload: status file .*$TMP/open.*; keeping the configuration in force"
n=$(grep -Ec 'check [0-9]+:' "$TMP/err")
kill -s USR1 "$DAEMON_PID"
wait_for_log 'check [0-9]+:' $((n + 1))
[ -e "$TMP/open/status.json" ] && fail "the refused status file was written"
grep -q 'configuration reloaded' "$TMP/err" && fail "a refused reload was applied"

# A reload that turns watch mode on starts it at once.
in_host ip route add 224.2.0.0/24 dev lo || hard_error "route"
printf 'interval 3600\nstatus-file %s\nwatch yes\n' "$TMP/run/status.json" >"$conf"
kill -s HUP "$DAEMON_PID"
wait_for_log 'configuration reloaded'
wait_for_log 'watch: groups routed to loopback: 224.2.0.0/24$'
in_host ip route del 224.2.0.0/24 dev lo

# SIGTERM ends it within a second.
start=$(date +%s%N)
stop_daemon
end=$(date +%s%N)
assert_rc 0
[ $(((end - start) / 1000000)) -lt 1000 ] ||
	fail "SIGTERM took $(((end - start) / 1000000)) ms"
grep -q SECRET "$TMP/err" && fail "the log shows the file: $(grep SECRET "$TMP/err")"

# Interval 2, a SIGHUP every second for 10 s: a reload never postpones
# the next check, so checks keep coming, about one every 2 s.
printf 'interval 2\nstatus-file %s\n' "$TMP/run/status.json" >"$conf"
start_daemon -v -f "$conf"
wait_for_log 'check [0-9]+:' 1
n=$(grep -Ec 'check [0-9]+:' "$TMP/err")
i=0
while [ $i -lt 10 ]; do
	kill -s HUP "$DAEMON_PID"
	sleep 1	# the stimulus: a reload each second
	i=$((i + 1))
done
m=$(grep -Ec 'check [0-9]+:' "$TMP/err")
echo "checks during 10 s of reloads at interval 2: $((m - n))"
[ $((m - n)) -ge 3 ] || fail "only $((m - n)) checks in 10 s of reloads"
[ "$(grep -c 'configuration reloaded' "$TMP/err")" -ge 9 ] ||
	fail "the reloads were not applied"
stop_daemon
assert_rc 0
assert_routes_unchanged
exit 0
