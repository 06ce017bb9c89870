#!/bin/sh
# SPDX-License-Identifier: ISC
# Out of file descriptors anywhere, libevent's own set-up included, is
# UNKNOWN: exit 3, one line naming the errno ("Too many open files"),
# and an UNKNOWN object where JSON or a Nagios line was asked for;
# never exit 1 (WARNING), never an interface blamed for it.  Every
# limit from 3 to 16 descriptors, --once and the daemon; and no memory
# for the event loop.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
command -v prlimit >/dev/null 2>&1 || skip "needs prlimit (util-linux)"
snapshot_routes
EMFILE='Too many open files'

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
exit 0
