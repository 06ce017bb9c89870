# SPDX-License-Identifier: ISC
# A throwaway minimal Debian chroot, for the tests that install the
# package: tests/deb-install.sh and tests/ansible-role.sh source this
# after tests/lib.sh.
#
# debroot_make [PACKAGE,...] debootstraps $SUITE (bookworm) with
# --variant=minbase, and the packages named, into a new directory
# $root under /var/tmp, from $MIRROR, else the mirror apt uses for
# $SUITE in /etc/apt/sources.list*.  No maintainer script starts
# anything in it (policy-rc.d).  in_root runs a command there;
# debroot_remove removes it, never through a mount point.  The chroot's
# /proc and /sys are mounted only in private mount namespaces
# (unshare), so they vanish with the commands that use them.
SUITE=${SUITE:-bookworm}
root=

# The mirror apt uses for $SUITE: one-line sources, then deb822 ones.
find_mirror() {
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$f" ] || continue
		sed -n "s/^deb[ 	]\{1,\}\(\[[^]]*\][ 	]\{1,\}\)\{0,1\}\([^ 	]\{1,\}\)[ 	]\{1,\}${SUITE}[ 	].*/\2/p" "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		awk -v suite="$SUITE" 'BEGIN { RS = "" } {
			n = split($0, line, "\n"); uri = ""; want = 0; deb = 0; on = 1
			for (i = 1; i <= n; i++) {
				if (line[i] ~ /^#/) continue
				if (line[i] ~ /^URIs:/) { split(line[i], w, /[ \t]+/); uri = w[2] }
				if (line[i] ~ /^Suites:/ && (line[i] " ") ~ ("[ \t]" suite "[ \t]")) want = 1
				if (line[i] ~ /^Types:/ && (line[i] " ") ~ /[ \t]deb[ \t]/) deb = 1
				if (line[i] ~ /^Enabled:[ \t]*[Nn]o/) on = 0
			}
			if (want && deb && on && uri != "") print uri
		}' "$f"
	done
}

# debroot_make [PACKAGE,...]: the chroot in $root; hard error if not.
debroot_make() {
	local mirror log start
	mirror=${MIRROR:-$(find_mirror | head -n 1)}
	mirror=${mirror:-http://deb.debian.org/debian}
	root=$(mktemp -d /var/tmp/mcastlo-debroot.XXXXXX) || hard_error "mktemp failed"
	chmod 755 "$root"	# the chroot's /, which _mcastlo must traverse
	log=$root.log
	start=$(date +%s)
	echo "# debootstrap --variant=minbase${1:+ --include=$1} $SUITE $root $mirror"
	timeout 900 debootstrap --variant=minbase ${1:+--include="$1"} \
	    "$SUITE" "$root" "$mirror" >"$log" 2>&1 || {
		tail -n 20 "$log" >&2
		rm -f "$log"
		hard_error "debootstrap failed"
	}
	rm -f "$log"
	echo "# debootstrap took $(($(date +%s) - start)) s"
	printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
	chmod 755 "$root/usr/sbin/policy-rc.d"
}

# in_root CMD...: CMD in the chroot, with /proc and /sys mounted in a
# private mount namespace that ends with it; in the network namespace
# IN_NETNS if set.
in_root() {
	${IN_NETNS:+ip netns exec "$IN_NETNS"} \
	unshare --mount --propagation private sh -c '
		root=$1; shift
		mount -t proc proc "$root/proc" && mount -t sysfs sysfs "$root/sys" &&
		exec chroot "$root" "$@"' sh "$root" \
		env DEBIAN_FRONTEND=noninteractive PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

# as_service NETNS CMD...: CMD in the chroot, in the network namespace
# NETNS, as the units run the program: as _mcastlo with CAP_NET_ADMIN
# and CAP_NET_RAW (ambient, nothing more in any set, NO_NEW_PRIVS), and
# with the runtime directory systemd's RuntimeDirectory= makes (the
# service user's, mode 0750: it holds the check lock).
as_service() {
	local netns=$1
	shift
	chroot "$root" install -d -o _mcastlo -g _mcastlo -m 0750 \
	    /run/mcastlo-verifyd || { echo "ERROR: no runtime directory" >&2; return 99; }
	IN_NETNS=$netns in_root setpriv --reuid=_mcastlo --regid=_mcastlo \
	    --init-groups --no-new-privs \
	    --bounding-set=-all,+net_admin,+net_raw \
	    --inh-caps=-all,+net_admin,+net_raw \
	    --ambient-caps=-all,+net_admin,+net_raw "$@"
}

debroot_remove() {
	[ -n "$root" ] && [ -d "$root" ] || return 0
	# Never rm -rf through a mount point.
	if findmnt -rn -o TARGET | grep -q "^$root/"; then
		echo "ERROR: still mounted under $root; left in place" >&2
	else
		rm -rf "$root"
	fi
}
