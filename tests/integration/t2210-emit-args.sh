#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# emit --args from strace imports (fixtures/args/): the importer counts one
# arg fact per counted call (unfinished/resumed pairs, strace's "A or B"
# and -X forms, clone's flags); syscalls whose facts cover every call get
# conditions in every format, the others stay unconditional and the output
# says why (too many values, a value that does not parse, calls without
# facts from an audit log); every format reads back with check as
# covering the trace, and as not covering a value outside it.
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"

A="$FIXTURES/args"
DECISIVE="'socket','socketpair','fcntl','ioctl','prctl','clone'"

test_expect_success 'import: one arg fact per counted call' '
	syscensus import -q -o m.db "$A/mixed.log" &&
	sql m.db "SELECT o.syscall, o.calls, f.n FROM
		(SELECT syscall, sum(calls) AS calls FROM observed
		 WHERE syscall IN ($DECISIVE) GROUP BY 1) AS o
		LEFT JOIN (SELECT syscall, sum(count) AS n FROM facts
		 WHERE kind = '\''arg'\'' GROUP BY 1) AS f
		ON f.syscall = o.syscall ORDER BY 1" >counts &&
	cat >want <<-\EOF &&
	clone|2|2
	fcntl|2|2
	ioctl|4|4
	prctl|9|9
	socket|2|2
	socketpair|1|1
	EOF
	test_cmp want counts
'

test_expect_success 'import: clone flags as strace prints them, unfinished too' '
	sql m.db "SELECT value FROM facts WHERE kind = '\''arg'\''
		AND syscall = '\''clone'\'' ORDER BY 1" >clone &&
	grep -qx "0=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD" clone &&
	grep -q "^0=CLONE_VM|CLONE_FS|.*|CLONE_CHILD_CLEARTID\$" clone
'

test_expect_success 'emit -v says what it decided for each syscall' '
	syscensus emit --db m.db --format list --no-siblings --args -v \
		>list 2>err &&
	cat err &&
	grep -qx "emit: --args: socket: arg0 == AF_UNIX (1 call) or AF_INET6 (1 call)" err &&
	grep -qx "emit: --args: ioctl: arg1 == TCGETS (3 calls) or FIONREAD (1 call)" err &&
	grep -q "^emit: --args: clone: (arg0 & (CLONE_NEWNS|.*)) == 0 (2 calls)\$" err &&
	grep -qx "emit: --args: prctl: unconditional: 9 distinct arg0 values, more than --args-max 8" err &&
	grep -q "^emit: --args: 5 syscalls with argument conditions (.*); 1 left unconditional\$" err
'

test_expect_success 'list: the names as without --args, conditions in comments' '
	syscensus emit --db m.db --format list --no-siblings >plain 2>err &&
	test ! -s err &&
	grep -v "^#" list | grep . >names &&
	test_cmp plain names &&
	grep -q "^# socket: arg0 == AF_UNIX" list &&
	grep -q "^# prctl: unconditional: 9 distinct" list
'

test_expect_success 'minijail: the conditions as minijail writes them' '
	syscensus emit --db m.db --format minijail --no-siblings --args \
		-o m.policy 2>/dev/null &&
	grep -qx "socket: arg0 == AF_UNIX || arg0 == AF_INET6" m.policy &&
	grep -qx "socketpair: arg0 == AF_UNIX" m.policy &&
	grep -qx "ioctl: arg1 == TCGETS || arg1 == FIONREAD" m.policy &&
	grep -qx "fcntl: arg1 == F_SETFD || arg1 == F_GETFL" m.policy &&
	grep -qx "clone: arg0 in ~(CLONE_NEWNS|CLONE_NEWCGROUP|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNET)" m.policy &&
	grep -qx "prctl: 1" m.policy &&
	grep -q "^# --args: unconditional: 9 distinct arg0 values" m.policy
'

test_expect_success 'minijail with --action errno: other values get EPERM' '
	syscensus emit --db m.db --format minijail --no-siblings --args \
		--action errno 2>/dev/null >e.policy &&
	grep -qx "socket: arg0 == AF_UNIX || arg0 == AF_INET6; return EPERM" e.policy
