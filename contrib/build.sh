#!/bin/sh
# SPDX-License-Identifier: ISC
# build.sh BUILDDIR [CONFIGURE-OPTIONS...]: configures and builds out
# of the source tree, so several builds (plain, sanitizers) live side
# by side.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
builddir=$1
shift
[ -x "$src/configure" ] || (cd "$src" && autoreconf -fi 2>/dev/null)
# A tree configured in place refuses builds elsewhere: clean it first.
if [ -f "$src/config.status" ] && [ "$(cd "$builddir" 2>/dev/null && pwd)" != "$src" ]; then
	echo "build.sh: $src was configured in place; cleaning it (make distclean) for a build in $builddir" >&2
	make -C "$src" -s distclean >/dev/null 2>&1 || rm -f "$src/config.status"
fi
mkdir -p "$builddir"
cd "$builddir"
"$src/configure" -q "$@"
make -s -j"$(nproc)"
