#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Large attach sets: attach --match over 60 sleeping processes says in its
# summary line (terminal or not) and in the run row how many processes it
# attached and how many it could not (one is already traced by another
# tracer), instead of exiting 0 with nothing said.
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
. "$top_srcdir/tests/integration/attach-lib.sh"
attach_start_ticker
attach_stop_ticker

N=60
# seconds unique to this run: another suite on the machine (make distcheck
# beside ./run-tests) must not add its sleeps to the match
S=$((80000 + $$ % 9999))
RE="^sleep $S\\.0[0-9]+\$"
pids=
i=100
while [ $i -lt $((100 + N)) ]; do
	sleep $S.0$i &
	pids="$pids $!"
	i=$((i + 1))
done
cleanup() { kill $pids 2>/dev/null; }
trap cleanup EXIT

test_expect_success "attach --match over $N processes: counted in the summary" '
	syscensus attach -o a.db --match "$RE" --duration 1 2>err &&
	cat err &&
	grep -qx "syscensus: attached $N processes (0 failed), [0-9]* syscalls, [0-9]* calls, 0 kills into a.db (engine ptrace: .*)" err
'

test_expect_success 'the run row holds the attach counts' '
	test "$(sql a.db "SELECT attached, attach_failed FROM runs")" = "$N|0"
'

test_expect_success 'every process is left running' '
	for p in $pids; do running $p || { echo "$p not running"; exit 1; }; done
'

test_expect_success 'one process already traced: counted as failed, the rest traced' '
	first=$(echo $pids | cut -d" " -f1)
	"$SYSCENSUS" attach -q -o t.db -p $first --duration 30 &
	other=$!
	for i in $(seq 100); do
		grep -q "^TracerPid:[[:space:]]*[1-9]" /proc/$first/status && break
		sleep 0.05
	done
	syscensus attach -o b.db --match "$RE" --duration 1 2>err
	rc=$?
	kill -INT $other; wait $other
	cat err &&
	test $rc = 0 &&
	grep -q "cannot attach to process $first" err &&
	grep -qx "syscensus: attached $((N - 1)) processes (1 failed), .* into b.db (engine ptrace: .*)" err &&
	test "$(sql b.db "SELECT attached, attach_failed FROM runs")" = "$((N - 1))|1"
'

test_expect_success '-q: no summary line' '
	syscensus attach -q -o c.db --match "$RE" --duration 0.3 2>err &&
	! grep -q "^syscensus: attached" err
'

test_done
