#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# record and import count each execve for the same program: the one that
# made the call (the kernel checks it against the caller's filter), but
# the launch, which counts for the command it started.  Before, import
# counted every successful execve for the program it started: a shell
# running gzip had no execve in its rows, and gzip had the one record
# gave the shell.  The tracee forks and execs a second forkexec, which
# vforks and execs `calls`: three execs, all made by forkexec.
. "$top_srcdir/tests/integration/lib.sh"

require_tracing
test_require STRACE

# the programs by their real paths: record names /proc/PID/exe, import
# the path each execve was given
T=$(cd "$top_builddir/tests/tracees" && pwd -P)

execs() {
	sqlite3 -batch -noheader -separator '|' "$1" "
		SELECT exe, syscall, sum(calls), sum(errors) FROM observed
		WHERE syscall IN ('execve', 'execveat')
		GROUP BY 1, 2 ORDER BY 1, 2"
}

# getppids DB: the getppid calls counted for calls
getppids() {
	sqlite3 -batch -noheader "$1" "SELECT sum(calls) FROM observed
		WHERE exe = '$T/calls' AND syscall = 'getppid'"
}

printf '%s\n' "$T/forkexec|execve|3|0" >expect

test_expect_success 'record: every execve counts for forkexec, which made it' '
	syscensus record -q -o r.db -- "$T/forkexec" "$T/forkexec" -v \
		"$T/calls" getppid 1 >/dev/null &&
	execs r.db >rec &&
	test_cmp expect rec
'

test_expect_success 'import of strace -f: the same rows' '
	strace -f -o trace.log "$T/forkexec" "$T/forkexec" -v \
		"$T/calls" getppid 1 >/dev/null &&
	syscensus import -q -o i.db trace.log &&
	execs i.db >imp &&
	test_cmp rec imp
'

test_expect_success 'what calls ran after its exec is its own in both' '
	test "$(getppids r.db)" = 1 &&
	test "$(getppids i.db)" = 1
'

test_done
