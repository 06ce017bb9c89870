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
. "${top_srcdir:-$(dirname "$0")/..}/tests/containers.sh"
ns_setup
trap 'ns_cleanup; cg_cleanup' EXIT
containers_create
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
if cg_setup; then
	i=0
	for ns in $NS_EXTRA; do
		i=$((i + 1))
		cg_put "$CG" "$(cg_scope $i)" "$(init_of "$ns")" ||
			hard_error "cannot put $ns's process in a docker scope"
	done
	# The leaky application, found first (a lower pid), sits in a
	# service's cgroup, as a helper put there by ip netns exec from a
	# unit would: the container's scope must still win.
	cg_put "$CG" netns-helper.service "$LEAKY_APP" ||
		hard_error "cannot put the application in a service's cgroup"
	OWNERS=1
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
