#!/bin/sh
# SPDX-License-Identifier: ISC
# Quick start, as root on a fresh Debian or Ubuntu machine: installs the
# build dependencies (waiting for another apt if one runs), builds in
# ./build (the log in build/quickstart.log, shown if the build fails),
# and runs one check inside a throwaway host (network namespaces: lo
# plus a veth eth0 whose default route leads to a gateway namespace),
# printing the report.  Nothing is sent from this machine's own network
# namespace, and the namespaces are removed afterwards.  It can be run
# again, after any earlier build.  Extra arguments go to
# mcastlo-verifyd.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
if [ "$(id -u)" != 0 ]; then
	echo "quickstart: run it as root (su -, or sudo): it installs packages and builds network namespaces" >&2
	exit 1
fi
echo "# installing the build dependencies"
"$src/contrib/deps-debian.sh"
echo "# building in $src/build"
mkdir -p "$src/build"
log=$src/build/quickstart.log
if ! "$src/contrib/build.sh" "$src/build" >"$log" 2>&1; then
	echo "quickstart: the build failed; the end of $log:" >&2
	tail -n 30 "$log" >&2
	exit 1
fi

top_srcdir=$src
top_builddir=$src/build
. "$src/tests/lib.sh"
ns_setup
echo "# mcastlo-verifyd --once $*   (inside a throwaway namespace host)"
in_host "$VERIFYD" --once "$@"
exit $?
