#!/bin/sh
# SPDX-License-Identifier: ISC
# An unprivileged local user who holds whatever it can reach of the
# lock (tests/squat.c: the abstract socket name an older lock used, with
# its accept queue full; the runtime directory, flock()ed; the lock file
# and the directory, which it cannot open or write) cannot take the
# lock nor stall a check: --once still reaches its verdict within 3 s,
# and the daemon still writes its status file and honours SIGTERM.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

require_uid 65534 "a local user squatting the lock"
ns_setup
snapshot_routes
# A runtime directory as systemd makes it, but one that others may
# enter and read (0755), so the squatter sees the lock file.
SQUAT_DIR=$(mktemp -d) || hard_error "mktemp failed"
BG_CLEANUP="$BG_CLEANUP $SQUAT_DIR"
chmod 755 "$SQUAT_DIR" && mkdir -m 755 "$SQUAT_DIR/run" ||
	hard_error "cannot make $SQUAT_DIR/run"
RUNTIME_DIRECTORY=$SQUAT_DIR/run
export RUNTIME_DIRECTORY

run_verifyd --once --json		# makes the lock file
assert_rc 2
lockfile=$SQUAT_DIR/run/netns-$(in_host stat -L -c %i /proc/self/ns/net).lock

mkfifo "$TMP/squat.fifo"
# A simple command, not in_host (a function, run in a subshell when sent
# to the background), so that $! is the squatter itself and the trap
# ends it (ip netns exec and setpriv both exec).
ip netns exec "$NS_HOST" setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$top_builddir/tests/squat" "$SQUAT_DIR/run" "$lockfile" >"$TMP/squat.fifo" &
BG_PIDS="$BG_PIDS $!"
: >"$TMP/squat.out"
while read -r line; do
	echo "$line" >>"$TMP/squat.out"
	[ "$line" = ready ] && break
done <"$TMP/squat.fifo"
grep -q '^ready$' "$TMP/squat.out" || hard_error "the squatter did not start"
cat "$TMP/squat.out"
grep -q '^abstract name: bound' "$TMP/squat.out" ||
	hard_error "the squatter could not bind the old abstract name"
grep -q '^lock file open: got it' "$TMP/squat.out" &&
	fail "an unprivileged user could open the lock file"
grep -q '^file in the runtime directory: got it' "$TMP/squat.out" &&
	fail "an unprivileged user could write in the runtime directory"

# --once reaches its verdict within 3 s.
start=$(date +%s%N)
run_verifyd --once --json
ms=$(( ($(date +%s%N) - start) / 1000000 ))
assert_rc 2
assert_json '.status == "CRITICAL" and .route_removed'
[ "$ms" -le 3000 ] || fail "--once took $ms ms with a squatter"
echo "--once with a squatter: $ms ms"

# The daemon writes its status and honours SIGTERM.
start_daemon --interval 60 --status-file "$SQUAT_DIR/run/status.json"
wait_for_log 'check CRITICAL'
jq -e '.status == "CRITICAL" and .finished_at != null' \
	"$SQUAT_DIR/run/status.json" >/dev/null || fail "no status file"
[ "$(stat -c %a "$SQUAT_DIR/run/status.json")" = 640 ] ||
	fail "status file mode $(stat -c %a "$SQUAT_DIR/run/status.json")"
start=$(date +%s%N)
stop_daemon
ms=$(( ($(date +%s%N) - start) / 1000000 ))
assert_rc 0
[ "$ms" -le 1000 ] || fail "the daemon took $ms ms to honour SIGTERM"
[ -f "$lockfile" ] || fail "no lock file $lockfile"
[ "$(stat -c %a "$lockfile")" = 600 ] || fail "lock file mode $(stat -c %a "$lockfile")"
assert_routes_unchanged
exit 0
