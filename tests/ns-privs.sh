#!/bin/sh
# SPDX-License-Identifier: ISC
# Least privilege: during a check only CAP_NET_ADMIN is left (effective,
# permitted and bounding sets), with NO_NEW_PRIVS set, and -u switches
# user.  Without full root but with CAP_NET_RAW and CAP_NET_ADMIN
# (ambient, as systemd gives) a check works; without either, it exits 3
# and names the one that is missing.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v setpriv >/dev/null 2>&1 || skip "needs setpriv (util-linux)"
ns_setup
hold_send_probe
snapshot_routes

users=
phase_needs_uid 65534 "-u nobody" && users=nobody
for user in "" $users; do
	start_verifyd 'probe send\(\): sent' --once --json -v --probe-wait 60000 \
		${user:+-u "$user"}
	status=/proc/$VERIFYD_PID/status
	grep -q '^CapEff:[[:space:]]*0000000000001000$' "$status" ||
		fail "effective capabilities are not CAP_NET_ADMIN alone: $(grep CapEff "$status")"
	grep -q '^CapPrm:[[:space:]]*0000000000001000$' "$status" ||
		fail "permitted capabilities are not CAP_NET_ADMIN alone"
	# The bounding set too: what a process could ever get back.  As root
	# (CAP_SETPCAP) it is cut to CAP_NET_ADMIN; capng_change_id() for -u
	# empties it, which is stricter still.
	if [ -z "$user" ]; then
		grep -q '^CapBnd:[[:space:]]*0000000000001000$' "$status" ||
			fail "bounding set is not CAP_NET_ADMIN alone: $(grep CapBnd "$status")"
	else
		grep -q '^CapBnd:[[:space:]]*000000000000[01]000$' "$status" ||
			fail "-u $user: bounding set holds more than CAP_NET_ADMIN: $(grep CapBnd "$status")"
	fi
	grep -q '^NoNewPrivs:[[:space:]]*1$' "$status" || fail "NO_NEW_PRIVS is not set"
	if [ -n "$user" ]; then
		uid=$(id -u "$user")
		grep -Eq "^Uid:[[:space:]]+$uid[[:space:]]+$uid[[:space:]]+$uid" "$status" ||
			fail "-u $user: not running as uid $uid"
	fi
	kill -s TERM "$VERIFYD_PID"
	wait_verifyd
	assert_rc 3
	assert_json '.route_removed == true'
	assert_routes_unchanged
done
release_send_probe

run_verifyd --once -u no-such-user-here
assert_rc 3
assert_stderr_line "--user: no user 'no-such-user-here'"
assert_routes_unchanged

# Not root, but with the two capabilities as ambient ones, as the
# units run it: a runtime directory of its own (systemd's
# RuntimeDirectory=) and a config file it can read, even when the build
# tree (and so the configured paths) is in a directory only root enters.
if phase_needs_uid 65534 "a check as a user with two ambient capabilities"; then
	NOBODY_DIR=$(mktemp -d) || hard_error "mktemp failed"
	BG_CLEANUP="$BG_CLEANUP $NOBODY_DIR"
	chmod 755 "$NOBODY_DIR" && mkdir -m 750 "$NOBODY_DIR/run" &&
		chown 65534:65534 "$NOBODY_DIR/run" &&
		printf 'timeout 1000\n' >"$NOBODY_DIR/verifyd.conf" &&
		chmod 644 "$NOBODY_DIR/verifyd.conf" || hard_error "cannot set up $NOBODY_DIR"
	in_host env RUNTIME_DIRECTORY="$NOBODY_DIR/run" setpriv --reuid=65534 \
		--regid=65534 --clear-groups \
		--inh-caps=-all,+net_raw,+net_admin --ambient-caps=+net_raw,+net_admin \
		"$VERIFYD" --once --json -f "$NOBODY_DIR/verifyd.conf" >"$TMP/out" 2>"$TMP/err"
	RC=$?
	assert_rc 2
	assert_json '.probes[0].captured_on == ["lo"] and .probes[1].captured_on == ["eth0"] and .route_removed'
	assert_routes_unchanged
fi

for cap in net_raw net_admin; do
	in_host setpriv --bounding-set=-$cap "$VERIFYD" --once >"$TMP/out" 2>"$TMP/err"
	RC=$?
	assert_rc 3
	assert_stderr_line "missing capability CAP_$(echo $cap | tr a-z A-Z)"
	assert_routes_unchanged
done
exit 0
