#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Issue 15: a parser that makes a syscall outside the self policy (the
# test build's hook: personality(2) after parsing) stops the command with
# the clear message, never a bare "Bad system call", and the database is
# left as it was (the import is one transaction).  Unconfined, the same
# hook is harmless: the import succeeds.
. "$top_srcdir/tests/integration/sandbox-lib.sh"

test_require SECCOMP SANDBOX

write_log x.log

test_expect_success 'a first import' '
	syscensus import -q -o t.db x.log &&
	sql t.db "SELECT count(*) FROM runs" >runs0 &&
	syscensus emit --db t.db --format list --no-siblings >before
'

test_expect_success 'a forbidden syscall in the parser: the message, exit 159' '
	SYSCENSUS_TEST_HOOK=forbidden-syscall test_expect_code 159 \
		hooked import -q -o t.db x.log x.log 2>err &&
	echo "syscensus was stopped by its own sandbox: syscall 135 (personality) in \`import\`; please report this" >want &&
	test_cmp want err &&
	! grep -qi "bad system call" err
'

test_expect_success 'the database is intact' '
	sql t.db "PRAGMA integrity_check" >ic &&
	echo ok >want && test_cmp want ic &&
	sql t.db "SELECT count(*) FROM runs" >runs1 &&
	test_cmp runs0 runs1 &&
	syscensus emit --db t.db --format list --no-siblings >after &&
	test_cmp before after
'

test_expect_success 'unconfined (--no-sandbox, SYSCENSUS_NO_SANDBOX=1) the hook is harmless' '
	SYSCENSUS_TEST_HOOK=forbidden-syscall hooked import -q --no-sandbox \
		-o t.db x.log &&
	SYSCENSUS_TEST_HOOK=forbidden-syscall SYSCENSUS_NO_SANDBOX=1 \
		hooked import -q -o t.db x.log &&
	sql t.db "SELECT count(*) FROM runs" >runs2 &&
	echo 3 >want && test_cmp want runs2
'

test_done
