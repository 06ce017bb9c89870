#!/bin/sh
# SPDX-License-Identifier: ISC
# Out of file descriptors anywhere, libevent's own set-up included, is
# UNKNOWN: exit 3, one line naming the errno ("Too many open files"),
# and an UNKNOWN object where JSON or a Nagios line was asked for;
# never exit 1 (WARNING), never an interface blamed for it.  Every
# limit from 3 to 16 descriptors, --once and the daemon (at its start,
# and in its checks' child processes); and no memory for the event
# loop, or for a check's child.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
command -v prlimit >/dev/null 2>&1 || skip "needs prlimit (util-linux)"
snapshot_routes
EMFILE='Too many open files'

# daemon_decided: the daemon has given its first check's verdict, or
# has ended.
daemon_decided() {
	grep -Eq 'check (OK|WARNING|CRITICAL|UNKNOWN):' "$TMP/err" ||
		! kill -0 "$DAEMON_PID" 2>/dev/null
}

# limited N ARGS...: the verifier in the host namespace with at most N
# descriptors; sets RC.  stdin is closed: with 0, 1 and 2 all open and
# a limit of 3, the dynamic loader itself could not open a library,
# before any of the program runs.
limited() {
	local n=$1
	shift
	timeout -k 5 20 ip netns exec "$NS_HOST" prlimit --nofile="$n:$n" \
		"$VERIFYD" "$@" <&- >"$TMP/out" 2>"$TMP/err"
	RC=$?
}

# The verdict with descriptors to spare: a limit that lets the check
# run must give the same.
run_verifyd --once --json
full=$RC
[ "$full" = 2 ] || fail "without a limit the check says $RC, not CRITICAL"

# Under AddressSanitizer the runtime itself spins before main when a
# file it opens gets descriptor 0 (a dup() loop): that build starts at 4.
first=3
grep -q __asan_init "$VERIFYD" && first=4
n=$first
exhausted=0
while [ $n -le 16 ]; do
	limited $n --once --json
	case $RC in
	3)	assert_stderr_line "$EMFILE"
		assert_json ".status == \"UNKNOWN\" and .exit_code == 3 and
			(.summary | contains(\"$EMFILE\"))"
		exhausted=$((exhausted + 1)) ;;
	"$full") assert_json '.status == "CRITICAL" and .error == null' ;;
	*)	fail "with $n descriptors: exit status $RC" ;;
	esac
	limited $n --once --format nagios
	case $RC in
	3)	assert_stderr_line "$EMFILE"
		grep -q "^MCASTLO UNKNOWN - .*$EMFILE" "$TMP/out" ||
			fail "with $n descriptors, not a Nagios UNKNOWN: $(cat "$TMP/out")" ;;
	"$full") ;;
	*)	fail "with $n descriptors (nagios): exit status $RC" ;;
	esac
	assert_routes_unchanged
	n=$((n + 1))
done
# libevent's set-up alone needs more than 6: at least those are exhausted.
[ $exhausted -ge 4 ] || fail "only $exhausted limits ran out of descriptors"

# The daemon: refused at start, exit 3, the errno named (libevent's
# signal socketpair or the status file's directory, whichever is first).
for n in $first 4 5; do
	limited $n -d --interval 1 --status-file "$TMP/run/status.json"
	assert_rc 3
	assert_stderr_line "$EMFILE"
done
assert_routes_unchanged

# Past its start, each check's child process inherits the limit: a
# check out of descriptors (its pipe, its loop, its sockets) is an
# UNKNOWN naming the errno, in the status file and the log, and the
# daemon goes on; a daemon that cannot start says why.
started=0
n=6
while [ $n -le 16 ]; do
	rm -f "$TMP/run/status.json"
	DAEMON_WRAP="prlimit --nofile=$n:$n" start_daemon --interval 3600 \
		--status-file "$TMP/run/status.json"
	wait_until "with $n descriptors: no check and no exit" fail \
		daemon_decided
	if ! kill -0 "$DAEMON_PID" 2>/dev/null; then
		wait "$DAEMON_PID"
		RC=$?
		assert_rc 3
		assert_stderr_line "$EMFILE"
		n=$((n + 1))
		continue
	fi
	started=$((started + 1))
	if grep -q 'check UNKNOWN' "$TMP/err"; then
		grep -q "check UNKNOWN: .*$EMFILE" "$TMP/err" ||
			fail "with $n descriptors: $(grep 'check UNKNOWN' "$TMP/err")"
		[ ! -e "$TMP/run/status.json" ] ||
			jq -e ".status == \"UNKNOWN\" and .exit_code == 3 and
			(.summary | contains(\"$EMFILE\")) and
			.group == \"$GROUP\"" \
			"$TMP/run/status.json" >/dev/null ||
			fail "with $n descriptors: $(cat "$TMP/run/status.json")"
	fi
	stop_daemon
	assert_rc 0
	assert_routes_unchanged
	n=$((n + 1))
done
[ $started -ge 1 ] || fail "the daemon never started with up to 16 descriptors"

# Out of memory where libevent makes its loop (the fault injector):
# UNKNOWN with the errno, JSON too.
with_fault event-base "$VERIFYD" --once --json
assert_rc 3
assert_stderr_line 'cannot create the event loop: Cannot allocate memory'
assert_json '.status == "UNKNOWN" and (.summary | contains("Cannot allocate memory"))'
with_fault event-base "$VERIFYD" -d --interval 1 --status-file "$TMP/run/status.json"
assert_rc 3
assert_stderr_line 'cannot set up the event loop: Cannot allocate memory'
assert_routes_unchanged

# No memory to fork a check's child (the fault injector): that check is
# UNKNOWN with the errno named, and the daemon goes on to the next.
rm -f "$TMP/run/status.json"
DAEMON_WRAP="env LD_PRELOAD=$FAULT_LIB MCV_FAULT=fork
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	start_daemon -v --interval 3600 --status-file "$TMP/run/status.json"
wait_for_log 'check UNKNOWN: cannot start the check: Cannot allocate memory$'
jq -e '.status == "UNKNOWN" and .exit_code == 3 and
	.summary == "cannot start the check: Cannot allocate memory"' \
	"$TMP/run/status.json" >/dev/null ||
	fail "status file: $(cat "$TMP/run/status.json")"
kill -s USR1 "$DAEMON_PID"
wait_for_log 'check [0-9]+: UNKNOWN: cannot start the check: Cannot allocate memory' 2
stop_daemon
assert_rc 0
assert_routes_unchanged
exit 0
