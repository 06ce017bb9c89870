#!/bin/sh
# SPDX-License-Identifier: ISC
# Who leaks, named right (issue 19): exact attribution, service names
# from the socket's cgroup, and hostile process names made harmless.
#
# - A same-port neighbour (SO_REUSEADDR, another uid) is never blamed:
#   flowowner.c finds exactly the socket whose flow the gateway's
#   tcpdump saw, and the watch names no one when several can have sent.
# - An application in a cgroup named like a systemd unit is named by
#   that unit by a daemon running as nobody without CAP_SYS_PTRACE
#   (it cannot read root's /proc/PID/fd).
# - Process names with terminal escapes, carriage returns, quotes,
#   newlines and invalid UTF-8 leave the text, nagios, log, JSON and
#   metrics outputs clean: strict UTF-8 JSON, promtool-clean metrics.
# - A socket squatting the listener's port is named in the error.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

FLOWLS=$top_builddir/tests/flowls
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
command -v setpriv >/dev/null 2>&1 || skip "needs setpriv (util-linux)"
command -v python3 >/dev/null 2>&1 || skip "needs python3 (strict JSON)"
command -v promtool >/dev/null 2>&1 || skip "needs promtool (prometheus)"
CGROOT=$(awk '$9 == "cgroup2" && $4 == "/" { print $5; exit }' /proc/self/mountinfo)
[ -n "$CGROOT" ] || skip "needs cgroup v2 mounted"
require_uid 65534 "a neighbour, a daemon and a squatter of another user"
ns_setup
[ -x "$FLOWLS" ] || hard_error "$FLOWLS is not built"
CG_SLICE=$CGROOT/mcv-test-$$.slice
CG_UNIT=$CG_SLICE/marketfeed.service
trap 'ns_cleanup; rmdir "$CG_UNIT" "$CG_SLICE" 2>/dev/null' EXIT
in_host ip route add 224.2.0.0/24 dev lo || hard_error "route"

# clean FILE WHAT: no control byte but newline, and strict UTF-8.
clean() {
	python3 - "$1" <<'PY' || fail "$2 is not clean: $(od -c "$1" | head -20)"
import sys
data = open(sys.argv[1], 'rb').read()
data.decode('utf-8', errors='strict')
bad = [b for b in data if (b < 0x20 and b not in (0x0a,)) or b == 0x7f]
sys.exit(1 if bad else 0)
PY
}

# --- 1. A same-port neighbour is never blamed --------------------------
tcpdump_start gw "$NS_GW" gw0 "udp and dst port 6666"
# The attacker, nobody, shares port 40000 with two root daemons (all
# SO_REUSEADDR), connected to a group meant for the network, and leaks
# a group routed to lo.  One daemon comes before it (the lowest inode),
# one after (sock_diag lists it first, and the old lookup blamed it).
start_ready early "$MCAPP" -p 40000 -N innocentd -t 120 -n 1 \
	many 239.1.2.3 5000;	P_EARLY=$READY_PID
start_ready attacker $NOBODY "$MCAPP" -p 40000 -N attacker -t 120 \
	connect 224.2.0.6 6666;	P_ATTACKER=$READY_PID
start_ready innocent "$MCAPP" -p 40000 -N innocentd -t 120 -n 1 \
	many 239.1.2.4 5000;	P_INNOCENT=$READY_PID
wait_for_lines '198\.51\.100\.2\.40000 > 224\.2\.0\.6\.6666' "$TMP/gw.truth" 1 \
	"ground truth: the gateway never got the attacker's datagrams"

in_host "$FLOWLS" 198.51.100.2 40000 224.2.0.6 6666 \
	198.51.100.2 40000 - 0 203.0.113.9 40000 224.2.0.6 6666 \
	>"$TMP/out" 2>"$TMP/err" || fail "flowls failed"
# The exact flow: the attacker's socket, and only it.
sed -n '1,/^flow 198.51.100.2:40000>-/p' "$TMP/out" >"$TMP/exact"
grep -q '^flow 198.51.100.2:40000>224.2.0.6:6666 foreign=0 n=1 more=0$' "$TMP/exact" ||
	fail "the exact flow does not have exactly one owner"
grep -q "^owner exact=1 uid=65534 inode=[0-9]* pid=$P_ATTACKER comm=attacker " "$TMP/exact" ||
	fail "the attacker's socket is not the owner"
