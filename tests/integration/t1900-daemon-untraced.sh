#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The fixture daemon svcd (fixtures/daemons) on its own, untraced, then
# under strace: every phase of drive.sh works (startup, steady, reload,
# error, shutdown), sd_notify datagrams arrive, and the syscalls the tracer
# tests rely on really happen (fsync/fdatasync, inotify_add_watch, sendmsg
# to the notify socket, a clean exit 0).
. "$top_srcdir/tests/integration/lib.sh"

D="$top_builddir/fixtures/daemons"
DRIVE="$top_srcdir/fixtures/daemons/drive.sh"
SVCD="$D/svcd"
CLIENT="$D/svc-client"
[ -x "$SVCD" ] && [ -x "$CLIENT" ] || skip_all "svcd is not built"
export SVCD SVC_CLIENT="$CLIENT"
test_short_dir # the notify socket: sun_path is 108 bytes

# start_listener PATH: an sd_notify receiver writing notify.out, waited for
# until it listens.
start_listener() {
	"$CLIENT" --notify-listen "$1" --timeout 60 >notify.out 2>notify.err &
	listener=$!
	n=0
	until grep -q LISTENING notify.out 2>/dev/null; do
		n=$((n + 1))
		[ $n -lt 100 ] || return 1
		sleep 0.1
	done
}

test_expect_success 'svcd, svc-client and drive.sh refuse bad usage' '
	test_expect_code 2 "$SVCD" --db x.db 2>err &&
	grep -q "required" err &&
	test_expect_code 2 "$SVCD" --config c --db d --socket s --threads 0 &&
	test_expect_code 2 "$CLIENT" ping &&
	test_expect_code 3 "$CLIENT" --socket no-such.sock ping &&
	test_expect_code 2 sh "$DRIVE" --dir "$top_srcdir/fixtures/daemons" \
		2>err &&
	grep -q "not in the source directory" err &&
	test_expect_code 2 sh "$DRIVE" --bogus 2>err
'

test_expect_success 'drive.sh takes svcd through every phase, hooks run' '
	mkdir run1 &&
	sh "$DRIVE" --dir run1 --iterations 20 --mark "echo MARK" >out 2>err &&
	cat >expect <<-\EOT &&
	phase startup
	MARK steady
	phase steady
	MARK reload
	phase reload
	MARK error
	phase error
	MARK shutdown
	phase shutdown
	drive: ok
	EOT
	test_cmp expect out &&
	test ! -e run1/svcd.sock && test ! -e run1/svcd.pid &&
	grep -q "reloaded (SIGHUP)" run1/svcd.log &&
	grep -q "reloaded (config changed)" run1/svcd.log &&
	grep -q "stopped" run1/svcd.log
'

test_expect_success 'the database is WAL, holds the writes, checkpointed' '
	test "$(sql run1/svcd.db "PRAGMA journal_mode")" = wal &&
	test "$(sql run1/svcd.db "SELECT count(*) FROM kv")" = 20 &&
	test "$(sql run1/svcd.db "SELECT v FROM kv WHERE k = '\''key7'\''")" = "value 7" &&
	test "$(sql run1/svcd.db "SELECT count(*) FROM events")" -ge 3 &&
	test ! -s run1/svcd.db-wal
'

test_expect_success 'a failing hook fails the drive and stops svcd' '
	mkdir run2 &&
	test_expect_code 1 sh "$DRIVE" --dir run2 --iterations 1 --mark false \
		>out 2>err &&
	grep -q "hook .false steady. failed" err &&
	test ! -e run2/svcd.pid
'

test_expect_success 'sd_notify: READY, RELOADING, STOPPING to a path socket' '
	mkdir run3 &&
	start_listener "$SHORT_DIR/notify.sock" &&
	NOTIFY_SOCKET="$SHORT_DIR/notify.sock" \
		sh "$DRIVE" --dir run3 --iterations 2 >out 2>err &&
	wait $listener &&
	head -n 1 notify.out | grep -q "^LISTENING" &&
	sed -n 2p notify.out | grep -q "^READY=1 .*MAINPID=" &&
	test $(grep -c "^RELOADING=1" notify.out) -ge 3 &&
	test $(grep -c "^READY=1" notify.out) -ge 4 &&
	tail -n 1 notify.out | grep -q "^STOPPING=1"
'

test_expect_success 'the request protocol: replies and exit statuses' '
	mkdir run4 && cd run4 &&
	printf "greeting=hi\n" >c.conf &&
	{ "$SVCD" --config c.conf --db d.db --socket s.sock --pidfile p.pid \
		--threads 2 --max-seconds 60 2>log & } &&
	n=0 && until test -s p.pid; do
		n=$((n + 1)); test $n -lt 100 || exit 1; sleep 0.1; done &&
	test "$("$CLIENT" --socket s.sock ping)" = pong &&
	"$CLIENT" --socket s.sock put k "a b  c" &&
	test "$("$CLIENT" --socket s.sock get k)" = "a b  c" &&
	test_expect_code 1 "$CLIENT" --socket s.sock get missing >out &&
	test "$(cat out)" = "error no such key" &&
	test_expect_code 1 "$CLIENT" --socket s.sock error >out &&
	grep -q "No such file or directory" out &&
	grep -q "CHECK constraint failed" out &&
	test_expect_code 1 "$CLIENT" --socket s.sock frobnicate &&
	"$CLIENT" --socket s.sock status | grep -q "threads=2 .*greeting=hi" &&
	test "$("$CLIENT" --socket s.sock stop)" = "ok stopping" &&
	n=0 && while test -e p.pid; do
		n=$((n + 1)); test $n -lt 100 || exit 1; sleep 0.1; done &&
	wait
'

test_expect_success '--max-seconds stops a runaway daemon (exit 1)' '
	mkdir run5 && cd run5 &&
	printf "greeting=hi\n" >c.conf &&
	test_expect_code 1 "$SVCD" --config c.conf --db d.db --socket s.sock \
		--max-seconds 1 2>log &&
	grep -q "maximum lifetime" log &&
	test ! -e s.sock
'

if test_have_prereq STRACE; then
	test_expect_success 'under strace -f: every phase, notify to @abstract' '
		mkdir run6 &&
		start_listener "@syscensus-t1900-$$" &&
		NOTIFY_SOCKET="@syscensus-t1900-$$" \
			sh "$DRIVE" --dir run6 --iterations 5 \
			--wrap "strace -f -o strace.log" >out 2>err &&
		wait $listener &&
		grep -q "^drive: ok" out &&
		grep -q "^READY=1" notify.out &&
		grep -q "^STOPPING=1" notify.out
	'
	test_expect_success 'strace saw fsync, inotify, sendmsg, threads, exit 0' '
		log=run6/strace.log &&
		grep -Eq "(fsync|fdatasync)\(" $log &&
		grep -q "inotify_add_watch(" $log &&
		grep -Eq "sendmsg\(.*syscensus-t1900-$$" $log &&
		grep -q "signalfd4\?(" $log &&
		grep -q "clone3\?(.*CLONE_THREAD" $log &&
		grep -Eq "(accept4|epoll_wait|epoll_pwait)\(" $log &&
		grep -q "wal_checkpoint\|pwrite64(" $log &&
		pid=$(sed -n "1s/^\([0-9]*\) .*/\1/p" $log) &&
		grep -q "^$pid  *+++ exited with 0 +++" $log
	'
else
	test_skip 'under strace -f: every phase' \
		"missing STRACE ($prereq_reason)"
fi

test_done
