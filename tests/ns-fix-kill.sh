#!/bin/sh
# SPDX-License-Identifier: ISC
# --fix killed with SIGKILL at each of its stages (waited for on its -v
# log lines, "fix: ...") leaves the group's route either as it was or
# as the fix makes it: never none, never two.  --fix --undo then puts
# it back byte for byte from the record, whatever the stage.  Both the
# way to a proven fix and the way to a rollback (a multicast router
# that forwards the fixed sources out of eth0, as in ns-fix-rollback).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

[ -e /proc/net/ip_mr_vif ] || skip "the kernel has no IPv4 multicast routing"
ns_setup
in_host ip route add 224.16.17.0/24 dev lo proto static metric 50 ||
	hard_error "cannot add the admin route"
snapshot_routes
OLD='224.16.17.0/24 dev lo proto static scope link metric 50 '
NEW='224.16.17.0/24 dev lo proto static scope link src 127.0.0.1 metric 50 '
old=0
new=0

# kill_at PATTERN ARGS...: --fix ARGS, killed once it logs PATTERN; the
# route must be the old one or the new one, and --undo restores it.
kill_at() {
	local pattern=$1
	shift
	start_verifyd "fix: $pattern" --fix -v "$@"
	kill -s KILL "$VERIFYD_PID" 2>/dev/null	# it may have finished
	wait "$VERIFYD_PID" 2>/dev/null
	[ "$(routes | grep -c '^224\.16\.17\.')" = 1 ] ||
		{ routes >&2; fail "killed at '$pattern': not exactly one route for the /24"; }
	if routes | grep -qxF "$OLD"; then
		old=$((old + 1))
	elif routes | grep -qxF "$NEW"; then
		new=$((new + 1))
	else
		routes >&2
		fail "killed at '$pattern': the route is neither the old nor the new one"
	fi
	run_verifyd --fix --undo
	assert_rc 0
	assert_routes_unchanged
	ls "$RUNTIME_DIRECTORY" | grep -q '^fix-' && fail "--undo left the record"
}

i=0
while [ $i -lt 3 ]; do
	i=$((i + 1))
	for stage in 'check lock held' 'planned' 'recorded' 'applied' 'proving' 'proven'; do
		kill_at "$stage"
	done
done
echo "proven path: $old old, $new new"
# A kill once the fix is proven leaves it: the new route, every time.
[ $new -ge 3 ] || fail "no kill left the fixed route"

start_ready mrouter "$top_builddir/tests/mrouter" "$GROUP" 127.0.0.1 lo eth0
i=0
while [ $i -lt 3 ]; do
	i=$((i + 1))
	for stage in 'proving' 'rolling back' 'put back' 'rolled back'; do
		kill_at "$stage" --ttl 2
	done
done
echo "with the rollback: $old old, $new new in all"
[ $old -ge 3 ] || fail "no kill left the old route"
exit 0
