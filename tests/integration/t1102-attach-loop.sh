#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A process attached and detached 100 times in a row keeps working: it
# still runs, still makes progress, still handles its signals.
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
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

test_expect_success '100 attach/detach cycles all succeed' '
	fails=0
	for i in $(seq 100); do
		syscensus attach -q -o s.db -p $TICKER --duration 0.01 ||
			fails=$((fails + 1))
	done
	test $fails = 0
'

test_expect_success 'every cycle recorded a run' '
	test "$(sql s.db "SELECT count(*) FROM runs")" = 100
'

test_expect_success 'the process still runs and makes progress' '
	running $TICKER &&
	beats 2
'

test_expect_success 'it still handles signals exactly' '
	"$T/ticker" send $TICKER 25 &&
	kill -HUP $TICKER && sleep 0.1 &&
	kill -TERM $TICKER && await_file tk/counts &&
	grep -q "^rt=25 hup=1$" tk/counts
'

test_done
