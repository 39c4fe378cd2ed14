#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# syscensus verify: every syscall the policy denies in the whole run is
# reported (from the main thread, a second thread and a forked child),
# with the exit statuses of the contract; --action errno makes the call
# fail with the policy's errno while the program goes on; --action kill
# kills with SIGSYS and stores the kill.
. "$top_srcdir/tests/integration/lib.sh"

require_tracing
test_require SECCOMP

# verify_st ARGS...: run verify, its exit status in st, output in out/err.
verify_st() {
	syscensus verify "$@" >out 2>err
	st=$?
}

test_expect_success 'a recorded list policy covers the workload: exit 0' '
	syscensus record -q -o rec.db -- "$T/vcalls" >/dev/null &&
	syscensus emit --db rec.db --format list --no-siblings -o full.list &&
	# pthread_join waits in futex only if the thread still runs: a
	# timing matter (seen under load), not what this test is about
	{ grep -qx futex full.list || echo futex >>full.list; } &&
	grep -qx getppid full.list && grep -qx uname full.list &&
	grep -qx sysinfo full.list &&
	verify_st --policy full.list -o v0.db -- "$T/vcalls" &&
	test $st -eq 0 && ! grep -q "^denied" out && grep -q "^done" out
'

test_expect_success 'one syscall removed: exit 1, named' '
	grep -vx getppid full.list >no1.list &&
	verify_st --policy no1.list -o v1.db -- "$T/vcalls" &&
	test $st -eq 1 &&
	grep "^denied" out >denied &&
	test $(wc -l <denied) -eq 1 &&
	grep -q "^denied getppid arch [^ ]* phase default exe .*/vcalls calls 1$" denied
'

test_expect_success 'three removed (main, thread, forked child): all named' '
	grep -vx "getppid\|uname\|sysinfo" full.list >no3.list &&
	verify_st --policy no3.list -o v3.db -- "$T/vcalls" &&
	test $st -eq 1 &&
	grep "^denied" out | cut -d" " -f2 >actual &&
	printf "%s\n" getppid sysinfo uname >expect &&
	test_cmp expect actual &&
	grep -q "^getppid: ok" out && grep -q "^done" out
'

test_expect_success 'the violations are a verify run in the database' '
	test "$(sql v3.db "SELECT kind FROM runs")" = verify &&
	sql v3.db "SELECT syscall FROM observed ORDER BY syscall" >actual &&
	test_cmp expect actual
'

test_expect_success '--action errno: EPERM, the program goes on' '
	verify_st --policy no3.list --action errno -o ve.db -- "$T/vcalls" &&
	test $st -eq 1 &&
	grep -q "^getppid: errno 1$" out && grep -q "^done" out
'

# oci NAME [EXTRA-RULE]: an OCI profile allowing no3.list (+ EXTRA-RULE),
# every other call failing with ENOSYS.
oci() {
	{
		printf "{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
		printf "\"defaultErrnoRet\": 38, \"syscalls\": ["
		printf "{\"action\": \"SCMP_ACT_ALLOW\", \"names\": ["
		sed "s/.*/\"&\"/" no3.list | paste -sd, -
		printf "]}%s]}\n" "${2:-}"
	} >"$1"
}

test_expect_success '--action errno: the policy'\''s own errno (ENOSYS)' '
	oci enosys.json &&
	verify_st --policy enosys.json --policy-format oci \
		--action errno -o vs.db -- "$T/vcalls" &&
	test $st -eq 1 &&
	grep -q "^getppid: errno 38$" out && grep -q "^done" out
'

test_expect_success 'argument conditions are evaluated on the real arguments' '
	oci ne.json ", {\"action\": \"SCMP_ACT_ALLOW\", \"names\": [\"uname\"],
		\"args\": [{\"index\": 0, \"value\": 0, \"op\": \"SCMP_CMP_NE\"}]}" &&
	verify_st --policy ne.json -o vc.db -- "$T/vcalls" &&
	test $st -eq 1 &&
	grep "^denied" out | cut -d" " -f2 >actual &&
	printf "%s\n" getppid sysinfo >expect2 &&
	test_cmp expect2 actual &&
	oci eq.json ", {\"action\": \"SCMP_ACT_ALLOW\", \"names\": [\"uname\"],
		\"args\": [{\"index\": 0, \"value\": 0, \"op\": \"SCMP_CMP_EQ\"}]}" &&
	verify_st --policy eq.json -o vc.db -- "$T/vcalls" &&
	test $st -eq 1 &&
	grep "^denied" out | cut -d" " -f2 >actual &&
	test_cmp expect actual
'

test_expect_success 'without seccomp (PTRACE_SYSCALL fallback): the same' '
	export SYSCENSUS_NO_SECCOMP=1 &&
	verify_st --policy no3.list --action errno -o vn.db -- "$T/vcalls" &&
	test $st -eq 1 && grep -q "PTRACE_SYSCALL" err &&
	grep "^denied" out | cut -d" " -f2 >actual &&
	test_cmp expect actual &&
	grep -q "^getppid: errno 1$" out && grep -q "^done" out
'

test_expect_success '--action kill: SIGSYS at the first denied call' '
	verify_st --policy no3.list --action kill -o vk.db -- "$T/vcalls" &&
	test $st -eq 1 &&
	! grep -q "^getppid:" out &&
	grep -q "status 159" err &&
	test "$(sql vk.db "SELECT syscall FROM kills")" = getppid
'

test_expect_success STACKS '--stacks: the stack of each violation is stored' '
	verify_st --stacks --policy no3.list -o vst.db -- "$T/vcalls" &&
	test $st -eq 1 &&
	sql vst.db "SELECT k.frames FROM syscalls s JOIN stacks k
		ON k.id = s.first_stack_id JOIN runs r ON r.id = s.run_id
		WHERE r.kind = '\''verify'\'' AND s.syscall = '\''uname'\''" |
		grep -q "worker"
'

test_expect_success 'usage errors exit 2' '
	verify_st -- "$T/vcalls" && test $st -eq 2 &&
	verify_st --policy full.list && test $st -eq 2 &&
	verify_st --policy full.list --action maybe -- true && test $st -eq 2 &&
	verify_st --policy nosuch.list -- true && test $st -eq 2 &&
	echo "not_a_syscall_at_all" >bad.list &&
	verify_st --policy bad.list -- true && test $st -eq 2
'

test_expect_success 'command not found: exit 2' '
	verify_st --policy full.list -o nf.db -- ./no-such-command &&
	test $st -eq 2 && grep -q "not found" err
'

test_expect_success 'the command'\''s own status 3, nothing denied: exit 0' '
	syscensus record -q -o x3.db -- "$T/calls" -x 3 getppid 1
	test $? -eq 3 &&
	syscensus emit --db x3.db --format list --no-siblings -o x3.list &&
	verify_st --policy x3.list -o vx3.db -- "$T/calls" -x 3 getppid 1 &&
	test $st -eq 0 && grep -q "status 3" err
'

test_expect_success '--help exits 0 and shows the actions' '
	syscensus verify --help >help &&
	grep -q -- "--action errno" help
'

test_done
