#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# attach: a running process is traced for --duration and left running;
# --match finds it by command line; mark reaches an attach trace by DB;
# no such process and permission refusals exit 3 with a clear message.
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
. "$top_srcdir/tests/integration/attach-lib.sh"
attach_start_ticker

test_expect_success 'attach --duration records the running process' '
	syscensus attach -q -o s.db -p $TICKER --duration 1 &&
	test "$(sql s.db "SELECT calls > 50 FROM observed
		WHERE syscall = '\''rename'\'' AND exe LIKE '\''%/ticker'\''")" = 1 &&
	test "$(sql s.db "SELECT kind FROM runs")" = attach
'

test_expect_success 'the process keeps running after detach' '
	running $TICKER &&
	beats_move
'

test_expect_success '--match finds the process by command line, never us' '
	syscensus attach -q -o m.db --match "ticker $(pwd | sed "s/[^a-zA-Z0-9/]/./g")/tk\$" --duration 0.5 &&
	test "$(sql m.db "SELECT count(DISTINCT exe) FROM observed")" = 1 &&
	sql m.db "SELECT DISTINCT exe FROM observed" | grep -q "/ticker$"
'

test_expect_success '--match that matches nothing exits 3' '
	test_expect_code 3 syscensus attach -o n.db --match "^no such thing zz\$" 2>err &&
	grep -q "no process matches" err
'

test_expect_success 'a bad regex is a usage error' '
	test_expect_code 2 syscensus attach -o n.db --match "(" 2>err &&
	grep -q "regular expression" err
'

test_expect_success 'a nonexistent pid exits 3' '
	test_expect_code 3 syscensus attach -o n.db -p 4194303 2>err &&
	grep -q "no such process" err
'

test_expect_success 'bad arguments are usage errors' '
	test_expect_code 2 syscensus attach -o n.db 2>err &&
	test_expect_code 2 syscensus attach -o n.db -p abc 2>err &&
	test_expect_code 2 syscensus attach -o n.db -p 1 --duration -1 2>err
'

test_expect_success 'a process already traced: exit 3, says by whom' '
	"$SYSCENSUS" attach -q -o t.db -p $TICKER --duration 60 &
	first=$!
	for i in $(seq 100); do
		grep -q "^TracerPid:[[:space:]]*[1-9]" /proc/$TICKER/status && break
		sleep 0.05
	done
	test_expect_code 3 syscensus attach -o t2.db -p $TICKER 2>err
	rc=$?
	kill -INT $first
	wait $first &&
	test $rc = 0 &&
	grep -q "already traced by process $first" err &&
	beats_move
'

if have setpriv && setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$SYSCENSUS" --version >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
test_expect_success 'another user: exit 3, says which uid' '
	d=$(mktemp -d) && chmod 777 "$d" &&
	test_expect_code 3 setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$SYSCENSUS" attach -o "$d/u.db" -p $TICKER 2>err
	rc=$?
	rm -rf "$d"
	test $rc = 0 &&
	grep -q "runs as uid 0, not as you (uid 65534)" err &&
	beats_move
'
else
	test_skip 'another user: exit 3, says which uid' \
		'needs root and setpriv(1)'
fi

# Not --duration 0.5: on a loaded machine (make distcheck -j, CI) the
# first unwind (libdw loaded, libc's tables read) can take longer than
# that, and no rename is seen.  Wait for the socket (attached), for beats,
# then stop it.
test_expect_success STACKS '--stacks works in attach mode' '
	"$SYSCENSUS" attach -q --stacks -o st.db -p $TICKER --duration 120 &
	tr=$!
	ctl=$(syscensus mark --path -o st.db) &&
	for i in $(seq 600); do [ -S "$ctl" ] && break; sleep 0.05; done &&
	beats 5 &&
	kill -INT $tr && wait $tr &&
	sql st.db "SELECT k.frames FROM syscalls s JOIN stacks k
		ON k.id = s.first_stack_id WHERE s.syscall = '\''rename'\''" |
		grep -q "^main+0x"
'

test_expect_success 'mark -o DB switches the phase of an attach trace' '
	"$SYSCENSUS" attach -q -o p.db -p $TICKER --phase one --duration 60 &
	tr=$!
	ctl=$(syscensus mark --path -o p.db) &&
	for i in $(seq 100); do [ -S "$ctl" ] && break; sleep 0.05; done
	beats 3 &&
	syscensus mark -o p.db two &&
	beats 3 &&
	kill -TERM $tr &&
	wait $tr &&
	sql p.db "SELECT DISTINCT phase FROM observed ORDER BY phase" >actual &&
	printf "%s\n" one two >expect &&
	test_cmp expect actual &&
	! test -e "$ctl"
'

test_expect_success 'SIGTERM to the ticker: it ends normally, untraced' '
	kill -TERM $TICKER &&
	await_file tk/counts &&
	grep -q "^rt=0 hup=0$" tk/counts
'

test_expect_success 'attach ends by itself when every tracee has exited' '
	rm -f tk/pid tk/counts
	"$T/ticker" "$PWD/tk" &
	t2=$!
	await_file tk/pid
	"$SYSCENSUS" attach -q -o e.db -p $t2 --duration 60 &
	tr=$!
	# attached once the socket listens (a fixed sleep lost the race on
	# a loaded machine: "cannot attach: the process exited")
	ctl=$(syscensus mark --path -o e.db) &&
	for i in $(seq 600); do [ -S "$ctl" ] && break; sleep 0.05; done &&
	kill -TERM $t2 &&
	wait $tr &&
	test -s tk/counts
'

test_done
