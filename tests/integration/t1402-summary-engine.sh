#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# record and attach end with one summary line naming the engine that ran
# and why (issue 13), the same line from both engines: the bpf engine
# printed none.  It cannot see seccomp kills, so its line has no kill
# count rather than a false 0.
. "$top_srcdir/tests/integration/lib.sh"

require_tracing

# counts DB: "N syscalls, M calls" as the database holds them
counts() {
	echo "$(sql "$1" "SELECT count(DISTINCT syscall) FROM observed") syscalls, $(sql "$1" "SELECT sum(calls) FROM observed") calls"
}

test_expect_success 'ptrace: the engine and why, forced by option or variable' '
	syscensus record --engine ptrace -o p.db -- "$T/calls" getppid 5 \
		2>err &&
	grep -qx "syscensus: recorded 1 run, $(counts p.db), 0 kills into p.db (engine ptrace: --engine ptrace)" err &&
	SYSCENSUS_ENGINE=ptrace syscensus record -o e.db -- "$T/calls" \
		getppid 5 2>err &&
	grep -qx "syscensus: recorded 1 run, .* into e.db (engine ptrace: SYSCENSUS_ENGINE=ptrace)" err &&
	test "$(sql e.db "SELECT engine || \"|\" || engine_reason FROM runs")" = \
		"ptrace|SYSCENSUS_ENGINE=ptrace"
'

test_expect_success STACKS 'auto with a ptrace-only option says so' '
	(unset SYSCENSUS_ENGINE &&
	 syscensus record --stacks -o s.db -- "$T/calls" getppid 5 2>err) &&
	grep -qx "syscensus: recorded 1 run, .* into s.db (engine ptrace: auto: --stacks needs ptrace)" err
'

test_expect_success BPF 'bpf record: the same line, no kill count' '
	syscensus record --engine bpf -o b.db -- "$T/calls" getppid 5 2>err &&
	cat err &&
	grep -qx "syscensus: recorded 1 run, $(counts b.db) into b.db (engine bpf: --engine bpf)" err &&
	syscensus record -q --engine bpf -o b.db -- "$T/calls" getppid 5 \
		2>err &&
	test_cmp /dev/null err
'

test_expect_success BPF 'bpf attach: processes attached and failed' '
	"$T/ticker" "$PWD" &
	pid=$! &&
	i=0 && while [ ! -s pid ] && [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1)); done &&
	syscensus attach --engine bpf -o a.db -p $pid --duration 0.3 2>err;
	st=$?; kill $pid; wait $pid; test $st = 0 &&
	cat err &&
	grep -qx "syscensus: attached 1 process (0 failed), [0-9]* syscalls, [0-9]* calls into a.db (engine bpf: --engine bpf)" err
'

test_done
