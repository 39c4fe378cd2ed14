#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A tracer killed at any moment leaves a database that opens and holds
# what was flushed (at least every second); the launched command does not
# outlive it (PTRACE_O_EXITKILL).
. "$top_srcdir/tests/integration/lib.sh"

require_tracing

test_expect_success 'SIGKILL the tracer mid-trace: the database opens' '
	mkdir tk || exit 1
	"$SYSCENSUS" record -q -o s.db -- "$T/ticker" tk &
	rec=$! &&
	for i in $(seq 100); do [ -s tk/pid ] && break; sleep 0.05; done
	for i in $(seq 300); do
		n=$(sql s.db "SELECT count(*) FROM observed WHERE syscall =
			'\''rename'\'' AND calls > 100" 2>/dev/null) || n=0
		[ "${n:-0}" -gt 0 ] && break
		sleep 0.1
	done
	pid=$(cat tk/pid) &&
	kill -KILL $rec
	wait $rec
	test "$(sql s.db "PRAGMA integrity_check")" = ok &&
	test "$(sql s.db "SELECT calls > 100 FROM observed
		WHERE syscall = '\''rename'\''")" = 1 &&
	sleep 0.3 &&
	! grep -q "^State:[^a-zA-Z]*[RSDTt]" /proc/$pid/status 2>/dev/null
'

test_done
