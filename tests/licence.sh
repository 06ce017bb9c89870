#!/bin/sh
# SPDX-License-Identifier: ISC
# Every source file names its licence (ISC, COPYING) in one of its first
# three lines: the C files, scripts, build files, man pages and the
# contrib files that take comments.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
cd "$top_srcdir" || exit 99
[ -f COPYING ] || { echo "FAIL: no COPYING"; exit 1; }
grep -q '^Permission to use, copy, modify, and distribute this software' COPYING ||
	{ echo "FAIL: COPYING is not the ISC licence"; exit 1; }
missing=
for f in src/*.c src/*.h tests/*.c tests/*.h tests/*.sh Makefile.am \
    tests/Makefile.inc configure.ac man/*.8 man/*.5 contrib/*.sh \
    contrib/systemd/* contrib/prometheus/*.yml; do
	[ -f "$f" ] || continue
	head -n 3 "$f" | grep -q 'SPDX-License-Identifier: ISC' ||
		missing="$missing $f"
done
if [ -n "$missing" ]; then
	echo "FAIL: no SPDX-License-Identifier: ISC line in:$missing"
	exit 1
fi
exit 0
