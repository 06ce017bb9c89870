#!/bin/sh
# build.sh BUILDDIR [CONFIGURE-OPTIONS...]: configures and builds out
# of the source tree, so several builds (plain, sanitizers) live side
# by side.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
builddir=$1
shift
[ -x "$src/configure" ] || (cd "$src" && autoreconf -fi 2>/dev/null)
mkdir -p "$builddir"
cd "$builddir"
"$src/configure" -q "$@"
make -s -j"$(nproc)"
