#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# lint on an OCI/Docker profile: kill-thread default, clone3 with errnoRet 1
# (EPERM) instead of 38, bpf allowed, missing exit and restart_syscall.
. "$top_srcdir/tests/integration/lib.sh"

P="$FIXTURES/kb/policies"

test_expect_success 'lint an OCI profile' '
	test_expect_code 1 syscensus lint --policy "$P/kill-thread.json" >out
'

test_expect_success 'SCMP_ACT_KILL_THREAD as the default is a warning' '
	grep -q "warning: \[kill-thread\] the default action is kill-thread" out
'

test_expect_success 'clone3 errnoRet 1 is flagged at its line' '
	grep -q "kill-thread.json:6: warning: \[enosys\] .clone3. is denied with errno EPERM" out
'

test_expect_success 'bpf allowed unconditionally' '
	grep -q "warning: \[dangerous\] .bpf." out
'

test_expect_success 'exit and restart_syscall missing' '
	grep -q "\[missing-essential\] .exit. " out &&
	grep -q "\[missing-essential\] .restart_syscall." out
'

test_done
