#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The libseccomp C reader runs the C preprocessor first (cpp -nostdinc
# with a stub seccomp.h that keeps names): what the compiler never sees
# (#if 0, the other #ifdef branch, a string literal) is not allowed, rules
# written through a macro are read, and errors keep the original
# FILE:LINE:COL.  Without a preprocessor, conditional code is refused.
. "$top_srcdir/tests/integration/lib.sh"

cat >pp.c <<'EOF2'
#include <seccomp.h>
#include <stdio.h>
#include "/dev/zero"
#define ALLOW(x) seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(x), 0)
static const char *doc =
	"seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ptrace), 0)";
int f(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	ALLOW(read);
#if 0
	seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mount), 0);
#endif
#ifdef NOT_DEFINED
	ALLOW(reboot);
#else
	ALLOW(write);
#endif
	return seccomp_load(ctx);
}
EOF2

have cpp || skip_all "no cpp (the C preprocessor)"

test_expect_success 'only what the compiler sees is allowed' '
	timeout 30 "$SYSCENSUS" inspect --policy pp.c >out 2>err &&
	grep -q "^allow: read write  (2)" out &&
	! grep -q "mount\|ptrace\|reboot" out
'

test_expect_success 'check: #if 0 and a string literal do not cover a call' '
	printf "%s\n" "1 ptrace(PTRACE_TRACEME) = 0" "1 mount(\"a\", \"b\", NULL, 0, NULL) = -1 EPERM (Operation not permitted)" \
		"1 read(0, \"\", 1) = 0" >t.log &&
	syscensus import -q -o t.db t.log &&
	test_expect_code 1 syscensus check --db t.db --policy pp.c >out 2>&1 &&
	grep -q "uncovered: ptrace" out &&
	grep -q "uncovered: mount" out
'

test_expect_success 'a macro argument: its place in the original file' '
	sed "s/ALLOW(write);/  ALLOW(bogus_call);/" pp.c >bad.c &&
	test_expect_code 2 syscensus inspect --policy bad.c 2>err &&
	grep -q "bad.c:17:10: unknown syscall .bogus_call." err
'

test_expect_success 'a preprocessor error is reported at its line' '
	sed "s/^#if 0$/#error no filter here/" pp.c >err.c &&
	test_expect_code 2 syscensus inspect --policy err.c 2>err &&
	grep -q "err.c:11:.*C preprocessor: #error no filter here" err
'

test_expect_success 'without a preprocessor, conditional code is refused' '
	SYSCENSUS_CPP= test_expect_code 2 "$SYSCENSUS" inspect --policy pp.c \
		2>err &&
	grep -q "need a C preprocessor and none can run" err &&
	grep -v "^#" pp.c | grep -v "ALLOW" >plain.c &&
	SYSCENSUS_CPP= "$SYSCENSUS" inspect --policy plain.c >out &&
	grep -q "^default: kill-process" out
'

test_done