grep -q innocentd "$TMP/exact" && fail "the neighbour was blamed"
# Without the group, both are candidates: both reported, none chosen.
grep -q '^flow 198.51.100.2:40000>-:0 foreign=0 n=3 more=0$' "$TMP/out" ||
	fail "the shared port does not give three candidates"
# A source the host does not own is not a host application.
grep -q '^flow 203.0.113.9:40000>224.2.0.6:6666 foreign=1 n=0 more=0$' "$TMP/out" ||
	fail "a foreign source is not said to be one"

# The check's audit names the attacker's socket, never the daemon.
run_verifyd --once --json
assert_rc 2
assert_json '[.sockets[] | select(.leaks)] | length == 1'
assert_json ".sockets[] | select(.leaks) | .uid == 65534 and .comm == \"attacker\" and .pid == $P_ATTACKER and (.exe | endswith(\"/tests/mcapp\"))"
grep -q innocentd "$TMP/out" && fail "the audit named the neighbour"

# The watch knows the whole flow: it names the attacker's socket (by
# its uid: a daemon without CAP_SYS_PTRACE may not read nobody's
# /proc/PID/fd), never the neighbour.
printf 'interval 3600\nwatch yes\n' >"$TMP/watch.conf"
start_daemon -v -f "$TMP/watch.conf"
wait_for_log 'check [0-9]+: CRITICAL' 1
wait_for_log 'watch: a socket of uid 65534 \(process unknown: /proc hides its process\) leaks 224\.2\.0\.6:6666 through eth0, from 198\.51\.100\.2:40000'
grep 'watch:' "$TMP/err" | grep -q innocentd && fail "the watch blamed the neighbour"
stop_daemon
kill "$P_EARLY" "$P_ATTACKER" "$P_INNOCENT"
wait "$P_EARLY" "$P_ATTACKER" "$P_INNOCENT" 2>/dev/null
tcpdump_stop gw

# --- 2. The unit, named without privilege -------------------------------
# ip netns exec mounts a fresh /sys, without the cgroup tree: here the
# app and the verifier enter the host's network namespace alone, as a
# service in a namespace does.
in_net() { nsenter --net="/run/netns/$NS_HOST" "$@"; }
mkdir "$CG_SLICE" "$CG_UNIT" || hard_error "cannot make $CG_UNIT"
tcpdump_start gw "$NS_GW" gw0 "udp and dst port 6667"
# The socket's cgroup is its creator's: the app joins the unit first.
# (nsenter, not in_net: a function would be a subshell, not the app)
mkfifo "$TMP/unit.fifo"
nsenter --net="/run/netns/$NS_HOST" sh -c 'echo $$ >"$1/cgroup.procs" && exec "$2" -N python3 -t 120 connect 224.2.0.6 6667' \
	sh "$CG_UNIT" "$MCAPP" >"$TMP/unit.fifo" &
P_UNIT=$!
BG_PIDS="$BG_PIDS $P_UNIT"
read -r line <"$TMP/unit.fifo" && [ "$line" = ready ] || hard_error "the unit's app did not start"
wait_for_lines '224\.2\.0\.6\.6667' "$TMP/gw.truth" 1 \
	"ground truth: the gateway never got the unit's datagrams"
hrun=$(mktemp -d) || hard_error "mktemp failed"
BG_CLEANUP="$BG_CLEANUP $hrun"
chmod 700 "$hrun" && chown 65534 "$hrun" || hard_error "cannot set up $hrun"
printf 'interval 3600\nstatus-file %s\nmetrics-file %s\n' "$hrun/status.json" \
	"$hrun/m.prom" >"$TMP/unit.conf"
: >"$TMP/err"
RUNTIME_DIRECTORY=$hrun nsenter --net="/run/netns/$NS_HOST" \
	setpriv --bounding-set=-sys_ptrace,-dac_read_search,-dac_override \
	"$VERIFYD" -d -v -u nobody -f "$TMP/unit.conf" >"$TMP/out" 2>>"$TMP/err" &
DAEMON_PID=$!
BG_PIDS="$BG_PIDS $DAEMON_PID"
wait_for_log 'check [0-9]+: CRITICAL' 1
grep -q "marketfeed\\.service (uid 0) leaks 224\\.2\\.0\\.6:6667 through eth0" "$TMP/err" ||
	fail "the daemon, as nobody, does not name the unit"
