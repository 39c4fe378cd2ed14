#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A tracee's own seccomp()/prctl(PR_SET_SECCOMP) filters are recorded with
# their flags, thread count and program read from the tracee's memory.
. "$top_srcdir/tests/integration/lib.sh"

require_tracing

test_expect_success 'the tracee runs normally under record' '
	syscensus record -q -o s.db -- "$T/seccomp-self"
'

test_expect_success 'both filters are recorded, in order' '
	sql s.db "SELECT how, flags, threads, length(program) FROM filters
		ORDER BY id" >actual &&
	printf "%s\n" "seccomp|1|1|40" "prctl|0|1|40" >expect &&
	test_cmp expect actual
'

test_expect_success 'the program is the one installed (first insn: ld nr)' '
	test "$(sql s.db "SELECT hex(substr(program, 1, 8)) FROM filters
		LIMIT 1")" = 2000000000000000
'

test_expect_success 'the seccomp and prctl calls are counted' '
	test "$(sql s.db "SELECT calls FROM observed
		WHERE syscall = '\''seccomp'\''")" = 1
'

test_done
