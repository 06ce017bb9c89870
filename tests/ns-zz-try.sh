#!/bin/sh
. /work/wt/fix/tests/lib.sh
ns_setup
cd /tmp
in_host ifup -v -i /tmp/fixw/ifu/etc/network/interfaces --state-dir /tmp/fixw/ifu/state lo; echo rc=$?
routes | grep 224
