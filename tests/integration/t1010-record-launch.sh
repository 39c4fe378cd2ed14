#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# How record launches a command: its seccomp filter is installed with
# SECCOMP_FILTER_FLAG_SPEC_ALLOW (so hosts with
# spec_store_bypass_disable=seccomp do not force SSBD on it), --pin-cpu
# puts the tracer and the command on one CPU and counts stay exact, and
# `mark` reaches the trace from the first instruction (the control path
# is known before the database exists; t-tracer checks it is the path
# `mark` computes once it does).
. "$top_srcdir/tests/integration/lib.sh"

require_tracing

test_expect_success 'the command runs under our filter, SSBD not forced' '
	syscensus record -q -o s.db -- sh -c "cat /proc/\$\$/status" >st &&
	grep -q "^Seccomp:[[:space:]]*2" st &&
	if grep -q "^Speculation_Store_Bypass:" st; then
		! grep -q "^Speculation_Store_Bypass:.*force mitigated" st
	fi
'

test_expect_success '--pin-cpu: the command sees one CPU' '
	syscensus record -q --pin-cpu -o p.db -- \
		sh -c "cat /proc/\$\$/status" >st &&
	n=$(sed -n "s/^Cpus_allowed_list:[[:space:]]*//p" st) &&
	case $n in *[,-]*) false ;; [0-9]*) true ;; *) false ;; esac
'

test_expect_success '--pin-cpu: threads are counted exactly' '
	syscensus record -q --pin-cpu -o p4.db -- \
		"$T/calls" -t 4 getppid 5000 &&
	test "$(sql p4.db "SELECT calls FROM observed
		WHERE syscall = '\''getppid'\''")" = 20000
'

# the mark client runs traced: a sanitizer build's LeakSanitizer cannot run
# under ptrace (it would spin at exit), so it is turned off (as in t1003)
test_expect_success 'mark works from the first instruction (new database)' '
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	syscensus record -q -o m.db --phase one -- \
		sh -c "\"$SYSCENSUS\" mark -o m.db two && \"$T/calls\" uname 3" &&
	test "$(sql m.db "SELECT phase || '\'' '\'' || calls FROM observed
		WHERE syscall = '\''uname'\''")" = "two 3"
'

test_expect_success 'a database that cannot be created: exit 3, nothing left running' '
	syscensus record -q -o /nonexistent/dir/x.db -- sleep 30 2>err
	test $? -eq 3 &&
	grep -q "nonexistent" err &&
	! pgrep -f "^sleep 30\$" >/dev/null
'

test_done
