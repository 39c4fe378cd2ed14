#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# lint on raw BPF: a program without an architecture check, a denylist
# under AUDIT_ARCH_X86_64 without the x32 guard, kill-thread returns; a
# sound program passes.  The fixtures are x86_64 programs.
. "$top_srcdir/tests/integration/lib.sh"

P="$FIXTURES/kb/policies"
[ "$(uname -m)" = x86_64 ] || skip_all "the BPF fixtures are x86_64 programs"

test_expect_success 'no architecture check' '
	test_expect_code 1 syscensus lint --policy "$P/no-arch.bpf" >out &&
	grep -q "warning: \[arch\] the program never checks seccomp_data.arch" out
'

test_expect_success 'SECCOMP_RET_KILL_THREAD returns are warned about' '
	grep -q "warning: \[kill-thread\] the program returns SECCOMP_RET_KILL_THREAD" out
'

test_expect_success 'an x86_64 denylist without the x32 guard' '
	test_expect_code 1 syscensus lint --policy "$P/no-x32.bpf" >x32 &&
	grep -q "warning: \[x32\] under AUDIT_ARCH_X86_64 the program allows x32" x32 &&
	grep -q "warning: \[permissive-default\]" x32 &&
	! grep -q "\[arch\]" x32
'

test_expect_success 'a program with arch check, x32 guard, clone3 ENOSYS' '
	syscensus lint --policy "$P/good.bpf" --policy-format bpf >good &&
	! grep -q "warning:\|error:" good
'

test_expect_success 'what emit --format bpf writes passes arch and x32' '
	cat >log <<-\EOT &&
	100   openat(AT_FDCWD, "/etc/hosts", O_RDONLY) = 3
	100   read(3, "x", 1) = 1
	100   close(3) = 0
	100   exit_group(0) = ?
	100   +++ exited with 0 +++
	EOT
	syscensus import -q -o s.db log &&
	syscensus emit --db s.db --format bpf -o emitted.bpf &&
	syscensus lint --policy emitted.bpf --policy-format bpf \
		--format json >e.json;
	test -s e.json &&
	! grep -q "\"check\": \"x32\"\|\"check\": \"arch\"" e.json
'

test_done
