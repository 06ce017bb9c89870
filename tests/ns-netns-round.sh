#!/bin/sh
# SPDX-License-Identifier: ISC
# The netns key: a daemon's rounds over a node's network namespaces.
# A node with three container namespaces (one leaking application, one
# fixed host, one without an uplink; tests/containers.sh) and the host:
# a daemon with `netns all` reports each one right, names the
# container's owner, and leaves no route in any of them; a namespace
# that disappears mid-round is reported and skipped, not fatal.  Also
# --once with a list naming one that does not exist (UNKNOWN, the round
# goes on), a daemon's list naming two (each logged once, not at every
# round), and --cleanup --netns all.  Ground truth: tcpdump on "any"
# in each namespace.
#
# Safety.  `netns all` looks at every network namespace it can find, so
# it must never be able to find the machine's own.  Whatever runs with
# the netns key runs in a "node" (node_main, below):
#   1. its own network namespace is the test's host (ip netns exec
#      $NS_HOST): that is its "host" entry, the one it sends from;
#   2. a private mount namespace, where /run/netns is a fresh tmpfs
#      holding bind mounts of the test's containers only (not the
#      gateway, not the host, nothing of the machine's);
#   3. a private pid namespace with its own /proc, in which the only
#      processes are the node's sh, the containers' stand-ins and the
#      verifier, so that /proc/*/ns/net leads to the test's namespaces
#      only.
# The node checks all three itself before it runs anything (exit 99
# otherwise), the test checks them again from outside and with a plain
# program in the verifier's place (phase 0), and each round's set of
# namespaces (by inode) must be exactly the test's.  From the test's
# own network namespace (the machine's, as real root) nothing is sent:
# what sends runs in the node, and tcpdump listens in the test's
# namespaces.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/..}/tests/containers.sh"

# --- the node ----------------------------------------------------------
# node_main DIR HOST_INODE NS... -- COMMAND...: runs as pid 1 of a
# new pid namespace, in a new mount namespace, in the test's host
# network namespace (node_start starts it so).  It makes /run/netns hold
# the containers NS... only, starts a process standing for each (and
# the leaky one's application, and a namespace that only a process
# holds), checks that it sees nothing else, and says so (DIR/ready,
# their pids in DIR/pids).  Told to go (the fifo DIR/go), it runs
# COMMAND and writes its pid (as the node sees it) to DIR/cmd.pid and
# its exit status to DIR/cmd.rc; told to stop (DIR/stop), it ends with
# that status.  Everything it started dies with it: the kernel kills a
# pid namespace's processes when its init ends, and its mounts go with
# its mount namespace.
node_main() {
	local dir=$1 host_inode=$2 ns pid app line want got rc
	shift 2
	NODE_NETNS=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		NODE_NETNS="$NODE_NETNS $1"
		shift
	done
	[ $# -ge 2 ] || hard_error "node: no command"
	shift

	# Where it is: the init of a new pid namespace (so unshare's
	# --mount-proc /proc shows its descendants only), in the test's
	# host network namespace.
	[ $$ = 1 ] || hard_error "node: not the init of a new pid namespace"
	[ "$(stat -L -c %i /proc/self/ns/net)" = "$host_inode" ] ||
		hard_error "node: not in the test's host network namespace"

	# /run/netns: each container's file is bound aside first (the
	# tmpfs is about to cover the originals), then back onto a fresh
	# tmpfs that holds nothing else.
	mkdir "$dir/ns" || hard_error "node: mkdir $dir/ns"
	for ns in $NODE_NETNS; do
		: >"$dir/ns/$ns" && mount --bind "/run/netns/$ns" "$dir/ns/$ns" ||
			hard_error "node: cannot hold on to $ns"
	done
	mount -t tmpfs -o mode=0755 mcv-node /run/netns ||
		hard_error "node: cannot mount a tmpfs on /run/netns"
	for ns in $NODE_NETNS; do
		: >"/run/netns/$ns" && mount --bind "$dir/ns/$ns" "/run/netns/$ns" ||
			hard_error "node: cannot bind $ns into /run/netns"
	done
	want=$(printf '%s\n' $NODE_NETNS | LC_ALL=C sort | tr '\n' ' ')
	got=$(for f in /run/netns/*; do echo "${f##*/}"; done | tr '\n' ' ')
	[ "$got" = "$want" ] || hard_error "node: /run/netns holds '$got', not '$want'"

	# The containers' stand-ins (what a container's init would be),
	# each waited for until it is in its namespace, or a round could
	# meet it still in the host's.  The leaky container's application
	# starts first: found first by an owner search (a lower pid), and
	# put in a service's cgroup (node_cgroups), the container's scope
	# must still win.  SAMEPRIV: a daemon that has dropped capabilities
	# must be able to read its sockets.
	: >"$dir/pids.new"
	for ns in $NODE_NETNS; do
		case $ns in
		*-leaky)
			mkfifo "$dir/app.fifo" || hard_error "node: mkfifo"
			ip netns exec "$ns" $SAMEPRIV "$MCAPP" -t 300 connect \
			    224.2.0.6 6666 </dev/null >"$dir/app.fifo" &
			app=$!
			read -r line <"$dir/app.fifo" && [ "$line" = ready ] ||
				hard_error "node: the application did not start"
			echo "app $ns $app" >>"$dir/pids.new"
			;;
		esac
		ip netns exec "$ns" sleep 300 </dev/null >/dev/null &
		pid=$!
		echo "init $ns $pid" >>"$dir/pids.new"
		wait_until "node: the stand-in of $ns did not enter it" \
			hard_error same_netns "$pid" "/run/netns/$ns"
	done

	# A namespace no file names, held by processes only (as a container
	# runtime's that keeps none under /run/netns): found through /proc
	# alone, and named pid:N after the lower of its two pids, the first
	# process (exec'd into sleep); the second is its child.
	mkfifo "$dir/lone.fifo" || hard_error "node: mkfifo"
	unshare --net sh -c 'ip link set lo up || exit 1
		sleep 300 &
		echo "ready $!"
		exec sleep 300' </dev/null >"$dir/lone.fifo" &
	pid=$!
	read -r line second <"$dir/lone.fifo" && [ "$line" = ready ] ||
		hard_error "node: the lone namespace did not start"
	echo "lone - $pid" >>"$dir/pids.new"
	echo "lone2 - $second" >>"$dir/pids.new"

	# What /proc shows now, read with builtins only (so that nothing
	# else runs meanwhile): this sh (1) and what it started, nothing
	# else.
	node_procs >"$dir/procs"
	want=$({ echo 1; awk '{ print $3 }' "$dir/pids.new"; } | sort -n | tr '\n' ' ')
	got=$(awk '{ print $1 }' "$dir/procs" | sort -n | tr '\n' ' ')
	[ "$got" = "$want" ] ||
		hard_error "node: /proc shows processes $got, not only the test's $want"

	# Told to go and to stop through fifos: a builtin read waits, where
	# a polling loop would run processes the test can see.
	mkfifo "$dir/go" "$dir/stop" && mv "$dir/pids.new" "$dir/pids" &&
		: >"$dir/ready" || hard_error "node: cannot say it is ready"
	read -r line <"$dir/go" || hard_error "node: never told to go"
	"$@" </dev/null &
	echo $! >"$dir/cmd.pid.new" && mv "$dir/cmd.pid.new" "$dir/cmd.pid" ||
		hard_error "node: cannot say the command's pid"
	wait $!
	rc=$?
	echo $rc >"$dir/cmd.rc.new" && mv "$dir/cmd.rc.new" "$dir/cmd.rc" ||
		hard_error "node: cannot say the command's exit status"
	read -r line <"$dir/stop" || hard_error "node: never told to stop"
	exit $rc
}

