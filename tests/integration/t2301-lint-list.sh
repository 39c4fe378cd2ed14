#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# lint on a plain list (default: kill the process): missing essentials,
# clone3 denied while clone is allowed (glibc falls back only on ENOSYS),
# dangerous syscalls without argument conditions.
. "$top_srcdir/tests/integration/lib.sh"

P="$FIXTURES/kb/policies"

test_expect_success 'lint a list written from one strace run' '
	test_expect_code 1 syscensus lint --policy "$P/minimal.list" >out
'

test_expect_success 'rt_sigreturn and exit_group missing are errors' '
	grep -q "error: \[missing-essential\] .rt_sigreturn." out &&
	grep -q "error: \[missing-essential\] .exit_group." out
'

test_expect_success 'exit and restart_syscall missing are warnings' '
	grep -q "warning: \[missing-essential\] .exit. " out &&
	grep -q "warning: \[missing-essential\] .restart_syscall." out
'

test_expect_success 'clone allowed, clone3 killed: advice ENOSYS' '
	grep -A1 "warning: \[enosys\] .clone3." out >c3 &&
	grep -q "fall back to clone only on ENOSYS" c3 &&
	grep -q "advice: errno ENOSYS" c3
'

test_expect_success 'ptrace allowed without conditions, with its line' '
	grep -q "minimal.list:14: warning: \[dangerous\] .ptrace." out
'

test_expect_success 'the fixed list has none of these' '
	syscensus lint --policy "$P/good.list" >good &&
	! grep -q "missing-essential\|dangerous.*ptrace" good
'

test_expect_success '--siblings: fsync allowed without fdatasync' '
	printf "%s\n" read write fsync exit_group exit rt_sigreturn \
		restart_syscall >dur.list &&
	syscensus lint --policy dur.list >plain;
	! grep -q "\[sibling\]" plain &&
	test_expect_code 1 syscensus lint --policy dur.list --siblings >sib &&
	grep -q "warning: \[sibling\] .fdatasync. is not allowed (knowledge-base rule durability-fsync-fdatasync, fired by: fsync allowed)" sib &&
	! grep -q "\[sibling\] .fsync." sib
'

test_expect_success '--siblings: clone allowed, clone3 advice ENOSYS' '
	printf "%s\n" clone exit_group >cl.list &&
	test_expect_code 1 syscensus lint --policy cl.list --siblings \
		--format json >cl.json &&
	grep -A4 "\"check\": \"sibling\"" cl.json |
		grep -A3 "\"syscall\": \"clone3\"" |
		grep -q "\"advice\": \"errno ENOSYS\""
'

test_done
