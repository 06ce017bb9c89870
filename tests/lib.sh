# SPDX-License-Identifier: ISC
# Shared helpers for the namespace tests; sourced by tests/ns-*.sh.
#
# Every test builds its own throwaway hosts: a "host" namespace with lo
# and a veth eth0 (198.51.100.2/24, 2001:db8::2/64, default route) whose
# peer gw0 sits in a "gateway" namespace (198.51.100.1).  Nothing runs
# in the machine's own namespace; a trap removes both namespaces however
# the test ends.  Exit codes follow automake: 0 pass, 1 fail, 77 skip,
# 99 hard error.

set -u

: "${top_builddir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_srcdir:=$top_builddir}"
VERIFYD=$top_builddir/mcastlo-verifyd
MCSEND=$top_builddir/tests/mcsend
GROUP=224.16.17.8
HOST_ADDR=198.51.100.2
GW_ADDR=198.51.100.1
NS_HOST=
NS_GW=
TMP=
RC=
BG_PIDS=
BG_CLEANUP=	# more directories for ns_cleanup to remove
NS_EXTRA=	# more namespaces for ns_cleanup to remove (mcv-PID-NAME)

skip() { echo "SKIP: $*"; exit 77; }
hard_error() { echo "ERROR: $*" >&2; exit 99; }

# --- without root: the test runs as root of a user namespace ------------
# An ordinary user's namespace test runs itself again inside a new user,
# mount and network namespace in which it is root (smcroute's tests do
# the same with unshare -mrun): ip netns, veth, routes, AF_PACKET
# captures, nft and tc all work there, and what it builds is as cut off
# from the machine's own network as under real root (the outer network
# namespace is a new, empty one too).  A private tmpfs on /run gives
# `ip netns` a /run/netns of its own.  Only the user's own uid is mapped
# (to 0): a test that needs other uids or the real root says which and
# why, and skips (require_uid, require_real_root).
case $0 in
*/ns-*.sh)
	if [ "$(id -u)" != 0 ] && [ -z "${MCV_USERNS:-}" ]; then
		MCV_USERNS=1
		export MCV_USERNS
		unshare --user --map-root-user --mount --net true 2>/dev/null ||
			skip "namespace tests need root, or unprivileged user namespaces (unshare -Urmn)"
		exec unshare --user --map-root-user --mount --net \
		    --propagation private /bin/sh -c \
		    'mount -t tmpfs -o mode=0755 mcv-run /run && exec /bin/sh "$0" "$@"' \
		    "$0" "$@"
	fi
	;;
esac

# TCPDUMP: tcpdump as the tests run it.  -Z root: stay the user it
# started as; in a user namespace, where its drop to a user fails at
# setgroups(), tests/userns.c makes that drop a no-op.
TCPDUMP="tcpdump -Z root"
[ -z "${MCV_USERNS:-}" ] ||
	TCPDUMP="env LD_PRELOAD=$top_builddir/tests/.libs/libuserns.so $TCPDUMP"

# SAMEPRIV: put before an application that a daemon must name by its
# process: a root process that holds capabilities the daemon has
# dropped is hidden from it (the kernel's ptrace access check on
# /proc/PID/fd), as a service's would not be.
SAMEPRIV="setpriv --bounding-set=-all"

# uid_mapped UID: UID exists in this user namespace (always, as real
# root; only 0 in an ordinary user's).
uid_mapped() {
	awk -v uid="$1" '$1 <= uid && uid < $1 + $3 { found = 1 }
	    END { exit !found }' /proc/self/uid_map
}

# require_uid UID WHY: the whole test needs UID (a user other than
# root); skips, saying WHY, where it is not mapped.
require_uid() {
	uid_mapped "$1" ||
		skip "uid $1 is not mapped in this user namespace; run as root to test $2"
}

# phase_needs_uid UID WHY: whether a phase of a test that needs UID can
# run; says on the test's log, once, why it is left out where not.
phase_needs_uid() {
	uid_mapped "$1" && return 0
	echo "SKIP (this phase only): uid $1 is not mapped in this user namespace; run as root to test $2"
	return 1
}

# require_real_root WHY: the test needs the machine's real root.
require_real_root() {
	[ -z "${MCV_USERNS:-}" ] ||
		skip "needs the real root, not a user namespace's: $1"
}

