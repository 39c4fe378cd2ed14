#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# record follows fork and exec: a child's calls after its execve are
# recorded under its own executable; the execve itself under the caller.
. "$top_srcdir/tests/integration/lib.sh"

require_tracing
TD=$(cd "$T" && pwd -P)

test_expect_success 'fork+exec: the child has its own rows' '
	test_expect_code 5 syscensus record -q -o s.db -- \
		"$T/forkexec" "$T/calls" -x 5 getcwd 7 &&
	test "$(sql s.db "SELECT calls FROM observed
		WHERE exe = '\''$TD/calls'\'' AND syscall = '\''getcwd'\''")" = 7 &&
	test "$(sql s.db "SELECT count(*) FROM observed
		WHERE exe = '\''$TD/forkexec'\'' AND syscall = '\''getcwd'\''")" = 0
'

test_expect_success 'the parent forked and waited under its own exe' '
	sql s.db "SELECT syscall FROM observed
		WHERE exe = '\''$TD/forkexec'\''" >calls &&
	grep -q "^wait4$" calls &&
	grep -Eq "^(clone|clone3|fork|vfork)$" calls
'

test_expect_success 'execve: the launch and the child exec, both counted' '
	test "$(sql s.db "SELECT calls FROM observed
		WHERE exe = '\''$TD/forkexec'\'' AND syscall = '\''execve'\''")" = 2
'

test_expect_success 'a shell pipeline: every program gets rows' '
	syscensus record -q -o p.db -- sh -c "echo hello | cat >/dev/null" &&
	sql p.db "SELECT DISTINCT exe FROM observed" >exes &&
	grep -q "/cat$" exes &&
	grep -q "sh$" exes
'

test_expect_success 'threads of a multi-threaded child are followed' '
	syscensus record -q -o t.db -- "$T/forkexec" "$T/calls" -t 3 sysinfo 1000 &&
	test "$(sql t.db "SELECT calls FROM observed
		WHERE syscall = '\''sysinfo'\''")" = 3000
'

test_expect_success 'vfork+exec: the child has its own rows too' '
	syscensus record -q -o v.db -- "$T/forkexec" -v "$T/calls" uname 9 &&
	test "$(sql v.db "SELECT calls FROM observed
		WHERE exe = '\''$TD/calls'\'' AND syscall = '\''uname'\''")" = 9 &&
	sql v.db "SELECT syscall FROM observed
		WHERE exe = '\''$TD/forkexec'\''" | grep -Eq "^(vfork|clone|clone3)$"
'

if [ -x "$T/imp-thread-exec" ]; then
test_expect_success 'execve from a non-leader thread is followed' '
	syscensus record -q -o n.db -- "$T/imp-thread-exec" &&
	test "$(sql n.db "SELECT calls FROM observed WHERE exe LIKE
		'\''%/imp-thread-exec'\'' AND syscall = '\''execve'\''")" = 2 &&
	test "$(sql n.db "SELECT count(*) FROM observed WHERE exe LIKE
		'\''%/true'\'' AND syscall = '\''exit_group'\''")" = 1
'
else
	test_skip 'execve from a non-leader thread is followed' \
		'tests/tracees/imp-thread-exec is not built'
fi

test_done
