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

test_done
