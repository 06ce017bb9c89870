#!/bin/sh
# SPDX-License-Identifier: ISC
# The frame decoder's unit tests, where a read past a frame is caught:
# each frame is decoded from a buffer of exactly its captured length
# (tests/unit_frame.c), and something must watch those bounds.  In the
# sanitizer build AddressSanitizer does; otherwise memcheck does, since
# a read of a byte or two past a small heap block rarely crashes and
# rarely changes a result (a VLAN bounds check off by two passes the
# plain binary).  Without valgrind the decoding checks still run, and a
# pass is reported as a skip, which says the bounds went unwatched.
set -u
: "${top_srcdir:=$(dirname "$0")/..}"
: "${top_builddir:=$top_srcdir}"
prog=$top_builddir/tests/unit_frame
[ -x "$prog" ] || { echo "ERROR: $prog is not built" >&2; exit 99; }

if grep -q __asan_init "$prog" 2>/dev/null; then
	echo "an ASan build: AddressSanitizer watches every read"
	exec "$prog"
fi
if ! command -v valgrind >/dev/null 2>&1; then
	"$prog" || exit 1
	echo "SKIP: valgrind is not installed: the decoding checks passed, but" \
		"a read past the end of a frame would have gone unnoticed"
	exit 77
fi
# --error-exitcode: any invalid read fails the test, even when every
# CHECK held.  No leak check: the decoder allocates nothing.
echo "under valgrind (memcheck): a read past the end of a frame fails"
exec valgrind -q --error-exitcode=1 --leak-check=no "$prog"
