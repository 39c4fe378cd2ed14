#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A tracee killed by seccomp: the kill is stored with the syscall that
# caused it.  SECCOMP_RET_TRAP is named exactly from the SIGSYS siginfo;
# SECCOMP_RET_KILL_PROCESS gives the tracer no stop, so a task under a
# filter of its own is restarted with PTRACE_SYSCALL: the killed call's
# entry stop, then its exit stop (registers rolled back, SIGSYS pending)
# name it.  The killed call is counted in observed too.
. "$top_srcdir/tests/integration/lib.sh"

require_tracing
test_require SECCOMP

# killed MODE: record sigsys MODE; it dies of SIGSYS (exit 159).
killed() {
	rm -f "$1.db"
	syscensus record -q -o "$1.db" -- "$T/sigsys" "$1" >"$1.out"
	test $? -eq 159 && ! grep -q alive "$1.out"
}

test_expect_success 'SECCOMP_RET_TRAP: named from the siginfo' '
	killed trap &&
	test "$(sql trap.db "SELECT syscall FROM kills")" = getppid &&
	sql trap.db "SELECT detail FROM kills" | grep -q "RET_TRAP" &&
	sql trap.db "SELECT exe FROM kills" | grep -q "/sigsys$"
'

test_expect_success 'SECCOMP_RET_KILL_PROCESS: named from the last entry' '
	killed kill &&
	test "$(sql kill.db "SELECT syscall FROM kills")" = getppid &&
	sql kill.db "SELECT detail FROM kills" | grep -q "rolled back" &&
	test "$(sql kill.db "SELECT calls FROM observed
		WHERE syscall = '\''getppid'\''")" = 1 &&
	test "$(sql kill.db "SELECT count(*) FROM kills")" = 1
'

test_expect_success 'a kill from a second thread: that thread'\''s call' '
	killed thread &&
	test "$(sql thread.db "SELECT syscall FROM kills")" = getppid &&
	sql thread.db "SELECT detail FROM kills" | grep -q "rolled back" &&
	test "$(sql thread.db "SELECT count(*) FROM kills")" = 1
'

test_expect_success 'a filter loaded before exec (seccomp-exec): named' '
	syscensus record -q -o plain.db -- "$T/one-extra" >/dev/null &&
	syscensus emit --db plain.db --format bpf --no-siblings -o x.bpf &&
	syscensus record -q -o k.db -- "$T/seccomp-exec" --bpf x.bpf -- \
		"$T/one-extra" getppid >out
	test $? -eq 159 && ! grep -q survived out &&
	test "$(sql k.db "SELECT syscall FROM kills")" = getppid &&
	sql k.db "SELECT exe FROM kills" | grep -q "/one-extra$"
'

test_done
