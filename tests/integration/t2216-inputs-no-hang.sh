#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Inputs that used to hang: a FIFO given as --policy or named by a
# minijail @include (open(2) waits for a writer), and `import /dev/zero`
# or an endless stream without newlines.  Policies must be regular
# files; import takes regular files and pipes, and stops a stream at its
# first over-long line.  Every command runs under timeout: a hang fails.
. "$top_srcdir/tests/integration/lib.sh"

have timeout || skip_all "no timeout(1)"
T="timeout 20 $SYSCENSUS"

test_expect_success 'a FIFO as --policy is refused at once' '
	mkfifo p.fifo &&
	test_expect_code 2 $T inspect --policy p.fifo 2>err &&
	grep -q "p.fifo: cannot read: not a regular file" err &&
	test_expect_code 2 $T lint --policy p.fifo 2>err &&
	grep -q "not a regular file" err &&
	test_expect_code 2 $T check --policy p.fifo --db none.db 2>err &&
	grep -q "not a regular file" err
'

test_expect_success 'a FIFO named by a minijail @include is refused' '
	mkfifo inc.fifo &&
	printf "@include ./inc.fifo\nread: 1\n" >m.policy &&
	test_expect_code 2 $T inspect --policy m.policy \
		--policy-format minijail 2>err &&
	grep -q "m.policy:1:10: cannot read included file .*not a regular file" err
'

test_expect_success 'a device as a policy is refused, not read forever' '
	test_expect_code 2 $T inspect --policy /dev/zero \
		--policy-format list 2>err &&
	grep -q "not a regular file" err
'

test_expect_success 'import /dev/zero ends with a clear error' '
	test_expect_code 2 $T import -o z.db /dev/zero 2>err &&
	grep -q "cannot open ./dev/zero.: not a regular file or a pipe" err
'

test_expect_success 'an endless stream without newlines stops at 1 MiB' '
	test_expect_code 2 $T import -o z.db - </dev/zero 2>err &&
	grep -q "a line longer than 1 MiB: not an strace log" err &&
	test_expect_code 2 $T import -o z.db --format audit - </dev/zero 2>err &&
	grep -q "longer than 65536 bytes: not an audit log" err &&
	test_expect_code 2 $T import -o z.db --format journal - </dev/zero \
		2>err &&
	grep -q "longer than 262144 bytes: not a journal" err
'

test_expect_success 'a FIFO to import does not block its open' '
	mkfifo log.fifo &&
	test_expect_code 0 $T import -o f.db log.fifo 2>err
'

test_expect_success 'a FIFO with a writer is imported as a stream' '
	mkfifo w.fifo &&
	{ cat "$FIXTURES/strace/odd-shapes.log" >w.fifo & } &&
	test_expect_code 0 $T import -o w.db w.fifo 2>err &&
	test "$(sql w.db "SELECT lines FROM runs")" -eq \
		"$(wc -l <"$FIXTURES/strace/odd-shapes.log")"
'

test_done
