#!/bin/sh
# SPDX-License-Identifier: ISC
# Runs each libFuzzer target for a bounded time (FUZZ_SECONDS, default
# 15) from its committed seed corpus.  libFuzzer exits 77 on a crash by
# default, which automake would count as a skip: -error_exitcode=1.
# When configure said it would build the fuzzers (MCV_FUZZERS=yes, from
# make check), a missing one is a failure, not a skip: a broken fuzzer
# build must not pass for a machine without clang.
set -u
: "${top_srcdir:=$(dirname "$0")/..}"
: "${top_builddir:=$top_srcdir}"
seconds=${FUZZ_SECONDS:-15}
ran=0
for target in frame config; do
	fuzzer=$top_builddir/tests/fuzz_$target
	if [ ! -x "$fuzzer" ]; then
		if [ "${MCV_FUZZERS:-}" = yes ]; then
			echo "FAIL: configure found libFuzzer, but $fuzzer was not built" >&2
			exit 1
		fi
		continue
	fi
	work=$(mktemp -d) || exit 99
	"$fuzzer" -error_exitcode=1 -timeout_exitcode=1 -timeout=10 \
		-max_total_time="$seconds" -print_final_stats=1 \
		-artifact_prefix="$work/" \
		"$work" "$top_srcdir/tests/corpus/$target" 2>"$work/log"
	rc=$?
	grep -E '^(stat::number_of_executed_units|#[0-9]+ *DONE)' "$work/log"
	if [ $rc != 0 ]; then
		echo "FAIL: fuzz_$target (exit $rc)" >&2
		tail -n 40 "$work/log" >&2
		ls "$work"/crash-* 2>/dev/null | while read -r f; do
			echo "crash input: $(od -An -tx1 "$f" | head -n 4)" >&2
		done
		rm -rf "$work"
		exit 1
	fi
	rm -rf "$work"
	ran=$((ran + 1))
done
[ $ran -gt 0 ] || { echo "SKIP: no fuzzer built (needs clang with libFuzzer)"; exit 77; }
exit 0
