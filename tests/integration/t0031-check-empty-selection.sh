#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The gate never passes by mistake: check exits 2 when its selection holds
# nothing (a mistyped --phase or --exe, a database whose only run recorded
# nothing because its tracer was killed before the first write), listing
# what the database does hold; an unfinished run (no end recorded) is a
# warning of check, a json field, and a line of every report format.
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"

test_expect_success 'setup: a database with phases startup and steady' '
	printf "100 getpid() = 100\n" >a.log &&
	syscensus import -q --db app.db --phase startup a.log &&
	syscensus import -q --db app.db --phase steady a.log &&
	printf "getpid\n" >app.allowlist &&
	syscensus check --db app.db --policy app.allowlist >/dev/null
'

test_expect_success 'a mistyped --phase: exit 2, the phases listed' '
	test_expect_code 2 syscensus check --db app.db \
		--policy app.allowlist --phase stedy >out 2>err &&
	grep -q "nothing observed" err &&
	grep -q "phase .stedy" err &&
	grep -q "phases observed: startup, steady" err
'

test_expect_success 'a mistyped --exe: exit 2, the executables listed' '
	test_expect_code 2 syscensus check --db app.db \
		--policy app.allowlist --exe nosuchprog 2>err &&
	grep -q "matches no executable" err
'

test_expect_success 'an --exe and a --phase that exist, but not together' '
	printf "200 execve(\"/bin/other\", [\"other\"], 0x1 /* 1 var */) = 0\n200 getpid() = 200\n" >b.log &&
	syscensus import -q --db two.db --phase startup a.log &&
	syscensus import -q --db two.db --phase steady b.log &&
	test_expect_code 2 syscensus check --db two.db \
		--policy app.allowlist --phase startup --exe /bin/other 2>err &&
	grep -q "executables observed:.*/bin/other" err
'

# A tracer killed before its first write leaves a run with no end and no
# rows.  The kill is real; on a slow machine the tracer may have flushed
# the command's first calls already, so those rows are dropped to make
# the "before its first write" case exact.
test_expect_success 'a run killed before its first write: exit 2, said why' '
	if [ -x "$top_builddir/tests/tracees/calls" ] &&
	   syscensus record -q -o probe.db -- true 2>/dev/null; then
		"$SYSCENSUS" record -q -o k.db -- sleep 30 &
		pid=$! &&
		i=0 &&
		until [ "$(sql k.db "SELECT count(*) FROM runs" 2>/dev/null)" = 1 ]; do
			i=$((i + 1)); [ $i -lt 500 ] || exit 1; sleep 0.01
		done &&
		kill -9 $pid && wait $pid
		sql k.db "DELETE FROM syscalls; DELETE FROM syscall_errors;
			DELETE FROM facts"
	else
		syscensus import -q --db k.db a.log &&
		sql k.db "DELETE FROM syscalls; UPDATE runs SET ended_ns = NULL"
	fi &&
	test "$(sql k.db "SELECT count(*) FROM runs WHERE ended_ns IS NULL")" = 1 &&
	test_expect_code 2 syscensus check --db k.db \
		--policy app.allowlist 2>err &&
	grep -q "nothing observed" err &&
	grep -q "no observed syscall at all" err &&
	grep -q "unfinished run 1" err
'

test_expect_success 'an unfinished run beside good ones: warned, json field' '
	cp app.db u.db &&
	sql u.db "UPDATE runs SET ended_ns = NULL WHERE id = 2" &&
	syscensus check --db u.db --policy app.allowlist --format json \
		>j 2>err &&
	grep -q "warning: unfinished run 2" err &&
	python3 -c "import json,sys; d=json.load(open(\"j\")); sys.exit(0 if d[\"unfinished_runs\"] == [2] else 1)" &&
	syscensus check --db app.db --policy app.allowlist --format json >j &&
	python3 -c "import json,sys; d=json.load(open(\"j\")); sys.exit(0 if d[\"unfinished_runs\"] == [] else 1)"
'

test_expect_success 'report shows the unfinished run in every format' '
	syscensus report --db u.db >r.txt &&
	grep -q "UNFINISHED run #2" r.txt &&
	syscensus report --db u.db --format md >r.md &&
	grep -q "Unfinished run 2" r.md &&
	syscensus report --db u.db --format json >r.json &&
	python3 -c "import json,sys; d=json.load(open(\"r.json\")); sys.exit(0 if [r[\"id\"] for r in d[\"unfinished_runs\"]] == [2] and d[\"totals\"][\"unfinished_runs\"] == 1 else 1)" &&
	syscensus report --db app.db >r.txt &&
	! grep -q UNFINISHED r.txt
'

test_expect_success 'diff on an empty selection still warns, exit 0' '
	syscensus diff --db app.db --policy app.allowlist --phase stedy \
		>out 2>err &&
	grep -q "phases observed" err
'

test_done
