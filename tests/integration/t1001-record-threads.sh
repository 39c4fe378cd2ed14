#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# record: every thread's calls are counted exactly, the launch execve is
# recorded, errors are counted per errno, the exit status is the command's.
. "$top_srcdir/tests/integration/lib.sh"

require_tracing

test_expect_success '4 threads x 10000 getppid are 40000 calls exactly' '
	syscensus record -q -o s.db -- "$T/calls" -t 4 getppid 10000 &&
	test "$(sql s.db "SELECT calls FROM observed
		WHERE syscall = '\''getppid'\''")" = 40000
'

test_expect_success 'a CLONE_THREAD fact per thread created' '
	test "$(sql s.db "SELECT count FROM facts WHERE kind = '\''flag'\''
		AND value = '\''CLONE_THREAD'\''")" = 4
'

test_expect_success 'PTRACE_SYSCALL fallback: the same exact counts, and says so' '
	SYSCENSUS_NO_SECCOMP=1 syscensus record -o f.db -- \
		"$T/calls" -t 4 getppid 2500 2>err &&
	grep -q "PTRACE_SYSCALL" err &&
	test "$(sql f.db "SELECT calls FROM observed
		WHERE syscall = '\''getppid'\''")" = 10000 &&
	SYSCENSUS_NO_SECCOMP=1 syscensus record -q -o f.db -- \
		"$T/calls" ebadf 77 &&
	test "$(sql f.db "SELECT errors FROM observed WHERE run_id = 2
		AND syscall = '\''close'\'' AND exe LIKE '\''%/calls'\''")" = 77 &&
	test "$(sql f.db "SELECT calls FROM observed WHERE run_id = 2
		AND syscall = '\''execve'\''")" = 1
'

test_expect_success 'one thread: 12345 calls, and they are the exe own' '
	syscensus record -q -o one.db -- "$T/calls" uname 12345 &&
	test "$(sql one.db "SELECT exe, arch, calls, errors FROM observed
		WHERE syscall = '\''uname'\''")" = \
		"$(cd "$T" && pwd -P)/calls|x86_64|12345|0" ||
	test "$(uname -m)" != x86_64
'

test_expect_success 'the launch execve is recorded once, for the command' '
	test "$(sql s.db "SELECT exe, calls FROM observed
		WHERE syscall = '\''execve'\''")" = \
		"$(cd "$T" && pwd -P)/calls|1"
'

test_expect_success 'errors are counted per errno from syscall exits' '
	syscensus record -q -o e.db -- "$T/calls" ebadf 250 &&
	test "$(sql e.db "SELECT calls >= 250, errors FROM observed
		WHERE syscall = '\''close'\'' AND exe LIKE '\''%/calls'\''")" \
		= "1|250" &&
	test "$(sql e.db "SELECT count FROM syscall_errors
		WHERE syscall = '\''close'\'' AND errno = '\''EBADF'\''")" = 250
'

test_expect_success '--no-errors counts calls, not errors' '
	syscensus record -q --no-errors -o ne.db -- "$T/calls" ebadf 100 &&
	test "$(sql ne.db "SELECT calls >= 100, errors FROM observed
		WHERE syscall = '\''close'\'' AND exe LIKE '\''%/calls'\''")" \
		= "1|0"
'

test_expect_success 'exit status of the command is propagated' '
	test_expect_code 7 syscensus record -q -o x.db -- "$T/calls" -x 7 getppid 1 &&
	test_expect_code 0 syscensus record -q -o x.db -- true
'

test_expect_success 'a command killed by a signal gives 128+N' '
	test_expect_code 143 syscensus record -q -o x.db -- sh -c "kill -TERM \$\$"
'

test_expect_success 'a run row says record, with the exit status' '
	test "$(sql x.db "SELECT kind, status FROM runs ORDER BY id LIMIT 1")" = "record|7"
'

test_expect_success 'a missing command exits 127' '
	test_expect_code 127 syscensus record -o x.db -- no-such-command-here 2>err &&
	grep -q "command not found" err
'

test_expect_success 'no command is a usage error' '
	test_expect_code 2 syscensus record -o x.db 2>err &&
	grep -q "no command" err
'

test_expect_success 'only the summary line on stderr when it is not a terminal' '
	syscensus record -o q.db -- "$T/calls" getppid 1000 2>err &&
	test "$(wc -l <err)" = 1 &&
	grep -q "^syscensus: recorded 1 run, .* calls, 0 kills into q.db (engine ptrace: .*)$" err &&
	syscensus record -q -o q.db -- "$T/calls" getppid 1000 2>err &&
	test ! -s err
'

if have script; then
test_expect_success 'a status line on a terminal' '
	script -qec "\"$SYSCENSUS\" record -o tty.db -- \"$T/calls\" -t 2 sched_yield 200000" \
		tty.out >/dev/null 2>&1 &&
	tr "\r" "\n" <tty.out >tty.lines &&
	grep -q "phase default .* processes .* syscalls .* calls" tty.lines
'
else
	test_skip 'a status line on a terminal' 'script(1) is not installed'
fi

test_expect_success 'the database is 0600 and passes integrity_check' '
	test "$(stat -c %a s.db)" = 600 &&
	test "$(sql s.db "PRAGMA integrity_check")" = ok
'

test_done
