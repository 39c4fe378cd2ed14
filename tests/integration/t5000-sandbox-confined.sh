#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Issue 15: a running `syscensus import` is confined: /proc/PID/status
# shows Seccomp: 2 and NoNewPrivs: 1, and `syscensus inspect -p PID`
# decodes the filter (trap by default, the self policy allowed).  The
# import reads a FIFO, so it is still running while we look.  The other
# confined commands still do their work.
. "$top_srcdir/tests/integration/sandbox-lib.sh"

test_require SECCOMP SANDBOX

write_log x.log
mkfifo in.fifo

test_expect_success 'a running import: Seccomp 2, NoNewPrivs 1; inspect decodes it' '
	"$SYSCENSUS" import -o t.db in.fifo 2>import.err &
	pid=$! &&
	exec 3>in.fifo &&
	grep "^Seccomp:" /proc/$pid/status >status &&
	grep "^NoNewPrivs:" /proc/$pid/status >>status &&
	syscensus inspect -p $pid >inspect 2>&1
	st=$?
	cat x.log >&3 && exec 3>&- &&
	wait $pid &&
	printf "Seccomp:\t2\nNoNewPrivs:\t1\n" >want &&
	test_cmp want status &&
	test $st -eq 0 &&
	grep -q "^default: trap" inspect &&
	grep "^allow:" inspect >allow &&
	grep -q " read " allow && grep -q " openat " allow &&
	! grep -q " ptrace " allow && ! grep -q " personality " allow &&
	grep -q "4 calls" import.err
'

test_expect_success 'every confined command still works' '
	syscensus import -q -o u.db x.log &&
	syscensus emit --db u.db --format list --no-siblings -o e.list &&
	printf "close\nexit_group\nopenat\nread\n" >want &&
	test_cmp want e.list &&
	syscensus diff --db u.db --policy e.list --format json -o d.json &&
	syscensus check --db u.db --policy e.list >/dev/null &&
	syscensus report --db u.db --format json -o r.json &&
	{ syscensus lint --policy e.list -o l.txt; test $? -le 1; } &&
	test -s l.txt &&
	syscensus merge -q -o m.db u.db t.db &&
	syscensus emit --db m.db --format list --no-siblings >m.list &&
	test_cmp want m.list &&
	syscensus scan --no-store /bin/true >scan.out &&
	test -s scan.out
'

test_done
