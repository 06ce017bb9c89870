#!/bin/sh
# tests/deb-install.sh DEB: installs the Debian package that `make deb`
# built in a throwaway minimal Debian 12 (debootstrap --variant=minbase
# into a temporary directory), checks the _mcastlo user, the files, the
# conffiles and that no unit is enabled, runs `mcastlo-verifyd
# --version` and `-n`, runs one real check as _mcastlo with only
# CAP_NET_ADMIN and CAP_NET_RAW (as the units do) inside a throwaway
# network namespace host, then purges the package and shows that none
# of its files is left.  The system user _mcastlo stays after the purge,
# as Debian policy allows for system users.
#
# Root only; needs debootstrap, ip (iproute2), unshare and setpriv
# (util-linux), and a Debian mirror: $MIRROR, else the one apt uses for
# $SUITE (bookworm) in /etc/apt/sources.list*.  About two minutes, most
# of it debootstrap.  Not part of `make check` (it downloads); .ci/run
# runs it.
#
# Like tests/lib.sh, the check runs only in a "host" namespace with lo
# and a veth eth0 whose peer sits in a "gateway" namespace (addresses
# from 198.51.100.0/24): nothing is sent from this machine's own network
# namespace.  The namespaces and the chroot are removed however the test
# ends; the chroot's /proc and /sys are mounted only in private mount
# namespaces (unshare), so they vanish with the commands that use them.
#
# Exit status: 0 pass, 1 fail, 77 skip (not root, a tool missing),
# 99 hard error (debootstrap or the namespaces could not be set up).
# (lib.sh: skip, hard_error and ns_create, the namespace tests' hosts)
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
export LC_ALL=C
SUITE=${SUITE:-bookworm}
deb=${1:-}
root=
fails=0

ok() { echo "ok - $*"; }
not_ok() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

[ -n "$deb" ] && [ -f "$deb" ] || { echo "usage: tests/deb-install.sh PACKAGE.deb" >&2; exit 2; }
deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")
[ "$(id -u)" = 0 ] || skip "needs root"
for tool in debootstrap ip unshare setpriv findmnt; do
	command -v "$tool" >/dev/null 2>&1 || skip "needs $tool"
done

cleanup() {
	[ -n "$NS_HOST" ] && ip netns del "$NS_HOST" 2>/dev/null
	[ -n "$NS_GW" ] && ip netns del "$NS_GW" 2>/dev/null
	if [ -n "$root" ] && [ -d "$root" ]; then
		# Never rm -rf through a mount point.
		if findmnt -rn -o TARGET | grep -q "^$root/"; then
			echo "ERROR: still mounted under $root; left in place" >&2
		else
			rm -rf "$root"
		fi
	fi
	return 0
}
trap cleanup EXIT
trap 'exit 99' INT TERM HUP PIPE

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
mirror=${MIRROR:-$(find_mirror | head -n 1)}
mirror=${mirror:-http://deb.debian.org/debian}

root=$(mktemp -d /var/tmp/mcastlo-deb-install.XXXXXX) || hard_error "mktemp failed"
chmod 755 "$root"	# the chroot's /, which _mcastlo must traverse
log=$root.log
start=$(date +%s)
echo "# debootstrap --variant=minbase $SUITE $root $mirror"
timeout 900 debootstrap --variant=minbase "$SUITE" "$root" "$mirror" >"$log" 2>&1 || {
	tail -n 20 "$log" >&2
	rm -f "$log"
	hard_error "debootstrap failed"
}
rm -f "$log"
echo "# debootstrap took $(($(date +%s) - start)) s"

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

# No maintainer script starts anything in the chroot.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
cp "$deb" "$root/tmp/" || hard_error "cannot copy $deb"
pkg=/tmp/$(basename "$deb")

# dpkg -i fails on the dependencies debootstrap did not install;
# apt-get -f install fetches them and configures the package.
in_root dpkg -i "$pkg" >"$root/tmp/install.log" 2>&1
if in_root apt-get -y -q -f install >>"$root/tmp/install.log" 2>&1 &&
    [ "$(in_root dpkg-query -W -f '${db:Status-Status}' mcastlo-verifyd)" = installed ]; then
	ok "dpkg -i and apt-get -f install: mcastlo-verifyd is installed"
else
	cat "$root/tmp/install.log" >&2
	not_ok "the package did not install"
	exit 1
fi
echo "# installed with: $(in_root dpkg-query -W -f '${Depends}' mcastlo-verifyd)"

# The user and group, from sysusers.d by the postinst.
user=$(in_root getent passwd _mcastlo)
case $user in
_mcastlo:x:*:*:*:/:/usr/sbin/nologin) ok "user: $user" ;;
*) not_ok "no system user _mcastlo with home / and no login shell: '$user'" ;;
esac
group=$(in_root getent group _mcastlo)
[ -n "$group" ] && ok "group: $group" || not_ok "no group _mcastlo"

