#!/bin/sh
# SPDX-License-Identifier: ISC
# Every class of application the policy rules route apart: a uidrange
# or fwmark rule sends some applications' lookups to another table.
# The check asks the kernel about each class (RTA_UID, RTA_MARK), probes
# as each (a socket owned by the uid, a socket with SO_MARK), and its
# verdict covers them all, both ways: a leak only for a class is
# CRITICAL and names the class and its rule; a group kept on lo only for
# a class is said to stay there for it, while everyone else leaks.
# Ground truth: tcpdump in the host and in the gateway, and a plain
# application run as the uid (setpriv) or with the mark (mcapp -m).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
command -v setpriv >/dev/null 2>&1 || skip "needs setpriv (to play uid 1000)"
require_uid 1000 "applications and probes of uid 1000 (a uidrange class)"
ns_setup
AS_UID="setpriv --reuid 1000 --regid 1000 --clear-groups"

# truth MODE WHERE GW: a plain application's datagram goes WHERE, and
# the gateway gets GW of it (as TRUTH_WRAP and TRUTH_APP_ARGS say).
truth() {
	truth_host_gw "$1"
	[ "$(truth_where host)" = "$2" ] ||
		fail "ground truth: $1 ${TRUTH_WRAP:-}${TRUTH_APP_ARGS:-} went to $(truth_where host), not $2"
	[ "$(truth_count gw)" = "$3" ] ||
		fail "ground truth: the gateway got $(truth_count gw) of $1"
}
as_root() { TRUTH_WRAP= TRUTH_APP_ARGS= truth "$@"; }
as_uid() { TRUTH_WRAP=$AS_UID TRUTH_APP_ARGS= truth "$@"; }
as_mark() { TRUTH_WRAP= TRUTH_APP_ARGS="-m 5" truth "$@"; }

UIDRULE="rule 32765: uidrange 1000-1999 lookup 100"
MARKRULE="rule 32764: fwmark 0x5 lookup 101"

# 1. A leak only for a class: main keeps the group on lo (with the
#    source fix), but uid 1000-1999 and mark 5 are routed by tables
#    whose default route is eth0.
in_host ip route add "$GROUP/32" dev lo src 127.0.0.1 &&
in_host ip route add default via "$GW_ADDR" dev eth0 table 100 &&
in_host ip route add default via "$GW_ADDR" dev eth0 table 101 ||
	hard_error "routes"
for rule in uid mark; do
	case $rule in
	uid)	in_host ip rule add uidrange 1000-1999 lookup 100 pref 32765
		class="uid 1000-1999"; text=$UIDRULE; who=as_uid ;;
	mark)	in_host ip rule add fwmark 0x5 lookup 101 pref 32764
		class="mark 0x5"; text=$MARKRULE; who=as_mark ;;
	esac
	snapshot_routes
	as_root connect lo 0
	$who connect eth0 1
	$who sendto eth0 1
	run_verifyd --once --json
	assert_rc 2
	assert_json '.summary == "applications of '"$class"' ('"$text"') leak with both methods through eth0"'
	assert_json '[.probes[] | .captured_on == ["lo"]] | all'
	assert_json '.classes | length == 1'
	assert_json '.classes[0] | .class == "'"$class"'" and .rule_text == "'"$text"'" and .probed and .leaks and .leaked_with == ["sendto","send"] and .leaked_through == ["eth0"]'
	assert_json '[.classes[0].probes[] | .captured_on == ["eth0"] and .leaked] | all'
	assert_json '.classes[0].route.table == '"$([ $rule = uid ] && echo 100 || echo 101)"
	assert_routes_unchanged
	# Its fix, proven here for the class (applied in its table, probed,
	# removed), and nothing for the default class, which stays on lo.
	table=$([ $rule = uid ] && echo 100 || echo 101)
	fix="ip route replace $GROUP/32 dev lo src 127.0.0.1 table $table"
	assert_json '.classes[0].fix == {"command":"'"$fix"'","table":"'"$table"'","proven":true,"not_proven_why":null}'
	assert_json '.fixes == [] and .fixes_detail == [{"class":"'"$class"'","table":"'"$table"'","command":"'"$fix"'","proven":true,"not_proven_why":null}]'
	assert_routes_unchanged
	run_verifyd --once
	grep -q "^class $class ($text): kernel: sendto() eth0, send() eth0; LEAKS through eth0 (probed as the class)" \
		"$TMP/out" || fail "the text report does not name the class"
	grep -qF "  fix for $class: $fix   (proven here: applied in table $table, probed, removed)" \
		"$TMP/out" || fail "the text report does not give the class's proven fix"
	# --explain: the kernel's answers alone, and the fix not tested.
	run_verifyd --once --explain --json
	assert_rc 2
	assert_json '.summary == "applications of '"$class"' ('"$text"') leak with both methods through eth0 (the kernel'"'"'s answer; not probed)"'
	assert_json '.classes[0] | (.probed | not) and .fix.command == "'"$fix"'" and .fix.not_proven_why == "not tested here: --explain sends nothing"'
	# Applied by hand, the class's applications stay on lo.
	in_host sh -c "$fix" || fail "the fix does not apply"
	$who connect lo 0
	$who sendto lo 0
	run_verifyd --once --json
	assert_rc 0
	in_host ip route del "$GROUP/32" table "$table" || hard_error "undo the fix"
	case $rule in
	uid)	in_host ip rule del pref 32765 ;;
	mark)	in_host ip rule del pref 32764 ;;
	esac
