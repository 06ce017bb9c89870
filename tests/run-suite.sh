#!/bin/sh
# The whole test suite, as root on a fresh Debian or Ubuntu machine:
# installs the build dependencies, builds in ./build with warnings as
# errors, and runs `make check` (unit tests, and namespace tests that
# never send from this machine's own network namespace).
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
echo "tests: ${pass:-0} passed, $(( ${fail:-0} + ${error:-0} )) failed, ${skip:-0} skipped"
exit "$rc"
