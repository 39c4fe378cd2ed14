#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# record --engine bpf and --engine ptrace give identical rows on the
# deterministic workloads: threads, errors per errno, fork, vfork, exec
# from a non-leader thread, a shell that marks phases, signals; the same
# path, unix socket address, decisive-argument, handler and thread facts.  Any difference is a
# bug in one of the engines.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/bpf-lib.sh"

require_bpf

test_expect_success 'threads: 4 x 2000 getppid, the same rows' '
	crosscheck threads "$T/calls" -t 4 getppid 2000 &&
	grep -q "^row|default|.*/calls|x86_64|getppid|8000|0$" threads-bpf.rows
'

test_expect_success 'errors per errno: 300 close(-1), the same rows' '
	crosscheck errors "$T/calls" ebadf 300 &&
	grep -q "^errno|default|.*/calls|x86_64|close|EBADF|300$" errors-bpf.rows
'

test_expect_success 'fork then exec: the child counts for the new program' '
	crosscheck fork "$T/forkexec" "$T/calls" uname 17 &&
	grep -q "^row|default|.*/calls|x86_64|uname|17|0$" fork-bpf.rows &&
	grep -q "^row|default|.*/forkexec|x86_64|wait4|1|0$" fork-bpf.rows
'

test_expect_success 'vfork then exec: the same rows' '
	crosscheck vfork "$T/forkexec" -v "$T/calls" uname 5 &&
	grep -q "|vfork|1|0$" vfork-bpf.rows
'

# The leader is killed by the exec wherever it is (before or after its
# own rt_sigprocmask): compare the exec, its path and the new program.
test_expect_success 'exec from a non-leader thread: the same rows' '
	CROSSCHECK_ONLY="/usr/bin/true|execve" \
		crosscheck thrx "$T/imp-thread-exec" &&
	grep -q "^row|default|.*/imp-thread-exec|x86_64|execve|2|0$" \
		thrx-bpf.rows &&
	grep -q "^fact|default|.*/imp-thread-exec|path|/bin/true|execve|1$" \
		thrx-bpf.rows &&
	grep -q "^row|default|/usr/bin/true|x86_64|exit_group|1|0$" \
		thrx-bpf.rows
'

test_expect_success 'a shell marking a phase: the same rows, mark not counted' '
	crosscheck mark sh -c "\"$T/calls\" getppid 5; \"$SYSCENSUS\" mark two;
		\"$T/calls\" uname 3" &&
	grep -q "^row|two|.*/calls|x86_64|uname|3|0$" mark-bpf.rows &&
	! grep -q "^row|[^|]*|[^|]*/syscensus|" mark-bpf.rows
'

# The program counts the native calls of its first 32 (exe, phase) pairs
# in per-CPU arrays and the rest in a hash (census-bpf.h): 40 execs and
# a phase change cross that line, and every count must stay exact.
test_expect_success 'more (exe, phase) pairs than fast slots: exact counts' '
	cat >many.sh <<-EOF &&
	i=0
	while [ \$i -lt 40 ]; do
		"$T/calls" getppid 100
		i=\$((i + 1))
		if [ \$i = 20 ]; then "$SYSCENSUS" mark second; fi
	done
	EOF
	crosscheck many sh many.sh &&
	test "$(sql many-bpf.db "SELECT group_concat(phase || \" \" || calls)
		FROM observed WHERE syscall = '\''getppid'\''
		AND exe LIKE '\''%/calls'\''")" = "default 2000,second 2000"
'

test_expect_success 'signals: a fatal one is counted as sent, not as SIGKILL' '
	crosscheck sig sh -c "trap - HUP; \"$T/calls\" getppid 1; kill -HUP \$\$" &&
	grep -q "^fact|default|.*|signal|SIGHUP||1$" sig-bpf.rows &&
	test "$(cat sig-bpf.status)" = 129
'

test_expect_success 'path, argument, handler and thread facts: the same' '
	crosscheck args "$T/argcalls" &&
	grep -q "^fact|.*|arg|" args-bpf.rows &&
	grep -q "^fact|.*|path|" args-bpf.rows
'

test_short_dir # the sockets: sun_path is 108 bytes (make distcheck is deep)
test_expect_success 'unix socket addresses (sd_notify, abstract): the same' '
	mkdir -p "$SHORT_DIR/ux/run/systemd" &&
	crosscheck unix "$T/imp-unix" "$SHORT_DIR/ux" "abs$$" &&
	grep -q "^fact|.*|path|.*/ux/run/systemd/notify|sendmsg|1$" unix-bpf.rows &&
	grep -q "^fact|.*|path|@abs$$|bind|1$" unix-bpf.rows
'

test_expect_success 'an ignored SIGHUP stays ignored for the command' '
	(
		trap "" HUP &&
		syscensus record -q --engine bpf -o hup.db -- \
			sh -c "kill -HUP \$\$; exit 7"
		test $? = 7
	)
'

test_expect_success 'the run row names the engine and what it cannot give' '
	test "$(sql threads-bpf.db "SELECT engine, engine_reason FROM runs")" = \
		"bpf|--engine bpf" &&
	sql threads-bpf.db "SELECT engine_missing FROM runs" | grep -q stacks &&
	test "$(sql threads-ptrace.db "SELECT engine FROM runs")" = ptrace
'

test_expect_success 'report shows the engine and what it did not record' '
	syscensus report --db threads-bpf.db >report &&
	grep -q "^    engine bpf (--engine bpf); not recorded: stacks" report &&
	syscensus report --db threads-bpf.db --format json >report.json &&
	/usr/bin/python3 -c "import json, sys
r = json.load(open(\"report.json\"))[\"runs\"][0]
sys.exit(r[\"engine\"] != \"bpf\" or r[\"paths_unreadable\"] != 0)"
'

test_done
