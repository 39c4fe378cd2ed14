# SPDX-License-Identifier: LGPL-2.1-or-later
# attach-lib.sh - what the attach tests (t1101..t1105) share: the ticker
# tracee (tests/tracees/ticker) started in ./tk, waits on its heartbeat and
# the probe that skips when ptrace is refused.  Sourced after lib.sh.

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

# attach_stop_ticker: end the ticker with SIGTERM and wait until it has
# gone: on SIGTERM it writes tk/counts, which must not land in a trash
# directory test_done is removing (make distcheck found one left behind).
attach_stop_ticker() {
	kill -TERM $TICKER 2>/dev/null
	kill -CONT $TICKER 2>/dev/null
	wait $TICKER 2>/dev/null
	return 0
}

# attach_start_ticker: start the ticker in ./tk as $TICKER, wait for its
# pid file, and skip_all (killing it) when attaching to it is refused.
attach_start_ticker() {
	mkdir tk
	"$T/ticker" "$PWD/tk" &
	TICKER=$!
	await_file tk/pid
	syscensus attach -q -o probe.db -p $TICKER --duration 0.1 2>probe.err
	if [ $? -eq 3 ] && grep -q "not permitted\|Yama" probe.err; then
		attach_stop_ticker
		skip_all "ptrace is refused here: $(head -n 1 probe.err)"
	fi
}
