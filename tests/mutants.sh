#!/bin/sh
# SPDX-License-Identifier: ISC
# make mutants: the suite proves itself.  Each file in tests/mutants/ is
# one small change to the source (a mutant) and the test that must
# notice it.  For each, in a scratch copy of the tree (make distdir,
# configured as this build tree was, built once and reused), the mutant
# is applied, the tree rebuilt (make -s), and the named tests run: a
# failure kills the mutant.  If they pass, the whole suite (make check)
# gets its chance.  The source file is restored after each mutant.
#
# A mutant file (see tests/mutants/README):
#
#   why: a VLAN tag cut short must be rejected before it is read
#   file: src/frame.c
#   tests: tests/unit_frame.sh
#   find:
#   |	if (caplen < pos + VLAN_TAG_LEN)
#   replace:
#   |	if (caplen < pos + VLAN_TAG_LEN - 2)
#
# The text after "find:" must occur exactly once in the file; when it no
# longer does, the mutant is "stale" and the run fails, so the list
# follows the code.  "equivalent: <reason>" marks a mutant that no test
# can kill; its survival does not fail the run.
#
# usage: tests/mutants.sh [NAME...]   (NAME: a file in tests/mutants/,
#        without .mut; default: all of them)
# Environment: MUTANTS_JOBS (make -j, default 2), MUTANTS_KEEP=1 keeps
# the scratch tree, MUTANTS_BASELINE=no skips the unmutated make check
# (for a quick rerun of a few mutants only), MUTANTS_TIMEOUT (seconds
# per make check, default 900).
#
# Prints one line per mutant (killed, survived, stale, broken, error)
# and ends with "mutants: N killed, M survived"; exits 0 only when
# every mutant was killed or is listed as equivalent.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
jobs=${MUTANTS_JOBS:-2}
limit=${MUTANTS_TIMEOUT:-900}
list_dir=$top_srcdir/tests/mutants

command -v perl >/dev/null 2>&1 || { echo "mutants: needs perl" >&2; exit 99; }
[ -f "$top_builddir/config.status" ] ||
	{ echo "mutants: $top_builddir is not a configured build tree" >&2; exit 99; }