fail() {
	echo "FAIL: $*" >&2
	if [ -n "$TMP" ] && [ -s "$TMP/out" ]; then
		echo "--- stdout of the last run:" >&2
		cat "$TMP/out" >&2
	fi
	if [ -n "$TMP" ] && [ -s "$TMP/err" ]; then
		echo "--- stderr of the last run:" >&2
		cat "$TMP/err" >&2
	fi
	exit 1
}

ns_cleanup() {
	local pid dir ns
	for pid in $BG_PIDS; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	[ -n "$NS_HOST" ] && ip netns del "$NS_HOST" 2>/dev/null
	[ -n "$NS_GW" ] && ip netns del "$NS_GW" 2>/dev/null
	for ns in $NS_EXTRA; do
		ip netns del "$ns" 2>/dev/null
	done
	[ -n "$TMP" ] && rm -rf "$TMP"
	for dir in $BG_CLEANUP; do
		rm -rf "$dir"
	done
	return 0
}

require_root() {
	[ "$(id -u)" = 0 ] || skip "namespace tests need root"
	command -v ip >/dev/null 2>&1 || skip "namespace tests need ip (iproute2)"
	command -v jq >/dev/null 2>&1 || skip "namespace tests need jq"
	[ -x "$VERIFYD" ] || hard_error "$VERIFYD is not built"
}

# ns_setup [nodefault]: the host and gateway namespaces, ready to use.
ns_setup() {
	require_root
	TMP=$(mktemp -d) || hard_error "mktemp failed"
	# The lock and the default status file go here, not under the
	# configured runstatedir (systemd's RuntimeDirectory= does the same).
	RUNTIME_DIRECTORY=$TMP/run
	export RUNTIME_DIRECTORY
	NS_HOST=mcv-$$-host
	NS_GW=mcv-$$-gw
	trap ns_cleanup EXIT
	trap 'exit 99' INT TERM HUP PIPE
	ns_create "$@"
}

# ns_create [nodefault]: the namespaces NS_HOST and NS_GW, linked and
# addressed; the caller removes them.
ns_create() {
	ip netns add "$NS_HOST" || hard_error "cannot create namespace $NS_HOST"
	ip netns add "$NS_GW" || hard_error "cannot create namespace $NS_GW"
	ip link add eth0 netns "$NS_HOST" type veth peer name gw0 netns "$NS_GW" ||
		hard_error "cannot create the veth pair"
	ip -n "$NS_HOST" link set lo up &&
	ip -n "$NS_HOST" link set eth0 up &&
	ip -n "$NS_GW" link set lo up &&
	ip -n "$NS_GW" link set gw0 up &&
	ip -n "$NS_HOST" addr add "$HOST_ADDR/24" dev eth0 &&
	ip -n "$NS_GW" addr add "$GW_ADDR/24" dev gw0 &&
	ip -n "$NS_HOST" -6 addr add 2001:db8::2/64 dev eth0 nodad &&
	ip -n "$NS_GW" -6 addr add 2001:db8::1/64 dev gw0 nodad ||
		hard_error "cannot configure the namespaces"
	if [ "${1:-}" != nodefault ]; then
		ip -n "$NS_HOST" route add default via "$GW_ADDR" ||
			hard_error "cannot add the default route"
	fi
}

in_host() { ip netns exec "$NS_HOST" "$@"; }

# The host namespace's IPv4 routing, every table, as text.
routes() { ip -n "$NS_HOST" -4 route show table all; }

snapshot_routes() { routes >"$TMP/routes.before"; }

assert_routes_unchanged() {
	routes >"$TMP/routes.after"
	diff -u "$TMP/routes.before" "$TMP/routes.after" >&2 ||
		fail "the routing table changed"
}

# run_verifyd ARGS...: runs the verifier in the host namespace; sets RC.
# Bounded, well above a check's own limit (--timeout, 30 s by default),
# so a verifier that hangs, or a daemon that should have refused to
# start, fails the test (exit status 124) instead of hanging CI.
run_verifyd() {
	timeout -k 5 60 ip netns exec "$NS_HOST" "$VERIFYD" "$@" \
		>"$TMP/out" 2>"$TMP/err"
	RC=$?
}

