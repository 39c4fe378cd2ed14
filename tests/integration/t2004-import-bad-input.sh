#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Bad input never crashes and never loses the valid rest: binary garbage
# and NUL bytes, a 20 MB line, a truncated last line, an unknown syscall
# are counted, stored as problems and reported as FILE:LINE; --strict
# makes the first one fatal (exit 2, nothing imported); the database
# passes integrity_check.  Also: usage errors, stdin, format sniffing.
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"

cat >good <<'EOT'
100   openat(AT_FDCWD, "/etc/hosts", O_RDONLY) = 3
100   read(3, "x", 1) = 1
100   close(3) = 0
EOT

test_expect_success 'setup: a log with every kind of bad line' '
	{
		head -n 1 good &&
		printf "100   \000\001\002 binary\377garbage\000\n" &&
		head -c 4096 /dev/urandom | tr -d "\n" && echo &&
		sed -n 2p good &&
		printf "100   frobnicate(1, 2) = 0\n" &&
		printf "100   write(1, \"" &&
		head -c 20971520 /dev/zero | tr "\000" a &&
		printf "\", 20971520) = 20971520\n" &&
		sed -n 3p good &&
		printf "100   openat(AT_FDCWD, \"/etc/pass"
	} >bad.log &&
	test $(wc -l <bad.log) = 7
'

test_expect_success 'the valid lines are imported, the bad ones reported' '
	syscensus import -o bad.db bad.log 2>err &&
	grep -q "^syscensus: bad.log:2: NUL byte" err &&
	grep -q "^syscensus: bad.log:3: " err &&
	grep -q "^syscensus: bad.log:5: unknown syscall .frobnicate." err &&
	grep -q "^syscensus: bad.log:6: line longer than 1 MiB" err &&
	grep -q "^syscensus: bad.log:8: truncated last line" err &&
	grep -q "run 1: 1 files, 8 lines, 3 calls, 3 distinct syscalls, 5 bad lines" err &&
	sql bad.db "SELECT syscall, calls FROM observed ORDER BY 1" >actual &&
	printf "close|1\nopenat|1\nread|1\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'every bad line is stored as a problem' '
	sql bad.db "SELECT file, line FROM problems ORDER BY line" >actual &&
	printf "bad.log|%s\n" 2 3 5 6 8 >expect &&
	test_cmp expect actual &&
	test "$(sql bad.db "SELECT lines || \" \" || bad_lines FROM runs")" = "8 5"
'

test_expect_success 'the database passes integrity_check' '
	test "$(sql bad.db "PRAGMA integrity_check")" = ok
'

# (an ASan build carries shadow memory: only a loose bound there)
limit=65536
ldd "$SYSCENSUS" 2>/dev/null | grep -q libasan && limit=524288
if have /usr/bin/time; then
	test_expect_success 'memory stays flat on the 20 MB line (< 64 MiB)' '
		/usr/bin/time -f %M -o rss "$SYSCENSUS" import -q -o rss.db \
			bad.log &&
		test "$(tail -n 1 rss)" -lt $limit
	'
else
	test_skip 'memory stays flat on the 20 MB line' 'no /usr/bin/time'
fi

test_expect_success 'only the first 10 bad lines are printed, all are stored' '
	for i in $(seq 1 25); do echo "garbage line $i"; done >many.log &&
	cat good >>many.log &&
	syscensus import -o many.db many.log 2>err &&
	test "$(grep -c "^syscensus: many.log:" err)" = 10 &&
	grep -q "and 15 more bad lines" err &&
	test "$(sql many.db "SELECT count(*) FROM problems")" = 25 &&
	test "$(sql many.db "SELECT sum(calls) FROM observed")" = 3
'

test_expect_success '--strict: the first bad line is fatal, nothing imported' '
	test_expect_code 2 syscensus import --strict -o strict.db bad.log 2>err &&
	grep -q "bad.log:2: NUL byte" err &&
	! grep -q "bad.log:3" err &&
	test "$(sql strict.db "SELECT count(*) FROM runs")" = 0 &&
	test "$(sql strict.db "SELECT count(*) FROM syscalls")" = 0 &&
	test "$(sql strict.db "PRAGMA integrity_check")" = ok
'

test_expect_success '--strict accepts a clean log' '
	syscensus import --strict -q -o clean.db good &&
	test "$(sql clean.db "SELECT sum(calls) FROM observed")" = 3
'

test_expect_success 'an unreadable input is exit 2 and imports nothing' '
	test_expect_code 2 syscensus import -o un.db good no-such-file 2>err &&
	grep -q "no-such-file" err &&
	test "$(sql un.db "SELECT count(*) FROM runs")" = 0
'

test_expect_success 'usage errors are exit 2' '
	test_expect_code 2 syscensus import -o u.db 2>err &&
	grep -q "nothing to import" err &&
	test_expect_code 2 syscensus import --format xml good 2>err &&
	grep -q "unknown format" err &&
	test_expect_code 2 syscensus import --bogus good 2>err
'

test_expect_success '--help prints the usage, exit 0' '
	syscensus import --help >out &&
	grep -q "usage: syscensus import" out &&
	grep -q -- "--strict" out
'

test_expect_success 'standard input, --phase, -q, the default database' '
	syscensus import -q --phase startup - <good 2>err &&
	test ! -s err &&
	test -f syscensus.db &&
	test "$(sql syscensus.db "SELECT DISTINCT phase FROM observed")" = startup &&
	SYSCENSUS_DB=env.db syscensus import -q good &&
	test "$(sql env.db "SELECT sum(calls) FROM observed")" = 3 &&
	test "$(sql syscensus.db "SELECT path FROM run_files")" = -
'

test_expect_success 'the summary line names the run, files, lines, calls' '
	syscensus import -o sum.db good good 2>err &&
	grep -qx "syscensus: run 1: 2 files, 6 lines, 6 calls, 3 distinct syscalls, 0 bad lines" err
'

test_expect_success 'a directory with nothing to import is an error' '
	mkdir empty &&
	test_expect_code 2 syscensus import -o e.db empty 2>err &&
	grep -q "no files" err
'

test_done
