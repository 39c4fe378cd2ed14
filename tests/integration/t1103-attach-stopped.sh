#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Group-stop: a process stopped with SIGSTOP stays stopped while traced
# (PTRACE_LISTEN) and after detach (state T), and resumes on SIGCONT.
. "$top_srcdir/tests/integration/lib.sh"

. "$top_srcdir/tests/integration/attach-lib.sh"
attach_start_ticker

test_expect_success 'a stopped process stays stopped after attach' '
	kill -STOP $TICKER &&
	for i in $(seq 50); do [ "$(state $TICKER)" = T ] && break; sleep 0.02; done &&
	test "$(state $TICKER)" = T &&
	b1=$(cat tk/beat) &&
	syscensus attach -q -o s.db -p $TICKER --duration 0.5 &&
	test "$(state $TICKER)" = T &&
	sleep 0.1 &&
	test "$(cat tk/beat)" = "$b1"
'

test_expect_success 'stopped while traced: stays stopped after detach' '
	kill -CONT $TICKER
	"$SYSCENSUS" attach -q -o s2.db -p $TICKER --duration 60 &
	tr=$!
	sleep 0.3 &&
	kill -STOP $TICKER &&
	sleep 0.3 &&
	b1=$(cat tk/beat) &&
	kill -INT $tr && wait $tr &&
	test "$(state $TICKER)" = T &&
	sleep 0.1 &&
	test "$(cat tk/beat)" = "$b1"
'

test_expect_success 'SIGCONT resumes it' '
	kill -CONT $TICKER &&
	sleep 0.1 &&
	beats 2
'

test_expect_success 'stop and continue while traced: it runs after detach' '
	"$SYSCENSUS" attach -q -o s3.db -p $TICKER --duration 60 &
	tr=$!
	sleep 0.2 &&
	kill -STOP $TICKER && sleep 0.2 && kill -CONT $TICKER && sleep 0.2 &&
	kill -INT $tr && wait $tr &&
	beats 2
'

attach_stop_ticker
test_done