# The mutant files' parser and applier, in perl (which every Debian has,
# as perl-base).  "get KEY FILE" prints a field; "apply FILE ROOT"
# changes ROOT/<file>: exit 0 done, 3 stale (text gone), 4 ambiguous
# (more than once), 5 no such file, 2 a malformed mutant.
MUTANT_PL='
use strict;
use warnings;
my ($mode, @args) = @ARGV;
sub parse {
	my ($path) = @_;
	open(my $fh, "<", $path) or die "$path: $!\n";
	my (%m, $block);
	while (my $line = <$fh>) {
		chomp $line;
		if (defined $block && $line =~ /^\|(.*)$/s) {
			push @{$m{$block}}, $1;
			next;
		}
		undef $block;
		next if $line =~ /^\s*(#|$)/;
		if ($line =~ /^(find|replace):\s*$/) {
			$block = $1;
			$m{$block} = [];
		} elsif ($line =~ /^(why|file|tests|equivalent):\s*(.*?)\s*$/) {
			$m{$1} = $2;
		} else {
			print STDERR "$path: cannot read: $line\n";
			exit 2;
		}
	}
	for my $k (qw(why file tests find replace)) {
		next if defined $m{$k};
		print STDERR "$path: no \"$k:\"\n";
		exit 2;
	}
	$m{$_} = join("\n", @{$m{$_}}) for qw(find replace);
	if ($m{find} eq "" || $m{find} eq $m{replace}) {
		print STDERR "$path: empty find, or replace is the same\n";
		exit 2;
	}
	return \%m;
}
if ($mode eq "get") {
	my ($key, $path) = @args;
	my $m = parse($path);
	print defined $m->{$key} ? $m->{$key} : "", "\n";
	exit 0;
}
if ($mode eq "apply") {
	my ($path, $root) = @args;
	my $m = parse($path);
	my $target = "$root/$m->{file}";
	open(my $in, "<", $target) or exit 5;
	local $/;
	my $text = <$in>;
	close $in;
	my $n = () = $text =~ /\Q$m->{find}\E/g;
	exit 3 if $n == 0;
	exit 4 if $n > 1;
	my $at = index($text, $m->{find});
	substr($text, $at, length($m->{find})) = $m->{replace};
	open(my $out, ">", $target) or die "$target: $!\n";
	print $out $text;
	close $out or die "$target: $!\n";
	exit 0;
}
die "usage: get KEY FILE | apply FILE ROOT\n";
'
field() { perl -e "$MUTANT_PL" get "$1" "$2"; }

if [ $# -gt 0 ]; then
	mutants=
	for name in "$@"; do
		[ -f "$list_dir/$name.mut" ] ||
			{ echo "mutants: no mutant $list_dir/$name.mut" >&2; exit 99; }
		mutants="$mutants $list_dir/$name.mut"
	done
else
	mutants=$(ls "$list_dir"/*.mut 2>/dev/null)
fi
[ -n "$mutants" ] || { echo "mutants: none in $list_dir" >&2; exit 99; }
for m in $mutants; do	# every file readable before hours are spent
	field file "$m" >/dev/null || exit 99
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/mcastlo-mutants.XXXXXX") || exit 99
cleanup() {
	if [ "${MUTANTS_KEEP:-}" = 1 ]; then
		echo "mutants: scratch tree kept in $scratch"
	else
		rm -rf "$scratch"
	fi
}
trap cleanup EXIT
trap 'exit 99' INT TERM HUP
src=$scratch/src
build=$scratch/build
started=$(date +%s)

# stamp: seconds since the run started, for the log lines.
stamp() { echo "$(( $(date +%s) - started )) s"; }

# A copy of exactly what is distributed, configured as this tree was.
echo "mutants: copying the source tree (make distdir) to $src"
make -C "$top_builddir" -s distdir distdir="$src" top_distdir="$src" \
	>"$scratch/distdir.log" 2>&1 ||
	{ cat "$scratch/distdir.log" >&2; echo "mutants: make distdir failed" >&2; exit 99; }
config=$("$top_builddir/config.status" --config)
echo "mutants: configuring ($config) and building"
mkdir "$build" &&
	(cd "$build" && eval "\"$src/configure\" -q $config") \
	>"$scratch/configure.log" 2>&1 &&
	make -C "$build" -s -j"$jobs" all >"$scratch/build.log" 2>&1 ||
	{ cat "$scratch/configure.log" "$scratch/build.log" >&2; echo "mutants: the unmutated tree does not build" >&2; exit 99; }

# run_check TESTS...: make check (of TESTS, or all); its status.
run_check() {
	if [ $# -gt 0 ]; then
		timeout -k 30 "$limit" make -C "$build" -s -j"$jobs" check TESTS="$*" \
			>"$scratch/check.log" 2>&1
	else
		timeout -k 30 "$limit" make -C "$build" -s -j"$jobs" check \
			>"$scratch/check.log" 2>&1
	fi
}

# failed_tests: the tests of the last make check that failed (or, with
# "(ERROR)", that hit a hard error: exit 99).
failed_tests() {
	sed -n -e 's/^FAIL: \(.*\)/\1/p' -e 's/^ERROR: \(.*\)/\1 (ERROR)/p' \
		"$scratch/check.log" | tr '\n' ' ' | sed 's/ $//'
}

if [ "${MUTANTS_BASELINE:-yes}" != no ]; then
	echo "mutants: the unmutated tree must pass make check first"
	if ! run_check; then
		grep -E '^(FAIL|ERROR|# )' "$scratch/check.log" >&2
		echo "mutants: the unmutated tree fails make check ($(failed_tests)); no mutant can be judged" >&2
		exit 1
	fi
	echo "mutants: unmutated tree passes make check ($(stamp))"
fi

# judge: builds the mutated tree, runs its tests, then the whole suite,
# and sets verdict (and the counts) for mutant $name.
judge() {
	if ! make -C "$build" -s -j"$jobs" all >"$scratch/check.log" 2>&1; then
		grep -m 5 -E 'error|warning' "$scratch/check.log"
		verdict="broken    $name: does not build (a mutant must compile)"
		bad=$((bad + 1))
		return
	fi
	run_check $tests
	rc=$?
	if [ $rc != 0 ]; then
		failed=$(failed_tests)
		if [ -n "$failed" ]; then
			verdict="killed    $name by $failed"
			killed=$((killed + 1))
		elif [ $rc = 124 ] || [ $rc = 137 ]; then
			verdict="killed    $name: $tests hung (over $limit s)"
			killed=$((killed + 1))
		else
			tail -n 5 "$scratch/check.log"
			verdict="error     $name: make check of $tests failed without a test result"
			bad=$((bad + 1))
		fi
		return
	fi
	if ! run_check; then
		verdict="killed    $name by make check ($(failed_tests)), NOT by $tests: fix its tests: line"
		killed=$((killed + 1)) bad=$((bad + 1))
	elif [ -n "$equiv" ]; then
		verdict="survived  $name (equivalent: $equiv)"
		survived=$((survived + 1)) equivalent=$((equivalent + 1))
	else
		verdict="survived  $name: $tests and make check pass with $file changed"
		survived=$((survived + 1))
	fi
}

killed=0 survived=0 bad=0 equivalent=0
for m in $mutants; do
	name=$(basename "$m" .mut)
	file=$(field file "$m")
	tests=$(field tests "$m")
	equiv=$(field equivalent "$m")
	t0=$(date +%s)
	if [ ! -f "$src/$file" ]; then
		echo "stale     $name: no file $file"
		bad=$((bad + 1))
		continue
	fi
	cp -p "$src/$file" "$scratch/original" || exit 99
	perl -e "$MUTANT_PL" apply "$m" "$src"
	rc=$?
	case $rc in
	0)	;;
	3)	echo "stale     $name: its text is no longer in $file"
		bad=$((bad + 1)); continue ;;
	4)	echo "stale     $name: its text occurs more than once in $file"
		bad=$((bad + 1)); continue ;;
	5)	echo "stale     $name: no file $file"
		bad=$((bad + 1)); continue ;;
	*)	echo "error     $name: malformed mutant"
		bad=$((bad + 1)); continue ;;
	esac
	judge
	echo "$verdict ($(( $(date +%s) - t0 )) s)"
	# The original back, newer than every object, for the next build.
	cp "$scratch/original" "$src/$file" && touch "$src/$file" || exit 99
done

echo "mutants: $killed killed, $survived survived" \
	"($equivalent equivalent; $bad stale, broken or misnamed; $(stamp))"
[ $bad = 0 ] && [ $survived = $equivalent ]
