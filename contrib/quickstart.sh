#!/bin/sh
# Quick start, as root on a fresh Debian or Ubuntu machine: installs the
# build dependencies, builds in ./build, and runs one check inside a
# throwaway host (network namespaces: lo plus a veth eth0 whose default
# route leads to a gateway namespace), printing the report.  Nothing is
# sent from this machine's own network namespace, and the namespaces
# are removed afterwards.  Extra arguments go to mcastlo-verifyd.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
"$src/contrib/deps-debian.sh"
"$src/contrib/build.sh" "$src/build"

top_srcdir=$src
top_builddir=$src/build
. "$src/tests/lib.sh"
ns_setup
echo "# mcastlo-verifyd --once $*   (inside a throwaway namespace host)"
in_host "$VERIFYD" --once "$@"
exit $?
