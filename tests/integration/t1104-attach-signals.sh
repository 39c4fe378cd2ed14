#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Signals sent while attached arrive exactly once: real-time signals (which
# queue) are counted by the tracee; none is lost at attach, while traced
# or at detach, and none is duplicated.
. "$top_srcdir/tests/integration/lib.sh"

T="$top_builddir/tests/tracees"
state() { sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' /proc/$1/status 2>/dev/null; }
running() { case "$(state $1)" in [RSD]) return 0 ;; esac; return 1; }
await_file() {
	for i in $(seq 200); do [ -s "$1" ] && return 0; sleep 0.05; done
	echo "timed out waiting for $1" >&2
	return 1
}
# beats N: wait until the ticker has beaten N more times (it is running).
beats() {
	b0=$(cat tk/beat 2>/dev/null || echo 0)
	for i in $(seq 200); do
		[ "$(cat tk/beat 2>/dev/null || echo 0)" -ge $((b0 + $1)) ] && return 0
		sleep 0.05
	done
	return 1
}
beats_move() { beats 2; }
mkdir tk
"$T/ticker" "$PWD/tk" &
TICKER=$!
await_file tk/pid
syscensus attach -q -o probe.db -p $TICKER --duration 0.1 2>probe.err
if [ $? -eq 3 ] && grep -q "not permitted\|Yama" probe.err; then
	kill $TICKER
	skip_all "ptrace is refused here: $(head -n 1 probe.err)"
fi

test_expect_success '3000 real-time signals around and during a trace' '
	"$T/ticker" send $TICKER 500 || exit 1
	"$SYSCENSUS" attach -q -o s.db -p $TICKER --duration 60 &
	tr=$!
	"$T/ticker" send $TICKER 1000 &&
	for i in $(seq 200); do [ -S s.db.ctl ] && break; sleep 0.05; done &&
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
