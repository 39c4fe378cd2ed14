#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# --stacks stores the call stack of the first call of each row, so a user
# can see which function needed a syscall.
. "$top_srcdir/tests/integration/lib.sh"

require_tracing

if ! syscensus record -q --stacks -o s.db -- "$T/stacks" 2>err; then
	if grep -q "unavailable" err; then
		test_expect_success '--stacks says it is unavailable' '
			grep -q "without libdw" err
		'
		test_done
	fi
fi

test_expect_success 'the sysinfo row names the calling function' '
	sql s.db "SELECT k.frames FROM syscalls s
		JOIN stacks k ON k.id = s.first_stack_id
		WHERE s.syscall = '\''sysinfo'\''" >frames &&
	grep -q "^syscensus_tracee_needs_sysinfo+0x" frames &&
	grep -q "^main+0x" frames
'

test_expect_success 'without --stacks no stack is stored' '
	syscensus record -q -o n.db -- "$T/stacks" &&
	test "$(sql n.db "SELECT count(*) FROM stacks")" = 0
'

test_done
