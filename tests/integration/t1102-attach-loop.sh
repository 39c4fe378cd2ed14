#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A process attached and detached 100 times in a row keeps working: it
# still runs, still makes progress, still handles its signals.
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
. "$top_srcdir/tests/integration/attach-lib.sh"
attach_start_ticker

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
