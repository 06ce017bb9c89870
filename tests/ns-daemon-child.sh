#!/bin/sh
# SPDX-License-Identifier: ISC
# The daemon's every check runs in a child process, so a check that is
# stuck stalls only itself: with its child stopped (SIGSTOP), the
# daemon's loop still feeds the watchdog and answers SIGUSR1 ("a check
# is running already"); the child ignores SIGUSR1, which systemctl kill
# sends to the unit's every process.  The child killed (SIGKILL) is an
# UNKNOWN result naming the signal, in the status file and the log, as
# a check outside rounds (no netns in it), and the daemon goes on: its
# next check sweeps the route the dead one left and gives its verdict.
# The daemon killed, its check's child ends that check, route removed.
# A stop sent to the child after its check keeps its result.
# The child holds none of the daemon's sockets (it closes what it
# inherits).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
# A daemon that waits on its stopped child (the bug this test is for)
# answers no SIGTERM: both are killed.
child=
trap 'kill -s KILL $child ${DAEMON_PID:-} 2>/dev/null; ns_cleanup' EXIT
snapshot_routes
status=$TMP/run/status.json
hold_send_probe	# the check waits for its send() probe: time to act

"$top_builddir/tests/notifyrecv" "$TMP/notify.sock" STOPPING=1 >"$TMP/notify.out" &
BG_PIDS="$BG_PIDS $!"
wait_for_lines '^listening$' "$TMP/notify.out" 1 "notifyrecv did not start" hard_error
NOTIFY_SOCKET=$TMP/notify.sock WATCHDOG_USEC=200000 \
	start_daemon -v --watch --interval 3600 --probe-wait 60000 --status-file "$status"
wait_for_log 'probe send\(\): sent'
child=$(sed -n 's/.*checking in process \([0-9][0-9]*\)$/\1/p' "$TMP/err" | head -n 1)
[ -n "$child" ] || fail "the check did not run in a child process"
parent=$(sed 's/.*) //' "/proc/$child/stat" | cut -d' ' -f2)
[ "$parent" = "$DAEMON_PID" ] ||
	fail "process $child is not the daemon's child (its parent: $parent)"
ignored=$(sed -n 's/^SigIgn:[[:space:]]*//p' "/proc/$child/status")
[ $((0x$ignored & (1 << (10 - 1)))) -ne 0 ] ||
	fail "the check's child does not ignore SIGUSR1 (SigIgn $ignored)"
[ $((0x$ignored & (1 << (1 - 1)))) -ne 0 ] ||
	fail "the check's child does not ignore SIGHUP (SigIgn $ignored)"

# The child holds none of the daemon's sockets (watch mode's capture,
# netlink, the loop's signal socket, syslog's): what it has, it opened.
sockets_of() {
	ls -l "/proc/$1/fd" 2>/dev/null | sed -n 's/.*socket:\[\([0-9]*\)\]$/\1/p' | sort -u
}
sockets_of "$DAEMON_PID" >"$TMP/daemon.sockets"
sockets_of "$child" >"$TMP/child.sockets"
[ -s "$TMP/daemon.sockets" ] || hard_error "the daemon has no socket open"
shared=$(comm -12 "$TMP/daemon.sockets" "$TMP/child.sockets" | tr '\n' ' ')
[ -z "$shared" ] || fail "the check's child holds the daemon's sockets: $shared"

# The check stuck: the daemon's loop goes on.
kill -s STOP "$child"
n=$(grep -c '^WATCHDOG=1$' "$TMP/notify.out")
wait_for_lines '^WATCHDOG=1$' "$TMP/notify.out" $((n + 3)) \
	"the watchdog stopped while the check's child was stopped"
kill -s USR1 "$DAEMON_PID"
wait_for_log 'a check is running already'
[ -e "$status" ] && fail "a status file before the check ended"

# The check's child killed: UNKNOWN, the signal named; the daemon lives.
kill -s KILL "$child"
child=
wait_for_log 'check UNKNOWN: the check was killed by signal 9 \(Killed\)$'
jq -e '.status == "UNKNOWN" and .exit_code == 3 and .netns == null and
	.summary == "the check was killed by signal 9 (Killed)"' "$status" \
	>/dev/null || fail "status file: $(cat "$status")"
