#!/bin/sh
# SPDX-License-Identifier: ISC
# Installs what building mcastlo-verifyd needs on Debian or Ubuntu (run
# as root); with --test, also what the whole test suite uses: valgrind,
# clang's libFuzzer, promtool (from prometheus), systemd-analyze,
# tshark (ns-pcap.sh reads the evidence file with it) and the network
# configurators --fix --persist writes for (systemd-networkd comes with
# systemd; ifupdown, netplan.io);
# with --package, what `make deb` and checking its package use:
# debhelper, lintian, systemd (for its pkg-config file), debootstrap
# (for tests/deb-install.sh) and ansible (tests/ansible-role.sh applies
# contrib/ansible's role).
set -eu
export DEBIAN_FRONTEND=noninteractive
packages="autoconf automake libtool make pkg-config gcc libc6-dev
	libevent-dev libpcap-dev libmnl-dev libcap-ng-dev iproute2 jq mandoc"
case ${1:-} in
--test)
	packages="$packages util-linux valgrind clang libclang-rt-dev
		prometheus systemd tcpdump nftables tshark ifupdown
		netplan.io" ;;
--package)
	packages="$packages dpkg-dev debhelper lintian systemd debootstrap
		ansible" ;;
esac
# Another apt (unattended-upgrades, say) may hold the lock: wait for it
# rather than fail, and say so.
wait=-o=DPkg::Lock::Timeout=600
if command -v fuser >/dev/null 2>&1 &&
    fuser /var/lib/dpkg/lock-frontend /var/lib/apt/lists/lock >/dev/null 2>&1; then
	echo "waiting for another apt or dpkg to finish (up to 10 minutes)..." >&2
fi
apt-get "$wait" update -qq
# shellcheck disable=SC2086
apt-get "$wait" install -y -qq --no-install-recommends $packages >/dev/null
