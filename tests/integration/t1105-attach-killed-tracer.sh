#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# attach never sets PTRACE_O_EXITKILL: a SIGKILLed tracer leaves the
# process alive and running, and the database opens.
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
. "$top_srcdir/tests/integration/attach-lib.sh"
# await_rows DB: the tracer has flushed rows (it does at least every second)
await_rows() {
	for i in $(seq 300); do
		n=$(sql "$1" "SELECT count(*) FROM observed WHERE syscall =
			'rename' AND calls > 50" 2>/dev/null) || n=0
		[ "${n:-0}" -gt 0 ] && return 0
		sleep 0.1
	done
	echo "timed out waiting for rows in $1" >&2
	return 1
}
attach_start_ticker

test_expect_success 'SIGKILL the tracer: the process lives on' '
	"$SYSCENSUS" attach -q -o s.db -p $TICKER --duration 60 &
	tr=$!
	await_rows s.db
	kill -KILL $tr
	wait $tr
	sleep 0.2 &&
	running $TICKER &&
	grep -q "^TracerPid:[[:space:]]*0$" /proc/$TICKER/status &&
	beats 2
'

test_expect_success 'the database opens and holds the flushed counts' '
	test "$(sql s.db "PRAGMA integrity_check")" = ok &&
	test "$(sql s.db "SELECT calls > 50 FROM observed
		WHERE syscall = '\''rename'\''")" = 1
'

test_expect_success 'the process still handles signals exactly' '
	"$T/ticker" send $TICKER 10 &&
	kill -TERM $TICKER && await_file tk/counts &&
	grep -q "^rt=10 hup=0$" tk/counts
'

test_done
