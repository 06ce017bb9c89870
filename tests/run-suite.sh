#!/bin/sh
# SPDX-License-Identifier: ISC
# The whole test suite, as root on a fresh Debian or Ubuntu machine:
# installs the build dependencies, builds in ./build with warnings as
# errors, and runs `make check` (unit tests, and namespace tests that
# never send from this machine's own network namespace).  As an
# ordinary user (once root has installed the dependencies) the same
# namespace tests run inside a user namespace (tests/lib.sh); the few
# that need other users or the real root say so and are skipped.
#
#   tests/run-suite.sh [--no-deps] [--sanitizers]
#
# --sanitizers builds in ./build-san with ASan and UBSan instead.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
deps=yes
builddir=$src/build
flags=--enable-werror
for arg; do
	case $arg in
	--no-deps) deps=no ;;
	--sanitizers)
		builddir=$src/build-san
		flags="--enable-werror --enable-sanitizers" ;;
	*) echo "usage: tests/run-suite.sh [--no-deps] [--sanitizers]" >&2
	   exit 2 ;;
	esac
done
if [ "$deps" = yes ] && [ "$(id -u)" != 0 ]; then
	echo "run-suite.sh: not root, so not installing the dependencies (as root, once: contrib/deps-debian.sh --test)" >&2
	deps=no
fi
[ "$deps" = no ] || "$src/contrib/deps-debian.sh" --test
# shellcheck disable=SC2086
"$src/contrib/build.sh" "$builddir" $flags
rc=0
make -C "$builddir" -s -j"$(nproc)" check || rc=$?
log=$builddir/test-suite.log
pass=$(sed -n 's/^# PASS: *//p' "$log")
fail=$(sed -n 's/^# FAIL: *//p' "$log")
error=$(sed -n 's/^# ERROR: *//p' "$log")
skip=$(sed -n 's/^# SKIP: *//p' "$log")
[ "$rc" = 0 ] || grep -v "^# " "$log"
# Why each skipped test, or part of one, did not run.
grep -hE "^SKIP(:| \()" "$builddir"/tests/*.log 2>/dev/null | sort | uniq -c || :
echo "tests: ${pass:-0} passed, $(( ${fail:-0} + ${error:-0} )) failed, ${skip:-0} skipped"
exit "$rc"