'

test_expect_success '--args-max: more values allowed, bad values refused' '
	syscensus emit --db m.db --format minijail --no-siblings --args-max 9 \
		2>/dev/null >max9 &&
	grep -q "^prctl: arg0 == PR_SET_PDEATHSIG || " max9 &&
	test_expect_code 2 syscensus emit --db m.db --format list --args-max 0 &&
	test_expect_code 2 syscensus emit --db m.db --format list --args-max x
'

test_expect_success 'oci: one entry per value, clone masked as runc reads it' '
	syscensus emit --db m.db --format oci --no-siblings --args \
		-o m.json 2>/dev/null &&
	tr -d " \n" <m.json >flat &&
	grep -q "\"names\":\[\"socket\"\],\"action\":\"SCMP_ACT_ALLOW\",\"args\":\[{\"index\":0,\"value\":4294967295,\"valueTwo\":1,\"op\":\"SCMP_CMP_MASKED_EQ\"}\]" flat &&
	grep -q "\"names\":\[\"clone\"\],\"action\":\"SCMP_ACT_ALLOW\",\"args\":\[{\"index\":0,\"value\":2114060288,\"valueTwo\":0,\"op\":\"SCMP_CMP_MASKED_EQ\"}\]" flat &&
	grep -q "\"comment\":\"--args:unconditional:prctl:9distinct" flat
'

test_expect_success 'systemd: whole syscalls, socket domains as RestrictAddressFamilies=' '
	syscensus emit --db m.db --format systemd --no-siblings --args \
		-o m.conf 2>/dev/null &&
	grep -qx "RestrictAddressFamilies=AF_UNIX AF_INET6" m.conf &&
	grep -q "^SystemCallFilter=.*socket" m.conf &&
	grep -q "^#   ioctl: arg1 == TCGETS" m.conf
'

test_expect_success 'pfc and c: one rule per value' '
	syscensus emit --db m.db --format pfc --no-siblings --args \
		2>/dev/null >m.pfc &&
	grep -q "if (\$a0.lo32 & 0xffffffff == 10)" m.pfc &&
	grep -q "if (\$a1.lo32 & 0xffffffff == 21505)" m.pfc &&
	syscensus emit --db m.db --format c --no-siblings --args -o m.c \
		2>/dev/null &&
	grep -q "SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffffULL, 0xaULL)); /\* AF_INET6 (low 32 bits) \*/" m.c &&
	grep -q "SCMP_A0(SCMP_CMP_MASKED_EQ, 0x7e020000ULL, 0x0ULL))" m.c
'

if have cc && pkg-config --exists libseccomp; then
	test_expect_success 'the emitted c compiles (kill and errno)' '
		syscensus emit --db m.db --format c --no-siblings --args \
			--action errno -o e.c 2>/dev/null &&
		cc -Wall -Werror -c -o m.o m.c \
			$(pkg-config --cflags libseccomp) &&
		cc -Wall -Werror -c -o e.o e.c \
			$(pkg-config --cflags libseccomp)
	'
else
	test_skip 'the emitted c compiles' 'no cc or libseccomp.pc'
fi

# each format, with kill and with errno, read back by check: covered
for action in kill errno; do
	for f in list systemd oci minijail c bpf; do
		test_expect_success "check reads --args $f ($action) as covering the trace" "
			syscensus emit --db m.db --format $f --no-siblings \
				--args --action $action -o rt-$action.$f \
				2>/dev/null &&
			syscensus check --db m.db --policy rt-$action.$f \
				--policy-format $f >out 2>&1 ||
			{ cat out; false; }
		"
	done
done

# a value outside the conditions is uncovered (bpf conditions are
# samples check does not judge: the e2e tests run them for real)
cat >other.log <<'EOF'
100   execve("/usr/bin/argsd", ["argsd"], 0x7ffd5d1c8f28 /* 3 vars */) = 0
100   socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE) = 3
100   exit_group(0) = ?
100   +++ exited with 0 +++
EOF
for f in oci minijail c; do
	test_expect_success "check: socket(AF_NETLINK) is outside the --args $f policy" "
		rm -f o.db &&
		syscensus import -q -o o.db other.log &&
		test_expect_code 1 syscensus check --db o.db \
			--policy rt-kill.$f --policy-format $f >out 2>&1 &&
		grep -q AF_NETLINK out
	"
