#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# minijail filters with an empty term ("read: || arg0 == 1") used to read
# as an unconditional allow; minijail refuses such a line, and so does the
# reader, at FILE:LINE:COL.  A trailing "||" or "&&" is refused the same.
. "$top_srcdir/tests/integration/lib.sh"

# expect LINE COL MESSAGE FILTER
expect() {
	printf 'write: 1\n%s\n' "$4" >m.policy &&
	test_expect_code 2 syscensus inspect --policy m.policy \
		--policy-format minijail >out 2>err &&
	grep -q "m.policy:$1:$2: $3" err
}

test_expect_success 'an empty term before || is an error, not an allow' '
	expect 2 7 "empty term before .||." "read: || arg0 == 1"
'

test_expect_success 'an empty term after || or between two' '
	expect 2 17 "empty term after .||." "read: arg0 == 1 ||" &&
	expect 2 20 "empty term before .||." "read: arg0 == 1 || || arg1 == 2"
'

test_expect_success 'an empty condition after &&' '
	expect 2 17 "empty condition after .&&." "read: arg0 == 1 &&"
'

test_expect_success 'well-formed alternatives still read' '
	printf "read: arg0 == 1 && arg1 == 2 || arg0 == 3; return EPERM\n" \
		>ok.policy &&
	syscensus inspect --policy ok.policy --policy-format minijail >out &&
	grep -q "conditional read: allow when arg0 == 0x1 && arg1 == 0x2" out &&
	grep -q "conditional read: allow when arg0 == 0x3" out
'

test_done
