#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# lint on a minijail policy: missing essentials, clone3 killed while clone
# is allowed, personality allowed without an argument condition.
. "$top_srcdir/tests/integration/lib.sh"

P="$FIXTURES/kb/policies"

test_expect_success 'lint a minijail policy' '
	test_expect_code 1 syscensus lint --policy "$P/narrow.policy" >out
'

test_expect_success 'rt_sigreturn missing is an error' '
	grep -q "error: \[missing-essential\] .rt_sigreturn." out
'

test_expect_success 'clone3 denied while clone is allowed' '
	grep -q "warning: \[enosys\] .clone3." out
'

test_expect_success 'personality: 1 is dangerous, at its line' '
	grep -q "narrow.policy:9: warning: \[dangerous\] .personality." out
'

test_expect_success 'a condition on personality silences it' '
	sed "s/^personality: 1/personality: arg0 == 0/" "$P/narrow.policy" \
		>cond.policy &&
	syscensus lint --policy cond.policy --policy-format minijail >cond;
	grep -q "\[missing-essential\]" cond &&
	! grep -q "personality" cond
'

test_done
