#!/bin/sh
# SPDX-License-Identifier: ISC
# One --once check under valgrind: no memory errors and no leaks (the
# sanitizer build is skipped: valgrind cannot run it).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v valgrind >/dev/null 2>&1 || skip "needs valgrind"
grep -q __asan_init "$VERIFYD" 2>/dev/null && skip "an ASan build; valgrind cannot run it"
ns_setup
snapshot_routes

in_host valgrind -q --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
	--log-file="$TMP/valgrind" "$VERIFYD" --once --json --probe-wait 5000 >"$TMP/out" 2>"$TMP/err"
RC=$?
[ -s "$TMP/valgrind" ] && cat "$TMP/valgrind" >&2
[ "$RC" = 99 ] && fail "valgrind found errors or leaks"
assert_rc 2
assert_json '.probes[0].captured_on == ["lo"] and .probes[1].captured_on == ["eth0"]'
assert_routes_unchanged
exit 0