# container_index NAME: I, for the cgroup of the container NAME.
container_index() {
	case $1 in
	*-leaky) echo 1 ;;
	*-fixed) echo 2 ;;
	*-alone) echo 3 ;;
	*-vanish) echo 4 ;;
	*) hard_error "container_index: $1" ;;
	esac
}

# same_netns PID FILE: PID is in the network namespace FILE names.
same_netns() {
	[ "$(stat -L -c %i "/proc/$1/ns/net" 2>/dev/null)" = "$(stat -L -c %i "$2")" ]
}

# node_procs: "PID COMM" for each process /proc shows.
node_procs() {
	local d c
	for d in /proc/[0-9]*; do
		c=
		read -r c 2>/dev/null <"$d/comm"
		echo "${d#/proc/} $c"
	done
}

if [ "${1:-}" = --node ]; then
	shift
	node_main "$@"
	exit 99
fi

# --- the test, outside the node ------------------------------------------
command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
command -v pgrep >/dev/null 2>&1 || skip "needs pgrep (procps)"
command -v nsenter >/dev/null 2>&1 || skip "needs nsenter (util-linux)"
NODE_SCRIPT=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
export top_builddir top_srcdir
ns_setup
C_VANISH=mcv-$$-vanish	# the one that disappears mid-round
NODE=
NODE_UNSHARE=
LOCKHOLD=
trap 'lock_release; node_kill; ns_cleanup; cg_cleanup' EXIT
containers_create "$C_VANISH"
# Real root: docker-like owners for the node's processes (node_cgroups).
OWNERS=
cg_setup && OWNERS=1

inode_of() { stat -L -c %i "/run/netns/$1"; }
HOST_INODE=$(inode_of "$NS_HOST")
# The test's own namespace: the machine's, as real root.
OWN_INODE=$(stat -L -c %i /proc/self/ns/net)

# node_start NAME NS... -- COMMAND...: a node (node_main) named NAME
# holding the containers NS..., which runs COMMAND once told
# (node_go); returns once it is set up, checked from here too.  Its
# stdout and stderr go to $TMP/out and $TMP/err.
node_start() {
	local name=$1
	shift
	NODE=$TMP/node-$name
	NODE_NETNS=
	for ns; do
		[ "$ns" != -- ] || break
		NODE_NETNS="$NODE_NETNS $ns"
	done
	mkdir "$NODE" || hard_error "mkdir $NODE"
	: >"$TMP/out"
	: >"$TMP/err"
	# --kill-child: if unshare is killed, so is the node's init.
	ip netns exec "$NS_HOST" unshare --mount --pid --fork --mount-proc \
	    --kill-child /bin/sh "$NODE_SCRIPT" --node "$NODE" "$HOST_INODE" \
	    "$@" </dev/null >"$TMP/out" 2>"$TMP/err" &
	NODE_UNSHARE=$!
	wait_until "the node did not set up" fail node_set_up
	node_check
	node_cgroups
}
node_set_up() {
	[ -e "$NODE/ready" ] && return 0
	kill -0 "$NODE_UNSHARE" 2>/dev/null || fail "the node ended while setting up"
	return 1
}

