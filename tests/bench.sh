#!/bin/sh
# SPDX-License-Identifier: ISC
# make bench: speed, footprint, correctness under load, soak and idle,
# measured in throwaway namespaces (never the machine's own), side by
# side with a baseline made of stock tools.  Prints one table.
#
# BENCH_ONLY=unrelated-sockets runs one row (BENCH_SOCKETS, default
# 100,000).  BENCH_PAIRS (default 25) interleaved runs of the verifier and the
# baseline; BENCH_SOAK (default 1000) daemon checks; BENCH_LOAD (100)
# checks under load.  BENCH_ONLY=watch-flood measures only watch mode's
# loop under a leak flood (BENCH_SOCKETS, default 100,000, held by
# another user).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

PAIRS=${BENCH_PAIRS:-25}
SOAK=${BENCH_SOAK:-1000}
LOADCHECKS=${BENCH_LOAD:-100}
BASELINE_WAIT=${BENCH_BASELINE_WAIT:-0.5}
command -v tcpdump >/dev/null 2>&1 || skip "the baseline needs tcpdump"
[ -x /usr/bin/time ] || skip "needs GNU time (package time)"
ns_setup
RESULTS=$TMP/results
: >"$RESULTS"

# row FIGURE TARGET MEASURED PASS|FAIL|INFO
row() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$RESULTS"; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
p90() { sort -n | awk '{ v[NR] = $1 } END { i = int(NR * 0.9 + 0.999); if (i < 1) i = 1; print v[i] }'; }
FLOOR=$top_builddir/tests/floor
# within VALUE OP LIMIT: PASS or FAIL
within() { awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { ok = op == "<=" ? v <= l : v >= l; print ok ? "PASS" : "FAIL" }'; }

# --- the socket audit on a host with 100,000 unrelated UDP sockets --------
# The kernel filters the dumps (inet_diag bytecode): the check costs
# what it costs on an empty host, plus at most 50 ms.
bench_unrelated_sockets() {
	local n=${BENCH_SOCKETS:-100000} empty full delta
	once_ms() {
		ip netns exec "$NS_HOST" bash -c 'for i in 1 2 3 4 5 6 7 8 9; do
			s=$EPOCHREALTIME; "'"$VERIFYD"'" --once >/dev/null; e=$EPOCHREALTIME
			awk -v s=$s -v e=$e "BEGIN { printf \"%.1f\n\", (e - s) * 1000 }"
		done' | median
	}
	empty=$(once_ms)
	start_ready hold "$MCAPP" -t 600 -n "$n" hold 224.2.0.9 7000
	full=$(once_ms)
	kill "$READY_PID"; wait "$READY_PID" 2>/dev/null
	delta=$(awk -v a="$full" -v b="$empty" 'BEGIN { printf "%.1f", a - b }')
	row "check with $n unrelated UDP sockets, more" "<= 50 ms" \
		"$delta ms ($empty -> $full)" "$(within "$delta" "<=" 50)"
}
print_table() {
	echo
	echo "mcastlo-verifyd benchmark on $(uname -srm), $(nproc) CPUs," \
		"$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
	printf '%-46s %-18s %-26s %s\n' FIGURE TARGET MEASURED RESULT
	awk -F'\t' '{ printf "%-46s %-18s %-26s %s\n", $1, $2, $3, $4 }' "$RESULTS"
	failed=$(grep -c 'FAIL$' "$RESULTS")
	echo "bench: $(grep -c 'PASS$' "$RESULTS") targets met, $failed missed"
	[ "$failed" = 0 ]
}

# Watch mode's loop while 40 sockets of another user leak at once and
# that user holds 100,000 more UDP sockets (BENCH_SOCKETS): the longest
# gap between two watchdog notifications beyond their period (the
# loop's longest stall, owner lookups included), and the daemon's CPU.
bench_watch_flood() {
	local sockets=${BENCH_SOCKETS:-100000} secs=10 holders n flood
	local period_ms=50 cpu0 cpu1 t0 t1 stall wcpu hz
	in_host ip route add 224.2.0.0/24 dev lo || hard_error "route"
	# mcapp hold binds 127.1.0.A, a port each, in children of
	# 15,000 sockets (RLIMIT_NOFILE may not go past 20,000).
	start_ready hold setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$MCAPP" -t 600 -n "$sockets" hold 239.9.9.9 7000
	holders=$READY_PID
	mkfifo "$TMP/wd.fifo"
	ip netns exec "$NS_HOST" "$top_builddir/tests/notifyrecv" \
		"$TMP/wd.sock" never >"$TMP/wd.fifo" &
	BG_PIDS="$BG_PIDS $!"
	bash -c 'while IFS= read -r l; do echo "$EPOCHREALTIME $l"; done' \
		<"$TMP/wd.fifo" >"$TMP/wd.ts" &
	BG_PIDS="$BG_PIDS $!"
	wait_for_lines listening "$TMP/wd.ts" 1 "notifyrecv did not start" hard_error
	NOTIFY_SOCKET=$TMP/wd.sock WATCHDOG_USEC=$((2 * period_ms * 1000)) \
		start_daemon -v --watch --interval 3600 \
		--status-file "$TMP/flood.json"
	wait_for_log 'check [0-9]+: CRITICAL'
	t0=$(date +%s.%N)
	cpu0=$(awk '{ print $14 + $15 }' /proc/$DAEMON_PID/stat)
	start_ready flood setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$MCAPP" -t $secs -n 40 flood 224.2.0.6 6666
	flood=$READY_PID
	wait "$flood"
	cpu1=$(awk '{ print $14 + $15 }' /proc/$DAEMON_PID/stat)
	t1=$(date +%s.%N)
	hz=$(getconf CLK_TCK)
	wcpu=$(awk -v t=$((cpu1 - cpu0)) -v hz="$hz" -v s="$t0" -v e="$t1" \
		'BEGIN { printf "%.1f", 100 * (t / hz) / (e - s) }')
	stall=$(awk -v s="$t0" -v e="$t1" -v p="$period_ms" '
		$2 == "WATCHDOG=1" && $1 >= s && $1 <= e {
			if (last) { g = ($1 - last) * 1000 - p; if (g > max) max = g }
			last = $1 }
		END { printf "%.1f", max + 0 }' "$TMP/wd.ts")
	kill -s USR1 "$DAEMON_PID"
	wait_for_log 'check [0-9]+: CRITICAL' 2
	row "watch: longest loop stall, 40-socket flood + $sockets sockets" \
		"< 50 ms" "$stall ms over ${period_ms} ms" "$(within "$stall" "<=" 50)"
	row "watch: daemon CPU under that flood" "< 10% of a core" \
		"$wcpu% ($(jq .watch.datagrams "$TMP/flood.json") counted)" \
		"$(within "$wcpu" "<=" 10)"
	stop_daemon
	kill $holders
	for n in $holders; do wait "$n" 2>/dev/null; done
	in_host ip route del 224.2.0.0/24 dev lo
}
# BENCH_ONLY=unrelated-sockets or watch-flood: that part alone (a short run).
case ${BENCH_ONLY:-} in
unrelated-sockets|watch-flood)
	"bench_$(echo "$BENCH_ONLY" | tr - _)"
	print_table
	exit
	;;
esac

# The baseline, as a user would script it with stock tools: tcpdump on
# lo and eth0, wait, one probe per method, read the captures, classify.
# Prints "lo eth0" where each probe was seen, e.g. "sendto:lo send:eth0".
cat >"$TMP/baseline.sh" <<EOB
#!/bin/sh
wait=\$1
mode=\${2:---immediate-mode}	# "plain": tcpdump as often scripted
[ "\$mode" = plain ] && mode=
ip route add $GROUP/32 dev lo
nonce=\$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
tcpdump \$mode -i lo -U -w "$TMP/lo.pcap" udp and dst host $GROUP and dst port 4000 2>/dev/null &
p1=\$!
tcpdump \$mode -i eth0 -Q out -U -w "$TMP/eth0.pcap" udp and dst host $GROUP and dst port 4000 2>/dev/null &
p2=\$!
sleep "\$wait"
"$MCSEND" -g $GROUP -p 4000 -m sendto "sendto() \$nonce"
"$MCSEND" -g $GROUP -p 4000 -m send "send() \$nonce"
sleep 0.05
kill -INT \$p1 \$p2
wait \$p1 \$p2
out=
for m in sendto send; do
	where=
	for i in lo eth0; do
		tcpdump -n -r "$TMP/\$i.pcap" -A 2>/dev/null | grep -q "\$m() \$nonce" && where="\$where\$i"
	done
	out="\$out \$m:\${where:-none}"
done
ip route del $GROUP/32 dev lo
echo \$out
EOB
chmod +x "$TMP/baseline.sh"

# --- time to verdict, interleaved, timed inside the namespace ---------
# Three at a time: --once, the floor (tests/floor.c: the same kernel
# work with no library), and the stock-tools baseline.  bash's
# $EPOCHREALTIME reads the clock without starting a process, so the
# figures are the commands' own, from exec to exit.
ip netns exec "$NS_HOST" bash -c '
	i=0
	while [ $i -lt '"$PAIRS"' ]; do
		i=$((i + 1))
		s=$EPOCHREALTIME; "'"$VERIFYD"'" --once >/dev/null; e=$EPOCHREALTIME
		echo "v $s $e"
		s=$EPOCHREALTIME; r=$("'"$FLOOR"'"); e=$EPOCHREALTIME
		echo "f $s $e $r"
		s=$EPOCHREALTIME; r=$("'"$TMP/baseline.sh"'" '"$BASELINE_WAIT"'); e=$EPOCHREALTIME
		echo "b $s $e $r"
	done' >"$TMP/pairs"
ms() { awk -v k="$1" '$1 == k { printf "%.2f\n", ($3 - $2) * 1000 }' "$TMP/pairs"; }
v_ms=$(ms v | median)
f_ms=$(ms f | median)
b_ms=$(ms b | median)
v_p90=$(ms v | p90)
f_p90=$(ms f | p90)
b_p90=$(ms b | p90)
ratio=$(awk -v v="$v_ms" -v b="$b_ms" 'BEGIN { printf "%.1f", b / v }')
floor_ratio=$(awk -v v="$v_ms" -v f="$f_ms" 'BEGIN { printf "%.2f", v / f }')
b_right=$(grep -c '^b .* sendto:lo send:eth0$' "$TMP/pairs")
f_right=$(grep -c '^f .* MCASTLO CRITICAL: send() leaked$' "$TMP/pairs")
row "time to verdict, --once (median of $PAIRS)" "<= 10 ms" "$v_ms ms (p90 $v_p90)" "$(within "$v_ms" "<=" 10)"
row "floor (same kernel work, no library)" "-" "$f_ms ms (p90 $f_p90), right $f_right/$PAIRS" INFO
row "baseline (tcpdump, wait ${BASELINE_WAIT}s), median" "-" "$b_ms ms (p90 $b_p90), right $b_right/$PAIRS" INFO
row "speed-up over the baseline" ">= 60x" "${ratio}x" "$(within "$ratio" ">=" 60)"
row "--once over the floor" "<= 2.2x" "${floor_ratio}x" "$(within "$floor_ratio" "<=" 2.2)"

# How often shorter waits make the baseline miss a probe.
for w in 0.05 0.1 0.2 0.3; do
	miss=0
	i=0
	while [ $i -lt 10 ]; do
		i=$((i + 1))
		r=$(in_host "$TMP/baseline.sh" $w)
		[ "$r" = "sendto:lo send:eth0" ] || miss=$((miss + 1))
	done
	row "baseline misses with a ${w}s wait" "-" "$miss of 10 runs" INFO
done
# Without --immediate-mode, tcpdump holds packets in its buffer.
miss=0
i=0
while [ $i -lt 10 ]; do
	i=$((i + 1))
	r=$(in_host "$TMP/baseline.sh" "$BASELINE_WAIT" plain)
	[ "$r" = "sendto:lo send:eth0" ] || miss=$((miss + 1))
done
row "same, tcpdump without --immediate-mode" "-" "$miss of 10 runs" INFO

# --- footprint -----------------------------------------------------------
rss=$(in_host /usr/bin/time -f %M "$VERIFYD" --once 2>&1 >/dev/null | tail -n 1)
rss_mib=$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')
row "peak RSS of --once" "<= 4 MiB" "$rss_mib MiB" "$(within "$rss_mib" "<=" 4)"
frss=$(in_host /usr/bin/time -f %M "$FLOOR" 2>&1 >/dev/null | tail -n 1)
row "peak RSS of the floor" "-" "$(awk -v k="$frss" 'BEGIN { printf "%.1f", k / 1024 }') MiB" INFO
# tcpdump for one second, as the baseline runs it (the peak counts).
trss=$(in_host /usr/bin/time -f %M timeout -s INT 1 tcpdump -i lo -U -w /dev/null \
	udp and dst host $GROUP 2>&1 >/dev/null | tail -n 1)
row "peak RSS of one baseline tcpdump" "-" "$(awk -v k="$trss" 'BEGIN { printf "%.1f", k / 1024 }') MiB" INFO

# --- under load ------------------------------------------------------------
# The same group on other ports and other groups, on lo and out of eth0.
loadsecs=$((LOADCHECKS / 4 + 20))
start_load() {
	ip netns exec "$NS_HOST" "$MCSEND" -F -f $loadsecs "$@" load \
		>"$TMP/load.$#.$1$2$3$4.out" 2>>"$TMP/load.counts" &
	BG_PIDS="$BG_PIDS $!"
	LOAD_PIDS="$LOAD_PIDS $!"
}
LOAD_PIDS=
: >"$TMP/load.counts"
lstart=$(date +%s%N)
start_load -g $GROUP -p 5001 -I 127.0.0.1
start_load -g 224.16.17.9 -p 5002 -I 127.0.0.1
start_load -g $GROUP -p 5003 -I "$HOST_ADDR"
start_load -g 239.9.9.9 -p 5004 -I "$HOST_ADDR"
right=0
drops=0
i=0
while [ $i -lt "$LOADCHECKS" ]; do
	i=$((i + 1))
	in_host "$VERIFYD" --once --json >"$TMP/out" 2>/dev/null
	if jq -e '.exit_code == 2 and .probes[0].captured_on == ["lo"] and .probes[1].captured_on == ["eth0"]' \
		"$TMP/out" >/dev/null; then
		right=$((right + 1))
	fi
	drops=$((drops + $(jq '.capture.dropped // 0' "$TMP/out")))
done
for pid in $LOAD_PIDS; do wait "$pid"; done
lend=$(date +%s%N)
sent=$(awk '/^sent/ { n += $2 } END { print n + 0 }' "$TMP/load.counts")
rate=$(awk -v n="$sent" -v s="$lstart" -v e="$lend" 'BEGIN { printf "%d", n / ((e - s) / 1e9) }')
row "right verdicts under load" "$LOADCHECKS of $LOADCHECKS" "$right of $LOADCHECKS" \
	"$([ "$right" = "$LOADCHECKS" ] && echo PASS || echo FAIL)"
row "load rate reached (lo + eth0)" ">= 200000 pkt/s" "$rate pkt/s" "$(within "$rate" ">=" 200000)"
row "pcap drops over those checks" "0" "$drops" "$(within "$drops" "<=" 0)"

# --- the socket audit with 10,000 application sockets --------------------
in_host ip route add 224.2.0.0/24 dev lo || hard_error "route"
start_ready many "$MCAPP" -t 600 -n 10000 many 224.2.0.9 7000
many=$READY_PID
a_ms=$(ip netns exec "$NS_HOST" bash -c 's=$EPOCHREALTIME; "'"$VERIFYD"'" --once --json >"'"$TMP/many.json"'"; e=$EPOCHREALTIME
	awk -v s=$s -v e=$e "BEGIN { printf \"%.1f\", (e - s) * 1000 }"')
a_right=$(jq ".socket_audit.at_risk" "$TMP/many.json")
row "a check with 10,000 app sockets at risk" "-" "$a_ms ms, $a_right counted" INFO
kill "$many"; wait "$many" 2>/dev/null

bench_unrelated_sockets


# --- watch mode: the daemon's CPU under unrelated load ------------------
# 200,000+ datagrams a second to groups not routed to lo, on lo and out
# of eth0, which the kernel's filter drops; one application leaking
# 224.2.0.6 every 20 ms, which the watch counts.
start_daemon -v --watch --interval 3600 --status-file "$TMP/watch.json"
wait_for_log 'watch: groups routed to loopback: 224.2.0.0/24'
wait_for_log 'check [0-9]+: CRITICAL'
LOAD_PIDS=
: >"$TMP/load.counts"
loadsecs=10
start_load -g 224.16.17.99 -p 5101 -I 127.0.0.1
start_load -g 239.9.9.9 -p 5102 -I "$HOST_ADDR"
start_load -g 239.9.9.10 -p 5103 -I 127.0.0.1
ip netns exec "$NS_HOST" "$MCAPP" -t $loadsecs connect 224.2.0.6 6666 >/dev/null &
BG_PIDS="$BG_PIDS $!"
wstart=$(date +%s%N)
cpu0=$(awk '{ print $14 + $15 }' /proc/$DAEMON_PID/stat)
for pid in $LOAD_PIDS; do wait "$pid"; done
cpu1=$(awk '{ print $14 + $15 }' /proc/$DAEMON_PID/stat)
wend=$(date +%s%N)
wsent=$(awk '/^sent/ { n += $2 } END { print n + 0 }' "$TMP/load.counts")
wrate=$(awk -v n="$wsent" -v s="$wstart" -v e="$wend" 'BEGIN { printf "%d", n / ((e - s) / 1e9) }')
hz=$(getconf CLK_TCK)
wcpu=$(awk -v t=$((cpu1 - cpu0)) -v hz="$hz" -v s="$wstart" -v e="$wend" 	'BEGIN { printf "%.2f", 100 * (t / hz) / ((e - s) / 1e9) }')
kill -s USR1 "$DAEMON_PID"
wait_for_log 'check [0-9]+: CRITICAL' 2
wcounted=$(jq '.watch.datagrams' "$TMP/watch.json")
wdrops=$(jq '.watch.dropped' "$TMP/watch.json")
row "watch: daemon CPU under $wrate pkt/s unrelated" "< 2% of a core" "$wcpu%" "$(within "$wcpu" "<=" 2)"
row "watch: leaked datagrams counted, pcap drops" "0 drops" "$wcounted counted, $wdrops dropped" \
	"$([ "$wdrops" = 0 ] && [ "$wcounted" -gt 0 ] && echo PASS || echo FAIL)"
stop_daemon
in_host ip route del 224.2.0.0/24 dev lo
bench_watch_flood

# --- soak: daemon checks back to back (SIGUSR1), then idle -------------
start_daemon -v --interval 3600 --status-file "$TMP/status.json"
wait_for_log 'check [0-9]+: CRITICAL'
sample() {
	echo "$(awk '/^VmRSS/ { print $2 }' /proc/$DAEMON_PID/status) $(ls /proc/$DAEMON_PID/fd | wc -l)"
}
i=1
while [ $i -lt "$SOAK" ]; do
	kill -s USR1 "$DAEMON_PID"
	i=$((i + 1))
	wait_for_log 'check [0-9]+: CRITICAL' $i
	[ $i = 100 ] && early=$(sample)
done
late=$(sample)
checks=$(grep -Ec 'check [0-9]+: CRITICAL' "$TMP/err")
rss_growth=$(( ${late% *} - ${early% *} ))
row "soak: checks done / asked" "$SOAK of $SOAK" "$checks of $SOAK" \
	"$([ "$checks" = "$SOAK" ] && echo PASS || echo FAIL)"
row "soak: RSS growth, check 100 to $SOAK" "<= 64 KiB" "$rss_growth KiB" "$(within "$rss_growth" "<=" 64)"
row "soak: open fds at check 100 / $SOAK" "equal" "${early#* } / ${late#* }" \
	"$([ "${early#* }" = "${late#* }" ] && echo PASS || echo FAIL)"
left=$(tagged_routes | wc -l)
row "soak: routes left" "0" "$left" "$([ "$left" = 0 ] && echo PASS || echo FAIL)"

# Idle: between checks no CPU time and no wakeups (context switches).
cpu0=$(awk '{ print $14 + $15 }' /proc/$DAEMON_PID/stat)
cs0=$(awk '/ctxt_switches/ { n += $2 } END { print n }' /proc/$DAEMON_PID/status)
in_host "$MCSEND" -g $GROUP -p 9 -n 1 x	# time passes: one unrelated event
t0=$(date +%s)
while [ $(( $(date +%s) - t0 )) -lt 5 ]; do read -r _ </proc/uptime; done
cpu1=$(awk '{ print $14 + $15 }' /proc/$DAEMON_PID/stat)
cs1=$(awk '/ctxt_switches/ { n += $2 } END { print n }' /proc/$DAEMON_PID/status)
row "idle: CPU ticks over 5 s" "0" "$((cpu1 - cpu0))" "$([ $((cpu1 - cpu0)) = 0 ] && echo PASS || echo FAIL)"
row "idle: wakeups over 5 s" "0" "$((cs1 - cs0))" "$([ $((cs1 - cs0)) = 0 ] && echo PASS || echo FAIL)"
stop_daemon

# --- the table -------------------------------------------------------------
print_table
