#!/bin/sh
# Bad input gets one line on stderr naming what was wrong, exit 3, and
# leaves the host as it was.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
snapshot_routes

# expect_bad 'TEXT ON STDERR' ARGS...
expect_bad() {
	local text=$1
	shift
	run_verifyd "$@"
	assert_rc 3
	assert_stderr_line "$text"
	assert_routes_unchanged
}

# Options: refused before anything is touched, nothing on stdout.
expect_bad '10.1.2.3 is not a multicast group' --once -g 10.1.2.3
expect_bad '224.0.0.251 is in 224.0.0.0/24' --once -g 224.0.0.251
expect_bad "--port: '0' is not a number" --once -p 0
expect_bad "--timeout: 'abc'" --once -t abc
expect_bad "unknown method 'nope'" --once --require nope
expect_bad '--bogus: unknown option' --once --bogus
expect_bad "--format: 'xml'" --once --format xml
[ -s "$TMP/out" ] && fail "an option error printed a report"

# Interfaces that do not exist: checked before the route is added.
expect_bad 'interface eth9: No such device' --once --json -i eth9
assert_json '.status == "UNKNOWN" and .exit_code == 3 and .route == "none"'
expect_bad 'loopback interface lo9: No such device' --once -l lo9

exit 0
