#!/bin/sh
# SPDX-License-Identifier: ISC
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
# (lib.sh: skip, hard_error and ns_create, the namespace tests' hosts;
# debroot.sh: the chroot, in_root)
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/..}/tests/debroot.sh"
export LC_ALL=C
deb=${1:-}
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
	debroot_remove
	return 0
}
trap cleanup EXIT
trap 'exit 99' INT TERM HUP PIPE

start=$(date +%s)
debroot_make

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
out=$(as_service "$NS_HOST" /usr/sbin/mcastlo-verifyd --once --format nagios 2>&1)
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
