#!/bin/sh
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
ports=$(cat "$TMP"/out.[1-8] | jq -r .port | sort -u | wc -l)
[ "$ports" = 8 ] || fail "the runs did not each use their own port ($ports ports)"
assert_routes_unchanged
exit 0
