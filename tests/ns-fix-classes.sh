#!/bin/sh
# SPDX-License-Identifier: ISC
# --fix for every class of application the policy rules route apart: a
# uidrange rule sends uid 1000-1999 to table 100, whose default route
# leaves through eth0, while main has an administrator's route to lo
# for the group's /24 (no source: send() leaks for everyone).  The plan
# replaces the admin's route in main (source added) and adds a route of
# ours for the /24 in table 100, the table in effect for the class; the
# check after the fix probes as the class (uid 1000) and proves both.
# A class whose table keeps leaking after the fix (a more specific
# route out of eth0 there) rolls the whole fix back byte for byte.
# Ground truth: tcpdump in the host and the gateway, and plain
# applications run as uid 1000 (setpriv) and as root, both methods.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
command -v setpriv >/dev/null 2>&1 || skip "needs setpriv (to play uid 1000)"
require_uid 1000 "applications and probes of uid 1000 (a uidrange class)"
ns_setup
AS_UID="setpriv --reuid 1000 --regid 1000 --clear-groups"
CLASS="uid 1000-1999"

# truth WRAP MODE WHERE: a plain application (as WRAP) sending to the
# group with MODE goes WHERE, and the gateway gets it only if it leaks.
truth() {
	TRUTH_WRAP=$1 truth_host_gw "$2"
	[ "$(truth_where host)" = "$3" ] ||
		fail "ground truth: ${1:-root} $2 went to $(truth_where host), not $3"
	[ "$(truth_count gw)" = "$([ "$3" = lo ] && echo 0 || echo 1)" ] ||
		fail "ground truth: the gateway got $(truth_count gw) of ${1:-root} $2"
}

in_host ip route add 224.16.17.0/24 dev lo proto static metric 50 &&
in_host ip route add default via "$GW_ADDR" dev eth0 table 100 &&
in_host ip rule add uidrange 1000-1999 lookup 100 pref 32765 ||
	hard_error "cannot set up the routes and the rule"
snapshot_routes
MAIN_PLAN='ip route replace 224.16.17.0/24 dev lo table main proto static metric 50 scope link src 127.0.0.1'
CLASS_PLAN='ip route add 224.16.17.0/24 dev lo table 100 proto 201 metric 1 scope link src 127.0.0.1'

# Before: uid 1000 leaks with both methods, root with send().
truth "$AS_UID" sendto eth0
truth "$AS_UID" connect eth0
truth "" connect eth0

# The plan: one entry per class, each in the table in effect for it.
run_verifyd --fix --dry-run --json
assert_rc 2
assert_json '.repair.plan | length == 2'
assert_json '.repair.plan[0] | .class == "default" and .table == 254 and .action == "replace" and .command == "'"$MAIN_PLAN"'"'
assert_json '.repair.plan[1] | .class == "'"$CLASS"'" and .table == 100 and .action == "add" and .command == "'"$CLASS_PLAN"'"'
assert_routes_unchanged

run_verifyd --fix --json -v
assert_rc 0
assert_json '.repair.applied and .repair.proven and (.repair.rolled_back | not)'
assert_json '.status == "OK" and (.classes | length == 1) and .classes[0].class == "'"$CLASS"'" and .classes[0].probed and (.classes[0].leaks | not)'
ip -n "$NS_HOST" route show table 100 | grep -qxF '224.16.17.0/24 dev lo proto 201 scope link src 127.0.0.1 metric 1 ' ||
	fail "table 100 does not hold the class's fix"
routes | grep -qxF '224.16.17.0/24 dev lo proto static scope link src 127.0.0.1 metric 50 ' ||
	fail "main's admin route is not fixed in place"
# After: new applications of uid 1000 and of root stay on lo, both methods.
truth "$AS_UID" sendto lo
truth "$AS_UID" connect lo
truth "" sendto lo
truth "" connect lo
run_verifyd --fix --undo
assert_rc 0
assert_routes_unchanged
truth "$AS_UID" connect eth0

# A class the fix cannot keep on lo: table 100 has a more specific route
# out of eth0 for the group, which the plan's /24 does not override.
# The check after the fix catches it for the class and every route goes
# back as it was.
in_host ip route add "$GROUP/32" via "$GW_ADDR" dev eth0 table 100 ||
	hard_error "cannot add the /32 in table 100"
snapshot_routes
run_verifyd --fix --json
assert_rc 2
assert_json '.repair.applied and (.repair.proven | not) and .repair.rolled_back'
assert_json '.repair.why == "applications of '"$CLASS"' (rule 32765: uidrange 1000-1999 lookup 100) still leak through eth0 after the fix"'
assert_routes_unchanged
ls "$RUNTIME_DIRECTORY" | grep -q '^fix-' && fail "a rolled back fix left its record"
exit 0
