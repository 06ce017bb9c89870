#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/ansible-role.sh DEB: applies contrib/ansible's role
# mcastlo_verifyd, with the package DEB, to a throwaway minimal Debian
# 12 chroot (debroot.sh, with python3 for Ansible) through the
# community.general.chroot connection, twice: the first run installs
# and sets up, the second changes nothing (changed=0).  Then it runs
# the check the role set up, as the timer's service would (its
# ExecStart, as its user with its capabilities, the role's config)
# inside a throwaway namespace host, and reads what it left in
# node_exporter's textfile directory: the metrics of the group the
# role's variables named, written by _mcastlo there, which promtool
# accepts.  Last, the role refuses a mode that is neither timer nor
# daemon, and switched to the daemon it disables the timer: never both.
#
# Root only; needs debootstrap, ansible-playbook (Debian: ansible, which
# brings community.general and ansible.posix), ip, unshare, setpriv and
# findmnt, and a Debian mirror (see debroot.sh).  A few minutes, most
# of it debootstrap.  Not part of `make check` (it downloads); .ci/run
# runs it.  Like deb-install.sh, nothing is sent from this machine's own
# network namespace: the check runs in the namespace host.
#
# Exit status: 0 pass, 1 fail, 77 skip (not root, a tool missing),
# 99 hard error (debootstrap or the namespaces could not be set up).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/..}/tests/debroot.sh"
export LC_ALL=C
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
deb=${1:-}
work=
fails=0
GROUP_SET=224.16.17.9		# not the default: the config comes from the role
TEXTFILE=/var/lib/prometheus/node-exporter

ok() { echo "ok - $*"; }
not_ok() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

[ -n "$deb" ] && [ -f "$deb" ] || { echo "usage: tests/ansible-role.sh PACKAGE.deb" >&2; exit 2; }
deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")
[ "$(id -u)" = 0 ] || skip "needs root"
for tool in debootstrap ansible-playbook ansible-doc ip unshare setpriv findmnt; do
	command -v "$tool" >/dev/null 2>&1 || skip "needs $tool"
done
for plugin in "connection community.general.chroot" "module ansible.posix.acl"; do
	LC_ALL=C.UTF-8 ansible-doc -t $plugin >/dev/null 2>&1 || skip "needs Ansible's ${plugin#* } (Debian: ansible)"
done

cleanup() {
	[ -n "$NS_HOST" ] && ip netns del "$NS_HOST" 2>/dev/null
	[ -n "$NS_GW" ] && ip netns del "$NS_GW" 2>/dev/null
	debroot_remove
	[ -n "$work" ] && rm -rf "$work"
	return 0
}
trap cleanup EXIT
trap 'exit 99' INT TERM HUP PIPE

start=$(date +%s)
work=$(mktemp -d) || hard_error "mktemp failed"
# python3 for Ansible's modules, python3-apt for its apt module.
debroot_make python3,python3-apt

cat >"$work/inventory" <<EOI
debroot ansible_connection=community.general.chroot ansible_host=$root ansible_python_interpreter=/usr/bin/python3
EOI
cat >"$work/play.yml" <<'EOI'
- name: mcastlo-verifyd in the chroot
  hosts: debroot
  gather_facts: false
  roles:
    - role: mcastlo_verifyd
EOI

# play NAME [VAR=VALUE...]: the role, logged to $work/NAME.log, with
# the chroot's /proc and /sys mounted for its commands (dpkg's
# maintainer scripts, systemctl) in a private mount namespace.
play() {
	local name=$1
	shift
	unshare --mount --propagation private sh -c '
		root=$1; shift
		mount -t proc proc "$root/proc" && mount -t sysfs sysfs "$root/sys" &&
		exec "$@"' sh "$root" \
	    env LC_ALL=C.UTF-8 ANSIBLE_HOME="$work/home" ANSIBLE_LOCAL_TEMP="$work/tmp" \
		ANSIBLE_ROLES_PATH="$top_srcdir/contrib/ansible/roles" ANSIBLE_NOCOLOR=1 \
		ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_STDOUT_CALLBACK=default \
	    ansible-playbook -i "$work/inventory" "$work/play.yml" \
		-e mcastlo_deb="$deb" -e mcastlo_start=false \
		-e mcastlo_group=$GROUP_SET \
		-e '{"mcastlo_settings": {"require": "sendto,send"}}' \
		"$@" >"$work/$name.log" 2>&1
}

# The recap line of run NAME, its count of changes, and whether nothing
# failed or was unreachable.
recap() { grep -E '^debroot +: ok=' "$work/$1.log"; }
changed_count() { recap "$1" | sed -n 's/.* changed=\([0-9]*\) .*/\1/p'; }
clean_recap() { recap "$1" | grep -Eq ' unreachable=0 +failed=0 '; }

if play first && clean_recap first; then
	ok "first run: $(recap first | tr -s ' ')"