# node_pid KIND [NAME]: a pid the node wrote down, as it sees it.
node_pid() {
	awk -v k="$1" -v n="${2:--}" '$1 == k && $2 == n { print $3 }' "$NODE/pids"
}

# outer_pid PID: the pid here of the node's process PID (the last pid
# of its NSpid: the innermost namespace's); 1 if there is none.
outer_pid() {
	local p
	for p in $(pgrep --ns "$NODE_INIT" --nslist pid); do
		[ "$(awk '$1 == "NSpid:" { print $NF }' "/proc/$p/status" 2>/dev/null)" = "$1" ] &&
			echo "$p" && return 0
	done
	return 1
}

# node_check: what the node said of itself, checked from here: its pid
# namespace holds as many processes as its /proc showed, and each is in
# the test's host, one of the node's containers, or the lone namespace
# (new, and none of the others).
node_check() {
	local members allowed p ino ns
	NODE_INIT=$(pgrep -P "$NODE_UNSHARE")
	[ "$(echo $NODE_INIT | wc -w)" = 1 ] || hard_error "the node's init: '$NODE_INIT'"
	LONE_PID=$(node_pid lone)
	LONE=pid:$LONE_PID
	LONE_OUTER=$(outer_pid "$LONE_PID") || hard_error "no lone process in the node"
	LONE_INODE=$(stat -L -c %i "/proc/$LONE_OUTER/ns/net")
	allowed=" $HOST_INODE "
	for ns in $NODE_NETNS; do
		allowed="$allowed$(inode_of "$ns") "
	done
	case "$allowed $OWN_INODE $(inode_of "$NS_GW") " in
	*" $LONE_INODE "*) fail "the lone namespace is not a new one" ;;
	esac
	allowed="$allowed$LONE_INODE "
	members=$(pgrep --ns "$NODE_INIT" --nslist pid)
	[ "$(echo $members | wc -w)" = "$(wc -l <"$NODE/procs")" ] ||
		fail "the node's pid namespace holds $(echo $members | wc -w) processes, its /proc showed $(wc -l <"$NODE/procs")"
	for p in $members; do
		ino=$(stat -L -c %i "/proc/$p/ns/net") || hard_error "stat /proc/$p/ns/net"
		case $allowed in
		*" $ino "*) ;;
		*) fail "process $p ($(cat "/proc/$p/comm")) of the node is in namespace $ino, not one of the test's" ;;
		esac
	done
	# The node's tmpfs on /run/netns stayed in its mount namespace.
	[ -e "/run/netns/$NS_HOST" ] || fail "the node's /run/netns is seen outside it"
	echo "node $NODE: /proc shows:" $(cat "$NODE/procs")
}

# node_tell go|stop: says so to the node, which waits for it (bounded:
# a node that has died does not hang the test).
node_tell() {
	timeout 30 sh -c 'echo "$1" >"$2"' sh "$1" "$NODE/$1" ||
		fail "the node did not wait for $1"
}

# node_cgroups: as real root, the node's processes go into cgroups
# named like docker's scopes (container I: docker:I00000000000), the
# leaky one's application into a service's.  From here: in the node,
# ip netns exec's fresh /sys hides the cgroup mount.
node_cgroups() {
	local kind ns pid
	[ -n "$OWNERS" ] || return 0
	while read -r kind ns pid; do
		pid=$(outer_pid "$pid") || hard_error "no process $pid in the node"
		case $kind in
		init)	cg_put "$CG" "$(cg_scope "$(container_index "$ns")")" "$pid" ;;
		app)	cg_put "$CG" netns-helper.service "$pid" ;;
		lone*)	cg_put "$CG" "$(cg_scope 5)" "$pid" ;;
		esac || hard_error "cannot put the node's $kind $ns in a cgroup"
	done <"$NODE/pids"
}

# node_go: the node runs its command (CMD_PID, as seen from here; ""
# if it has ended already).
node_go() {
	node_tell go
	wait_until "the node did not start its command" fail node_started
	CMD_PID=$(outer_pid "$(cat "$NODE/cmd.pid")") || CMD_PID=
}
node_started() {
	[ -e "$NODE/cmd.pid" ] && return 0
	kill -0 "$NODE_UNSHARE" 2>/dev/null || fail "the node ended"
	return 1
}

# node_wait: waits for the command to end; sets RC.  The node (and the
# lone namespace) stays until node_stop.
node_wait() {
	wait_until "the node's command did not end" fail node_ended
	RC=$(cat "$NODE/cmd.rc")
}
node_ended() {
	[ -e "$NODE/cmd.rc" ] && return 0
	kill -0 "$NODE_UNSHARE" 2>/dev/null || fail "the node ended"
	return 1
}

# node_stop: ends the node, and with it everything in it.
node_stop() {
	local rc
	node_tell stop
	wait "$NODE_UNSHARE"
	rc=$?
	NODE_UNSHARE=
	[ "$rc" = "$RC" ] || fail "the node ended with $rc, its command with $RC"
}

# node_kill: for the trap: SIGKILL to the node's init ends its pid
# namespace (the kernel kills the rest), then unshare ends; only then
# can ns_cleanup delete the namespaces and cg_cleanup the cgroups.
node_kill() {
	local init
	[ -n "$NODE_UNSHARE" ] || return 0
	init=$(pgrep -P "$NODE_UNSHARE")
	kill -KILL ${init:-$NODE_UNSHARE} 2>/dev/null
	wait "$NODE_UNSHARE" 2>/dev/null
	NODE_UNSHARE=
	return 0
}

