#!/bin/sh
# SPDX-License-Identifier: ISC
# The systemd units: `systemd-analyze verify` is clean, and the
# hardening of both services rates 2.0 or lower in
# `systemd-analyze security --offline=yes`.
set -u
: "${top_srcdir:=$(dirname "$0")/..}"
: "${top_builddir:=$top_srcdir}"
command -v systemd-analyze >/dev/null 2>&1 || { echo "SKIP: needs systemd-analyze"; exit 77; }
work=$(mktemp -d) || exit 99
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/man/man8" "$work/man/man5"
cp "$top_srcdir/man/mcastlo-verifyd.8" "$work/man/man8/"
cp "$top_srcdir/man/mcastlo-verifyd.conf.5" "$work/man/man5/"
for in in "$top_srcdir"/contrib/systemd/*.service.in; do
	# The built binary stands in for the installed one.
	sed "s|@sbindir@|$top_builddir|g" "$in" >"$work/$(basename "$in" .in)"
done
cp "$top_srcdir/contrib/systemd/mcastlo-verifyd-check.timer" "$work/"
rc=0
out=$(cd "$work" && MANPATH=$work/man systemd-analyze verify --man=yes \
	./mcastlo-verifyd.service ./mcastlo-verifyd-check.service \
	./mcastlo-verifyd-check.timer 2>&1)
if [ -n "$out" ]; then
	echo "FAIL: systemd-analyze verify:" >&2
	echo "$out" >&2
	rc=1
fi
for unit in mcastlo-verifyd.service mcastlo-verifyd-check.service; do
	score=$(cd "$work" && systemd-analyze security --offline=yes "./$unit" 2>/dev/null |
		sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p')
	echo "$unit: exposure $score"
	if [ -z "$score" ] || ! awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }'; then
		echo "FAIL: $unit rates '$score', above 2.0" >&2
		rc=1
	fi
done
exit $rc
