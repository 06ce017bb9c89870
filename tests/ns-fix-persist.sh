#!/bin/sh
# SPDX-License-Identifier: ISC
# --fix --persist: the routes it applied, written for boot in a file of
# our own under --persist-root, and each form installed by the real
# tool in the namespace host: the group's route is flushed, the tool
# runs, the route it installs is the fixed one, and a check proves it.
#   networkd  systemd-networkd in a mount namespace (tmpfs on
#             /run/systemd, /sys read-only so it does not wait for udev,
#             our root's /etc/systemd/network bound over the real one)
#   ifupdown  ifup -i <root>/etc/network/interfaces --state-dir ... lo
#   netplan   netplan generate --root-dir, then the networkd it feeds
# --dry-run shows the file and writes nothing; --undo removes it.
# NetworkManager, which does not manage lo, gets nothing, and a note.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "needs tcpdump (ground truth)"
NETWORKD=/lib/systemd/systemd-networkd
[ -x "$NETWORKD" ] || skip "needs systemd-networkd (systemd)"
command -v ifup >/dev/null 2>&1 || skip "needs ifup (ifupdown)"
command -v netplan >/dev/null 2>&1 || skip "needs netplan (netplan.io)"
# networkd drops to its own user, which must exist here.
NDUID=$(id -u systemd-network 2>/dev/null) || skip "needs the systemd-network user"
require_uid "$NDUID" "systemd-networkd, which runs as systemd-network"
ns_setup
in_host ip route add 224.16.17.0/24 dev lo proto static metric 50 ||
	hard_error "cannot add the admin route"
snapshot_routes
FIXED='224.16.17.0/24 dev lo proto static scope link src 127.0.0.1 metric 50 '
EMPTY=$TMP/empty
mkdir "$EMPTY"

# networkd_run ETCDIR RUNDIR: systemd-networkd in the host namespace with
# ETCDIR as /etc/systemd/network and RUNDIR's files in
# /run/systemd/network (nothing from the machine's own), in the
# background (NETWORKD_PID), its log in $TMP/networkd.log.
networkd_run() {
	ip netns exec "$NS_HOST" unshare -m sh -c '
		mount -t tmpfs mcv-systemd /run/systemd &&
		mount -o remount,ro /sys &&
		mount --bind "$1" /etc/systemd/network &&
		mount --bind "$3" /usr/lib/systemd/network &&
		mkdir -p /run/systemd/network /run/systemd/netif &&
		cp -R "$2"/. /run/systemd/network/ &&
		chown systemd-network:systemd-network /run/systemd/netif &&
		exec "$4"' sh "$1" "$2" "$EMPTY" "$NETWORKD" \
		>"$TMP/networkd.log" 2>&1 &
	NETWORKD_PID=$!
	BG_PIDS="$BG_PIDS $NETWORKD_PID"
}

has_fixed() { routes | grep -qxF "$FIXED"; }

# flush: the group's routes gone, as after a reboot.
flush() {
	in_host ip route del 224.16.17.0/24 ||
		hard_error "cannot flush the group's route"
	has_fixed && hard_error "the route is still there"
}

# proved NAME [ROUTES]: the tool's route is the fixed one (ROUTES for
# the /24 in all, default 1), and a check says OK.
proved() {
	wait_until "$1 did not install $FIXED" fail has_fixed
	[ "$(routes | grep -c '^224\.16\.17\.')" = "${2:-1}" ] ||
		{ routes >&2; fail "$1: not ${2:-1} routes for the /24"; }
	run_verifyd --once --json
	assert_rc 0
	assert_json '.status == "OK" and .route == "pre-existing" and .route_in_effect.prefsrc == "127.0.0.1"'
}