# lock_hold FILE: the test holds the check lock FILE (lock.c's: a POSIX
# record lock; tests/lockhold.c, LOCKHOLD its pid) until lock_release,
# so that a check in its namespace waits (lock.c's LOCK_WAIT_MS, at
# most).  The lock goes with the holder: once lock_release returns, it
# is free, and a check that waits for it has its wake-up (the close)
# queued, whether it runs or is stopped.
lock_hold() {
	local line
	[ -f "$1" ] || fail "no check lock $1"
	mkfifo "$TMP/lockhold.fifo" || hard_error "mkfifo"
	"$top_builddir/tests/lockhold" "$1" >"$TMP/lockhold.fifo" &
	LOCKHOLD=$!
	read -r line <"$TMP/lockhold.fifo" && [ "$line" = locked ] ||
		hard_error "cannot hold the check lock $1"
}
lock_release() {
	[ -n "$LOCKHOLD" ] || return 0
	kill "$LOCKHOLD" 2>/dev/null
	wait "$LOCKHOLD" 2>/dev/null
	LOCKHOLD=
	return 0
}

# routes_of NS: every route of NS, IPv4 and IPv6, every table (NS a
# name, or "lone": the node's lone namespace); but the kernel's own
# IPv6 ones, which come and go with link-local addresses.
routes_of() {
	local f
	for f in -4 -6; do
		if [ "$1" = lone ]; then
			nsenter -t "$LONE_OUTER" -n ip "$f" route show table all
		else
			ip -n "$1" "$f" route show table all
		fi
	done | grep -v '^[a-z ]*fe80:.* proto kernel '
}
snapshot() { routes_of "$1" >"$TMP/$1.routes"; }
assert_no_route_left() {
	local ns
	for ns; do
		routes_of "$ns" | diff -u "$TMP/$ns.routes" - >&2 ||
			fail "a route was left in $ns"
	done
}

# The daemon's files, and how a round's end is seen: both rewritten (a
# new file each time: atomicfile.c renames one into place).
STATUS=$TMP/status.json
METRICS=$TMP/m.prom
file_id() { stat -c %i "$1" 2>/dev/null; }
round_mark() { ROUND_MARK="$(file_id "$STATUS") $(file_id "$METRICS")"; }
round_done() {
	local s m
	kill -0 "$DAEMON_PID" 2>/dev/null || fail "the daemon died"
	s=$(file_id "$STATUS") && m=$(file_id "$METRICS") || return 1
	set -- $ROUND_MARK
	# Both new, a round's (at least the host's entry), no child left.
	[ "$s" != "${1:-}" ] && [ "$m" != "${2:-}" ] &&
	    jq -e '.namespaces | length > 0' "$STATUS" >/dev/null 2>&1 &&
	    [ -z "$(pgrep -P "$DAEMON_PID")" ]
}
# wait_round FILE: waits for the round under way to end; its status
# file is copied to FILE.json, its metrics to FILE.prom.
wait_round() {
	wait_until "no round ended" fail round_done
	cp "$STATUS" "$1.json" && cp "$METRICS" "$1.prom" || hard_error "cannot copy the round"
	round_mark
}

# assert_round FILE FILTER: a round's JSON satisfies a jq filter.
assert_round() {
	jq -e "$2" "$1" >/dev/null 2>&1 ||
		fail "$1 does not satisfy: $2 ($(jq -c '{status, summary, netns_setting, namespaces_checked, namespaces_skipped, skipped, namespaces: [.namespaces[]? | {netns, status, summary}]}' "$1" 2>&1))"
}

# assert_entry FILE NAME FILTER: exactly one entry of the round is for
# the namespace NAME, and it satisfies FILTER.
assert_entry() {
	jq -e --arg n "$2" "[.namespaces[] | select(.netns.name == \$n)] |
	    length == 1 and (.[0] | $3)" "$1" >/dev/null 2>&1 ||
		fail "$1: netns $2: not $3 ($(jq -c --arg n "$2" '.namespaces[] | select(.netns.name == $n) | {netns, status, summary}' "$1" 2>&1))"
}

# assert_owner FILE NAME I: as real root, the entry names container I.
assert_owner() {
	[ -z "$OWNERS" ] || assert_entry "$1" "$2" ".netns.owner == \"$(cg_owner "$3")\""
}

# json_list WORD...: a JSON array of strings; json_nums: of numbers.
json_list() { jq -cn '$ARGS.positional' --args "$@"; }
json_nums() { jq -cn '[$ARGS.positional[] | tonumber]' --args "$@"; }

