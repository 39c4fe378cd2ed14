#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# record --guard POLICY: the policy's syscalls run in the kernel and are
# not recorded; only the calls it does not cover stop and are counted, so
# `check` against the same policy shows exactly the new syscalls.
. "$top_srcdir/tests/integration/lib.sh"

require_tracing
test_require SECCOMP

test_expect_success 'a covering policy: nothing recorded, the run is whole' '
	syscensus record -q -o rec.db -- "$T/vcalls" >/dev/null &&
	syscensus emit --db rec.db --format list --no-siblings -o rec.list &&
	# futex only under lock contention: some runs make it, some do not
	{ cat rec.list; echo futex; } | sort -u >full.list &&
	syscensus record -q -o g0.db --guard full.list -- "$T/vcalls" >out &&
	grep -q "^done" out &&
	test "$(sql g0.db "SELECT count(*) FROM observed")" = 0 &&
	test "$(sql g0.db "SELECT kind || '\'' '\'' || status FROM runs")" = "record 0"
'

test_expect_success 'only the uncovered calls are recorded, with their counts' '
	grep -vx "getppid\|uname\|sysinfo" full.list >no3.list &&
	syscensus record -q -o g3.db --guard no3.list -- "$T/vcalls" >out &&
	grep -q "^getppid: ok" out &&
	sql g3.db "SELECT syscall || '\'' '\'' || calls FROM observed
		ORDER BY syscall" >actual &&
	printf "%s\n" "getppid 1" "sysinfo 1" "uname 1" >expect &&
	test_cmp expect actual
'

test_expect_success 'check against the same policy names exactly those' '
	test_must_fail syscensus check --db g3.db --policy no3.list >report &&
	grep "^uncovered:" report | cut -d" " -f2 >actual &&
	printf "%s\n" getppid sysinfo uname >expect &&
	test_cmp expect actual
'

test_expect_success 'counts of uncovered calls are exact (threads)' '
	syscensus record -q -o g4.db --guard no3.list -- \
		"$T/calls" -t 4 getppid 1000 &&
	test "$(sql g4.db "SELECT calls FROM observed
		WHERE syscall = '\''getppid'\''")" = 4000
'

test_expect_success 'a bad guard policy: exit 2' '
	echo "no_such_syscall_x" >bad.list &&
	syscensus record -q -o b.db --guard bad.list -- true
	test $? -eq 2
'

test_done