# The files, where they belong.
unitdir=$(pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null)
unitdir=${unitdir:-/lib/systemd/system}
for f in /usr/sbin/mcastlo-verifyd \
    /usr/share/man/man8/mcastlo-verifyd.8.gz \
    /usr/share/man/man5/mcastlo-verifyd.conf.5.gz \
    "$unitdir/mcastlo-verifyd.service" \
    "$unitdir/mcastlo-verifyd-check.service" \
    "$unitdir/mcastlo-verifyd-check.timer" \
    /usr/lib/sysusers.d/mcastlo-verifyd.conf \
    /etc/mcastlo-verifyd.conf \
    /etc/iproute2/rt_protos.d/mcastlo-verifyd.conf \
    /usr/share/bash-completion/completions/mcastlo-verifyd \
    /usr/share/doc/mcastlo-verifyd/README.gz \
    /usr/share/doc/mcastlo-verifyd/NEWS.gz \
    /usr/share/doc/mcastlo-verifyd/copyright \
    /usr/share/doc/mcastlo-verifyd/examples/mcastlo-verifyd.conf.example; do
	[ -e "$root$f" ] || { not_ok "not installed: $f"; missing=1; }
done
[ -n "${missing:-}" ] ||
	ok "program, man pages, units, sysusers file, configs, completion and docs are installed"
conffiles=$(in_root dpkg-query -W -f '${Conffiles}' mcastlo-verifyd | awk '{ print $1 }' | sort | tr '\n' ' ')
[ "$conffiles" = "/etc/iproute2/rt_protos.d/mcastlo-verifyd.conf /etc/mcastlo-verifyd.conf " ] &&
	ok "conffiles: $conffiles" || not_ok "conffiles are '$conffiles'"
enabled=$(find "$root/etc/systemd" -name 'mcastlo-verifyd*' 2>/dev/null)
[ -z "$enabled" ] && ok "no unit is enabled" || not_ok "units enabled: $enabled"
in_root grep -q '^User=_mcastlo$' "$unitdir/mcastlo-verifyd.service" &&
	ok "the daemon's unit runs as _mcastlo" || not_ok "the daemon's unit has no User=_mcastlo"
out=$(in_root systemd-analyze verify --man=no "$unitdir/mcastlo-verifyd.service" \
    "$unitdir/mcastlo-verifyd-check.service" "$unitdir/mcastlo-verifyd-check.timer" 2>&1)
[ -z "$out" ] && ok "systemd-analyze verify: the installed units are clean" ||
	not_ok "systemd-analyze verify: $out"

version=$(in_root mcastlo-verifyd --version 2>&1) && ok "mcastlo-verifyd --version: $version" ||
	not_ok "mcastlo-verifyd --version failed: $version"
out=$(in_root mcastlo-verifyd -n 2>&1) && ok "mcastlo-verifyd -n: $out" ||
	not_ok "mcastlo-verifyd -n failed: $out"

# One real check, as _mcastlo with the units' capabilities, in a
# throwaway host: lo and a veth eth0 whose default route leads to a
# gateway namespace.  A stock host leaks send(): CRITICAL, status 2.
NS_HOST=mcv-deb-$$-host
NS_GW=mcv-deb-$$-gw
ns_create
# The runtime directory, as the units' RuntimeDirectory= has systemd
# make it: the service user's, mode 0750 (it holds the check lock).
chroot "$root" install -d -o _mcastlo -g _mcastlo -m 0750 /run/mcastlo-verifyd ||
	hard_error "cannot make the runtime directory"
out=$(IN_NETNS=$NS_HOST in_root setpriv --reuid=_mcastlo --regid=_mcastlo --init-groups --no-new-privs \
	    --bounding-set=-all,+net_admin,+net_raw \
	    --inh-caps=-all,+net_admin,+net_raw \
	    --ambient-caps=-all,+net_admin,+net_raw \
	    /usr/sbin/mcastlo-verifyd --once --format nagios 2>&1)
rc=$?
echo "# as _mcastlo in the namespace host: $out (status $rc)"
case $rc:$out in
2:"MCASTLO CRITICAL - send() leaked through eth0"*)
	ok "--once as _mcastlo with CAP_NET_ADMIN and CAP_NET_RAW finds the leak" ;;
*)	not_ok "--once as _mcastlo: status $rc, expected 2 and a send() leak" ;;
esac
left=$(ip -n "$NS_HOST" route show table all proto 201)
[ -z "$left" ] && ok "the check's route is gone" || not_ok "routes left: $left"
ip netns del "$NS_HOST" && ip netns del "$NS_GW" && NS_HOST= && NS_GW=

# Purge, then none of the package's files is left.
files=$(in_root dpkg-query -L mcastlo-verifyd)
if in_root dpkg --purge mcastlo-verifyd >"$root/tmp/purge.log" 2>&1; then
	ok "dpkg --purge"
else
	cat "$root/tmp/purge.log" >&2
	not_ok "dpkg --purge failed"
fi
left=
for f in $files /etc/mcastlo-verifyd.conf /etc/iproute2/rt_protos.d/mcastlo-verifyd.conf; do
	[ "$f" = /. ] && continue
	[ -e "$root$f" ] || [ -L "$root$f" ] || continue
	# A directory that another package (or base-files) owns stays.
	[ -d "$root$f" ] && in_root dpkg-query -S "$f" >/dev/null 2>&1 && continue
	left="$left $f"
done
[ -z "$left" ] && ok "no file of the package is left" || not_ok "left after the purge:$left"
in_root getent passwd _mcastlo >/dev/null &&
	echo "# the system user _mcastlo stays after the purge (Debian policy allows it)"

echo "# $(($(date +%s) - start)) s in all"
[ "$fails" = 0 ] || exit 1
exit 0