# assert_metrics FILE.prom FILE.json CHECKED SKIPPED: promtool takes it;
# one mcastlo_netns_info per namespace checked, as in the status file;
# every other sample's first label is netns="NAME" of one of them (but
# for these: not about one namespace); each one's check status.
ROUND_WIDE='^mcastlo_(build_info|netns_checked|netns_skipped|netns_over_limit)[{ ]'
assert_metrics() {
	local prom=$1 json=$2 name st
	if command -v promtool >/dev/null 2>&1; then
		promtool check metrics <"$prom" >&2 || fail "promtool rejects $prom"
	else
		echo "promtool not installed: metrics not linted"
	fi
	grep -Eq "^mcastlo_netns_checked(\\{[^}]*\\})? $3\$" "$prom" ||
		fail "$prom: mcastlo_netns_checked is not $3"
	grep -Eq "^mcastlo_netns_skipped(\\{[^}]*\\})? $4\$" "$prom" ||
		fail "$prom: mcastlo_netns_skipped is not $4"
	jq -r '.namespaces[].netns | "mcastlo_netns_info{netns=\"\(.name)\",inode=\"\(.inode)\",owner=\"\(.owner // "")\"} 1"' \
	    "$json" | sort >"$prom.want"
	grep '^mcastlo_netns_info[{ ]' "$prom" | sort | diff -u "$prom.want" - >&2 ||
		fail "$prom: mcastlo_netns_info is not one per namespace checked"
	grep -v '^#' "$prom" | grep -Ev "$ROUND_WIDE" | grep . >"$prom.samples"
	grep -Ev '^mcastlo_[a-z_]+\{netns="[^"]*"' "$prom.samples" >"$prom.bad" &&
		fail "$prom: samples without netns as their first label: $(cat "$prom.bad")"
	sed 's/^[a-z_]*{netns="\([^"]*\)".*/\1/' "$prom.samples" | sort -u >"$prom.names"
	jq -r '.namespaces[].netns.name' "$json" | sort -u | diff -u - "$prom.names" >&2 ||
		fail "$prom: the namespaces of the samples are not those checked"
	jq -r '.namespaces[] | "\(.netns.name) \(.exit_code)"' "$json" |
	while read -r name st; do
		grep -Eq "^mcastlo_check_status\\{netns=\"$name\"[,}].* $st\$" "$prom" ||
			fail "$prom: no mcastlo_check_status $st for $name"
	done || exit 1
}

# truth NAME NS: tcpdump on "any" in NS for multicast, from here.
truth() { tcpdump_start "$1" "$2" any "udp and dst net 224.0.0.0/4"; }
# truth_out NAME: what its capture saw leave, other than on lo.
truth_out() { awk '$2 != "lo" && $3 == "Out"' "$TMP/$1.truth"; }

# --- a plain check, for what one namespace's entry must look like ------
# (in the test's host namespace, as everywhere here): its keys.
run_verifyd --once --json
assert_rc 2
jq -c 'del(.netns) | keys' "$TMP/out" >"$TMP/once.keys" || hard_error "no JSON from --once"

# --- phase 0: the node, as a program in it sees it ----------------------
# What the verifier will be able to find, listed by a plain program in
# its place: /run/netns holds the containers only, and every process
# /proc shows (itself included) is in one of the test's namespaces.
node_start view "$C_LEAKY" "$C_FIXED" "$C_ALONE" "$C_VANISH" -- /bin/sh -c '
	echo "self $(stat -L -c %i /proc/self/ns/net)"
	for f in /run/netns/*; do echo "netns ${f##*/} $(stat -L -c %i "$f")"; done
	for d in /proc/[0-9]*; do
		i=$(stat -L -c %i "$d/ns/net" 2>/dev/null) && echo "proc ${d#/proc/} $i"
	done'
node_go
node_wait
assert_rc 0
want=
for ns in $NODE_NETNS; do
	want="$want$ns $(inode_of "$ns")
"
done
[ "$(awk '$1 == "self" { print $2 }' "$TMP/out")" = "$HOST_INODE" ] ||
	fail "a program in the node is not in the test's host namespace"
awk '$1 == "netns" { print $2, $3 }' "$TMP/out" >"$TMP/view.netns"
printf '%s' "$want" | LC_ALL=C sort | diff -u - "$TMP/view.netns" >&2 ||
	fail "/run/netns in the node is not exactly the test's containers"
awk '$1 == "proc" { print $3 }' "$TMP/out" | sort -u >"$TMP/view.inodes"
{ echo "$HOST_INODE"; echo "$LONE_INODE"; for ns in $NODE_NETNS; do inode_of "$ns"; done; } |
	sort -u >"$TMP/view.allowed"
[ -s "$TMP/view.inodes" ] && [ -z "$(comm -23 "$TMP/view.inodes" "$TMP/view.allowed")" ] ||
	fail "/proc in the node leads to namespaces not the test's: $(comm -23 "$TMP/view.inodes" "$TMP/view.allowed")"
[ "$(comm -12 "$TMP/view.inodes" "$TMP/view.allowed" | wc -l)" = "$(wc -l <"$TMP/view.allowed")" ] ||
	fail "/proc in the node does not show a process in each of the test's namespaces"
node_stop

# --- phase 1: a daemon with `netns all` ----------------------------------
for ns in "$NS_HOST" $NS_EXTRA; do
	snapshot "$ns"
done
conf=$TMP/round.conf
echo "netns all" >"$conf"
node_start daemon "$C_LEAKY" "$C_FIXED" "$C_ALONE" "$C_VANISH" -- \
	"$VERIFYD" -d -v -f "$conf" --interval 3600 --status-file "$STATUS" \
	--metrics-file "$METRICS"
snapshot lone
[ "$(nsenter -t "$LONE_OUTER" -n ip -o link | wc -l)" = 1 ] ||
	hard_error "the lone namespace has more than lo"
