#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Signals sent while attached arrive exactly once: real-time signals (which
# queue) are counted by the tracee; none is lost at attach, while traced
# or at detach, and none is duplicated.
. "$top_srcdir/tests/integration/lib.sh"

. "$top_srcdir/tests/integration/attach-lib.sh"
attach_start_ticker

test_expect_success '3000 real-time signals around and during a trace' '
	"$T/ticker" send $TICKER 500 || exit 1
	"$SYSCENSUS" attach -q -o s.db -p $TICKER --duration 60 &
	tr=$!
	"$T/ticker" send $TICKER 1000 &&
	ctl=$(syscensus mark --path -o s.db) &&
	for i in $(seq 200); do [ -S "$ctl" ] && break; sleep 0.05; done &&
	"$T/ticker" send $TICKER 1000 &&
	beats 3 &&
	kill -HUP $TICKER &&
	kill -INT $tr &&
	"$T/ticker" send $TICKER 500 &&
	wait $tr &&
	sleep 0.2 &&
	kill -TERM $TICKER &&
	await_file tk/counts &&
	cat tk/counts &&
	grep -q "^rt=3000 hup=1$" tk/counts
'

test_expect_success 'the trace saw the signal handler at work' '
	test "$(sql s.db "SELECT calls > 0 FROM observed
		WHERE syscall = '\''rt_sigreturn'\''")" = 1
'

test_done