done

# an audit log (SystemCallLog= records) counts calls without arguments
test_expect_success 'facts about another argument: the note says so, not an audit log' '
	cp m.db w.db &&
	sql w.db "UPDATE facts SET value = '\''9='\'' || substr(value, 3)
		WHERE kind = '\''arg'\'' AND syscall = '\''socket'\''" &&
	syscensus emit --db w.db --format minijail --no-siblings --args -v \
		>w.policy 2>err &&
	grep -qx "socket: 1" w.policy &&
	grep -q "^# --args: unconditional: its argument facts do not name arg0 (2 facts about another argument, such as .9=AF_" w.policy &&
	grep -q "^emit: --args: socket: unconditional: its argument facts do not name arg0" err &&
	! grep -q "audit log" w.policy
'

test_expect_success 'calls without facts (an audit log) leave a syscall unconditional' '
	cp m.db s.db &&
	syscensus import -q -o s.db --format audit --phase summary \
		"$A/audit-log.log" &&
	syscensus emit --db s.db --format minijail --no-siblings --args \
		>s.policy 2>err &&
	grep -qx "socket: 1" s.policy &&
	grep -q "^# --args: unconditional: argument facts cover 2 of its 4 calls" s.policy &&
	grep -qx "ioctl: 1" s.policy &&
	grep -q "^emit: --args: 3 syscalls with argument conditions" err &&
	syscensus emit --db s.db --format minijail --no-siblings --args \
		--phase default >d.policy 2>/dev/null &&
	grep -qx "socket: arg0 == AF_UNIX || arg0 == AF_INET6" d.policy &&
	syscensus emit --db s.db --format minijail --no-siblings --args \
		--phase summary >only.policy 2>/dev/null &&
	grep -q "^# --args: unconditional: no argument facts for its 2 calls" only.policy
'

test_expect_success 'a value that does not parse leaves the syscall unconditional' '
	syscensus import -q -o b.db "$A/bad-value.log" &&
	syscensus emit --db b.db --format minijail --no-siblings --args -v \
		>b.policy 2>err &&
	grep -qx "fcntl: 1" b.policy &&
	grep -q "cannot read the arg1 value .F_WEIRD_NEW_COMMAND" err
'

test_expect_success 'clone making namespaces: the flags set and the others clear' '
	syscensus import -q -o ns.db "$A/clone-ns.log" &&
	syscensus emit --db ns.db --format minijail --no-siblings --args \
		-o ns.policy 2>/dev/null &&
	grep -qx "clone: arg0 in ~(CLONE_NEWNS|CLONE_NEWCGROUP|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNET) || arg0 & CLONE_NEWNS && arg0 & CLONE_NEWUSER && arg0 in ~(CLONE_NEWCGROUP|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWPID|CLONE_NEWNET)" ns.policy &&
	syscensus emit --db ns.db --format oci --no-siblings --args \
		--action errno -o ns.json 2>/dev/null &&
	for f in ns.policy ns.json; do
		syscensus check --db ns.db --policy $f >out 2>&1 ||
		{ cat out; return 1; }
	done &&
	sed "s/CLONE_NEWNS|CLONE_NEWUSER|SIGCHLD/CLONE_NEWNET|SIGCHLD/" \
		"$A/clone-ns.log" >net.log &&
	syscensus import -q -o net.db net.log &&
	test_expect_code 1 syscensus check --db net.db --policy ns.policy \
		>out 2>&1 &&
	grep -q "CLONE_NEWNET" out
'

cat >c3.log <<'EOF'
100   execve("/usr/bin/thr", ["thr"], 0x7ffd5d1c8f28 /* 3 vars */) = 0
100   clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f0a1c5b5990, parent_tid=0x7f0a1c5b5990, exit_signal=0, stack=0x7f0a1bdb5000, stack_size=0x7fff00, tls=0x7f0a1c5b56c0} => {parent_tid=[101]}, 88) = 101
100   clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f0a1c5b5a10) = 102
102   exit_group(0) = ?
102   +++ exited with 0 +++
101   exit(0) = ?
101   +++ exited with 0 +++
100   exit_group(0) = ?
100   +++ exited with 0 +++
EOF

