#!/bin/sh
# Installs what building mcastlo-verifyd needs on Debian or Ubuntu (run
# as root); with --test, also what the whole test suite uses: valgrind,
# clang's libFuzzer, promtool (from prometheus) and systemd-analyze.
set -eu
export DEBIAN_FRONTEND=noninteractive
packages="autoconf automake libtool make pkg-config gcc libc6-dev
	libevent-dev libpcap-dev libmnl-dev libcap-ng-dev iproute2 jq mandoc"
if [ "${1:-}" = --test ]; then
	packages="$packages util-linux valgrind clang libclang-rt-dev
		prometheus systemd"
fi
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $packages >/dev/null
