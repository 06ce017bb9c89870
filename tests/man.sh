#!/bin/sh
# SPDX-License-Identifier: ISC
# The man page is clean under mandoc's linter, and its SYNOPSIS says
# what usage() says.
set -u
: "${top_srcdir:=$(dirname "$0")/..}"
: "${top_builddir:=$top_srcdir}"
page=$top_srcdir/man/mcastlo-verifyd.8

command -v mandoc >/dev/null 2>&1 || { echo "SKIP: needs mandoc"; exit 77; }
mandoc -T lint -W warning "$page" "$top_srcdir/man/mcastlo-verifyd.conf.5" ||
	{ echo "FAIL: mandoc -T lint" >&2; exit 1; }

synopsis=$(mandoc -T ascii -O width=400 "$page" | sed 's/.\x08//g' |
	sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' | tr -s ' \n' '  ' |
	sed 's/^ *//;s/ *$//')
# The synopsis is what --help prints before its first blank line.
usage=$("$top_builddir/mcastlo-verifyd" --help | sed '/^$/,$d' | sed 's/^usage: //' |
	tr -s ' \n' '  ' | sed 's/^ *//;s/ *$//')
if [ "$synopsis" != "$usage" ]; then
	echo "FAIL: SYNOPSIS and usage() differ" >&2
	echo "man:   $synopsis" >&2
	echo "usage: $usage" >&2
	exit 1
fi
exit 0
