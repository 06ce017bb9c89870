# SPDX-License-Identifier: ISC
# A node's "containers", for the tests of --netns (ns-netns.sh) and of
# the daemon's netns key (ns-netns-round.sh); sourced after tests/lib.sh,
# once ns_setup has built the host and the gateway.  Network namespaces
# made as a container runtime would make them, each with lo up:
#   leaky:  eth0 198.51.101.2/24 to the gateway (c1), a default route,
#           and 224.2.0.0/24 routed to lo: an application there that
#           connect()s to 224.2.0.6 leaks through eth0
#   fixed:  eth0 198.51.102.2/24 (c2), a default route, and the admin
#           route "$GROUP dev lo src 127.0.0.1": nothing leaks
#   alone:  lo only, no uplink: nothing can leave
# and, as real root with cgroup v2, cgroups named like docker's scopes,
# into which a test puts the processes that stand for the containers,
# so that their owner comes out as docker:<12 hex>.

C_LEAKY=mcv-$$-leaky
C_FIXED=mcv-$$-fixed
C_ALONE=mcv-$$-alone
CG=

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

# containers_create [NAME...]: leaky, fixed and alone, then each NAME
# as one more lo-only namespace; all added to NS_EXTRA (so ns_cleanup
# removes them), in that order.
containers_create() {
	local ns
	NS_EXTRA="$NS_EXTRA $C_LEAKY $C_FIXED $C_ALONE $*"
	for ns in $C_LEAKY $C_FIXED $C_ALONE "$@"; do
		ip netns add "$ns" || hard_error "cannot create $ns"
		in_c "$ns" link set lo up
	done
	uplink "$C_LEAKY" 1
	uplink "$C_FIXED" 2
	in_c "$C_LEAKY" route add 224.2.0.0/24 dev lo
	in_c "$C_FIXED" route add "$GROUP/32" dev lo src 127.0.0.1
}

# cg_setup: CG, a cgroup v2 directory for the test's containers; else
# (not the real root, or no cgroup v2) 1, and the phase's SKIP line.
cg_setup() {
	local mnt
	if [ -z "${MCV_USERNS:-}" ] &&
	    mnt=$(findmnt -n -t cgroup2 -o TARGET | head -n 1) &&
	    [ -n "$mnt" ] && mkdir "$mnt/mcv-$$.slice" 2>/dev/null; then
		CG=$mnt/mcv-$$.slice
		return 0
	fi
	echo "SKIP (this phase only): the containers' cgroups need the real root and cgroup v2"
	return 1
}

# cg_scope I: the cgroup of test container I (1, 2...), named like
# docker's scope: its 64-hex id is I, zeros, then abc00I.
cg_scope() { echo "docker-$1$(printf '%063x' $((0xabc000 + $1))).scope"; }

# cg_owner I: the owner the verifier must name for container I:
# docker: and the id's first 12 digits, I00000000000.
cg_owner() { echo "docker:${1}00000000000"; }

# cg_put DIR CGROUP PID: PID moves into DIR/CGROUP (made if missing).
# The pid is read in the writer's pid namespace.
cg_put() {
	mkdir -p "$1/$2" && echo "$3" >"$1/$2/cgroup.procs"
}

# cg_cleanup: removes CG and its cgroups (their processes must be gone).
cg_cleanup() {
	local d
	[ -n "$CG" ] || return 0
	for d in "$CG"/*/; do
		[ -d "$d" ] && rmdir "$d" 2>/dev/null
	done
	rmdir "$CG" 2>/dev/null
	return 0
}
