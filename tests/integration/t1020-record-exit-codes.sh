#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# record's exit status when the command cannot run is the shell's and
# env(1)'s: 127 not found, 126 not executable (never 2, the usage code);
# and the one summary line record prints at the end, terminal or not.
. "$top_srcdir/tests/integration/lib.sh"

require_tracing

test_expect_success 'a missing command: exit 127, said why' '
	test_expect_code 127 syscensus record -o x.db -- /nonexistent 2>err &&
	grep -q "/nonexistent.*command not found" err
'

test_expect_success 'a missing command in PATH: exit 127' '
	test_expect_code 127 syscensus record -o x.db -- no-such-command-here \
		2>err &&
	grep -q "command not found" err
'

test_expect_success 'a file that is not executable: exit 126' '
	printf "#!/bin/sh\nexit 0\n" >notexec &&
	chmod 644 notexec &&
	test_expect_code 126 syscensus record -o x.db -- ./notexec 2>err &&
	grep -q "notexec.*not an executable" err
'

test_expect_success 'a directory: exit 126' '
	mkdir -p adir &&
	test_expect_code 126 syscensus record -o x.db -- ./adir 2>err &&
	grep -q "adir" err
'

test_expect_success 'no command is still a usage error (2)' '
	test_expect_code 2 syscensus record -o x.db 2>err &&
	grep -q "no command" err
'

test_expect_success 'the summary line: runs, syscalls, calls, kills, where, engine' '
	syscensus record -o s.db -- "$T/calls" getppid 500 2>err &&
	cat err &&
	n=$(sql s.db "SELECT count(DISTINCT syscall) FROM observed") &&
	c=$(sql s.db "SELECT sum(calls) FROM observed") &&
	grep -qx "syscensus: recorded 1 run, $n syscalls, $c calls, 0 kills into s.db (engine ptrace: .*)" err
'

test_expect_success 'a seccomp kill (exit 159) is in the summary line' '
	test -x "$T/sigsys" || { echo "# no sigsys tracee"; exit 0; }
	test_expect_code 159 syscensus record -o k.db -- "$T/sigsys" kill 2>err
	cat err &&
	grep -q "^syscensus: recorded 1 run, .* 1 kill into k.db (engine ptrace: .*)$" err
'

test_expect_success '-q: no summary line' '
	syscensus record -q -o s.db -- "$T/calls" getppid 5 2>err &&
	test ! -s err
'

test_done
