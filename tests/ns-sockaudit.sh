#!/bin/sh
# SPDX-License-Identifier: ISC
# The socket audit's data layer (sockdiag, sockowner) against real
# applications, played by mcapp in the host namespace: sockls lists
# each UDP socket connect()ed to a group, from the source connect()
# chose, with the process that holds it, and nothing else; it copes
# with sockets and processes that vanish while it looks, with 10,000
# sockets, with /proc hiding other users' fds, and with sock_diag
# failing.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

SOCKLS=$top_builddir/tests/sockls
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"

command -v setpriv >/dev/null 2>&1 || skip "needs setpriv (util-linux)"
require_uid 65534 "sockets owned by another user"
ns_setup
for f in "$MCAPP" "$SOCKLS" "$FAULT_LIB"; do
	[ -f "$f" ] || hard_error "$f is not built"
done
# The administrator's route that the connect() apps defeat.
in_host ip route add 224.2.0.0/24 dev lo || hard_error "cannot route 224.2.0.0/24 to lo"

stop_app() {
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

# sockls ARGS...: in the host namespace; sets RC.
sockls() {
	in_host "$SOCKLS" "$@" >"$TMP/out" 2>"$TMP/err"
	RC=$?
}

# assert_line REGEX: some line of the listing matches (grep -E).
assert_line() {
	grep -Eq -- "$1" "$TMP/out" || fail "no line matches: $1"
}

# The pattern of a listed owner: this machine may hold processes that
# even root cannot look into (a more privileged pid 1, say), and then
# every line says ",+unknown" after the owners it found.
owned_by() { printf "%s\n" "owner=$1(,\\+unknown)?\$"; }

N='[0-9]+'
LO=$(in_host cat /sys/class/net/lo/ifindex) || hard_error "no lo ifindex"

# Each kind of application.  mcif-after sets IP_MULTICAST_IF after
# connect(): its send() stays on lo (udp_sendmsg() routes each
# multicast datagram anew, with the socket's multicast interface), but
# sock_diag shows only what connect() chose, the same as a leaking
# app's.  SO_BINDTODEVICE lo
# keeps send() on lo though connect() chose eth0's address: dev= says
# so, and a route query must be given it.
start_ready connect "$MCAPP" connect 224.2.0.6 6666;	P_CONNECT=$READY_PID
start_ready bindlo "$MCAPP" bind-lo 224.2.0.7 6666;	P_BINDLO=$READY_PID
start_ready mcif "$MCAPP" mcif 224.2.0.8 6666;		P_MCIF=$READY_PID
start_ready after "$MCAPP" mcif-after 224.2.0.9 6666;	P_AFTER=$READY_PID
start_ready btd "$MCAPP" bindtodevice 224.2.0.10 6666;	P_BTD=$READY_PID
start_ready sendto "$MCAPP" sendto 224.2.0.11 6666;	P_SENDTO=$READY_PID
start_ready c6 "$MCAPP" connect ff15::1617:6 6666;	P_C6=$READY_PID
start_ready b6 "$MCAPP" bind-lo ff15::1617:7 6666;	P_B6=$READY_PID
start_ready mapped "$MCAPP" connect ::ffff:224.2.0.12 6666; P_MAPPED=$READY_PID
# SO_MARK, which fwmark rules may route by (told to CAP_NET_ADMIN only).
start_ready marked "$MCAPP" -m 42 connect 224.2.0.15 6666;	P_MARKED=$READY_PID
# Connected, but to a unicast address: not the audit's business.
start_ready unicast "$MCAPP" -n 1 many "$GW_ADDR" 6666;	P_UNICAST=$READY_PID

sockls
[ "$RC" = 0 ] || fail "sockls exited $RC"
sock4() { printf "%s\n" "^udp4 local=$1:$N group=$2:6666 dev=$3 mark=${5:-0} inode=$N uid=0 cookie=$N $(owned_by "$4:mcapp:0")"; }
assert_line "$(sock4 198\\.51\\.100\\.2 224\\.2\\.0\\.6 0 $P_CONNECT)"
assert_line "$(sock4 127\\.0\\.0\\.1 224\\.2\\.0\\.7 0 $P_BINDLO)"
assert_line "$(sock4 127\\.0\\.0\\.1 224\\.2\\.0\\.8 0 $P_MCIF)"
assert_line "$(sock4 198\\.51\\.100\\.2 224\\.2\\.0\\.9 0 $P_AFTER)"
assert_line "$(sock4 198\\.51\\.100\\.2 224\\.2\\.0\\.10 "$LO" $P_BTD)"
assert_line "$(sock4 198\\.51\\.100\\.2 224\\.2\\.0\\.15 0 $P_MARKED 42)"
assert_line "^udp6 local=\\[2001:db8::2\\]:$N group=\\[ff15::1617:6\\]:6666 dev=0 mark=0 inode=$N uid=0 cookie=$N $(owned_by "$P_C6:mcapp:0")"
assert_line "^udp6 local=\\[::1\\]:$N group=\\[ff15::1617:7\\]:6666 dev=0 mark=0 inode=$N uid=0 cookie=$N $(owned_by "$P_B6:mcapp:0")"
assert_line "^udp6-mapped local=198\\.51\\.100\\.2:$N group=224\\.2\\.0\\.12:6666 dev=0 mark=0 inode=$N uid=0 cookie=$N $(owned_by "$P_MAPPED:mcapp:0")"
# sendto() on an unconnected socket has no destination to show; the
# unicast socket has one, but no group.
! grep -Eq "224\\.2\\.0\\.11|owner=($P_SENDTO|$P_UNICAST):|$GW_ADDR" "$TMP/out" ||
	fail "an unconnected or unicast socket is listed"
[ "$(wc -l <"$TMP/out")" -eq 9 ] || fail "not 9 sockets listed"
[ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q '^sockls: 9 sockets; ' "$TMP/err" ||
	fail "no one-line summary on stderr"
# Each socket has its own inode and cookie.
[ "$(sed 's/.* inode=\([0-9]*\) .* cookie=\([0-9]*\) .*/\1 \2/' "$TMP/out" |
    tr ' ' '\n' | sort | uniq -d)" = "" ] || fail "an inode or cookie is repeated"

sockls -4
[ "$RC" = 0 ] && [ "$(grep -c '^udp4 ' "$TMP/out")" -eq 6 ] &&
	[ "$(wc -l <"$TMP/out")" -eq 6 ] || fail "sockls -4 does not list the 6 IPv4 sockets"
sockls -6
[ "$RC" = 0 ] && [ "$(grep -c '^udp6' "$TMP/out")" -eq 3 ] &&
	[ "$(wc -l <"$TMP/out")" -eq 3 ] || fail "sockls -6 does not list the 3 AF_INET6 sockets"

# A socket shared by a parent and its 5 children (a pre-forking
# server): 4 owners named, the other 2 counted.
start_ready forked "$MCAPP" -F 5 connect 224.2.0.13 6666
sockls
line=$(grep 'group=224\.2\.0\.13:6666 ' "$TMP/out") || fail "the forked app's socket is not listed"
echo "$line" | grep -Eq "owner=($N:mcapp:0,){4}\\+2(,\\+unknown)?\$" ||
	fail "the shared socket does not name 4 owners and count 2 more: $line"
echo "$line" | grep -q "owner=\\(.*,\\)\\?$READY_PID:mcapp:0" ||
	fail "the forked app's parent is not among the owners: $line"
stop_app "$READY_PID"

# As nobody, against root's apps.  sock_diag lists every UDP socket to
# any user, with its inode and uid: the socket is there.  But
# /proc/PID/fd of a root process is mode 0500 and root's, and
# proc_fd_permission() lets no one else in without CAP_DAC_OVERRIDE or
# CAP_DAC_READ_SEARCH: opening it fails with EACCES, so the owner is
# unknown, never guessed.  An app of nobody's own is readable, and
# named.  Marks are for CAP_NET_ADMIN only: mark=?.
start_ready nobodys $NOBODY "$MCAPP" connect 224.2.0.14 6666; P_NOBODY=$READY_PID
in_host $NOBODY "$SOCKLS" >"$TMP/out" 2>"$TMP/err"
RC=$?
[ "$RC" = 0 ] || fail "sockls as nobody exited $RC"
assert_line "^udp4 local=198\\.51\\.100\\.2:$N group=224\\.2\\.0\\.6:6666 dev=0 mark=\\? inode=$N uid=0 cookie=$N owner=unknown\$"
assert_line "^udp6 local=\\[2001:db8::2\\]:$N group=\\[ff15::1617:6\\]:6666 .* owner=unknown\$"
assert_line "^udp4 local=198\\.51\\.100\\.2:$N group=224\\.2\\.0\\.14:6666 dev=0 mark=\\? inode=$N uid=65534 cookie=$N owner=$P_NOBODY:mcapp:65534,\\+unknown\$"
! grep -q "owner=$P_CONNECT:" "$TMP/out" || fail "nobody was told the owner of root's socket"
! grep -q 'mark=[0-9]' "$TMP/out" || fail "nobody was told a socket's mark"
grep -Eq "^sockls: 10 sockets; $N processes, [1-9][0-9]* unreadable" "$TMP/err" ||
	fail "the summary does not count the unreadable processes"
sockls
assert_line "group=224\\.2\\.0\\.14:6666 dev=0 mark=0 inode=$N uid=65534 cookie=$N $(owned_by "$P_NOBODY:mcapp:65534")"
stop_app "$P_NOBODY"

# Failures: one line on stderr each, exit 1.
sockls -P "$TMP/no-proc"
[ "$RC" = 1 ] || fail "a missing proc root: exit $RC"
assert_stderr_line "sockls: sockowner: $TMP/no-proc: No such file or directory"
for fault in "open:sock_diag: Operation not permitted" \
    "error:sock_diag: IPv4 UDP sockets: Invalid argument" \
    "done:sock_diag: IPv4 UDP sockets: No such file or directory (no udp_diag in this kernel?)"; do
	with_fault "sockdiag-${fault%%:*}" "$SOCKLS"
	[ "$RC" = 1 ] || fail "fault ${fault%%:*}: exit $RC"
	[ ! -s "$TMP/out" ] || fail "fault ${fault%%:*}: something was listed"
	assert_stderr_line "sockls: ${fault#*:}"
done

# Sockets and processes that vanish during the audit: churn connects
# and closes sockets, and forks children that connect and exit, all
# the time.  Every run succeeds and still lists the steady apps right;
# a socket that went before /proc was scanned has owner none (or
# unknown, where some process is hidden).
start_ready churn "$MCAPP" churn 224.2.0.21 6666; P_CHURN=$READY_PID
wellformed="^udp(4|6|6-mapped) local=[^ ]+:$N group=[^ ]+:6666 dev=$N mark=$N inode=$N uid=$N cookie=$N owner=(unknown|none|($N:[^ ]*:$N)(,$N:[^ ]*:$N)*(,\\+$N)?(,\\+unknown)?)\$"
gone=0
for i in $(seq 20); do
	sockls
	[ "$RC" = 0 ] || fail "sockls exited $RC during the churn"
	assert_line "$(sock4 198\\.51\\.100\\.2 224\\.2\\.0\\.6 0 $P_CONNECT)"
	assert_line "$(sock4 127\\.0\\.0\\.1 224\\.2\\.0\\.7 0 $P_BINDLO)"
	bad=$(grep -Ev "$wellformed" "$TMP/out") && fail "malformed line: $bad"
	gone=$((gone + $(grep -c 'group=224\.2\.0\.21:.* owner=\(none\|unknown\)$' "$TMP/out")))
done
echo "churn: 20 audits, $gone sockets seen by sock_diag and gone from /proc"
stop_app "$P_CHURN"

# 10,000 connected sockets in one process: every one listed, with its
# owner.  The time is printed, not asserted (make bench measures it).
start_ready many "$MCAPP" -n 10000 many 224.2.0.30 7777; P_MANY=$READY_PID
t0=$(date +%s%N)
sockls
t1=$(date +%s%N)
[ "$RC" = 0 ] || fail "sockls exited $RC with 10,000 sockets"
count=$(grep -Ec "^udp4 local=198\\.51\\.100\\.2:$N group=224\\.2\\.0\\.30:7777 dev=0 mark=0 inode=$N uid=0 cookie=$N $(owned_by "$P_MANY:mcapp:0")" "$TMP/out")
[ "$count" -eq 10000 ] || fail "$count of the 10,000 sockets listed with their owner"
[ "$(grep 'group=224\.2\.0\.30:' "$TMP/out" | sed 's/.* inode=\([0-9]*\) .*/\1/' |
    sort -u | wc -l)" -eq 10000 ] || fail "the 10,000 sockets do not have 10,000 inodes"
echo "10,000 sockets: $(( (t1 - t0) / 1000000 )) ms in all; $(cat "$TMP/err")"
stop_app "$P_MANY"
exit 0