assert_rc() {
	[ "$RC" = "$1" ] || fail "exit status $RC, expected $1"
}

# assert_json FILTER: the JSON output satisfies a jq boolean filter.
assert_json() {
	jq -e "$1" "$TMP/out" >/dev/null 2>&1 || fail "JSON does not satisfy: $1"
}

# assert_stderr_line TEXT: exactly one line on stderr, containing TEXT.
assert_stderr_line() {
	[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "stderr is not one line"
	grep -qF -- "$1" "$TMP/err" || fail "stderr does not say: $1"
}

# start_ready NAME COMMAND...: COMMAND in the host namespace, in the
# background (READY_PID), returning once it has printed "ready" (the
# test programs mcsend, mcapp and mrouter do, once set up).
start_ready() {
	local name=$1 line
	shift
	mkfifo "$TMP/$name.fifo"
	# A simple command, not in_host (a function, run in a subshell when
	# sent to the background), so that $! is the program itself and the
	# trap ends it.
	ip netns exec "$NS_HOST" "$@" >"$TMP/$name.fifo" &
	READY_PID=$!
	BG_PIDS="$BG_PIDS $READY_PID"
	read -r line <"$TMP/$name.fifo" || hard_error "$name did not start"
	[ "$line" = ready ] || hard_error "$name said: $line"
}

# start_sender NAME ARGS...: mcsend in the host namespace, in a loop,
# returning once it has sent its first datagram.
start_sender() {
	local name=$1
	shift
	start_ready "$name" "$MCSEND" "$@"
}

# start_verifyd PATTERN ARGS...: starts the verifier in the background
# (VERIFYD_PID) and returns once a line of its stderr matches PATTERN
# (a grep -E pattern); fails if it ends before that.  Its stderr goes on
# into $TMP/err.
start_verifyd() {
	local pattern=$1 status
	shift
	rm -f "$TMP/err.fifo" "$TMP/ready.fifo"	# from an earlier start
	mkfifo "$TMP/err.fifo" "$TMP/ready.fifo"
	: >"$TMP/err"
	(
		seen=
		while IFS= read -r line; do
			printf '%s\n' "$line" >>"$TMP/err"
			if [ -z "$seen" ] && printf '%s\n' "$line" | grep -Eq -- "$pattern"; then
				seen=1
				echo ready >"$TMP/ready.fifo"
			fi
		done
		[ -n "$seen" ] || echo ended >"$TMP/ready.fifo"
	) <"$TMP/err.fifo" &
	BG_PIDS="$BG_PIDS $!"
	# A simple command, not in_host, so that $! is the verifier itself.
	ip netns exec "$NS_HOST" "$VERIFYD" "$@" >"$TMP/out" 2>"$TMP/err.fifo" &
	VERIFYD_PID=$!
	BG_PIDS="$BG_PIDS $VERIFYD_PID"
	# Bounded, so a verifier that hangs fails the test instead of CI.
	status=$(timeout 30 sh -c 'read -r s <"$1" && echo "$s"' sh \
		"$TMP/ready.fifo")
	case $status in
	ready)	;;
	ended)	fail "the verifier ended before saying: $pattern" ;;
	*)	fail "the verifier did not say within 30 s: $pattern" ;;
	esac
}

# wait_verifyd: waits for the background verifier; sets RC.
wait_verifyd() {
	wait "$VERIFYD_PID"
	RC=$?
}

# add_eth1: a second veth (host eth1, gateway gw1) that no route uses.
add_eth1() {
	ip link add eth1 netns "$NS_HOST" type veth peer name gw1 netns "$NS_GW" &&
	ip -n "$NS_HOST" link set eth1 up && ip -n "$NS_GW" link set gw1 up ||
		hard_error "cannot add eth1"
}

# hold_send_probe: eth0's queue becomes a blackhole qdisc, which drops
# what is sent there before any capture sees it, and the sender is not
# told.  The send() probe, which leaves through eth0, is then never
# seen, and a check waits for its deadline: the time to act on it.
hold_send_probe() {
	tc -n "$NS_HOST" qdisc add dev eth0 root blackhole ||
		hard_error "cannot give eth0 a blackhole qdisc"
}
release_send_probe() {
	tc -n "$NS_HOST" qdisc del dev eth0 root ||
		hard_error "cannot take eth0's blackhole qdisc away"
}

