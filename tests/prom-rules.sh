#!/bin/sh
# SPDX-License-Identifier: ISC
# The Prometheus rules in contrib/prometheus are valid, and their unit
# tests pass: a healthy, a leaking, a stale and a broken host each raise
# exactly the alerts they should, and a fleet without the metrics raises
# the one that says so (contrib/prometheus/mcastlo-verifyd.rules.test.yml).
set -u
: "${top_srcdir:=$(dirname "$0")/..}"
dir=$top_srcdir/contrib/prometheus

command -v promtool >/dev/null 2>&1 ||
	{ echo "SKIP: needs promtool (Debian: prometheus; contrib/deps-debian.sh --test)"; exit 77; }
promtool check rules "$dir/mcastlo-verifyd.rules.yml" ||
	{ echo "FAIL: promtool check rules" >&2; exit 1; }
# promtool finds the rule file relative to the test file.
promtool test rules "$dir/mcastlo-verifyd.rules.test.yml" ||
	{ echo "FAIL: promtool test rules" >&2; exit 1; }
exit 0
