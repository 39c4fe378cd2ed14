#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Hand-written strace logs of the odd shapes (fixtures/strace): stderr
# splices, every leader field at once with -y decorations that hide
# ") = ", -k frames and dumps, ERESTART*, "(errno N)", unknown numbers,
# -Y comms, personality switches with their -C blocks, a -c table alone,
# seccomp SIGSYS, strace <= 4.26 "resumed> ", an exec from a thread under
# -ff.  Each NAME.log (or directory NAME) has NAME.expected: "exe arch
# syscall calls errors" rows of the observed view.
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
native=$(syscensus import -q -o probe.db "$FIXTURES/strace/odd-shapes.log" &&
	sql probe.db "SELECT DISTINCT arch FROM observed LIMIT 1")
[ "$native" = x86_64 ] ||
	skip_all "the fixtures are x86_64 logs (this host: $native)"

for exp in "$FIXTURES"/strace/*.expected; do
	name=$(basename "$exp" .expected)
	in="$FIXTURES/strace/$name.log"
	[ -d "$FIXTURES/strace/$name" ] && in="$FIXTURES/strace/$name"
	test_expect_success "fixture $name: counts as expected, no bad line" "
		syscensus import -o $name.db '$in' 2>err &&
		grep -q ', 0 bad lines' err &&
		sqlite3 -batch -noheader -separator ' ' $name.db \
			'SELECT exe, arch, syscall, calls, errors FROM observed
			 ORDER BY 1, 2, 3' >actual &&
		test_cmp '$exp' actual
	"
done

test_expect_success 'facts of the odd shapes' '
	sql odd-shapes.db "SELECT kind, value, syscall FROM facts" >facts &&
	grep -qx "handler|SIGTERM|rt_sigaction" facts &&
	! grep -q "handler|SIGINT" facts &&
	grep -qx "signal|SIGHUP|" facts &&
	grep -qx "arg|0=AF_INET|socket" facts &&
	grep -qx "arg|1=F_GETFL|fcntl" facts &&
	grep -qx "arg|1=TCGETS|ioctl" facts &&
	grep -qx "path|/usr/bin/prog|execve" facts &&
	grep -qx "path|/etc/a) = 5\"<b>|openat" facts
'

test_expect_success 'errnos of the odd shapes, ERESTART* and (errno N) too' '
	sql odd-shapes.db "SELECT syscall, errno, count FROM syscall_errors
		ORDER BY 1" >errs &&
	cat >expect <<-\EOT &&
	clock_nanosleep|ERESTART_RESTARTBLOCK|1
	ioctl|ENOTTY|1
	syscall_0x3e7|ENOSYS|1
	wait4|ECHILD|1
	EOT
	test_cmp expect errs
'

test_expect_success 'seccomp kills: SIGSYS with SYS_SECCOMP, killed by SIGSYS' '
	sql seccomp-trap.db "SELECT pid, exe, arch, nr, syscall, source, line
		FROM kills ORDER BY id" >kills &&
	cat >expect <<-\EOT &&
	4242|./victim|x86_64|110|getppid|strace|5
	4243|./victim2|x86_64|39|getpid|strace|9
	EOT
	test_cmp expect kills &&
	sql seccomp-trap.db "SELECT detail FROM kills WHERE pid = 4242" |
		grep -q "si_syscall=__NR_getppid"
'

test_expect_success '-ff files: each pid from its name' '
	sql ff-thread-exec.db "SELECT pid_hint FROM run_files ORDER BY 1" >pids &&
	printf "100\n101\n" >expect &&
	test_cmp expect pids
'

test_expect_success '-ff files named one by one are read in pid order' '
	d="$FIXTURES/strace/ff-thread-exec" &&
	syscensus import -q -o byname.db "$d/log.101" "$d/log.100" &&
	sqlite3 -batch -noheader -separator " " byname.db \
		"SELECT exe, arch, syscall, calls, errors FROM observed
		 ORDER BY 1, 2, 3" >actual &&
	test_cmp "$FIXTURES/strace/ff-thread-exec.expected" actual
'

test_expect_success 'a big file (mapped, two threads) and a pipe agree' '
	for i in $(seq 1 24); do
		cat "$FIXTURES/demo/sqlite-wal.strace" "$FIXTURES/strace/odd-shapes.log"
		echo "garbage $i"
	done >big.log &&
	test $(wc -c <big.log) -gt 4194304 &&
	syscensus import -q -o big-file.db big.log &&
	cat big.log | syscensus import -q -o big-pipe.db - &&
	q="SELECT exe, arch, syscall, calls, errors FROM observed ORDER BY 1, 2, 3" &&
	sql big-file.db "$q" >file.out &&
	sql big-pipe.db "$q" >pipe.out &&
	test -s file.out &&
	test_cmp file.out pipe.out &&
	q="SELECT line, reason FROM problems ORDER BY line" &&
	sql big-file.db "$q" >file.out &&
	sql big-pipe.db "$q" >pipe.out &&
	test $(wc -l <file.out) = 24 &&
	test_cmp file.out pipe.out &&
	q="SELECT kind, value, syscall, count FROM facts ORDER BY 1, 2, 3" &&
	sql big-file.db "$q" >file.out &&
	sql big-pipe.db "$q" >pipe.out &&
	test_cmp file.out pipe.out
'

test_expect_success '--strict stops a big file at its first bad line' '
	test_expect_code 2 syscensus import --strict -o big-strict.db big.log \
		2>err &&
	grep -q "big.log:$(($(wc -l <"$FIXTURES/demo/sqlite-wal.strace") +
		$(wc -l <"$FIXTURES/strace/odd-shapes.log") + 1)): " err &&
	test "$(sql big-strict.db "SELECT count(*) FROM runs")" = 0
'

test_expect_success 'a second import of the same file is a new run' '
	syscensus import -q -o twice.db "$FIXTURES/strace/odd-shapes.log" &&
	syscensus import -q -o twice.db "$FIXTURES/strace/odd-shapes.log" &&
	test "$(sql twice.db "SELECT count(*) FROM runs")" = 2 &&
	test "$(sql twice.db "SELECT group_concat(calls) FROM observed
		WHERE syscall = '\''rt_sigaction'\'' ORDER BY run_id")" = "2,2" &&
	test "$(sql twice.db "SELECT count(*) FROM run_files")" = 2
'

test_expect_success 'the README demo log imports cleanly' '
	syscensus import -o demo.db "$FIXTURES/demo/sqlite-wal.strace" 2>err &&
	grep -q ", 0 bad lines" err &&
	sql demo.db "SELECT DISTINCT exe FROM observed" >exes &&
	test "$(cat exes)" = ./sqlite-wal-demo &&
	for s in fdatasync pwrite64 fcntl clone3 futex openat; do
		sql demo.db "SELECT syscall FROM observed" | grep -qx $s ||
			exit 1
	done &&
	test "$(sql demo.db "SELECT count(*) FROM facts
		WHERE kind = '\''flag'\'' AND value = '\''CLONE_THREAD'\''")" = 1
'

test_done
