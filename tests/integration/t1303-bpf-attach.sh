#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# attach --engine bpf behaves as attach with ptrace: --duration, --match,
# SIGINT/SIGTERM end the trace and leave the process running, untouched
# (never stopped, no tracer); the "attached N processes (M threads)" line
# comes with both engines; --auto-phases; the process's children are
# followed; --engine auto takes bpf and says why, and falls back to
# ptrace for --stacks; --engine bpf refuses ptrace-only options.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/bpf-lib.sh"
. "$top_srcdir/tests/integration/attach-lib.sh"

require_bpf
attach_start_ticker

test_expect_success '--duration: the ticker is counted, then left running' '
	syscensus attach --engine bpf -o d.db -p $TICKER --duration 1 2>err &&
	grep -q "^syscensus: attached 1 process (1 thread)$" err &&
	test "$(sql d.db "SELECT calls > 20 FROM observed
		WHERE syscall = '\''rename'\'' AND exe LIKE '\''%/ticker'\''")" = 1 &&
	test "$(sql d.db "SELECT kind, engine FROM runs")" = "attach|bpf" &&
	running $TICKER && beats_move
'

test_expect_success 'the ptrace engine prints the same attached line' '
	syscensus attach --engine ptrace -o p.db -p $TICKER --duration 0.3 2>err &&
	grep -q "^syscensus: attached 1 process (1 thread)$" err
'

test_expect_success '--match finds the ticker, never us' '
	syscensus attach --engine bpf -q -o m.db \
		--match "ticker $(pwd | sed "s/[^a-zA-Z0-9/]/./g")/tk\$" \
		--duration 0.5 &&
	test "$(sql m.db "SELECT DISTINCT exe FROM observed")" = \
		"$(readlink /proc/$TICKER/exe)"
'

test_expect_success 'SIGINT ends the trace; the ticker runs on, never stopped' '
	"$SYSCENSUS" attach --engine bpf -o s.db -p $TICKER 2>err &
	pid=$!
	n=0
	while ! grep -q attached err; do
		n=$((n + 1)); [ $n -lt 200 ] || break; sleep 0.05
	done
	{ grep -q "^TracerPid:[[:space:]]*0$" /proc/$TICKER/status ||
		{ echo "traced"; false; }; } &&
	{ beats 2 || { echo "no beats while attached"; false; }; } &&
	kill -INT $pid &&
	{ wait $pid || { echo "attach exited $?"; false; }; } &&
	{ running $TICKER && beats_move ||
		{ echo "ticker not running after"; false; }; } &&
	test "$(sql s.db "SELECT status FROM runs")" = 0 &&
	test "$(sql s.db "SELECT calls > 0 FROM observed
		WHERE syscall = '\''rename'\''")" = 1
'

test_expect_success 'mark switches the phase of a bpf attach trace' '
	sh -c "while ! test -e stop5; do sleep 0.05; done" &
	sh=$!
	"$SYSCENSUS" attach --engine bpf -o k.db -p $sh --phase one 2>err5 &
	pid=$!
	n=0
	while ! grep -q attached err5; do
		n=$((n + 1)); [ $n -lt 200 ] || break; sleep 0.05
	done
	sleep 0.3 && syscensus mark -o k.db two && sleep 0.3 &&
	touch stop5 && wait $pid &&
	test "$(sql k.db "SELECT count(DISTINCT phase) FROM observed
		WHERE syscall = '\''clock_nanosleep'\''
		AND phase IN ('\''one'\'', '\''two'\'')")" = 2
'

# await_attached ERR: wait for the "attached" line in file ERR.
await_attached() {
	n=0
	while ! grep -q "attached" "$1"; do
		n=$((n + 1)); [ $n -lt 200 ] || return 1; sleep 0.05
	done
}

test_expect_success 'children forked after attach are followed' '
	sh -c "while ! test -e go1; do sleep 0.02; done; \"$T/calls\" uname 21" &
	sh=$!
	"$SYSCENSUS" attach --engine bpf -o c.db -p $sh 2>err1 &
	pid=$!
	await_attached err1 && touch go1 && wait $pid &&
	test "$(sql c.db "SELECT calls FROM observed WHERE syscall =
		'\''uname'\'' AND exe LIKE '\''%/calls'\''")" = 21
'

test_expect_success '--auto-phases: a phase after SIGUSR1' '
	sh -c "trap \"\" USR1; while ! test -e go2; do sleep 0.02; done;
		kill -USR1 \$\$; \"$T/calls\" uname 3" &
	sh=$!
	"$SYSCENSUS" attach --engine bpf --auto-phases -o a.db -p $sh 2>err2 &
	pid=$!
	await_attached err2 && touch go2 && wait $pid &&
	test "$(sql a.db "SELECT phase FROM observed WHERE syscall =
		'\''uname'\''")" = after-SIGUSR1
'

test_expect_success '--engine auto takes bpf here and says why' '
	SYSCENSUS_ENGINE= syscensus record -q -o auto.db -- "$T/calls" uname 1 &&
	test "$(sql auto.db "SELECT engine, engine_reason FROM runs")" = \
		"bpf|auto: the kernel allows bpf"
'

test_expect_success '--engine auto with --stacks: ptrace, and says why' '
	if tracer_stacks_ok=$(syscensus record -q --stacks -o st.db -- true 2>&1); then
		SYSCENSUS_ENGINE= syscensus record -q --stacks -o st2.db -- \
			"$T/calls" uname 1 &&
		test "$(sql st2.db "SELECT engine, engine_reason FROM runs")" = \
			"ptrace|auto: --stacks needs ptrace"
	fi
'

test_expect_success '--engine bpf refuses ptrace-only options' '
	test_expect_code 2 syscensus record --engine bpf --stacks -o x.db -- true 2>err &&
	grep -q "stacks needs the ptrace engine" err &&
	test_expect_code 2 syscensus attach --engine nonsense -p $TICKER 2>err &&
	grep -q "bad engine" err
'

attach_stop_ticker
test_done
