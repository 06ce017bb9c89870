#!/bin/sh
# SPDX-License-Identifier: ISC
# No include circle among the files of src/: the edges are the
# `#include "..."` lines between file stems (check.c and check.h are
# one module, "check"), and tsort(1) must order them.  A circle means
# two modules each need the other, so neither can be read, tested or
# changed alone (HACKING, section 4).
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
cd "$top_srcdir/src" || exit 99

TMP=$(mktemp -d) || exit 99
trap 'rm -rf "$TMP"' EXIT

for f in *.c *.h; do
	grep -o '^#include "[^"]*"' "$f" |
	    sed 's/#include "\(.*\)"/\1/' |
	    while read -r h; do echo "${f%.*} ${h%.*}"; done
done | awk '$1 != $2' | sort -u >"$TMP/edges"

# Sanity: the graph was read (a broken pattern would pass vacuously).
grep -q '^check route$' "$TMP/edges" ||
	{ echo "FAIL: no edge check -> route: the graph was not read"; exit 1; }

if ! tsort "$TMP/edges" >/dev/null 2>"$TMP/err"; then
	echo "FAIL: an include circle (tsort names each):"
	sed 's/^/    /' "$TMP/err"
	exit 1
fi
exit 0