APP=$(node_pid app "$C_LEAKY")
truth t_host "$NS_HOST"
truth t_leaky "$C_LEAKY"
truth t_fixed "$C_FIXED"
truth t_alone "$C_ALONE"
truth t_vanish "$C_VANISH"
round_mark
node_go
DAEMON_PID=$CMD_PID
[ -n "$DAEMON_PID" ] || fail "the daemon ended at once: $(cat "$TMP/err")"
wait_round "$TMP/round1"
for name in t_host t_leaky t_fixed t_alone t_vanish; do
	tcpdump_stop "$name"
done

# Who was looked at: the test's namespaces, exactly, and in order: the
# daemon's own ("host"), /run/netns's by name, then pid:N.
names=$(json_list host $(printf '%s\n' "$C_LEAKY" "$C_FIXED" "$C_ALONE" "$C_VANISH" | LC_ALL=C sort) "$LONE")
inodes=
for name in $(echo "$names" | jq -r '.[]'); do
	case $name in
	host) inodes="$inodes $HOST_INODE" ;;
	pid:*) inodes="$inodes $LONE_INODE" ;;
	*) inodes="$inodes $(inode_of "$name")" ;;
	esac
done
inodes=$(json_nums $inodes)
assert_round "$TMP/round1.json" "[.namespaces[].netns.inode] | sort == ($inodes | sort)"
assert_round "$TMP/round1.json" "all(.namespaces[]; .netns.inode != $OWN_INODE)"
assert_round "$TMP/round1.json" "[.namespaces[].netns.name] == $names and [.namespaces[].netns.inode] == $inodes"
assert_round "$TMP/round1.json" '.netns_setting == "all" and .status == "CRITICAL" and
	.exit_code == 2 and .namespaces_checked == 6 and .namespaces_skipped == 0 and
	.skipped == []'
# Each entry is what --once --json prints for that namespace.
assert_round "$TMP/round1.json" "all(.namespaces[]; (del(.netns) | keys) == $(cat "$TMP/once.keys"))"

# Each one right.  The host: a stock host, its send() probe leaks.
assert_entry "$TMP/round1.json" host '.status == "CRITICAL" and .exit_code == 2 and
	.netns.inode == '"$HOST_INODE"' and any(.probes[]; .method == "send" and .leaked)'
truth_out t_host | grep -q "$GROUP\\.[0-9]*: UDP" ||
	fail "ground truth: the host's probe did not leave through eth0"
# The leaky container: its application named, by its pid in the node.
assert_entry "$TMP/round1.json" "$C_LEAKY" '.status == "CRITICAL" and
	(.summary | test("mcapp \\(pid '"$APP"'\\) leaks 224\\.2\\.0\\.6:6666 through eth0")) and
	([.sockets[] | select(.leaks)] | length == 1)'
truth_out t_leaky | grep -Eq " eth0 +Out .*224\\.2\\.0\\.6\\.6666: UDP" ||
	fail "ground truth: the leaky application's datagrams did not leave"
assert_owner "$TMP/round1.json" "$C_LEAKY" 1
# The fixed one: the admin route; nothing left it.
assert_entry "$TMP/round1.json" "$C_FIXED" '.status == "OK" and .route == "pre-existing" and
	.socket_audit.leaking == 0'
[ -n "$(truth_out t_fixed)" ] &&
	fail "ground truth: the fixed container sent out: $(truth_out t_fixed)"
assert_owner "$TMP/round1.json" "$C_FIXED" 2
# No uplink (alone, vanish, and the lone namespace): nothing can leave.
for ns in "$C_ALONE" "$C_VANISH"; do
	assert_entry "$TMP/round1.json" "$ns" '.status == "OK"'
done
assert_entry "$TMP/round1.json" "$LONE" '.status == "OK"'
[ -n "$(truth_out t_alone)$(truth_out t_vanish)" ] &&
	fail "ground truth: a namespace without an uplink sent out"
assert_owner "$TMP/round1.json" "$C_ALONE" 3
assert_owner "$TMP/round1.json" "$C_VANISH" 4
assert_owner "$TMP/round1.json" "$LONE" 5
assert_metrics "$TMP/round1.prom" "$TMP/round1.json" 6 0

# Its log (-v): each child as it starts, in order; each namespace's
# result and the round's, new.
sed -n 's/.*round: checking netns \(.*\) in process [0-9]*$/\1/p' "$TMP/err" >"$TMP/checking"
jq -r '.namespaces[].netns | "\(.name) (inode \(.inode))"' "$TMP/round1.json" |
	diff -u - "$TMP/checking" >&2 || fail "the daemon did not log each namespace it checked, in order"
grep -Eq "check netns $C_LEAKY: CRITICAL: .*mcapp \\(pid $APP\\) leaks 224\\.2\\.0\\.6:6666 through eth0" "$TMP/err" ||
	fail "the daemon did not log the leaky container's result"
grep -q "check netns $C_FIXED: OK: " "$TMP/err" || fail "the daemon did not log the fixed container's result"
grep -q "round: CRITICAL: " "$TMP/err" || fail "the daemon did not log the round's result"
assert_no_route_left "$NS_HOST" "$C_LEAKY" "$C_FIXED" "$C_ALONE" "$C_VANISH" lone

