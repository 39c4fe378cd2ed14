#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Phases: `mark` switches the label of a running trace (from inside the
# recorded command through SYSCENSUS_CONTROL, and from outside by DB);
# --auto-phases opens a phase per signal delivered.
. "$top_srcdir/tests/integration/lib.sh"

require_tracing

# beats N: wait until the ticker has beaten N more times (it is running).
beats() {
	b0=$(cat tk/beat 2>/dev/null || echo 0)
	for i in $(seq 200); do
		[ "$(cat tk/beat 2>/dev/null || echo 0)" -ge $((b0 + $1)) ] && return 0
		sleep 0.05
	done
	return 1
}

q() { sql "$1" "SELECT phase || ':' || syscall || ':' || calls FROM observed
	WHERE exe LIKE '%/calls' AND syscall IN ('getcwd', 'uname', 'sysinfo')
	ORDER BY phase, syscall"; }

# The mark client runs traced here: a sanitizer build's LeakSanitizer
# cannot run under ptrace (it would spin at exit), so it is turned off.
test_expect_success 'mark inside the command separates each code path' '
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	syscensus record -q -o s.db --phase startup -- sh -c "
		\"$T/calls\" getcwd 3 &&
		\"$SYSCENSUS\" mark steady &&
		\"$T/calls\" uname 5 &&
		\"$SYSCENSUS\" mark \"error path\" &&
		\"$T/calls\" sysinfo 2" &&
	q s.db >actual &&
	printf "%s\n" "error path:sysinfo:2" "startup:getcwd:3" \
		"steady:uname:5" >expect &&
	test_cmp expect actual
'

test_expect_success 'the mark client itself is not recorded' '
	test "$(sql s.db "SELECT count(*) FROM observed
		WHERE exe LIKE '\''%/syscensus'\''")" = 0
'

test_expect_success 'mark from outside, by database path' '
	mkdir tk || exit 1
	"$SYSCENSUS" record -q -o o.db --phase before -- "$T/ticker" tk &
	rec=$! &&
	for i in $(seq 100); do [ -s tk/pid ] && break; sleep 0.05; done &&
	beats 3 &&
	syscensus mark -o o.db during &&
	beats 3 &&
	syscensus mark -o o.db after &&
	beats 3 &&
	kill -TERM "$(cat tk/pid)" &&
	wait $rec &&
	sql o.db "SELECT DISTINCT phase FROM observed
		WHERE exe LIKE '\''%/ticker'\'' ORDER BY phase" >actual &&
	printf "%s\n" after before during >expect &&
	test_cmp expect actual
'

test_expect_success 'mark without a running trace fails with 3' '
	test_expect_code 3 syscensus mark -o nothing.db x 2>err &&
	grep -q "no trace" err
'

test_expect_success 'mark rejects a bad name' '
	test_expect_code 2 syscensus mark -o o.db ""
'

test_expect_success '--auto-phases: a phase after each signal delivered' '
	rm -rf tk && mkdir tk || exit 1
	"$SYSCENSUS" record -q -o a.db --auto-phases -- "$T/ticker" tk &
	rec=$! &&
	for i in $(seq 100); do [ -s tk/pid ] && break; sleep 0.05; done &&
	beats 3 && kill -HUP "$(cat tk/pid)" && beats 3 &&
	kill -TERM "$(cat tk/pid)" && wait $rec &&
	sql a.db "SELECT DISTINCT phase FROM observed ORDER BY phase" >actual &&
	printf "%s\n" after-SIGHUP after-SIGTERM default >expect &&
	test_cmp expect actual &&
	test "$(sql a.db "SELECT count(*) FROM observed WHERE phase =
		'\''after-SIGTERM'\'' AND syscall = '\''exit_group'\''")" = 1
'

test_expect_success 'facts: handlers installed, signals delivered' '
	sql a.db "SELECT p.name || '\'' '\'' || f.kind || '\'' '\'' || f.value
		|| '\'' '\'' || f.syscall FROM facts f JOIN phases p
		ON p.id = f.phase_id WHERE f.value IN ('\''SIGHUP'\'', '\''SIGTERM'\'')
		ORDER BY 1" >actual &&
	printf "%s\n" "after-SIGHUP signal SIGHUP " \
		"after-SIGTERM signal SIGTERM " \
		"default handler SIGHUP rt_sigaction" \
		"default handler SIGTERM rt_sigaction" >expect &&
	test_cmp expect actual
'

test_done
