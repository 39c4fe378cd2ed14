#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The fuzz corpora as regression tests: every seed and every crash
# reproducer of tests/fuzz/corpus/NAME/ runs through the target NAME
# (tests/fuzz/fuzz-NAME.c) under tests/fuzz/driver.c.  A reproducer that
# crashes again aborts the driver (under --enable-sanitizers, ASan, LSan or
# UBSan does); a target whose corpus is empty or missing fails too.
# Reproducers of bugs still open (tests/fuzz/known-open) run one by one,
# and a crash there is a TAP TODO, not a failure.
. "$top_srcdir/tests/integration/lib.sh"

corpus="$top_srcdir/tests/fuzz/corpus"
known="$top_srcdir/tests/fuzz/known-open"

is_open() { grep -q "^$1 " "$known"; }

for t in strace-line strace audit journal policy-list policy-systemd \
	policy-oci policy-minijail policy-c policy-bpf kb bpf const lines
do
	: >"files-$t"
	for f in "$corpus/$t"/*; do
		is_open "$t/${f##*/}" || printf '%s\n' "$f" >>"files-$t"
	done
	test_expect_success "corpus $t replays without a crash" '
		n=$(wc -l <"files-$t") &&
		test "$n" -gt 0 &&
		tr "\n" "\0" <"files-$t" |
		xargs -0 "$top_builddir/tests/fuzz/regress-$t" 2>err;
		st=$?;
		tail -n 5 err;
		test "$st" = 0 &&
		grep -q "^driver: $n inputs ran$" err
	'
done

# the open bugs: TODO when the reproducer still crashes
grep -v '^#' "$known" | while read -r f rest; do
	t=${f%%/*}
	test_count=$((test_count + 1))
	if "$top_builddir/tests/fuzz/regress-$t" "$corpus/$f" \
		>out 2>&1; then
		printf 'ok %d - open bug %s does not crash here\n' \
			"$test_count" "$f"
	else
		printf 'not ok %d - open bug %s # TODO %s\n' "$test_count" \
			"$f" "$rest"
	fi
done
test_count=$((test_count + $(grep -vc '^#' "$known")))

test_expect_success 'every open bug has its reproducer in the corpus' '
	grep -v "^#" "$known" | while read -r f rest; do
		test -f "$corpus/$f" || { echo "missing $f"; exit 1; }
	done
'

test_expect_success 'the driver refuses a missing corpus' '
	"$top_builddir/tests/fuzz/regress-const" nonexistent 2>err;
	test $? = 2 &&
	grep -q "cannot open" err
'

test_done