# --- phase 2: a namespace vanishes mid-round -----------------------------
# SIGUSR1: a round now, while the test holds C_ALONE's check lock
# (tests/lockhold.c; round 1's check made the file).  A round checks one
# namespace at a time, in order, and C_ALONE comes right after the host,
# before C_VANISH: so the round's child for C_ALONE, inside it, waits in
# its lock stage for as long as the test holds the lock (up to lock.c's
# LOCK_WAIT_MS): a window that does not depend on how fast a check runs
# (a poll for a child in the middle of its 30 ms check could miss every
# one under load).  That child, once it says it waits (-v), is stopped
# there, the lock let go (the close wakes it when it goes on), C_VANISH
# goes (its /run/netns entry in the node, its process, the namespace
# itself), and the child goes on: the round meets C_VANISH gone when its
# turn comes.
ALONE_INODE=$(inode_of "$C_ALONE")
VANISH_INODE=$(inode_of "$C_VANISH")
VANISH_PID=$(outer_pid "$(node_pid init "$C_VANISH")") ||
	hard_error "no stand-in of $C_VANISH in the node"
LOCK_WAITING='waiting for another check to end$'
LOCK_WAITS=$(grep -c -- "$LOCK_WAITING" "$TMP/err")
CHILD=
# child_waits: the daemon's child has said it waits for the lock; it is
# the one child (CHILD), in C_ALONE.
child_waits() {
	local kids
	kill -0 "$DAEMON_PID" 2>/dev/null || fail "the daemon died"
	has_lines "$LOCK_WAITING" "$TMP/err" $((LOCK_WAITS + 1)) || {
		[ "$(pgrep -P "$DAEMON_PID" | wc -l)" -le 1 ] ||
			fail "the daemon checks more than one namespace at once"
		return 1
	}
	kids=$(pgrep -P "$DAEMON_PID")
	[ "$(echo $kids | wc -w)" = 1 ] ||
		fail "not one child waits for $C_ALONE's lock, but '$kids'"
	[ "$(stat -L -c %i "/proc/$kids/ns/net")" = "$ALONE_INODE" ] ||
		fail "the daemon's child that waits for a lock is not in $C_ALONE"
	CHILD=$kids
}
# stopped PID: PID is stopped (not gone: it waits for the lock).
stopped() {
	local state
	state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d ' ' -f 1)
	case $state in
	T|t) return 0 ;;
	''|Z|X) fail "the daemon's child $1 ended while it waited for the lock" ;;
	esac
	return 1
}
standin_gone() { ! readlink "/proc/$VANISH_PID/ns/net" >/dev/null 2>&1; }
lock_hold "$RUNTIME_DIRECTORY/netns-$ALONE_INODE.lock"
kill -USR1 "$DAEMON_PID"
wait_until "the daemon's round did not wait for $C_ALONE's lock" fail child_waits
kill -STOP "$CHILD" || hard_error "cannot stop the daemon's child $CHILD"
wait_until "the daemon's child did not stop" hard_error stopped "$CHILD"
[ "$(stat -L -c %i "/proc/$CHILD/ns/net")" = "$ALONE_INODE" ] ||
	fail "the daemon's child left $C_ALONE while it waited for the lock"
lock_release
echo "round 2: the daemon's child $CHILD stopped while it waited for $C_ALONE's lock; $C_VANISH goes"
# The man page's "check now", systemctl kill -s USR1, signals every
# process of the unit: the stopped child gets it too, and must finish
# its check, not die of it (C_ALONE an UNKNOWN; a child further on in
# its check would leave its route in place).
kill -USR1 "$CHILD" "$DAEMON_PID"
# (umount reads /proc/self/mountinfo, which the node's /proc has only
# for its own processes: so the pid namespace too, -p; in the host's
# network namespace, -n, which the round has done with.)
nsenter -t "$DAEMON_PID" -m -n -p sh -c \
    'umount "/run/netns/$1" && rm "/run/netns/$1" && umount "$2/ns/$1"' \
    sh "$C_VANISH" "$NODE" || hard_error "cannot take $C_VANISH out of the node"
kill -KILL "$VANISH_PID"
wait_until "the stand-in of $C_VANISH did not die" hard_error standin_gone
ip netns del "$C_VANISH" || hard_error "cannot delete $C_VANISH"
NS_EXTRA="$C_LEAKY $C_FIXED $C_ALONE"
kill -CONT "$CHILD"
wait_round "$TMP/round2"

