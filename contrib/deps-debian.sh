#!/bin/sh
# Installs what building and testing mcastlo-verifyd needs on Debian or
# Ubuntu (run as root).
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
	autoconf automake libtool make pkg-config gcc libc6-dev \
	libevent-dev libpcap-dev libmnl-dev libcap-ng-dev \
	iproute2 jq mandoc >/dev/null
