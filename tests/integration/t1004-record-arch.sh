#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The arch of each call comes from the kernel: int 0x80 calls made by an
# x86_64 binary are recorded as x86 (libseccomp's names for x86).
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
T="$top_builddir/tests/tracees"
test_require INT80 PTRACE

test_expect_success 'int 0x80 calls are x86 getpid and getuid' '
	syscensus record -q -o s.db -- "$T/int80" 321 &&
	sql s.db "SELECT arch || '\'' '\'' || syscall || '\'' '\'' || calls
		FROM observed WHERE arch = '\''x86'\'' ORDER BY syscall" >actual &&
	printf "%s\n" "x86 getpid 321" "x86 getuid 1" >expect &&
	test_cmp expect actual
'

test_expect_success 'the same binary native calls are x86_64' '
	test "$(sql s.db "SELECT count(*) FROM observed
		WHERE arch = '\''x86_64'\'' AND syscall = '\''execve'\''")" = 1
'

test_done