done

# Without CAP_SETUID (not root, CAP_NET_ADMIN and CAP_NET_RAW only, as
# the units run it) a socket cannot be opened as uid 1000: that class is
# judged by the kernel's answers alone, and says so; the mark class is
# still probed (SO_MARK needs CAP_NET_ADMIN only).
in_host ip rule add uidrange 1000-1999 lookup 100 pref 32765 &&
in_host ip rule add fwmark 0x5 lookup 101 pref 32764 || hard_error "rules"
NOBODY_DIR=$(mktemp -d) || hard_error "mktemp failed"
BG_CLEANUP="$BG_CLEANUP $NOBODY_DIR"
# (a config file of its own: the configured one may sit in a build tree
# only root enters, as in make distcheck)
chmod 755 "$NOBODY_DIR" && mkdir -m 750 "$NOBODY_DIR/run" &&
	chown 65534:65534 "$NOBODY_DIR/run" &&
	: >"$NOBODY_DIR/verifyd.conf" && chmod 644 "$NOBODY_DIR/verifyd.conf" ||
	hard_error "$NOBODY_DIR"
in_host env RUNTIME_DIRECTORY="$NOBODY_DIR/run" setpriv --reuid=65534 \
	--regid=65534 --clear-groups \
	--inh-caps=-all,+net_raw,+net_admin --ambient-caps=+net_raw,+net_admin \
	"$VERIFYD" --once --json -f "$NOBODY_DIR/verifyd.conf" >"$TMP/out" 2>"$TMP/err"
RC=$?
assert_rc 2
assert_json '.summary == "applications of mark 0x5 ('"$MARKRULE"') leak with both methods through eth0; applications of uid 1000-1999 ('"$UIDRULE"') leak with both methods through eth0 (the kernel'"'"'s answer; not probed)"'
assert_json '.classes[0] | .class == "mark 0x5" and .probed and .fix.proven'
assert_json '.classes[1] | .class == "uid 1000-1999" and (.probed | not) and (.not_probed | test("judged by the kernel.s answer alone.*CAP_SETUID")) and .probes == [] and .leaks'
assert_json '.classes[1].fix | (.proven | not) and .not_proven_why == "not tested here: the class could not be probed"'
in_host ip rule del pref 32765 && in_host ip rule del pref 32764 ||
	hard_error "rules"
in_host ip route del "$GROUP/32" dev lo src 127.0.0.1

# 2. Fixed only for a class: main sends the group out of eth0 (the
#    default route), while uid 1000-1999 and mark 5 have tables that
#    keep it on lo with the source fix.
in_host ip route add "$GROUP/32" dev lo src 127.0.0.1 table 100 &&
in_host ip route add "$GROUP/32" dev lo src 127.0.0.1 table 101 ||
	hard_error "routes"
in_host ip rule add uidrange 1000-1999 lookup 100 pref 32765 &&
in_host ip rule add fwmark 0x5 lookup 101 pref 32764 || hard_error "rules"
snapshot_routes
as_root connect eth0 1
as_uid connect lo 0
as_uid sendto lo 0
as_mark connect lo 0
run_verifyd --once --json --no-route
assert_rc 2
assert_json '.summary == "sendto() leaked through eth0; send() leaked through eth0"'
assert_json '.classes | length == 2'
assert_json '[.classes[] | .probed and (.leaks | not) and .leaked_with == [] and ([.probes[] | .captured_on == ["lo"] and .listener_received == 1] | all)] | all'
assert_json '[.classes[] | .class] == ["mark 0x5", "uid 1000-1999"]'
assert_routes_unchanged
run_verifyd --once --no-route
grep -q "^class uid 1000-1999 ($UIDRULE): kernel: sendto() lo, send() lo; stays on lo (probed as the class)" \
	"$TMP/out" || fail "the text report does not say the class stays on lo"
exit 0