else
	tail -n 40 "$work/first.log" >&2
	not_ok "the role failed on the first run"
	exit 1
fi
[ "$(changed_count first)" -gt 0 ] || not_ok "the first run changed nothing"
if play second && clean_recap second && [ "$(changed_count second)" = 0 ]; then
	ok "second run changes nothing: $(recap second | tr -s ' ')"
else
	grep -E '^(changed|fatal|TASK)' "$work/second.log" | grep -B1 -E '^(changed|fatal)' >&2
	not_ok "the second run: $(recap second)"
fi

# What the role set up.
[ "$(in_root dpkg-query -W -f '${db:Status-Status}' mcastlo-verifyd)" = installed ] &&
	ok "the package is installed" || not_ok "the package is not installed"
conf=$(cat "$root/etc/mcastlo-verifyd.conf")
case $conf in
*"group		$GROUP_SET"*"metrics-file	$TEXTFILE/mcastlo-verifyd.prom"*"require	sendto,send"*)
	ok "the config comes from the role's variables" ;;
*)	not_ok "the config is: $conf" ;;
esac
enabled=$(in_root systemctl is-enabled mcastlo-verifyd.service mcastlo-verifyd-check.timer | tr '\n' ' ')
[ "$enabled" = "disabled enabled " ] && ok "the timer is enabled, the daemon is not" ||
	not_ok "daemon and timer: $enabled"
in_root getfacl -p "$TEXTFILE" 2>/dev/null | grep -q '^user:_mcastlo:rwx$' &&
	ok "_mcastlo may write in $TEXTFILE" || not_ok "no ACL for _mcastlo on $TEXTFILE"

# The check the timer runs, in a throwaway namespace host: its
# ExecStart, as its user, with its capabilities, reading the role's
# config.  A stock host leaks send(): CRITICAL, status 2.
cmd=$(sed -n 's/^ExecStart=//p' "$root/lib/systemd/system/mcastlo-verifyd-check.service" \
    "$root/usr/lib/systemd/system/mcastlo-verifyd-check.service" 2>/dev/null | head -n 1)
[ -n "$cmd" ] || hard_error "no ExecStart in mcastlo-verifyd-check.service"
NS_HOST=mcv-role-$$-host
NS_GW=mcv-role-$$-gw
ns_create
# shellcheck disable=SC2086
out=$(as_service "$NS_HOST" $cmd 2>&1)
rc=$?
echo "# $cmd, as _mcastlo in the namespace host: $out (status $rc)"
case $rc:$out in
2:"MCASTLO CRITICAL - send() leaked through eth0"*)
	ok "the timer's check finds the leak" ;;
*)	not_ok "the timer's check: status $rc, expected 2 and a send() leak" ;;
esac
left=$(ip -n "$NS_HOST" route show table all proto 201)
[ -z "$left" ] && ok "the check's route is gone" || not_ok "routes left: $left"
ip netns del "$NS_HOST" && ip netns del "$NS_GW" && NS_HOST= && NS_GW=
prom=$root$TEXTFILE/mcastlo-verifyd.prom
if [ "$(in_root stat -c %U "$TEXTFILE/mcastlo-verifyd.prom" 2>/dev/null)" = _mcastlo ] &&
    grep -q "^mcastlo_check_status{group=\"$GROUP_SET\"} 2$" "$prom"; then
	ok "the metrics for node_exporter: $(grep '^mcastlo_check_status' "$prom")"
else
	not_ok "no metrics of group $GROUP_SET written by _mcastlo in $TEXTFILE"
fi
if command -v promtool >/dev/null 2>&1; then
	promtool check metrics <"$prom" && ok "promtool check metrics: clean" ||
		not_ok "promtool rejects the metrics"
fi

# Never both: a mode that is neither is refused before anything changes;
# the daemon disables the timer.
if play both -e mcastlo_mode=both; then
	not_ok "mcastlo_mode=both was accepted"
else
	grep -q 'never both' "$work/both.log" && ok "mcastlo_mode=both is refused" ||
		{ tail -n 20 "$work/both.log" >&2; not_ok "mcastlo_mode=both failed otherwise"; }
fi
if play daemon -e mcastlo_mode=daemon && clean_recap daemon; then
	enabled=$(in_root systemctl is-enabled mcastlo-verifyd.service mcastlo-verifyd-check.timer | tr '\n' ' ')
	[ "$enabled" = "enabled disabled " ] &&
		ok "mcastlo_mode=daemon: the daemon is enabled, the timer is not" ||
		not_ok "after mcastlo_mode=daemon: daemon and timer: $enabled"
else
	tail -n 30 "$work/daemon.log" >&2
	not_ok "the role failed with mcastlo_mode=daemon"
fi

echo "# $(($(date +%s) - start)) s in all"
[ "$fails" = 0 ] || exit 1
exit 0
