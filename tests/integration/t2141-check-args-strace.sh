#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# check on decisive arguments with real traces: strace -f of
# tests/tracees/chkargs, imported, against an OCI profile that allows what
# the program needs, socket only for AF_UNIX and AF_INET and clone without
# namespace flags (Docker's rule), and against a minijail policy with
# `ioctl: arg1 == TCGETS`; and the filters `emit --args` writes from one
# trace, in every format that keeps conditions (a raw BPF program is run
# in the emulator).  The live tracer's facts (syscensus record)
# judge the same, and verify, running the same calls under the same
# policy, denies the same ones (one evaluation, policy_eval()).
. "$top_srcdir/tests/integration/lib.sh"

test_require STRACE

T="$top_builddir/tests/tracees"

# run TAG WORD...: strace chkargs WORD... and import it into TAG.db
run() {
	tag=$1
	shift
	strace -f -o "$tag.log" "$T/chkargs" "$@" >/dev/null </dev/null &&
	syscensus import -q -o "$tag.db" "$tag.log"
}

# The policies: everything the program makes but socket, clone and ioctl
# unconditionally (from a trace of every word), then the conditional rules.
test_expect_success 'setup: the policies' '
	run all unix inet netlink tcgets fionread fork newnet &&
	syscensus emit --db all.db --format list --no-siblings -o all.list &&
	grep -qx socket all.list && grep -qx clone all.list &&
	grep -qx ioctl all.list &&
	grep -vx "socket\|clone\|ioctl" all.list >base.list &&
	{
		printf "{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
		printf "\"defaultErrnoRet\": 1, \"syscalls\": ["
		printf "{\"action\": \"SCMP_ACT_ALLOW\", \"names\": ["
		sed "s/.*/\"&\"/" base.list | paste -sd, -
		printf ",\"ioctl\"]},\n"
		for af in 1 2; do
			printf "{\"names\": [\"socket\"], "
			printf "\"action\": \"SCMP_ACT_ALLOW\", \"args\": "
			printf "[{\"index\": 0, \"value\": %s, " $af
			printf "\"op\": \"SCMP_CMP_EQ\"}]},\n"
		done
		printf "{\"names\": [\"clone\"], \"action\": \"SCMP_ACT_ALLOW\", "
		printf "\"args\": [{\"index\": 0, \"value\": 2114060288, "
		printf "\"valueTwo\": 0, \"op\": \"SCMP_CMP_MASKED_EQ\"}]}]}\n"
	} >docker.json &&
	{
		sed "s/\$/: 1/" base.list
		echo "socket: 1"
		echo "clone: 1"
		echo "ioctl: arg1 == TCGETS"
	} >tty.policy &&
	syscensus diff --db all.db --policy docker.json >out &&
	grep -q "^uncovered: socket .*socket(arg0=AF_NETLINK)" out &&
	syscensus diff --db all.db --policy tty.policy >out &&
	grep -q "^uncovered: ioctl .*ioctl(arg1=FIONREAD)" out
'

test_expect_success 'socket(AF_UNIX), socket(AF_INET), fork: check passes' '
	run ok unix inet fork &&
	syscensus check --db ok.db --policy docker.json >out 2>err &&
	! grep -q "^uncovered:" out &&
	! grep -q "^conditional: socket\|^conditional: clone" out &&
	grep -q ", 2 judged by argument" out
'

test_expect_success 'socket(AF_NETLINK): check fails naming it' '
	run nl unix netlink &&
	test_expect_code 1 syscensus check --db nl.db --policy docker.json \
		>out 2>err &&
	grep -q "^uncovered: socket .*/chkargs \[[^]]*\]: 1 call; socket(arg0=AF_NETLINK): the policy allows socket only when arg0 == AF_UNIX or arg0 == AF_INET; this call gets errno EPERM$" out &&
	test $(grep -c "^uncovered:" out) = 1 &&
	grep -q "^syscensus check: 1 uncovered syscall: socket(arg0=AF_NETLINK)$" err
'

test_expect_success 'clone(CLONE_NEWNET): check fails naming it' '
	run ns fork newnet &&
	test_expect_code 1 syscensus check --db ns.db --policy docker.json \
		>out 2>err &&
	grep -q "^uncovered: clone .*: 1 call; clone(arg0=CLONE_NEWNET|SIGCHLD): " out &&
	grep -q "uncovered syscall: clone(arg0=CLONE_NEWNET|SIGCHLD)$" err
'