grep -q "python3 (pid $P_UNIT)" "$TMP/err" && fail "nobody was told root's pid"
stop_daemon
jq -e '.sockets[] | select(.port == 6667) | .leaks and .unit == "marketfeed.service" and
	.cgroup == "/mcv-test-'$$'.slice/marketfeed.service" and .uid == 0 and .pid == null and .exe == null' \
	"$hrun/status.json" >/dev/null || fail "the status file does not name the unit: $(jq -c .sockets "$hrun/status.json")"
grep -q '^mcastlo_app_leaking{unit="marketfeed.service",comm="",pid="0",group="224.2.0.6",port="6667",interface="eth0"} 1$' \
	"$hrun/m.prom" || fail "no unit label: $(grep app_leaking "$hrun/m.prom")"
# As root, the process too, after the unit.
in_net "$VERIFYD" --once >"$TMP/out" 2>"$TMP/err"
grep -q "marketfeed\\.service (python3, pid $P_UNIT) leaks 224\\.2\\.0\\.6:6667 through eth0" "$TMP/out" ||
	fail "the summary does not name the unit first"
kill "$P_UNIT"; wait "$P_UNIT" 2>/dev/null
tcpdump_stop gw

# --- 3. A squatter on the listener's port is named -------------------
# nobody holds port 5555 alone (no SO_REUSEADDR): the check cannot
# listen there, says so, and says whose socket it is.
start_ready squat $NOBODY "$MCAPP" -P 5555 -N squatter -t 120 sendto 239.1.2.9 5000
P_SQUAT=$READY_PID
run_verifyd --once -p 5555
assert_rc 2	# the send() probe still leaks: a set-up problem does not hide it
grep -q "listener on port 5555: bind: Address already in use (held by squatter (pid $P_SQUAT), uid 65534)" "$TMP/out" ||
	fail "the squatter is not named"
kill "$P_SQUAT"; wait "$P_SQUAT" 2>/dev/null

# --- 4. Hostile names ---------------------------------------------------
tcpdump_start gw "$NS_GW" gw0 "udp and dst net 224.2.0.0/24"
start_ready esc "$MCAPP" -N "$(printf '\033[2K\rOK')" -t 120 connect 224.2.0.20 7000
start_ready utf "$MCAPP" -N "$(printf 'bad\377\376\300')" -t 120 connect 224.2.0.21 7001
start_ready quote "$MCAPP" -N "$(printf 'q"u\\o\nte')" -t 120 connect 224.2.0.22 7002
start_ready csi "$MCAPP" -N "$(printf '\302\2332K\342\200\256')" -t 120 connect 224.2.0.23 7003
for p in 7000 7001 7002 7003; do
	wait_for_lines "\\.$p:" "$TMP/gw.truth" 1 "ground truth: nothing on $p"
done
run_verifyd --once -v --metrics-file "$TMP/m.prom"
assert_rc 2
clean "$TMP/out" "the text report"
clean "$TMP/err" "the log"
grep -q '\\x1b\[2K\\x0dOK (pid' "$TMP/out" || fail "the escape is not shown escaped"
grep -q 'bad\\xff\\xfe\\xc0 (pid' "$TMP/out" || fail "invalid UTF-8 is not shown escaped"
clean "$TMP/m.prom" "the metrics"
promtool check metrics <"$TMP/m.prom" >"$TMP/promtool" 2>&1 ||
	fail "promtool rejects the metrics: $(cat "$TMP/promtool")"
[ "$(grep -c '^mcastlo_app_leaking{' "$TMP/m.prom")" = 4 ] || fail "not 4 leaking gauges"
run_verifyd --once --format nagios
assert_rc 2
clean "$TMP/out" "the nagios line"
[ "$(wc -l <"$TMP/out")" = 1 ] || fail "the nagios output is not one line"
run_verifyd --once --json
assert_rc 2
python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8", errors="strict"))' \
	"$TMP/out" || fail "strict JSON parsing fails"
clean "$TMP/out" "the JSON"
assert_json '[.sockets[] | select(.leaks) | .comm] | sort ==
	["\\x1b[2K\\x0dOK", "\\xc2\\x9b2K\\xe2\\x80\\xae", "bad\\xff\\xfe\\xc0", "q\"u\\x5co\\x0ate"]'
tcpdump_stop gw
exit 0
