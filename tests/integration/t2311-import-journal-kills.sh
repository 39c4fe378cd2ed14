#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# import --format journal: "seccomp: blocked syscall N" from SIGSYS
# handlers (number, name, both, arch=), systemd's status=31/SYS,
# 226/NAMESPACE and watchdog timeouts, each explained; audit copies in the
# journal; journalctl -o json; unusable lines are problems.
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
J="$FIXTURES/kb/journal"

test_expect_success 'import a journal excerpt' '
	syscensus import -o s.db --format journal "$J/kills.txt" 2>err
'

test_expect_success 'blocked syscall 435 is clone3 on x86_64, pid from svcd[PID]' '
	test "$(sql s.db "SELECT pid, exe, syscall, source, line FROM kills
		WHERE line = 2")" = "4242|svcd|clone3|journal|2"
' 

test_expect_success 'a name with its number, and arch=x86 (i386 85 = readlink)' '
	test "$(sql s.db "SELECT syscall FROM kills WHERE line = 3")" = \
		inotify_rm_watch &&
	test "$(sql s.db "SELECT arch, nr, syscall FROM kills
		WHERE line = 4")" = "x86|85|readlink"
'

test_expect_success 'status=31/SYS is explained: a seccomp kill, see the audit log' '
	test "$(sql s.db "SELECT exe FROM kills WHERE line = 5")" = \
		svcd.service &&
	sql s.db "SELECT detail FROM kills WHERE line = 5" >d &&
	grep -q "SIGSYS" d && grep -q "audit" d
'

test_expect_success '226/NAMESPACE is explained as not seccomp' '
	sql s.db "SELECT detail FROM kills WHERE line = 7" |
		grep -q "not a seccomp denial"
'

test_expect_success 'a watchdog timeout is explained (kill-thread, sd_notify)' '
	sql s.db "SELECT detail FROM kills WHERE line = 8" >w &&
	grep -q "WATCHDOG=1" w && grep -q "kill-thread" w
'

test_expect_success 'a kernel audit line in the journal is decoded' '
	test "$(sql s.db "SELECT pid, syscall FROM kills WHERE line = 10")" = \
		"4545|fdatasync"
'

test_expect_success 'an unknown syscall name is a problem at FILE:LINE' '
	grep -q "kills.txt:11: .blocked syscall. names .frobnicate." err &&
	test "$(sql s.db "SELECT line FROM problems")" = 11
'

test_expect_success 'unrelated journal lines are not problems' '
	test "$(sql s.db "SELECT count(*) FROM problems")" = 1 &&
	test "$(sql s.db "SELECT count(*) FROM kills")" = 8
'

test_expect_success 'arch=40000003: i386 403 is clock_gettime64' '
	test "$(sql s.db "SELECT pid, arch, nr, syscall FROM kills
		WHERE line = 12")" = "5151|x86|403|clock_gettime64"
'

test_expect_success 'journalctl -o json entries' '
	syscensus import -q -o j.db --format journal "$J/kills.json" &&
	test "$(sql j.db "SELECT pid, syscall, time_ns FROM kills
		WHERE line = 1")" = "4747|statx|1764338410000000000" &&
	test "$(sql j.db "SELECT exe FROM kills WHERE line = 2")" = \
		svcd.service
'

test_expect_success 'report --format json: the kills by syscall' '
	syscensus report --db s.db --format json >r.json &&
	if have jq; then
		jq -e "[.kills[].syscall] | index(\"clone3\")" r.json &&
		jq -e "[.kills[].syscall] | index(\"readlink\")" r.json
	else
		grep -q readlink r.json
	fi
'

test_done
