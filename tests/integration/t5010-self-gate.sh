#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Issue 15, the gate on ourselves: record the analysis commands of the
# representative workload (scripts/self-workload.sh, as
# scripts/self-policy.sh does) and `syscensus check` the recording against
# the committed data/self-policy.list.  A syscall our code makes that the
# file lacks fails here with the message our users see; the fix is to
# re-run scripts/self-policy.sh and review the diff.  A copy of the file
# that lost a line fails.
. "$top_srcdir/tests/integration/sandbox-lib.sh"

test_require PTRACE SANDBOX

POLICY="$top_srcdir/data/self-policy.list"
export ASAN_OPTIONS=detect_leaks=0
sc() {
	phase=$1
	shift
	"$SYSCENSUS" record -q --no-scan -o "$PWD/self.db" --phase "$phase" \
		-- "$SYSCENSUS" --no-sandbox "$@" >/dev/null 2>&1 || :
}
. "$top_srcdir/scripts/self-workload.sh"

test_expect_success 'record the analysis commands' '
	mkdir work &&
	self_workload "$top_srcdir" "$PWD/work" &&
	syscensus emit --db self.db --format list --no-siblings >observed &&
	grep -qx openat observed && grep -qx execve observed
'

test_expect_success 'check against the committed self policy passes' '
	syscensus check --db self.db --policy "$POLICY" >out 2>&1 ||
	{ cat out; echo "our code uses a syscall data/self-policy.list lacks: re-run scripts/self-policy.sh and review the diff"; exit 1; }
'

test_expect_success 'the policy without one line fails, naming the syscall' '
	grep -vx openat "$POLICY" >less.list &&
	test_expect_code 1 syscensus check --db self.db --policy less.list >out 2>&1 &&
	grep -q "^uncovered: openat in phase .[a-z]*. of .*/syscensus \[x86_64\]: [0-9]* calls; the policy says kill-process" out
'

test_done
