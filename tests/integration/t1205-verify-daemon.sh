#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The fixture daemon under `syscensus verify`, driven through every phase
# by fixtures/daemons/drive.sh: the list policy emitted from a recording
# of it passes (the drive succeeds, nothing denied); with one syscall
# removed the verify fails and names it, in each phase that made it.
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
D="$top_builddir/fixtures/daemons"
DRIVE="$top_srcdir/fixtures/daemons/drive.sh"
[ -x "$D/svcd" ] && [ -x "$D/svc-client" ] || skip_all "svcd is not built"
T="$top_builddir/tests/tracees"
test_require PTRACE SECCOMP

# drive DIR DB WRAP...: drive svcd in DIR under WRAP, marking DB.
drive() {
	dir=$1 db=$2
	shift 2
	mkdir "$dir" &&
	sh "$DRIVE" --dir "$dir" --iterations 20 --wrap "$*" \
		--mark "$SYSCENSUS mark -o $db" >"$dir.out" 2>&1
}

test_expect_success 'record svcd through every phase, emit a list' '
	drive rec "$PWD/r.db" "$SYSCENSUS record -q -o $PWD/r.db --phase startup --" &&
	syscensus emit --db r.db --format list -o p.list &&
	grep -qx fdatasync p.list
'

test_expect_success 'verify with that policy: drive ok, nothing denied' '
	drive ok "$PWD/v.db" "$SYSCENSUS verify -q --policy $PWD/p.list -o $PWD/v.db --phase startup --" &&
	tail -n 1 ok.out | grep -q "drive: ok" &&
	! grep -q "denied" ok/svcd.log &&
	test "$(sql v.db "SELECT count(*) FROM observed")" = 0
'

test_expect_success 'without fdatasync: verify fails and names it' '
	grep -vx fdatasync p.list >q.list &&
	! drive bad "$PWD/w.db" "$SYSCENSUS verify -q --policy $PWD/q.list -o $PWD/w.db --phase startup --" &&
	grep -q "^denied fdatasync arch [^ ]* phase steady exe .*/svcd calls [1-9]" bad/svcd.log &&
	test "$(sql w.db "SELECT DISTINCT syscall FROM observed")" = fdatasync &&
	test "$(sql w.db "SELECT count(*) FROM observed WHERE phase = '\''steady'\''")" = 1
'

test_done
