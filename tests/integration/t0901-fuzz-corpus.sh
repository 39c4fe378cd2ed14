#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The fuzz corpora as regression tests: every seed and every crash
# reproducer of tests/fuzz/corpus/NAME/ runs through the target NAME
# (tests/fuzz/fuzz-NAME.c) under tests/fuzz/driver.c.  A reproducer that
# crashes again aborts the driver (under --enable-sanitizers, ASan or UBSan
# does); a target whose corpus is empty or missing fails too.
. "$top_srcdir/tests/integration/lib.sh"

corpus="$top_srcdir/tests/fuzz/corpus"
for t in strace-line strace audit journal policy-list policy-systemd \
	policy-oci policy-minijail policy-c policy-bpf kb bpf const
do
	test_expect_success "corpus $t replays without a crash" '
		n=$(ls "$corpus/$t" | wc -l) &&
		test "$n" -gt 0 &&
		"$top_builddir/tests/fuzz/regress-$t" "$corpus/$t" 2>err;
		st=$?;
		tail -n 5 err;
		test "$st" = 0 &&
		grep -q "^driver: $n inputs ran$" err
	'
done

test_expect_success 'the driver refuses a missing corpus' '
	"$top_builddir/tests/fuzz/regress-const" nonexistent 2>err;
	test $? = 2 &&
	grep -q "cannot open" err
'

test_done
