#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# lint on libseccomp C source: seccomp_init(SCMP_ACT_KILL_THREAD), clone3
# answered with EPERM, unshare allowed.
. "$top_srcdir/tests/integration/lib.sh"

P="$FIXTURES/kb/policies"

test_expect_success 'lint a libseccomp C file' '
	test_expect_code 1 syscensus lint --policy "$P/kill-thread.c" >out
'

test_expect_success 'kill-thread default, clone3 EPERM, unshare' '
	grep -q "warning: \[kill-thread\] the default action is kill-thread" out &&
	grep -q "kill-thread.c:11: warning: \[enosys\] .clone3." out &&
	grep -q "kill-thread.c:12: warning: \[dangerous\] .unshare." out
'

test_done
