#!/bin/sh
# SPDX-License-Identifier: ISC
# A required probe that never shows up is waited for until the probe
# wait's deadline, not a moment less: eth0 drops the send() probe before
# any capture sees it (hold_send_probe), so only the deadline can end
# the check, which then reports the probe as captured nowhere.  A check
# that ended once the probes it had seen were complete would call the
# unseen one "captured nowhere" too, after a few milliseconds, having
# given it no time at all: the duration tells them apart.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ns_setup
hold_send_probe
snapshot_routes

run_verifyd --once --json --probe-wait 1500
assert_rc 2
assert_json '.summary == "send() was captured nowhere: dropped in eth0'"'"'s egress path (an egress filter or the driver)"'
assert_json '.probes[0].captured_on == ["lo"] and .probes[0].listener_received == 1'
assert_json '.probes[1] | .sent and .captured_on == [] and .queued_bytes == 0'
assert_json '.duration_ms >= 1500'
echo "waited $(jq .duration_ms "$TMP/out") ms for a probe that never came (--probe-wait 1500)"
assert_json '.route == "added" and .route_removed == true'
assert_routes_unchanged
release_send_probe
exit 0