# The routes a check tags with its protocol number, in every table.
tagged_routes() { ip -n "$NS_HOST" -4 route show table all proto 201; }

# with_fault FAULT COMMAND...: COMMAND in the host namespace with the
# fault injector (tests/fault.c) preloaded and MCV_FAULT=FAULT; its
# output in $TMP/out and $TMP/err; sets RC.
FAULT_LIB=$top_builddir/tests/.libs/libfault.so
with_fault() {
	local fault=$1
	shift
	[ -f "$FAULT_LIB" ] || hard_error "$FAULT_LIB is not built"
	in_host env LD_PRELOAD="$FAULT_LIB" MCV_FAULT="$fault" \
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		"$@" >"$TMP/out" 2>"$TMP/err"
	RC=$?
}

# start_daemon ARGS...: the verifier as a foreground daemon in the host
# namespace (DAEMON_PID), its stderr in $TMP/err.  DAEMON_WRAP, if set,
# is a command put before it (setpriv ..., say).
start_daemon() {
	: >"$TMP/err"
	ip netns exec "$NS_HOST" env ${NOTIFY_SOCKET:+NOTIFY_SOCKET="$NOTIFY_SOCKET"} \
		${WATCHDOG_USEC:+WATCHDOG_USEC="$WATCHDOG_USEC"} \
		${JOURNAL_STREAM:+JOURNAL_STREAM="$JOURNAL_STREAM"} \
		${DAEMON_WRAP:-} "$VERIFYD" -d "$@" >"$TMP/out" 2>>"$TMP/err" &
	DAEMON_PID=$!
	BG_PIDS="$BG_PIDS $DAEMON_PID"
}

# stop_daemon: SIGTERM to the daemon, and waits for it; sets RC.
stop_daemon() {
	kill -s TERM "$DAEMON_PID"
	wait "$DAEMON_PID"
	RC=$?
}

# wait_for_log PATTERN [COUNT]: waits until COUNT lines (default 1) of
# $TMP/err match the grep -E PATTERN; fails if the daemon dies first.
wait_for_log() {
	wait_until "timed out waiting for ${2:-1} x: $1" fail \
		daemon_logged "$1" "${2:-1}"
}
daemon_logged() {
	has_lines "$1" "$TMP/err" "$2" && return 0
	kill -0 "$DAEMON_PID" 2>/dev/null ||
		fail "the daemon died waiting for: $1"
	return 1
}

# --- ground truth: tcpdump and a plain application ---------------------
# truth_start NAME NETNS IFACE [GROUP]: tcpdump in NETNS on IFACE (the
# host's "any": it names each frame's interface and direction) for the
# application's datagrams (dst port TRUTH_PORT) and the marker's
# (TRUTH_MARK), one line each into $TMP/NAME.truth; returns once it
# listens.  truth_app sends; truth_stop ends them all.
MCAPP=$top_builddir/tests/mcapp
TRUTH_PORT=4321
TRUTH_MARK=4322
TRUTH_NAMES=
truth_start() {
	local name=$1 ns=$2 ifc=$3 group=${4:-$GROUP}
	tcpdump_start "$name" "$ns" "$ifc" \
		"udp and dst host $group and (dst port $TRUTH_PORT or dst port $TRUTH_MARK)"
	TRUTH_NAMES="$TRUTH_NAMES $name"
}

# tcpdump_start NAME NETNS IFACE FILTER: tcpdump in NETNS on IFACE, one
# line per packet into $TMP/NAME.truth, its pid in TRUTH_PID_NAME;
# returns once it listens.  TCPDUMP_ARGS, if set, go before -i (a
# bigger buffer, -B KiB, for a flood).
tcpdump_start() {
	local name=$1 ns=$2 ifc=$3 filter=$4
	: >"$TMP/$name.err"
	ip netns exec "$ns" $TCPDUMP --immediate-mode -l -n ${TCPDUMP_ARGS:-} \
		-i "$ifc" "$filter" >"$TMP/$name.truth" 2>"$TMP/$name.err" &
	eval "TRUTH_PID_$name=\$!"
	BG_PIDS="$BG_PIDS $!"
	wait_for_lines 'listening on' "$TMP/$name.err" 1 \
		"tcpdump $name did not start" hard_error
}