test_expect_success 'minijail: ioctl(TCGETS) passes, ioctl(FIONREAD) fails' '
	run tc tcgets &&
	syscensus check --db tc.db --policy tty.policy >out &&
	grep -q ", 1 judged by argument" out &&
	run fr tcgets fionread &&
	test_expect_code 1 syscensus check --db fr.db --policy tty.policy \
		>out 2>err &&
	grep -q "^uncovered: ioctl .*: 1 call; ioctl(arg1=FIONREAD): the policy allows ioctl only when arg1 == TCGETS; this call gets kill-process$" out
'

test_expect_success 'emit --args round trip: its own trace passes, new values fail' '
	run seen unix inet fork tcgets &&
	run new unix netlink fork fionread &&
	for f in oci minijail c bpf; do
		syscensus emit --db seen.db --args --no-siblings --format $f \
			-o "args.$f" 2>/dev/null &&
		syscensus check --db seen.db --policy "args.$f" \
			--policy-format $f >out 2>err &&
		! grep -q "^conditional:" out &&
		grep -q ", 3 judged by argument" out &&
		test_expect_code 1 syscensus check --db new.db \
			--policy "args.$f" --policy-format $f >out 2>err &&
		grep -q "^syscensus check: 2 uncovered syscalls: ioctl(arg1=FIONREAD) socket(arg0=AF_NETLINK)$" err ||
		{ echo "format $f:"; cat out err; return 1; }
	done &&
	grep -q "socket(arg0=AF_NETLINK): the BPF program returns kill-process for this value$" out
'

# verify runs the calls under the policy: the same evaluation decides
if test_have_prereq PTRACE,SECCOMP; then
	test_expect_success 'record: the live tracer'\''s facts judge the same' '
		syscensus record -q -o rec.db -- "$T/chkargs" unix inet \
			netlink fork newnet >/dev/null </dev/null &&
		test_expect_code 1 syscensus check --db rec.db \
			--policy docker.json >out 2>err &&
		test $(grep -c "^uncovered:" out) = 2 &&
		grep -q "^uncovered: socket .*: 1 call; socket(arg0=AF_NETLINK): " out &&
		grep -q "^uncovered: clone .*: 1 call; clone(arg0=CLONE_NEWNET|SIGCHLD): " out &&
		grep -q "^syscensus check: 2 uncovered syscalls: clone(arg0=CLONE_NEWNET|SIGCHLD) socket(arg0=AF_NETLINK)$" err &&
		syscensus record -q -o rec2.db -- "$T/chkargs" unix inet \
			fork tcgets >/dev/null </dev/null &&
		syscensus check --db rec2.db --policy docker.json >out &&
		grep -q ", 2 judged by argument" out &&
		syscensus check --db rec2.db --policy tty.policy >out &&
		grep -q ", 1 judged by argument" out
	'

	test_expect_success 'verify denies the same calls check names' '
		syscensus verify -q --policy docker.json -o v.db -- \
			"$T/chkargs" unix netlink fork newnet >out 2>err </dev/null
		test $? -eq 1 &&
		grep "^denied" out | cut -d" " -f2 | sort >denied &&
		printf "%s\n" clone socket >expect &&
		test_cmp expect denied &&
		syscensus verify -q --policy docker.json -o v2.db -- \
			"$T/chkargs" unix inet fork >out 2>err </dev/null &&
		! grep -q "^denied" out
	'

	# a deny list: allowed by default, socket(AF_NETLINK) gets EPERM;
	# socket must be trapped, not allowed in the kernel
	test_expect_success 'a deny list: check and verify both catch the value' '
		printf "%s\n" "{\"defaultAction\": \"SCMP_ACT_ALLOW\"," \
			"\"syscalls\": [{\"names\": [\"socket\"]," \
			"\"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1," \
			"\"args\": [{\"index\": 0, \"value\": 16," \
			"\"op\": \"SCMP_CMP_EQ\"}]}]}" >deny.json &&
		test_expect_code 1 syscensus check --db nl.db \
			--policy deny.json >out 2>/dev/null &&
		grep -q "socket(arg0=AF_NETLINK): the policy says errno EPERM for this value$" out &&
		syscensus check --db ok.db --policy deny.json >out &&
		syscensus verify -q --policy deny.json --action errno \
			-o dv.db -- "$T/chkargs" unix netlink inet \
			>out 2>err </dev/null
		test $? -eq 1 &&
		grep "^denied" out >denied &&
		test $(wc -l <denied) = 1 &&
		grep -q "^denied socket .* calls 1$" denied
	'
else
	test_skip "record: the live tracer's facts judge the same" \
		"missing $prereq_missing ($prereq_reason)"
	test_skip "verify denies the same calls check names" \
		"missing $prereq_missing ($prereq_reason)"
	test_skip "a deny list: check and verify both catch the value" \
		"missing $prereq_missing ($prereq_reason)"
fi

test_done