# fix_and_flush FORM ROOT: --fix --persist FORM under ROOT, proven; the
# live route then flushed.  FILE is what it wrote.
fix_and_flush() {
	run_verifyd --fix --json --persist "$1" --persist-root "$2"
	assert_rc 0
	assert_json ".repair.proven and .repair.persist_form == \"$3\" and (.repair.persisted | length) == 1"
	FILE=$(jq -r '.repair.persisted[0]' "$TMP/out")
	case $FILE in "$2"/*) ;; *) fail "$1 wrote $FILE, not under $2" ;; esac
	[ -f "$FILE" ] || fail "$1: $FILE was not written"
	flush
}

# --- NetworkManager: it does not manage lo; nothing written, said so -----
ROOT=$TMP/nm
mkdir -p "$ROOT/etc/NetworkManager"
run_verifyd --fix --json --persist auto --persist-root "$ROOT"
assert_rc 0
assert_json '.repair.proven and .repair.persist_form == "NetworkManager" and (.repair.persisted | length) == 0'
assert_json '.repair.persist_note | test("does not manage lo: no persistent form written")'
[ "$(find "$ROOT" -type f | wc -l)" = 0 ] || fail "a file was written for NetworkManager"
run_verifyd --fix --undo
assert_rc 0
assert_routes_unchanged

# --- networkd -------------------------------------------------------------
ROOT=$TMP/networkd
mkdir -p "$ROOT/etc/systemd/network"
run_verifyd --fix --dry-run --persist networkd --persist-root "$ROOT"
assert_rc 2
grep -qF "Persistent form (networkd), for $ROOT/etc/systemd/network/10-mcastlo-verifyd-lo.network:" "$TMP/out" ||
	fail "--dry-run does not show the networkd file"
grep -qx 'PreferredSource=127.0.0.1' "$TMP/out" || fail "--dry-run does not show the file's contents"
[ -z "$(ls -A "$ROOT/etc/systemd/network")" ] || fail "--dry-run wrote a file"
assert_routes_unchanged

fix_and_flush networkd "$ROOT" networkd
[ "$FILE" = "$ROOT/etc/systemd/network/10-mcastlo-verifyd-lo.network" ] ||
	fail "networkd file: $FILE"
grep -qx 'Destination=224.16.17.0/24' "$FILE" && grep -qx 'Metric=50' "$FILE" &&
	grep -qx 'Protocol=4' "$FILE" || fail "the networkd file does not keep the route: $(cat "$FILE")"
networkd_run "$ROOT/etc/systemd/network" "$EMPTY"
proved systemd-networkd
kill "$NETWORKD_PID"
wait "$NETWORKD_PID" 2>/dev/null
run_verifyd --fix --undo
assert_rc 0
[ -e "$FILE" ] && fail "--undo left $FILE"
assert_routes_unchanged

# --- networkd, with the administrator's .network for lo -------------------
# Ours is a drop-in for theirs (networkd reads only the first .network
# that matches a link).
ROOT=$TMP/networkd-dropin
mkdir -p "$ROOT/etc/systemd/network"
printf '[Match]\nName=lo\n\n[Network]\nConfigureWithoutCarrier=yes\n' \
	>"$ROOT/etc/systemd/network/05-lo.network"
cp "$ROOT/etc/systemd/network/05-lo.network" "$TMP/lo.network.admin"
fix_and_flush networkd "$ROOT" networkd
[ "$FILE" = "$ROOT/etc/systemd/network/05-lo.network.d/90-mcastlo-verifyd-fix.conf" ] ||
	fail "networkd drop-in: $FILE"
cmp -s "$ROOT/etc/systemd/network/05-lo.network" "$TMP/lo.network.admin" ||
	fail "the administrator's .network file was changed"
networkd_run "$ROOT/etc/systemd/network" "$EMPTY"
proved "systemd-networkd (drop-in)"
kill "$NETWORKD_PID"
wait "$NETWORKD_PID" 2>/dev/null
run_verifyd --fix --undo
assert_rc 0
[ -e "$FILE" ] && fail "--undo left $FILE"
assert_routes_unchanged

# Their file names the route without the source: networkd would install
# both, either one in effect (measured), so no drop-in can fix it: the
# run says which line to add, and changes nothing.
printf '\n[Route]\nDestination=224.16.17.0/24\nMetric=50\nProtocol=static\n' \
	>>"$ROOT/etc/systemd/network/05-lo.network"
run_verifyd --fix --persist networkd --persist-root "$ROOT"
assert_rc 3
assert_stderr_line "--persist networkd: 05-lo.network names the group's route without the source"
grep -qF "add PreferredSource=127.0.0.1 to its [Route] section" "$TMP/err" ||
	fail "the error does not say what to add"
assert_routes_unchanged
[ -e "$ROOT/etc/systemd/network/05-lo.network.d/90-mcastlo-verifyd-fix.conf" ] &&
	fail "a drop-in was written anyway"

# --- ifupdown (found by --persist auto: an interfaces file) ---------------
# The administrator's stanza adds the route without the source at boot;
# ours, sourced after it, replaces it.
ROOT=$TMP/ifupdown
mkdir -p "$ROOT/etc/network" "$TMP/ifstate"
printf 'auto lo\niface lo inet loopback\n\tup ip route add 224.16.17.0/24 dev lo proto static metric 50\n\nsource interfaces.d/*\n' \
	>"$ROOT/etc/network/interfaces"
cp "$ROOT/etc/network/interfaces" "$TMP/interfaces.admin"
fix_and_flush auto "$ROOT" ifupdown
[ "$FILE" = "$ROOT/etc/network/interfaces.d/mcastlo-verifyd-fix" ] || fail "ifupdown file: $FILE"
cmp -s "$ROOT/etc/network/interfaces" "$TMP/interfaces.admin" ||
	fail "the administrator's interfaces file was changed"
in_host ifup --no-scripts -i "$ROOT/etc/network/interfaces" \
	--state-dir "$TMP/ifstate" lo >"$TMP/ifup.log" 2>&1 ||
	{ cat "$TMP/ifup.log" >&2; fail "ifup lo failed"; }
proved ifup
run_verifyd --fix --undo
assert_rc 0
[ -e "$FILE" ] && fail "--undo left $FILE"
assert_routes_unchanged

# --- netplan (found by --persist auto: a netplan file) --------------------
ROOT=$TMP/netplan
mkdir -p "$ROOT/etc/netplan"
printf 'network:\n  version: 2\n  renderer: networkd\n' >"$ROOT/etc/netplan/00-admin.yaml"
chmod 600 "$ROOT/etc/netplan/00-admin.yaml"
fix_and_flush auto "$ROOT" netplan
[ "$FILE" = "$ROOT/etc/netplan/90-mcastlo-verifyd-fix.yaml" ] || fail "netplan file: $FILE"
netplan generate --root-dir "$ROOT" >"$TMP/netplan.log" 2>&1 ||
	{ cat "$TMP/netplan.log" >&2; fail "netplan generate failed"; }
grep -qx 'PreferredSource=127.0.0.1' "$ROOT"/run/systemd/network/*lo.network ||
	fail "netplan generated no PreferredSource for lo"
# netplan has no protocol: networkd tags the route static, as the admin's is.
networkd_run "$EMPTY" "$ROOT/run/systemd/network"
proved "netplan's networkd"
kill "$NETWORKD_PID"
wait "$NETWORKD_PID" 2>/dev/null
run_verifyd --fix --undo
assert_rc 0
[ -e "$FILE" ] && fail "--undo left $FILE"
assert_routes_unchanged
exit 0
