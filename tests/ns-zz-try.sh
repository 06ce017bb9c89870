#!/bin/sh
. /work/wt/fix/tests/lib.sh
ns_setup
in_host ip route add 224.16.17.0/24 dev lo table local proto static metric 7
in_host ip route get fibmatch 224.16.17.8
in_host ip -d route show table local | grep 224