test_expect_success 'clone with a condition: clone3 stays unconditional, and says so' '
	syscensus import -q -o c3.db c3.log &&
	syscensus emit --db c3.db --format bpf --no-siblings --args -v \
		-o c3.bpf 2>err &&
	grep -q "^emit: --args: clone: (arg0 & (CLONE_NEWNS|.*)) == 0 (1 call)\$" err &&
	grep -q "^emit: --args: clone3: unconditional: its flags are in memory" err &&
	grep -qx "syscensus: warning: clone3 stays unconditional: namespaces can still be made through it; Docker answers clone3 with ENOSYS so glibc falls back to clone" err &&
	for f in list systemd oci minijail c pfc; do
		syscensus emit --db c3.db --format $f --no-siblings --args \
			-o c3.$f 2>err &&
		grep -q "clone3 with ENOSYS so glibc falls back to clone" err &&
		tr -d "\n" <c3.$f | tr -s " #*\t" " " >flat &&
		grep -q "its flags are in memory, which a seccomp filter cannot read, so the clone condition does not cover it: namespaces can still be made through clone3" flat ||
		{ echo "$f: no clone3 note"; return 1; }
	done &&
	grep -qx "clone3: 1" c3.minijail &&
	syscensus check --db c3.db --policy c3.oci >out 2>&1 &&
	syscensus emit --db ns.db --format list --no-siblings --args \
		-o /dev/null 2>err &&
	! grep -q clone3 err
'

cat >big.json <<'EOF'
{
  "defaultAction": "SCMP_ACT_KILL_PROCESS",
  "architectures": ["SCMP_ARCH_X86_64"],
  "syscalls": [
    {"names": ["read", "write", "exit_group"], "action": "SCMP_ACT_ALLOW"},
    {"names": ["ioctl"], "action": "SCMP_ACT_ALLOW",
     "args": [{"index": 1, "value": 18446744073709551615, "valueTwo": 21505,
               "op": "SCMP_CMP_MASKED_EQ"}]},
    {"names": ["socket"], "action": "SCMP_ACT_ALLOW",
     "args": [{"index": 0, "value": 18446744071562067968, "valueTwo": 0,
               "op": "SCMP_CMP_GE"}]}
  ]
}
EOF

test_expect_success 'oci reader: uint64 values above INT64_MAX, exactly' '
	syscensus inspect --policy big.json --policy-format oci >out &&
	grep -qx "conditional ioctl: allow when arg1 & 0xffffffffffffffff == 0x5401; else kill-process" out &&
	grep -qx "conditional socket: allow when arg0 >= 0xffffffff80000000; else kill-process" out &&
	sed "s/18446744073709551615/18446744073709551616/" big.json >big2.json &&
	test_expect_code 2 syscensus inspect --policy big2.json \
		--policy-format oci >out 2>err &&
	grep -q "big2.json:7:37: integer 18446744073709551616 is outside uint64" err &&
	sed "s/18446744073709551615/-9223372036854775809/" big.json >big3.json &&
	test_expect_code 2 syscensus inspect --policy big3.json \
		--policy-format oci >out 2>err &&
	grep -q "big3.json:7:37: integer -9223372036854775809 is outside uint64" err &&
	sed "s/\"SCMP_ACT_KILL_PROCESS\",/\"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 18446744073709551615,/" \
		big.json >big4.json &&
	test_expect_code 2 syscensus inspect --policy big4.json \
		--policy-format oci >out 2>err &&
	grep -q "big4.json:2:.*defaultErrnoRet must be an integer" err
'

test_expect_success 'siblings stay unconditional' '
	syscensus emit --db m.db --format minijail --args 2>/dev/null >sib &&
	grep -q "^# " sib &&
	grep ": arg" sib | cut -d: -f1 | sort >cond &&
	printf "clone\nfcntl\nioctl\nsocket\nsocketpair\n" >want &&
	test_cmp want cond
'

test_done
