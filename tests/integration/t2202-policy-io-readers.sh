#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The OCI, minijail, libseccomp C and raw BPF readers: each fixture reads
# to the model we expect (inspect --policy prints it), bad input is
# reported as FILE:LINE:COL, and a BPF blob libseccomp made decodes with
# its conditional rule.
. "$top_srcdir/tests/integration/lib.sh"

P="$FIXTURES/policies-io"
MKBPF="$top_builddir/tests/helpers/pio-mkbpf"
cp "$P"/* . || exit 1

if [ "$(uname -m)" = x86_64 ]; then
	for f in docker-shape.json oci-config.json main.policy filter.c; do
		test_expect_success "model of $f" "
			syscensus inspect --policy $f >out &&
			test_cmp $f.expected out
		"
	done
else
	test_skip 'models of the fixtures' 'expected files are for x86_64'
fi

test_expect_success 'OCI includes/excludes for a default container' '
	syscensus inspect --policy docker-shape.json >out &&
	grep -q "^errno ENOSYS: clone3 " out &&
	grep -q "^conditional clone: allow when arg0 & 0x7e020000 == 0" out &&
	! grep -q "mount" out && ! grep -q "unshare" out &&
	! grep -q "cacheflush" out
'

test_expect_success 'OCI repeated arg index: one rule per value (OR)' '
	syscensus inspect --policy docker-shape.json >out &&
	test $(grep -c "^conditional personality" out) = 2
'

test_expect_success 'OCI inside a whole config.json (linux.seccomp)' '
	syscensus inspect --policy oci-config.json --format list >out &&
	printf "exit_group\nread\nwrite\n" >expect &&
	test_cmp expect out
'

test_expect_success 'OCI unknown action: FILE:LINE:COL of the value' '
	test_expect_code 2 syscensus inspect --policy bad-action.json 2>err &&
	grep -q "bad-action.json:5:35: unknown action .SCMP_ACT_PERMIT." err
'

test_expect_success 'OCI syntax error: line and column' '
	test_expect_code 2 syscensus inspect --policy bad-syntax.json 2>err &&
	grep -q "bad-syntax.json:4:[0-9]*: " err
'

test_expect_success 'OCI unknown comparison: FILE:LINE:COL' '
	test_expect_code 2 syscensus inspect --policy bad-arg.json 2>err &&
	grep -q "bad-arg.json:5:47: unknown comparison" err
'

test_expect_success 'minijail: @include, lists, conditions, return' '
	syscensus inspect --policy main.policy >out &&
	grep -q "^allow: close exit_group getpid getppid read write  (6)" out &&
	grep -q "^conditional ioctl: allow when arg1 == 0x5401 && arg0 == 0; else errno ENOTTY" out &&
	grep -q "^conditional prctl: allow when arg0 == 0x26" out
'

test_expect_success 'minijail: a bad @frequency file is reported' '
	printf "read: many\n" >main.frequency &&
	test_expect_code 2 syscensus inspect --policy main.policy 2>err &&
	grep -q "main.frequency:1:1: expected .syscall: count." err
'

test_expect_success 'minijail: @include depth is limited' '
	printf "@include ./loop.policy\n" >loop.policy &&
	test_expect_code 2 syscensus inspect --policy loop.policy 2>err &&
	grep -q "nested more than 10 deep" err
'

test_expect_success 'minijail: FILE:LINE:COL of bad operator and name' '
	test_expect_code 2 syscensus inspect --policy bad.policy 2>err &&
	grep -q "bad.policy:2:13: unknown operator" err &&
	test_expect_code 2 syscensus inspect --policy badname.policy 2>err &&
	grep -q "badname.policy:2:3: unknown syscall .frobnicate." err
'

test_expect_success 'C: comments ignored, every syscall spelling read' '
	syscensus inspect --policy filter.c --format list >out &&
	printf "close\nexit_group\nread\nwrite\n" >expect &&
	test_cmp expect out &&
	syscensus inspect --policy filter.c >out &&
	! grep -q mount out &&
	grep -q "^kill-process: ptrace " out
'

test_expect_success 'C: unknown syscall at FILE:LINE:COL' '
	test_expect_code 2 syscensus inspect --policy bad-filter.c 2>err &&
	grep -q "bad-filter.c:6:40: unknown syscall .frobnicate." err
'

test_expect_success 'BPF made by libseccomp decodes, socket conditional' '
	"$MKBPF" h.bpf &&
	syscensus inspect --policy h.bpf --policy-format bpf >out &&
	grep -q "^default: kill-process$" out &&
	grep -q "^allow: close exit_group read write  (4)$" out &&
	grep -q "^errno EACCES: openat  (1)$" out &&
	grep -q "^trap: ptrace  (1)$" out &&
	grep -q "^log: getppid  (1)$" out &&
	grep -q "^conditional socket: allow when arg0 == 0x1; else kill-process$" out
'

test_expect_success 'BPF: a truncated blob and a bad jump are refused' '
	head -c 13 h.bpf >short.bpf &&
	test_expect_code 2 syscensus inspect --policy short.bpf \
		--policy-format bpf 2>err &&
	grep -q "whole number of 8-byte instructions" err &&
	printf "\025\000\377\000\000\000\000\000\006\000\000\000\000\000\377\177" \
		>jump.bpf &&
	test_expect_code 2 syscensus inspect --policy jump.bpf \
		--policy-format bpf 2>err &&
	grep -q "instruction 0: jump past the end" err
'

test_expect_success 'inspect usage errors exit 2' '
	test_expect_code 2 syscensus inspect &&
	test_expect_code 2 syscensus inspect -p 1 --policy x &&
	test_expect_code 2 syscensus inspect --policy main.policy --format xml &&
	syscensus inspect --help >out && grep -q "CAP_SYS_ADMIN" out
'


test_done