kill -0 "$DAEMON_PID" 2>/dev/null || fail "the daemon did not survive a namespace that vanished"
assert_round "$TMP/round2.json" ".skipped | length == 1 and .[0].name == \"$C_VANISH\" and
	.[0].inode == $VANISH_INODE and (.[0] | has(\"owner\")) and (.[0].why | test(\"vanished\"))"
assert_round "$TMP/round2.json" '.namespaces_checked == 5 and .namespaces_skipped == 1 and
	.status == "CRITICAL" and .exit_code == 2'
# The others, as before.
jq -c "[.namespaces[] | select(.netns.name != \"$C_VANISH\") | {netns, status}]" \
	"$TMP/round1.json" >"$TMP/round1.others"
jq -c '[.namespaces[] | {netns, status}]' "$TMP/round2.json" |
	diff -u "$TMP/round1.others" - >&2 || fail "the other namespaces are not reported as before"
assert_metrics "$TMP/round2.prom" "$TMP/round2.json" 5 1
# Logged when a result changes: the host's did not.
[ "$(grep -c 'check netns host: CRITICAL: ' "$TMP/err")" = 1 ] ||
	fail "the daemon logged the host's unchanged result again"
assert_no_route_left "$NS_HOST" "$C_LEAKY" "$C_FIXED" "$C_ALONE" lone

# Round 3: nothing up in the lone namespace (its lo down, as in a
# sandbox's): nothing can be sent from it, so it is skipped, "no
# interface up", not an UNKNOWN that would hold every round there.
nsenter -t "$LONE_OUTER" -n ip link set lo down ||
	hard_error "cannot take lo down in the lone namespace"
kill -USR1 "$DAEMON_PID"
wait_round "$TMP/round3"
nsenter -t "$LONE_OUTER" -n ip link set lo up ||
	hard_error "cannot bring lo up again in the lone namespace"
assert_round "$TMP/round3.json" ".skipped | length == 1 and .[0].name == \"$LONE\" and
	.[0].inode == $LONE_INODE and (.[0].why | test(\"no interface is up\"))"
assert_round "$TMP/round3.json" '.namespaces_checked == 4 and .namespaces_skipped == 1 and
	.status == "CRITICAL" and (.summary | test("; 1 skipped \\(no interface up\\)$"))'
assert_metrics "$TMP/round3.prom" "$TMP/round3.json" 4 1

kill -TERM "$DAEMON_PID"
node_wait
assert_rc 0
node_stop
assert_no_route_left "$NS_HOST" "$C_LEAKY" "$C_FIXED" "$C_ALONE"

# --- phase 3: --once with a list, one name not there ---------------------
# The host gets the admin route for this phase, so that its entry is OK
# and the missing namespace's UNKNOWN is the worst: exit 3.
in_c "$NS_HOST" route add "$GROUP/32" dev lo src 127.0.0.1
snapshot "$NS_HOST"
echo "netns $C_FIXED mcv-$$-none" >"$conf"
node_start once "$C_LEAKY" "$C_FIXED" "$C_ALONE" -- "$VERIFYD" --once --json -f "$conf"
node_go
node_wait
assert_rc 3
assert_round "$TMP/out" "[.namespaces[].netns.name] == [\"host\", \"$C_FIXED\", \"mcv-$$-none\"] and
	.netns_setting == \"$C_FIXED mcv-$$-none\" and .status == \"UNKNOWN\" and .exit_code == 3 and
	.namespaces_checked == (.namespaces | length) and .skipped == []"
assert_entry "$TMP/out" host ".status == \"OK\" and .netns.inode == $HOST_INODE"
assert_entry "$TMP/out" "$C_FIXED" ".status == \"OK\" and .netns.inode == $(inode_of "$C_FIXED")"
assert_entry "$TMP/out" "mcv-$$-none" ".status == \"UNKNOWN\" and (.summary | contains(\"mcv-$$-none\"))"
node_stop
assert_no_route_left "$NS_HOST" "$C_LEAKY" "$C_FIXED" "$C_ALONE"
in_c "$NS_HOST" route del "$GROUP/32" dev lo src 127.0.0.1
snapshot "$NS_HOST"

# --- phase 3b: a daemon whose list names two that are not there ---------
# Each is UNKNOWN at every round, and logged once: neither has an inode,
# and each keeps its own memory of what the log said of it (one memory
# for both would say each anew at every round).  Names only, no "all":
# run in the test's host, without a node.
echo "netns mcv-$$-none mcv-$$-none2" >"$conf"
round_mark
start_daemon -f "$conf" --interval 3600 --status-file "$STATUS" \
	--metrics-file "$METRICS"
wait_round "$TMP/round3"
kill -USR1 "$DAEMON_PID"
wait_round "$TMP/round4"
stop_daemon
for name in mcv-$$-none mcv-$$-none2; do
	assert_entry "$TMP/round4.json" "$name" '.status == "UNKNOWN"'
	[ "$(grep -c "check netns $name: UNKNOWN: " "$TMP/err")" = 1 ] ||
		fail "the daemon did not log $name's unchanged result once: $(grep "check netns $name" "$TMP/err")"
done
assert_no_route_left "$NS_HOST"

# --- phase 4: --cleanup --netns all --------------------------------------
# A killed run's route (proto 201) in a container under /run/netns and
# in the lone namespace: both swept.  The same in the gateway, which
# the node cannot see: left alone.
node_start cleanup "$C_LEAKY" "$C_FIXED" "$C_ALONE" -- "$VERIFYD" --cleanup --netns all
snapshot lone
in_c "$C_ALONE" route add 224.16.17.30/32 dev lo proto 201
nsenter -t "$LONE_OUTER" -n ip route add 224.16.17.30/32 dev lo proto 201 ||
	hard_error "cannot plant a route in the lone namespace"
in_c "$NS_GW" route add 224.16.17.30/32 dev lo proto 201
node_go
node_wait
assert_rc 0
[ -z "$(ip -n "$C_ALONE" route show table all proto 201)" ] ||
	fail "--cleanup --netns all left the route in $C_ALONE"
[ -z "$(nsenter -t "$LONE_OUTER" -n ip route show table all proto 201)" ] ||
	fail "--cleanup --netns all left the route in the lone namespace"
[ -n "$(ip -n "$NS_GW" route show table all proto 201)" ] ||
	fail "--cleanup --netns all swept a namespace outside the node"
assert_no_route_left "$NS_HOST" "$C_LEAKY" "$C_FIXED" "$C_ALONE" lone
node_stop
in_c "$NS_GW" route del 224.16.17.30/32 dev lo proto 201
exit 0
