#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# How `syscensus verify` makes a denied call fail without running it:
# PTRACE_SET_SYSCALL_INFO (Linux 6.16, every architecture: syscall number
# -1 at the stop, the result at the exit stop) and the x86_64 register
# fallback (SYSCENSUS_NO_SET_SYSCALL_INFO=1 forces it), each in seccomp
# mode and in the PTRACE_SYSCALL mode (SYSCENSUS_NO_SECCOMP=1).  In all
# four: --action errno returns exactly the policy's errno (EPERM, or the
# rule's own errnoRet) and the program goes on, each denied call counted
# once (its exit stop is not a second call); --action kill kills it with
# SIGSYS; a 32-bit (int $0x80) call is skipped too.  With strace at hand,
# the tracer's own ptrace requests show which way was taken.
. "$top_srcdir/tests/integration/lib.sh"

require_tracing
test_require SECCOMP

# Linux 6.16 or later: PTRACE_SET_SYSCALL_INFO must be taken.
new_kernel=false
kv=$(uname -r | sed 's/^\([0-9]*\)\.\([0-9]*\).*/\1 \2/')
set -- $kv
if [ "$1" -gt 6 ] || { [ "$1" -eq 6 ] && [ "$2" -ge 16 ]; }; then
	new_kernel=true
fi
x86_64=false
[ "$(uname -m)" = x86_64 ] && x86_64=true
NOTE="skipped through the registers"

# verify_st ENV -- ARGS...: run verify with ENV (VAR=VALUE words or
# nothing), its exit status in st, output in out/err.
verify_st() {
	e=$1
	shift 2
	env $e "$SYSCENSUS" verify "$@" >out 2>err
	st=$?
}

test_expect_success 'setup: policies without getppid, uname and sysinfo' '
	syscensus record -q -o rec.db -- "$T/vcalls" >/dev/null &&
	syscensus emit --db rec.db --format list --no-siblings -o full.list &&
	# pthread_join waits in futex only if the thread still runs (timing)
	{ grep -qx futex full.list || echo futex >>full.list; } &&
	grep -vx "getppid\|uname\|sysinfo" full.list >no3.list &&
	test $(wc -l <no3.list) -eq $(($(wc -l <full.list) - 3)) &&
	{
		printf "{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
		printf "\"defaultErrnoRet\": 38, \"syscalls\": ["
		printf "{\"action\": \"SCMP_ACT_ALLOW\", \"names\": ["
		sed "s/.*/\"&\"/" no3.list | paste -sd, -
		printf "]}, {\"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13, "
		printf "\"names\": [\"getppid\"]}]}\n"
	} >e13.json &&
	printf "%s\n" getppid sysinfo uname >expect
'

# check_errno WANT: the verify run made getppid fail with WANT, the
# program went on, all three denied calls named and counted once.
check_errno() {
	test $st -eq 1 &&
	grep -qx "getppid: errno $1" out && grep -qx done out &&
	grep "^denied" out >denied &&
	cut -d" " -f2 denied >actual && test_cmp expect actual &&
	test $(grep -c " calls 1$" denied) -eq 3 &&
	test "$(sql v.db "SELECT sum(calls) || \" \" || sum(errors)
		FROM observed")" = "3 3"
}

