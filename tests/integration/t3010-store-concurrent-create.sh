#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Concurrent first use: processes creating the same new database at once
# all succeed.  The schema migration takes the write lock before it reads
# the version, so one process applies it and the others find it applied
# (they used to fail with "schema upgrade to 1 failed").
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"

printf '100 getpid() = 100\n100 getppid() = 1\n' >a.log

# import8 DB: 8 imports of a.log into DB at once; prints the failures
import8() {
	pids= &&
	for i in 1 2 3 4 5 6 7 8; do
		syscensus import -q -o "$1" a.log 2>"err.$i" &
		pids="$pids $!"
	done &&
	failed=0 &&
	for p in $pids; do
		wait "$p" || failed=$((failed + 1))
	done &&
	echo "$failed"
}

test_expect_success '8 parallel imports into a new database, 10 times' '
	for round in 1 2 3 4 5 6 7 8 9 10; do
		rm -f "c$round.db" "c$round.db-wal" "c$round.db-shm" &&
		n=$(import8 "c$round.db") &&
		if [ "$n" != 0 ]; then
			cat err.*; echo "round $round: $n failed"; exit 1
		fi &&
		test "$(sql "c$round.db" "SELECT count(*) FROM runs")" = 8 &&
		test "$(sql "c$round.db" "SELECT sum(calls) FROM observed")" = 16 ||
		exit 1
	done
'

test_expect_success 'the schema is complete and applied once' '
	v=$(sed -n "s/^-- version \([0-9]*\).*/\1/p" \
		"$top_srcdir/common/schema.sql" | sort -n | tail -n 1) &&
	test "$(sql c1.db "PRAGMA user_version")" = "$v" &&
	test "$(sql c1.db "SELECT count(*) FROM sqlite_master
		WHERE name = '\''exe_names'\''")" = 1
'

test_done
