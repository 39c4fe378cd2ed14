#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# import --format audit: type=SECCOMP records become kills named for their
# own arch= (x86_64 c000003e, i386 40000003, x32 bit 30), in raw and
# ausearch -i form, with hex-encoded exe=; bad records are problems at
# FILE:LINE, fatal only with --strict.
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
A="$FIXTURES/kb/audit"

test_expect_success 'import an audit log' '
	syscensus import -q -o s.db --format audit "$A/seccomp-kills.log"
'

test_expect_success 'x86_64 syscall=435 is clone3, with pid, exe, time' '
	test "$(sql s.db "SELECT pid, exe, arch, nr, syscall, source, line,
		time_ns FROM kills WHERE pid = 4242")" = \
		"4242|/usr/sbin/svcd|x86_64|435|clone3|audit|2|1764338400123000000"
'

test_expect_success 'arch=40000003 syscall=403 is the i386 clock_gettime64' '
	test "$(sql s.db "SELECT arch, nr, syscall FROM kills
		WHERE pid = 5151")" = "x86|403|clock_gettime64"
'

test_expect_success 'hex-encoded exe= is decoded; code=0 is kill-thread' '
	test "$(sql s.db "SELECT exe, syscall FROM kills WHERE pid = 6161")" \
		= "/opt/my app|clock_nanosleep" &&
	sql s.db "SELECT detail FROM kills WHERE pid = 6161" |
		grep -q "kill-thread"
'

test_expect_success 'a code=log record is a call, not a kill' '
	test "$(sql s.db "SELECT count(*) FROM kills WHERE pid = 7171")" = 0 &&
	test "$(sql s.db "SELECT syscall FROM observed
		WHERE exe = '\''/usr/bin/logger'\''")" = faccessat2
'

test_expect_success 'the kill detail says what to add to the policy' '
	sql s.db "SELECT detail FROM kills WHERE pid = 4242" >d &&
	grep -q "allow clone3" d && grep -q "kill-process" d
'

test_expect_success 'x32: arch=c000003e with bit 30 is named for x32' '
	printf "%s\n" "type=SECCOMP msg=audit(1764338400.000:9): pid=9 comm=\"x\" exe=\"/x\" sig=31 arch=c000003e syscall=1073741824 compat=0 code=0x80000000" >x32.log &&
	syscensus import -q -o x.db --format audit x32.log &&
	test "$(sql x.db "SELECT arch, syscall FROM kills")" = "x32|read"
'

test_expect_success 'ausearch -i form: names instead of numbers' '
	syscensus import -q -o i.db --format audit "$A/interpreted.log" &&
	test "$(sql i.db "SELECT arch, nr, syscall FROM kills")" = \
		"x86_64|75|fdatasync"
'

test_expect_success 'bad records are problems at FILE:LINE, not fatal' '
	syscensus import -o b.db --format audit "$A/bad.log" 2>err &&
	grep -q "bad.log:1: SECCOMP record with unknown arch=deadbeef" err &&
	grep -q "bad.log:2: not an audit record" err &&
	test "$(sql b.db "SELECT line FROM problems ORDER BY line" |
		tr "\n" " ")" = "1 2 3 " &&
	test "$(sql b.db "SELECT syscall FROM kills")" = clone3
'

test_expect_success '--strict makes the first bad record fatal' '
	test_must_fail syscensus import -o st.db --strict --format audit \
		"$A/bad.log" 2>err &&
	grep -q "bad.log:1:" err
'

test_expect_success 'report --format json lists the kills by syscall' '
	syscensus report --db s.db --format json >r.json &&
	if have jq; then
		jq -r ".kills[].syscall" r.json | sort >names &&
		printf "%s\n" clock_gettime64 clock_nanosleep clone3 >expect &&
		test_cmp expect names
	else
		grep -q "clock_gettime64" r.json
	fi
'

test_done
