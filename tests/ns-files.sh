#!/bin/sh
# SPDX-License-Identifier: ISC
# Files without symlink surprises: the status file's directory is
# reached without following a symbolic link anywhere in its path, made
# with its owner and mode set through its fd, and refused when it has
# the wrong owner or everyone can write it.  A local user racing the
# daemon's creation of the directory (tests/racer.c swaps in a symbolic
# link to a root-owned directory each time the daemon makes it) never
# gets that directory handed to the -u user.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

require_uid 65534 "directories owned by another user, and a racing local user"
ns_setup
snapshot_routes
mkdir -p "$TMP/real" "$TMP/target" && : >"$TMP/target/precious" &&
	ln -s "$TMP/real" "$TMP/link" || hard_error "cannot set up $TMP"

# A symbolic link in the path: the daemon refuses to start, --once
# refuses to write (and says so), the link's target is untouched.
run_verifyd -d --status-file "$TMP/link/status.json"
assert_rc 3
assert_stderr_line "$TMP/link is a symbolic link; refused"
run_verifyd --once --json --status-file "$TMP/link/sub/status.json"
assert_rc 2
grep -q "status file $TMP/link/sub: $TMP/link is a symbolic link; refused" \
	"$TMP/err" || fail "--once did not say it refused the status file"
[ -z "$(ls -A "$TMP/real")" ] || fail "something was written through the link"

# An existing directory owned by another user, or writable by everyone.
mkdir -m 755 "$TMP/nobodys" && chown 65534 "$TMP/nobodys" &&
	mkdir -m 777 "$TMP/open" || hard_error "cannot make the directories"
run_verifyd -d --status-file "$TMP/nobodys/status.json"
assert_rc 3
assert_stderr_line "$TMP/nobodys: owned by uid 65534, not by root or the user mcastlo-verifyd runs as; refused"
run_verifyd -d --status-file "$TMP/open/status.json"
assert_rc 3
assert_stderr_line "$TMP/open: writable by everyone (mode 0777); refused"

# The race: a parent directory the racer (nobody) can write, the daemon
# run with -u nobody, 40 starts.  Each start either wins (started), or
# finds the racer's link (refused), or finds the name gone between the
# racer's rename and its symlink and gives up (No such file or
# directory): all three leave the target alone, which is what counts.
RACE=$(mktemp -d) || hard_error "mktemp failed"
BG_CLEANUP="$BG_CLEANUP $RACE"
chmod 755 "$RACE" && chown 65534:65534 "$RACE" || hard_error "cannot set up $RACE"
mkfifo "$TMP/racer.fifo"
setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$top_builddir/tests/racer" "$RACE" status.d "$TMP/target" >"$TMP/racer.fifo" &
BG_PIDS="$BG_PIDS $!"
exec 4<"$TMP/racer.fifo"
read -r line <&4 && [ "$line" = ready ] || hard_error "the racer did not start"
i=0 refused=0
while [ $i -lt 40 ]; do
	i=$((i + 1))
	start_verifyd 'started:|refused|status\.d: No such file or directory$' \
		-d -u nobody --interval 60 \
		--status-file "$RACE/status.d/status.json"
	grep -q refused "$TMP/err" && refused=$((refused + 1))
	kill -s TERM "$VERIFYD_PID" 2>/dev/null
	wait "$VERIFYD_PID"
	rm -rf "$RACE"/status.d*
done
exec 4<&-
owner=$(stat -c %u "$TMP/target")
[ "$owner" = 0 ] || fail "the racer won: $TMP/target is now owned by uid $owner"
[ "$(stat -c %u "$TMP/target/precious")" = 0 ] || fail "the racer won a file"
echo "40 daemon starts against the racer: refused $refused times, target untouched"
assert_routes_unchanged
exit 0