# wait_until MESSAGE fail|hard_error COMMAND...: polls (as tmux's
# regress does: every 20 ms, at most 30 s) until COMMAND succeeds; else
# fails (or hard_error) with MESSAGE.
wait_until() {
	local message=$1 how=$2 tries=0
	shift 2
	case $how in
	fail|hard_error) ;;
	*) hard_error "wait_until: $how is neither fail nor hard_error" ;;
	esac
	until "$@"; do
		tries=$((tries + 1))
		[ $tries -lt 1500 ] || "$how" "$message"
		sleep 0.02
	done
}

# has_lines PATTERN FILE COUNT: at least COUNT lines of FILE match the
# grep -E PATTERN; a file not written yet has none.
has_lines() {
	local n
	n=$(grep -Ec -- "$1" "$2" 2>/dev/null)
	[ "${n:-0}" -ge "$3" ]
}

# wait_for_lines PATTERN FILE COUNT MESSAGE [fail|hard_error]: waits
# until COUNT lines of FILE match PATTERN.
wait_for_lines() {
	wait_until "$4" "${5:-fail}" has_lines "$1" "$2" "$3"
}

# truth_app MODE [TTL] [GROUP]: one datagram from a plain application
# (tests/mcapp.c, MODE connect, sendto, bind-lo...), then a marker sent
# out of eth0 on purpose; returns once every running capture has seen
# the marker, so whatever the application's datagram did is recorded.
# TRUTH_WRAP, if set, is put before the application (setpriv --reuid
# 1000 ..., to play another user); TRUTH_APP_ARGS adds options (-m 5).
truth_app() {
	local mode=$1 ttl=${2:-1} group=${3:-$GROUP} name
	in_host ${TRUTH_WRAP:-} "$MCAPP" -t 0 -T "$ttl" ${TRUTH_APP_ARGS:-} \
		"$mode" "$group" $TRUTH_PORT >/dev/null ||
		echo "truth_app: mcapp $mode could not send" >&2
	in_host "$MCAPP" -t 0 -I eth0 sendto "$group" $TRUTH_MARK >/dev/null ||
		hard_error "the ground truth's marker could not be sent"
	for name in $TRUTH_NAMES; do
		wait_for_lines "\\.$TRUTH_MARK: UDP" "$TMP/$name.truth" 1 \
			"$name never saw the marker" hard_error
	done
}

# truth_host_gw MODE [TTL]: one datagram from a plain application, seen
# by a capture of the host on "any" and one in the gateway; then
# truth_where host and truth_count gw say where it went.
truth_host_gw() {
	truth_start host "$NS_HOST" any
	truth_start gw "$NS_GW" gw0
	truth_app "$@"
	truth_stop
}

# tcpdump_stop NAME: ends a capture tcpdump_start began, once it has
# written what it saw.
tcpdump_stop() {
	local pid
	eval "pid=\$TRUTH_PID_$1"
	kill -INT "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

truth_stop() {
	local name
	for name in $TRUTH_NAMES; do
		tcpdump_stop "$name"
	done
	TRUTH_NAMES=
}

# truth_where NAME: where the application's datagram went, as seen by a
# host capture on "any": its loopback copy, and what the host sent
# through any other interface; "lo", "eth0", "lo,eth0" or "none".
truth_where() {
	awk -v port=".$TRUTH_PORT:" '
		index($0, port) == 0 { next }
		$2 == "lo" && $3 == "In" { seen["lo"] = 1; next }
		$2 != "lo" && $3 == "Out" { seen[$2] = 1 }
		END { n = 0; for (i in seen) names[++n] = i;
			out = ""; for (i = 1; i <= n; i++)
				for (j = i + 1; j <= n; j++)
					if (names[j] < names[i]) { t = names[i]; names[i] = names[j]; names[j] = t }
			for (i = 1; i <= n; i++) out = out (i > 1 ? "," : "") names[i]
			print n ? out : "none" }' "$TMP/$1.truth"
}

# truth_count NAME: how many application datagrams a capture saw.
truth_count() { grep -c "\.$TRUTH_PORT: UDP" "$TMP/$1.truth"; }
