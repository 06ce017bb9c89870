#!/bin/sh
# SPDX-License-Identifier: ISC
# --netns: a node with three "containers" (network namespaces the test
# makes) and its host.  The verifier always starts inside the test's
# host namespace and only ever enters the test's other namespaces.
#   leaky:  an uplink, a group routed to lo, an application that
#           connect()s and leaks through eth0 (CRITICAL, named)
#   fixed:  an uplink and the admin route "dev lo src 127.0.0.1" (OK)
#   alone:  lo only, no uplink: nothing can leave
# Each run names the namespace (name, inode) and, as real root, the
# container that owns it: a process of each sits in a cgroup named
# like docker's scope.  Ground truth: tcpdump on "any" in each.  No
# route is left in any namespace; bad input is one line, exit 3.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
ns_setup
CG=
cg_cleanup() {
	local d
	[ -n "$CG" ] || return 0
	for d in "$CG"/*/; do
		[ -d "$d" ] && rmdir "$d" 2>/dev/null
	done
	rmdir "$CG" 2>/dev/null
	return 0
}
trap 'ns_cleanup; cg_cleanup' EXIT

C_LEAKY=mcv-$$-leaky
C_FIXED=mcv-$$-fixed
C_ALONE=mcv-$$-alone
NS_EXTRA="$C_LEAKY $C_FIXED $C_ALONE"
in_c() { local ns=$1; shift; ip -n "$ns" "$@" || hard_error "ip -n $ns $*"; }
# uplink NS N: eth0 198.51.10N.2/24 in NS, its peer cN in the gateway.
uplink() {
	ip link add eth0 netns "$1" type veth peer name "c$2" netns "$NS_GW" ||
		hard_error "cannot link $1"
	in_c "$1" link set eth0 up
	in_c "$1" addr add "198.51.10$2.2/24" dev eth0
	ip -n "$NS_GW" link set "c$2" up &&
	ip -n "$NS_GW" addr add "198.51.10$2.1/24" dev "c$2" ||
		hard_error "cannot set up c$2"
	in_c "$1" route add default via "198.51.10$2.1"
}
for ns in $NS_EXTRA; do
	ip netns add "$ns" || hard_error "cannot create $ns"
	in_c "$ns" link set lo up
done
uplink "$C_LEAKY" 1
uplink "$C_FIXED" 2
in_c "$C_LEAKY" route add 224.2.0.0/24 dev lo
in_c "$C_FIXED" route add "$GROUP/32" dev lo src 127.0.0.1
for ns in "$NS_HOST" $NS_EXTRA; do
	ip -n "$ns" -4 route show table all >"$TMP/$ns.routes"
done

# In each container, a process that stands for it (what docker's
# container init would be); the leaky one's application besides.
start_in() {
	local ns=$1 name=$2
	shift 2
	mkfifo "$TMP/$name.fifo"
	ip netns exec "$ns" "$@" >"$TMP/$name.fifo" &
	READY_PID=$!
	BG_PIDS="$BG_PIDS $READY_PID"
	read -r line <"$TMP/$name.fifo" || hard_error "$name did not start"
}
start_in "$C_LEAKY" leakyapp "$MCAPP" -t 300 connect 224.2.0.6 6666
LEAKY_APP=$READY_PID
for ns in $NS_EXTRA; do
	ip netns exec "$ns" sleep 300 &
	BG_PIDS="$BG_PIDS $!"
	eval "INIT_$(echo "$ns" | tr -c 'a-zA-Z0-9\n' _)=\$!"
done
init_of() { eval "echo \$INIT_$(echo "$1" | tr -c 'a-zA-Z0-9\n' _)"; }

# Real root: each container's stand-in goes into a cgroup named like
# docker's scope; the owner must come out as docker:<12 hex>.
OWNERS=
if [ -z "${MCV_USERNS:-}" ] && mnt=$(findmnt -n -t cgroup2 -o TARGET | head -n 1) &&
    [ -n "$mnt" ] && mkdir "$mnt/mcv-$$.slice" 2>/dev/null; then
	CG=$mnt/mcv-$$.slice
	i=0
	for ns in $NS_EXTRA; do
		i=$((i + 1))
		id=$i$(printf '%063x' $((0xabc000 + i)))	# docker:${i}00000000000
		mkdir "$CG/docker-$id.scope" &&
		echo "$(init_of "$ns")" >"$CG/docker-$id.scope/cgroup.procs" ||
			hard_error "cannot put $ns's process in a docker scope"
	done
	# The leaky application, found first (a lower pid), sits in a
	# service's cgroup, as a helper put there by ip netns exec from a
	# unit would: the container's scope must still win.
	mkdir "$CG/netns-helper.service" &&
	echo "$LEAKY_APP" >"$CG/netns-helper.service/cgroup.procs" ||
		hard_error "cannot put the application in a service's cgroup"
	OWNERS=1
else
	echo "SKIP (this phase only): the containers' cgroups need the real root and cgroup v2"
fi

# check NS EXPECTED_RC: the verifier, started in the test's host
# namespace, checks NS (--netns NS) with tcpdump on "any" in NS.
check() {
	local ns=$1 want=$2 inode
	tcpdump_start truth "$ns" any "udp and dst net 224.0.0.0/4"
	run_verifyd --once --json --netns "$ns"
	tcpdump_stop truth
	assert_rc "$want"
	inode=$(stat -L -c %i "/run/netns/$ns")
	assert_json ".netns.name == \"$ns\" and .netns.inode == $inode"
	# Out of the namespace, other than on lo, as tcpdump saw it.
	awk '$2 != "lo" && $3 == "Out"' "$TMP/truth.truth" >"$TMP/$ns.out"
	ip -n "$ns" -4 route show table all | diff -u "$TMP/$ns.routes" - >&2 ||
		fail "a route was left in $ns"
}

# The host: a stock host, whose send() probe leaks through eth0.
check "$NS_HOST" 2
grep -q "$GROUP\\.[0-9]*: UDP" "$TMP/$NS_HOST.out" ||
	fail "ground truth: the host's probe did not leave through eth0"

check "$C_LEAKY" 2
assert_json ".summary | test(\"mcapp \\\\(pid $LEAKY_APP\\\\) leaks 224.2.0.6:6666 through eth0\")"
assert_json '[.sockets[] | select(.leaks)] | length == 1'
grep -Eq " eth0 +Out .*224\.2\.0\.6\.6666: UDP" "$TMP/$C_LEAKY.out" ||
	fail "ground truth: the leaky application's datagrams did not leave"
[ -z "$OWNERS" ] || assert_json '.netns.owner == "docker:100000000000"'

check "$C_FIXED" 0
assert_json '.route == "pre-existing" and .socket_audit.leaking == 0'
[ -s "$TMP/$C_FIXED.out" ] && fail "ground truth: the fixed container sent out"
[ -z "$OWNERS" ] || assert_json '.netns.owner == "docker:200000000000"'

check "$C_ALONE" 0
[ -s "$TMP/$C_ALONE.out" ] && fail "ground truth: the container without an uplink sent out"
[ -z "$OWNERS" ] || assert_json '.netns.owner == "docker:300000000000"'

# The metrics and the Nagios line name it too.
run_verifyd --once --format nagios --netns "$C_FIXED" --metrics-file "$TMP/m.prom"
assert_rc 0
grep -q "^MCASTLO OK - netns $C_FIXED: " "$TMP/out" ||
	fail "the Nagios line does not name the namespace"
grep -q "^mcastlo_netns_info{netns=\"$C_FIXED\",inode=\"$(stat -L -c %i "/run/netns/$C_FIXED")\",owner=\"${OWNERS:+docker:200000000000}\"} 1\$" "$TMP/m.prom" ||
	fail "the metrics do not name the namespace"
if command -v promtool >/dev/null 2>&1; then
	promtool check metrics <"$TMP/m.prom" >&2 || fail "promtool rejects the metrics"
fi

# --explain asks that namespace's kernel: the fixed container's route.
run_verifyd --explain --json --netns "$C_FIXED"
assert_rc 0
assert_json ".explain_only and .netns.name == \"$C_FIXED\" and .prediction.send_interface == \"lo\""

# pid:N and a path name the same namespace; the text report names it.
run_verifyd --once --netns "pid:$(init_of "$C_FIXED")"
assert_rc 0
grep -q "^network namespace pid:[0-9]* (inode $(stat -L -c %i "/run/netns/$C_FIXED"))" "$TMP/out" ||
	fail "the text report does not name the namespace"
run_verifyd --once --json --netns "/run/netns/$C_ALONE"
assert_rc 0
assert_json ".netns.inode == $(stat -L -c %i "/run/netns/$C_ALONE")"

# --cleanup in a container removes a killed run's route there only.
in_c "$C_FIXED" route add 224.16.17.30/32 dev lo proto 201
in_c "$NS_HOST" route add 224.16.17.30/32 dev lo proto 201
run_verifyd --cleanup --netns "$C_FIXED"
assert_rc 0
[ -z "$(ip -n "$C_FIXED" route show proto 201)" ] ||
	fail "--cleanup --netns left the route in the container"
[ -n "$(ip -n "$NS_HOST" route show proto 201)" ] ||
	fail "--cleanup --netns swept the namespace it started in"
in_c "$NS_HOST" route del 224.16.17.30/32 dev lo proto 201

# Bad input: one line, exit 3, nothing entered.
bad() {
	run_verifyd --once --netns "$1"
	assert_rc 3
	assert_stderr_line "$2"
}
bad "mcv-$$-none" "--netns mcv-$$-none: /run/netns/mcv-$$-none: No such file"
bad pid:x "--netns pid:x: pid:N needs a process id"
bad /proc/self/ns/uts "--netns /proc/self/ns/uts: /proc/self/ns/uts is not a network namespace"
bad "$TMP/out" "is not a network namespace"
bad .. "--netns ..: not a namespace name"
bad "$(printf 'x\033[2Jy')" '--netns x\x1b[2Jy: /run/netns/x\x1b[2Jy: No such file'
run_verifyd --netns "$C_FIXED" -d
assert_rc 3
assert_stderr_line "--netns goes with --once or --cleanup"
exit 0
