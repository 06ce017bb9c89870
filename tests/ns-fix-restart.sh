#!/bin/sh
# SPDX-License-Identifier: ISC
# Who must restart after --fix: an application connected before the fix
# keeps the source it took at connect() and still leaks; --fix names it
# by its unit first (the socket's cgroup, here a directory named like a
# systemd unit), then its uid, pid and command, in the text and in JSON
# repair.still_leaking[].unit.  Ground truth: the gateway's tcpdump
# still gets the running application's datagrams after the fix, and a
# new application stays on lo.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
command -v nsenter >/dev/null 2>&1 || skip "needs nsenter (util-linux)"
require_real_root "moves an application into a cgroup of its own"
CGROOT=$(awk '$9 == "cgroup2" && $4 == "/" { print $5; exit }' /proc/self/mountinfo)
[ -n "$CGROOT" ] || skip "needs cgroup v2 mounted"
ns_setup
CG_SLICE=$CGROOT/mcv-test-$$.slice
CG_UNIT=$CG_SLICE/marketfeed.service
trap 'ns_cleanup; rmdir "$CG_UNIT" "$CG_SLICE" 2>/dev/null' EXIT
in_host ip route add 224.16.17.0/24 dev lo proto static metric 50 ||
	hard_error "cannot add the admin route"
snapshot_routes
mkdir "$CG_SLICE" "$CG_UNIT" || hard_error "cannot make $CG_UNIT"

# ip netns exec mounts a fresh /sys, without the cgroup tree: the app
# and the verifier enter the host's network namespace alone.  The
# socket's cgroup is its creator's: the app joins the unit first.
# in_unit NAME ARGS...: mcapp ARGS in the unit, its pid in READY_PID.
in_unit() {
	local name=$1
	shift
	mkfifo "$TMP/$name.fifo"
	nsenter --net="/run/netns/$NS_HOST" sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' \
		sh "$CG_UNIT" "$MCAPP" "$@" >"$TMP/$name.fifo" &
	READY_PID=$!
	BG_PIDS="$BG_PIDS $READY_PID"
	read -r line <"$TMP/$name.fifo" && [ "$line" = ready ] ||
		hard_error "the unit's $name did not start"
}
fix() {
	nsenter --net="/run/netns/$NS_HOST" "$VERIFYD" "$@" >"$TMP/out" 2>"$TMP/err"
	RC=$?
}

tcpdump_start gw "$NS_GW" gw0 "udp and dst port 5000"
in_unit oldapp -t 300 connect 224.16.17.50 5000
OLDAPP=$READY_PID
wait_for_lines '224\.16\.17\.50\.5000' "$TMP/gw.truth" 1 \
	"ground truth: the gateway never got the running application's datagrams"

fix --fix
assert_rc 0
grep -qx "marketfeed\\.service still sends from 198\\.51\\.100\\.2; restart it to pick up the fix (uid 0, pid $OLDAPP, command mcapp; socket 198\\.51\\.100\\.2:[0-9]* -> 224\\.16\\.17\\.50)" "$TMP/out" ||
	fail "the running application is not named by its unit first"
# Ground truth: it does still leak after the fix...
n=$(grep -c '224\.16\.17\.50\.5000' "$TMP/gw.truth")
wait_for_lines '224\.16\.17\.50\.5000' "$TMP/gw.truth" $((n + 1)) \
	"ground truth: the running application stopped leaking after the fix"
# ... and a new application does not.
truth_host_gw connect
[ "$(truth_where host) $(truth_count gw)" = "lo 0" ] ||
	fail "ground truth: a new application went to $(truth_where host) after the fix"
fix --fix --undo
assert_rc 0
assert_routes_unchanged

fix --fix --json
assert_rc 0
assert_json '.repair.proven and (.repair.still_leaking | length == 1)'
assert_json '.repair.still_leaking[0] | .unit == "marketfeed.service" and .pid == '"$OLDAPP"' and .uid == 0 and .command == "mcapp" and .group == "224.16.17.50" and .interface == "eth0"'
fix --fix --undo
assert_rc 0
assert_routes_unchanged
kill "$OLDAPP"; wait "$OLDAPP" 2>/dev/null
tcpdump_stop gw
exit 0
