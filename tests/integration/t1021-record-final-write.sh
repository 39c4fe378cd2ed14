#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A final write that fails (the database locked by another process for
# longer than the busy timeout, or a full disk) is retried with backoff,
# then record exits non-zero naming what the database is missing, and
# keeps the counts in a side store (0600) that `syscensus merge` adds to
# the database later.  They used to be lost with exit 0.
. "$top_srcdir/tests/integration/lib.sh"

require_tracing

# The lock: a sqlite3 process fed through a FIFO takes BEGIN EXCLUSIVE
# once record's run row exists, and lets go when told to.
lock_start() {
	rm -f lockfifo locked
	mkfifo lockfifo || return 1
	sqlite3 "$1" <lockfifo >lock.out 2>&1 &
	lockpid=$!
	exec 9>lockfifo
}
# .timeout: record may be flushing at that moment; without a busy
# timeout BEGIN EXCLUSIVE fails, the lock is never held and record's final
# write succeeds (make distcheck in CI once)
lock_take() {
	printf '.timeout 10000\nBEGIN EXCLUSIVE;\nINSERT INTO phases(name) VALUES (%s);\n.shell touch locked\n' \
		"'lock'" >&9
}
lock_release() {
	printf 'ROLLBACK;\n.quit\n' >&9
	exec 9>&-
	wait $lockpid
}

test_expect_success 'setup: a database' '
	: >empty.log &&
	syscensus import -q -o r.db empty.log
'

test_expect_success 'the database locked at the end: exit 3, what is lost said' '
	lock_start r.db || exit 1
	SYSCENSUS_BUSY_TIMEOUT=150 "$SYSCENSUS" record -o r.db -- sh -c \
		"n=0; until [ -f locked ] || [ \$n -ge 1200 ]; do n=\$((n + 1)); sleep 0.05; done; \"$T/calls\" getppid 100" \
		2>err &
	rpid=$! &&
	i=0 &&
	until [ "$(sql r.db "SELECT count(*) FROM runs")" = 2 ]; do
		i=$((i + 1))
		# never leave the record behind: it would wait for "locked"
		[ $i -lt 500 ] || { touch locked; wait $rpid; lock_release; exit 1; }
		sleep 0.01
	done &&
	lock_take &&
	wait $rpid
	status=$?
	lock_release
	cat err &&
	test $status = 3 &&
	grep -q "trying again in 100 ms" err &&
	grep -q "final write to .r.db. failed 5 times: run 2 is missing" err &&
	grep -q "[0-9][0-9]* calls" err &&
	grep -q "syscensus merge --db .r.db. .r.db.unsaved-2-" err &&
	grep -q "^syscensus: recorded 1 run, .*NOT written to r.db: kept in r.db.unsaved-2-" err
'

test_expect_success 'the side store is 0600 and holds the counts' '
	side=$(ls r.db.unsaved-2-*.db) &&
	test "$(stat -c %a "$side")" = 600 &&
	test "$(sql "$side" "SELECT sum(calls) FROM observed
		WHERE syscall = '\''getppid'\''")" -ge 100 &&
	test "$(sql r.db "SELECT count(*) FROM observed
		WHERE syscall = '\''getppid'\''")" = 0 &&
	test "$(sql r.db "SELECT count(*) FROM runs WHERE id = 2
		AND ended_ns IS NULL")" = 1
'

test_expect_success 'merge adds them to the database' '
	side=$(ls r.db.unsaved-2-*.db) &&
	syscensus merge -q --db r.db "$side" &&
	test "$(sql r.db "SELECT sum(calls) FROM observed
		WHERE syscall = '\''getppid'\''")" -ge 100
'

test_expect_success 'check warns that run 2 never finished' '
	printf "getppid\n" >p.list &&
	syscensus check --db r.db --policy p.list >/dev/null 2>err
	grep -q "unfinished run 2" err
'

test_expect_success '--help states the busy timeout' '
	syscensus record --help >h &&
	grep -q "busy timeout" h &&
	grep -q "10 s" h &&
	syscensus attach --help >h &&
	grep -q "busy timeout" h
'

# A full disk: a small tmpfs, filled by the command itself.  The side store
# cannot go next to the database there, so it goes to $TMPDIR.
test_expect_success 'a full disk at the end: exit 3, counts kept in $TMPDIR' '
	mkdir -p mnt tmp &&
	if ! mount -t tmpfs -o size=4m tmpfs mnt 2>/dev/null; then
		echo "# cannot mount a tmpfs here: skipped"; exit 0
	fi
	(
		syscensus import -q -o mnt/f.db empty.log || exit 1
		TMPDIR=$PWD/tmp "$SYSCENSUS" record -o mnt/f.db -- sh -c \
			"dd if=/dev/zero of=mnt/fill bs=4k 2>/dev/null; \"$T/calls\" getppid 77; \"$T/calls\" getcwd 5; \"$T/calls\" uname 3" \
			2>err
		status=$?
		cat err
		rm -f mnt/fill
		test $status = 3 &&
		grep -q "final write to .mnt/f.db. failed" err &&
		side=$(ls tmp/syscensus-unsaved-2-*.db) &&
		test "$(sql "$side" "SELECT sum(calls) FROM observed
			WHERE syscall = '\''getppid'\''")" -ge 77 &&
		test "$(sql "$side" "SELECT sum(calls) FROM observed
			WHERE syscall = '\''getcwd'\''")" -ge 5
	)
	status=$?
	umount mnt
	test $status = 0
'

test_done
