#!/bin/sh
# SPDX-License-Identifier: ISC
# Eight checks started at once in one namespace take turns: each gives
# the right verdict, and together they leave no route.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
snapshot_routes
pids=
for i in 1 2 3 4 5 6 7 8; do
	ip netns exec "$NS_HOST" "$VERIFYD" --once --json >"$TMP/out.$i" 2>"$TMP/err.$i" &
	pids="$pids $!"
done
i=0
for pid in $pids; do
	i=$((i + 1))
	wait "$pid"
	rc=$?
	cp "$TMP/out.$i" "$TMP/out"
	cp "$TMP/err.$i" "$TMP/err"
	RC=$rc
	assert_rc 2
	assert_json '.status == "CRITICAL" and .route == "added" and .route_removed'
	assert_json '.probes[0].captured_on == ["lo"] and .probes[1].captured_on == ["eth0"]'
done
# Each run had a port of its own at its time (the kernel may hand a
# freed port to a later run, since they take turns).
[ "$(cat "$TMP"/out.[1-8] | jq -r 'select(.port > 0) | .port' | wc -l)" = 8 ] ||
	fail "a run had no port"
assert_routes_unchanged
exit 0
