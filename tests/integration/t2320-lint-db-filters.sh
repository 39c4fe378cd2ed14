#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# lint --db: thread-safety of the filters a traced program installed
# itself (the store's `filters` table): threads already running without
# SECCOMP_FILTER_FLAG_TSYNC, a filter that kills threads, no arch check.
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
[ "$(uname -m)" = x86_64 ] || skip_all "the BPF fixtures are x86_64 programs"
P="$FIXTURES/kb/policies"

cat >log <<'EOT'
100   read(3, "x", 1) = 1
100   exit_group(0) = ?
100   +++ exited with 0 +++
EOT

# A row as the tracer writes it when a tracee calls seccomp() itself.
add_filter() { # DB PID THREADS FLAGS PROGRAM
	sql "$1" "INSERT INTO filters (run_id, pid, tid, exe, time_ns, how,
		flags, threads, program) VALUES (1, $2, $2, '/usr/sbin/svcd',
		0, 'seccomp', $4, $3, readfile('$5'))"
}

test_expect_success 'a store without filters: no findings, exit 0' '
	syscensus import -q -o s.db log &&
	syscensus lint --db s.db >out &&
	grep -q "no findings" out
'

test_expect_success 'installed with 4 threads and no TSYNC: warning' '
	add_filter s.db 4242 4 0 "$P/no-arch.bpf" &&
	test_expect_code 1 syscensus lint --db s.db >out &&
	grep -q "filter 1 (pid 4242, /usr/sbin/svcd): warning: \[tsync\]" out &&
	grep -q "other 3 run unconfined" out
'

test_expect_success 'the same filter kills threads and has no arch check' '
	grep -q "filter 1 .*\[kill-thread\] the program returns SECCOMP_RET_KILL_THREAD" out &&
	grep -q "filter 1 .*\[arch\]" out
'

test_expect_success 'with TSYNC, or a single thread, no tsync finding' '
	syscensus import -q -o t.db log &&
	add_filter t.db 1 4 1 "$P/good.bpf" &&
	add_filter t.db 2 1 0 "$P/good.bpf" &&
	syscensus lint --db t.db --format json >t.json &&
	! grep -q "\"check\": \"tsync\"" t.json &&
	! grep -q "\"check\": \"arch\"" t.json
'

T="$top_builddir/tests/tracees"
if [ -x "$T/seccomp-self" ] &&
   syscensus record -q -o r.db -- "$T/seccomp-self" 2>/dev/null; then
	test_expect_success 'a real trace: the filter seccomp-self installs' '
		test_expect_code 1 syscensus lint --db r.db >r &&
		grep -q "\[arch\]" r &&
		! grep -q "\[tsync\]" r
	'
else
	test_skip 'a real trace: the filter seccomp-self installs' \
		"the tracee is not built or ptrace is refused"
fi

test_done
