#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Seccomp deaths in real strace logs go to the kills table: a filter that
# kills the process (only "+++ killed by SIGSYS +++" is printed) and one
# that traps (a "--- SIGSYS {si_code=SYS_SECCOMP, ...} ---" line first).
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
test_require STRACE

T="$top_builddir/tests/tracees"

test_expect_success 'SECCOMP_RET_KILL_PROCESS: one kill, the executable known' '
	{ strace -f -o kill.log $T/imp-seccomp; test $? -ne 0; } &&
	grep -q "killed by SIGSYS" kill.log &&
	syscensus import -q -o k.db kill.log &&
	test "$(sql k.db "SELECT count(*) FROM kills")" = 1 &&
	sql k.db "SELECT exe, source, file FROM kills" >actual &&
	echo "$T/imp-seccomp|strace|kill.log" >expect &&
	test_cmp expect actual
'

test_expect_success 'SECCOMP_RET_KILL_PROCESS: the last call of the pid is named' '
	test "$(sql k.db "SELECT syscall FROM kills")" = getppid
'

test_expect_success 'SECCOMP_RET_TRAP: the SIGSYS names the syscall' '
	{ strace -f -o trap.log $T/imp-seccomp trap; test $? -ne 0; } &&
	grep -q "si_code=SYS_SECCOMP" trap.log &&
	syscensus import -q -o t.db trap.log &&
	test "$(sql t.db "SELECT count(*) FROM kills")" = 1 &&
	sql t.db "SELECT syscall, arch, nr FROM kills" >actual &&
	echo "getppid|x86_64|110" >expect &&
	{ [ "$(uname -m)" != x86_64 ] || test_cmp expect actual; } &&
	sql t.db "SELECT detail FROM kills" | grep -q "__NR_getppid" &&
	sql t.db "SELECT value FROM facts WHERE kind = '\''signal'\''" |
		grep -qx SIGSYS
'

test_done
