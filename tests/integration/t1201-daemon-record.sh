#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The fixture daemon svcd under `record`, driven through its code paths by
# fixtures/daemons/drive.sh with `syscensus mark` at each boundary: each
# phase holds what that path did (startup binds and watches, steady serves
# and syncs, error fails, shutdown unlinks and exits), every thread is
# followed, and record exits with the daemon's status.
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
D="$top_builddir/fixtures/daemons"
DRIVE="$top_srcdir/fixtures/daemons/drive.sh"
[ -x "$D/svcd" ] && [ -x "$D/svc-client" ] || skip_all "svcd is not built"
T="$top_builddir/tests/tracees"
test_require PTRACE
DB=$PWD/r.db

# has PHASE SYSCALL: svcd made SYSCALL during PHASE.
has() {
	test "$(sql "$DB" "SELECT count(*) FROM observed WHERE exe LIKE
		'%/svcd' AND phase = '$1' AND syscall = '$2'")" = 1
}

test_expect_success 'drive.sh takes svcd through every phase under record' '
	mkdir run &&
	sh "$DRIVE" --dir run --iterations 20 \
		--wrap "$SYSCENSUS record -q -o $DB --phase startup --" \
		--mark "$SYSCENSUS mark -o $DB" >out 2>err &&
	tail -n 1 out | grep -q "drive: ok"
'

test_expect_success 'the five phases are recorded, in order of first call' '
	sql "$DB" "SELECT p.name FROM syscalls s JOIN phases p
		ON p.id = s.phase_id GROUP BY p.name
		ORDER BY min(s.first_ns)" >actual &&
	printf "%s\n" startup steady reload error shutdown >expect &&
	test_cmp expect actual
'

test_expect_success 'startup: execve, bind, listen, inotify, signalfd' '
	has startup execve && has startup bind && has startup listen &&
	has startup inotify_add_watch && has startup signalfd4
'

test_expect_success 'steady: the workers serve and sync SQLite' '
	has steady fdatasync &&
	sql "$DB" "SELECT calls FROM observed WHERE exe LIKE '\''%/svcd'\''
		AND phase = '\''steady'\'' AND syscall = '\''accept4'\''" >n &&
	test "$(cat n)" -ge 60 &&
	! has steady bind
'

test_expect_success 'error: the error path failed an openat' '
	test "$(sql "$DB" "SELECT errors FROM observed WHERE exe LIKE
		'\''%/svcd'\'' AND phase = '\''error'\''
		AND syscall = '\''openat'\''")" -ge 1
'

test_expect_success 'shutdown: unlink and exit_group, only there' '
	has shutdown exit_group && has shutdown unlink &&
	! has steady exit_group
'

test_expect_success 'every worker thread was followed (first tids differ)' '
	test "$(sql "$DB" "SELECT count(DISTINCT first_tid) FROM syscalls
		WHERE syscall = '\''fdatasync'\''")" -ge 1 &&
	test "$(sql "$DB" "SELECT calls FROM observed WHERE exe LIKE
		'\''%/svcd'\'' AND phase = '\''shutdown'\''
		AND syscall = '\''exit'\''")" -ge 3
'

test_expect_success 'path facts: the WAL file, the socket bound, per phase' '
	test "$(sql "$DB" "SELECT count(*) FROM facts f JOIN phases p
		ON p.id = f.phase_id WHERE f.kind = '\''path'\''
		AND p.name = '\''startup'\'' AND f.syscall = '\''openat'\''
		AND f.value LIKE '\''%svcd.db-wal'\''")" = 1 &&
	test "$(sql "$DB" "SELECT count(*) FROM facts WHERE kind = '\''path'\''
		AND syscall = '\''bind'\'' AND value = '\''svcd.sock'\''")" = 1
'

test_expect_success 'record exited with the daemon status (0), run ended' '
	test "$(sql "$DB" "SELECT kind, status FROM runs")" = "record|0"
'

test_done