kill -0 "$DAEMON_PID" 2>/dev/null || fail "the daemon died with its check"
tagged_routes | grep -q "^$GROUP dev lo" ||
	fail "the killed check left no route (was it killed mid-check?)"

# The next check: the dead one's route swept, a verdict again.
release_send_probe
kill -s USR1 "$DAEMON_PID"
wait_for_log 'check CRITICAL: send\(\) leaked through eth0'
jq -e '.status == "CRITICAL" and .netns == null' "$status" >/dev/null ||
	fail "status file after the next check: $(cat "$status")"
n=$(grep -c '^WATCHDOG=1$' "$TMP/notify.out")
wait_for_lines '^WATCHDOG=1$' "$TMP/notify.out" $((n + 1)) \
	"no watchdog after the killed check"
stop_daemon
assert_rc 0
assert_routes_unchanged

# The daemon killed mid-check: its child is sent SIGTERM, ends the
# check and removes the route.
hold_send_probe
start_daemon -v --interval 3600 --probe-wait 60000 -t 120 --status-file "$status"
wait_for_log 'probe send\(\): sent'
child=$(sed -n 's/.*checking in process \([0-9][0-9]*\)$/\1/p' "$TMP/err" | head -n 1)
[ -n "$child" ] || fail "the check did not run in a child process"
tagged_routes | grep -q "^$GROUP dev lo" || fail "no route while the check runs"
kill -s KILL "$DAEMON_PID"
wait "$DAEMON_PID"
wait_for_lines 'removed route 224\.16\.17\.8/32 dev lo$' "$TMP/err" 1 \
	"the check's child did not end its check when the daemon died"
# Gone, or a zombie its new parent has yet to reap.
child_ended() {
	case $(sed 's/.*) //' "/proc/$child/stat" 2>/dev/null | cut -d' ' -f1) in
	''|Z|X) return 0 ;;
	esac
	return 1
}
wait_until "the check's child outlived its check" fail child_ended
child=
release_send_probe
assert_routes_unchanged

# A stop that reaches the child once its check is done (systemctl stop
# signals every process of the unit) waits until the result is sent:
# the files get the check's verdict, not "killed by signal 15".  With
# the daemon stopped, the child blocks sending its result (more than a
# pipe holds): a window that does not depend on timing.
rm -f "$status"
hold_send_probe
start_daemon -v --interval 3600 --probe-wait 1000 --status-file "$status"
wait_for_log 'probe send\(\): sent'
child=$(sed -n 's/.*checking in process \([0-9][0-9]*\)$/\1/p' "$TMP/err" | head -n 1)
[ -n "$child" ] || fail "the check did not run in a child process"
kill -s STOP "$DAEMON_PID"
# sending: blocked writing to the pipe (or, if it all fit, ended).
sending() {
	case $(cat "/proc/$child/wchan" 2>/dev/null) in
	*pipe_write*) return 0 ;;
	esac
	child_ended
}
wait_until "the check's child did not come to send its result" fail sending
# taken: the stop held back (blocked and pending) or the child's end; not
# let on before, or a reader could drain the pipe and let the write end
# before the signal is seen.
taken() {
	local blk pnd
	child_ended && return 0
	blk=$(sed -n 's/^SigBlk:[[:space:]]*//p' "/proc/$child/status")
	pnd=$(sed -n 's/^ShdPnd:[[:space:]]*//p' "/proc/$child/status")
	[ -n "$blk" ] && [ -n "$pnd" ] &&
		[ $((0x$blk & 0x$pnd & (1 << (15 - 1)))) -ne 0 ]
}
kill -s TERM "$child"
wait_until "the check's child did not take SIGTERM" fail taken
kill -s CONT "$DAEMON_PID"
wait_for_log 'check (OK|WARNING|CRITICAL|UNKNOWN): '
grep -Eq 'check CRITICAL: send\(\) was captured nowhere' "$TMP/err" &&
	jq -e '.status == "CRITICAL"' "$status" >/dev/null ||
	fail "a stop after the check lost its result: $(grep -E 'check [A-Z]+: ' "$TMP/err")"
child=
stop_daemon
assert_rc 0
release_send_probe
assert_routes_unchanged
exit 0
