#!/bin/sh
# SPDX-License-Identifier: ISC
# The daemon's files under trouble: a full disk is logged once, not at
# every check, and its end is logged; the temporary file of a write
# killed between writing and renaming is removed at the next start, and
# nothing else is.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
snapshot_routes
disk=$TMP/disk
mkdir "$disk"
# A small tmpfs for the status file, so the disk can really be filled.
mount -t tmpfs -o size=256k,mode=0750 mcv-test "$disk" ||
	skip "cannot mount a tmpfs"
trap 'umount "$disk" 2>/dev/null; ns_cleanup' EXIT
status=$disk/status.json

# A write killed before its rename (the fault injector SIGKILLs the
# daemon there) leaves its temporary file.
[ -f "$FAULT_LIB" ] || hard_error "$FAULT_LIB is not built"
DAEMON_WRAP="env LD_PRELOAD=$FAULT_LIB MCV_FAULT=kill-before-rename
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	start_daemon --interval 3600 --status-file "$status"
wait "$DAEMON_PID"
RC=$?
[ "$RC" = 137 ] || fail "the daemon was not killed at its rename (exit status $RC)"
left=$(ls -A "$disk" | grep -E '^\.status\.json\.[0-9a-f]{8}$')
[ -n "$left" ] || fail "no temporary file left: $(ls -A "$disk")"
[ -e "$status" ] && fail "the status file was written all the same"
# Names that are not its temporary files stay.
touch "$disk/.status.json.notmine" "$disk/.other.json.0123abcd" \
	"$disk/status.json.0123abcd"

# Each line with its priority ("<3>" an error, "<7>" debug: -v repeats
# the error at each check, as debug), as the journal would get it.
: >"$TMP/err"
JOURNAL_STREAM=$(stat -c '%d:%i' "$TMP/err") \
	start_daemon -v --interval 1 --status-file "$status"
wait_for_log "removed $left, left next to $status by a write that was cut short"
wait_for_log 'check [0-9]+:' 1
[ -e "$disk/$left" ] && fail "$left is still there"
for f in .status.json.notmine .other.json.0123abcd status.json.0123abcd; do
	[ -e "$disk/$f" ] || fail "$f was removed"
done
jq -e '.status' "$status" >/dev/null || fail "no status file"

# The disk full: said once however many checks meet it.
dd if=/dev/zero of="$disk/fill" bs=4096 2>/dev/null
n=$(grep -Ec 'check [0-9]+:' "$TMP/err")
wait_for_log "status file $status: No space left on device"
wait_for_log 'check [0-9]+:' $((n + 4))
grep -q "^<3>status file $status: No space left on device" "$TMP/err" &&
[ "$(grep -c '^<[0-6]>.*No space left on device' "$TMP/err")" = 1 ] ||
	fail "the full disk was logged at every check: $(grep '^<[0-6]>.*No space' "$TMP/err")"
# And its end.
rm -f "$disk/fill"
wait_for_log "^<6>status and metrics files written again \\(after: status file $status: No space left on device\\)"
stop_daemon
assert_rc 0
assert_routes_unchanged
exit 0