for way in set-info regs; do
	for mode in seccomp ptrace-syscall; do
		env=
		[ $way = regs ] && env="SYSCENSUS_NO_SET_SYSCALL_INFO=1"
		[ $mode = ptrace-syscall ] && env="$env SYSCENSUS_NO_SECCOMP=1"
		t="$way, $mode"
		if [ $way = regs ] && ! $x86_64; then
			test_skip "$t: errno and kill" "registers are x86_64 only"
			continue
		fi
		# the note says when the registers are used
		if [ $way = regs ] || ! $new_kernel; then
			notes="grep -q \"$NOTE\" err"
		else
			notes="! grep -q \"$NOTE\" err"
		fi

		test_expect_success "$t: --action errno gives EPERM" '
			rm -f v.db &&
			verify_st "$env" -- --policy no3.list --action errno \
				-o v.db -- "$T/vcalls" &&
			check_errno 1 && eval "$notes"
		'

		test_expect_success "$t: the rule's own errno (13)" '
			rm -f v.db &&
			verify_st "$env" -- --policy e13.json \
				--policy-format oci --action errno \
				-o v.db -- "$T/vcalls" &&
			check_errno 13 && eval "$notes"
		'

		test_expect_success "$t: --action kill kills with SIGSYS" '
			rm -f v.db &&
			verify_st "$env" -- --policy no3.list --action kill \
				-o v.db -- "$T/vcalls" &&
			test $st -eq 1 &&
			! grep -q "^getppid:" out && ! grep -qx done out &&
			grep -q "status 159" err &&
			test "$(sql v.db "SELECT syscall FROM kills")" = getppid &&
			grep "^denied" out | cut -d" " -f2 >actual &&
			echo getppid >expect1 && test_cmp expect1 actual
		'
	done
done

# A 32-bit call through int $0x80: the OCI policy of a recording of it
# (both arches) without getuid; int80 exits 3 when getuid fails.
test_expect_success INT80 'a 32-bit call is skipped too: setup' '
	syscensus record -q -o i.db -- "$T/int80" 3 &&
	syscensus emit --db i.db --format oci --no-siblings -o i.json &&
	grep -q SCMP_ARCH_X86\" i.json &&
	grep -v "\"getuid\"" i.json >i2.json &&
	! cmp -s i.json i2.json &&
	verify_st "" -- --policy i.json --policy-format oci \
		--action errno -o iv.db -- "$T/int80" 3 &&
	test $st -eq 0
'
for env in "" SYSCENSUS_NO_SECCOMP=1 SYSCENSUS_NO_SET_SYSCALL_INFO=1; do
	test_expect_success INT80 "a 32-bit call is skipped (${env:-set-info})" '
		rm -f iv.db &&
		verify_st "$env" -- --policy i2.json --policy-format oci \
			--action errno -o iv.db -- "$T/int80" 3 &&
		test $st -eq 1 &&
		grep -q "^denied getuid arch x86 .* calls 1$" out &&
		grep -q "status 3" err
	'
done

# The tracer's own ptrace requests: two PTRACE_SET_SYSCALL_INFO (0x4212)
# per denied call (number, then result), or none and PTRACE_SETREGS.
if test_have_prereq STRACE && $new_kernel; then
	for mode in "" SYSCENSUS_NO_SECCOMP=1; do
		test_expect_success "strace: PTRACE_SET_SYSCALL_INFO ${mode:-seccomp}" '
			rm -f v.db &&
			env $mode strace -o st.log -e trace=ptrace \
				"$SYSCENSUS" verify -q --policy no3.list \
				--action errno -o v.db -- "$T/vcalls" >out
			grep -qx "getppid: errno 1" out &&
			test $(grep -c "0x4212\|PTRACE_SET_SYSCALL_INFO" \
				st.log) -eq 6 &&
			test $(grep "0x4212\|PTRACE_SET_SYSCALL_INFO" st.log |
				grep -c "= 0$") -eq 6 &&
			! grep -q PTRACE_SETREGS st.log
		'
	done
	if $x86_64; then
		test_expect_success 'strace: SYSCENSUS_NO_SET_SYSCALL_INFO=1' '
			rm -f v.db &&
			SYSCENSUS_NO_SET_SYSCALL_INFO=1 strace -o st.log \
				-e trace=ptrace "$SYSCENSUS" verify -q \
				--policy no3.list --action errno -o v.db \
				-- "$T/vcalls" >out
			grep -qx "getppid: errno 1" out &&
			! grep -q "0x4212\|PTRACE_SET_SYSCALL_INFO" st.log &&
			test $(grep -c PTRACE_SETREGS st.log) -eq 3
		'
	fi
else
	test_skip 'strace shows the ptrace requests' \
		'no usable strace, or a kernel older than 6.16'
fi

test_done
