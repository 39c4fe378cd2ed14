#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# PFC, libseccomp's Pseudo Filter Code, read back: what `emit --format pfc`
# writes (with and without --args) passes `check` against the same trace,
# is recognised by its content, reads as the BPF of the same filter does,
# and fails the gate once a syscall is taken out.
. "$top_srcdir/tests/integration/lib.sh"

syscensus import -q -o t.db "$FIXTURES/args/mixed.log" ||
	skip_all "cannot import the fixture"

test_expect_success 'emit pfc, then check it: every syscall covered' '
	syscensus emit --db t.db --format pfc --no-siblings -o x.pfc &&
	syscensus check --db t.db --policy x.pfc >out 2>&1 &&
	grep -q "0 uncovered" out &&
	syscensus inspect --policy x.pfc >model &&
	grep -q "^policy x.pfc (pfc)" model
'

test_expect_success 'with --args: the conditions are read and judged' '
	syscensus emit --db t.db --format pfc --no-siblings --args \
		-o args.pfc 2>/dev/null &&
	syscensus check --db t.db --policy args.pfc >out 2>&1 &&
	grep -q "0 uncovered.*judged by argument" out &&
	syscensus inspect --policy args.pfc >model &&
	grep -q "^conditional socket.*arg0 & 0xffffffff == " model
'

test_expect_success 'the model is the one the BPF of the same filter gives' '
	for a in "" "--args" "--args --action errno"; do
		syscensus emit --db t.db --format pfc --no-siblings $a \
			-o same.pfc 2>/dev/null &&
		syscensus emit --db t.db --format bpf --no-siblings $a \
			-o same.bpf 2>/dev/null &&
		syscensus inspect --policy same.pfc --format list >pfc.list &&
		syscensus inspect --policy same.bpf --format list >bpf.list &&
		test -s pfc.list &&
		test_cmp bpf.list pfc.list || exit 1
	done
'

test_expect_success 'recognised by content: lint no longer guesses list' '
	cp x.pfc noext &&
	syscensus inspect --policy noext >model &&
	grep -q "^policy noext (pfc)" model &&
	test_expect_code 1 syscensus lint --policy x.pfc >out 2>err &&
	! grep -q "not a syscall name" err
'

test_expect_success 'a syscall taken out of the PFC fails the gate' '
	awk "/if \\(\\\$syscall == 1\\)/ { skip = 2 } skip { skip--; next } { print }" \
		x.pfc >nowrite.pfc &&
	! grep -q "syscall == 1)" nowrite.pfc &&
	test_expect_code 1 syscensus check --db t.db --policy nowrite.pfc \
		>out 2>&1 &&
	grep -q "uncovered: write" out
'

test_expect_success 'what the reader does not model is an error at its place' '
	printf "if (\$arch == 3221225534)\n  if (\$syscall == 41)\n    if (\$a0.hi32 > 0)\n      action ALLOW;\n  action KILL;\n" \
		>gt.pfc &&
	test_expect_code 2 syscensus inspect --policy gt.pfc 2>err &&
	grep -q "gt.pfc:3:18: ordered comparisons are not read" err &&
	printf "if (\$arch == 3221225534)\n  if (\$syscall == 41)\n    action BOGUS;\n" \
		>bad.pfc &&
	test_expect_code 2 syscensus inspect --policy bad.pfc 2>err &&
	grep -q "bad.pfc:3:12: unknown action" err
'

test_expect_success 'the policy-pfc fuzz corpus replays without a crash' '
	"$top_builddir/tests/fuzz/regress-policy-pfc" \
		"$top_srcdir/tests/fuzz/corpus/policy-pfc" x.pfc args.pfc \
		nowrite.pfc gt.pfc bad.pfc
'

test_done
