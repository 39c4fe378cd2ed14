#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The one line loop of the importers (analyzer/import/lines.c): every
# format gets the same lines whether a file is read by two threads in
# chunks or a pipe by one, with line numbers, CRLF, NUL bytes and lines
# longer than the format allows handled once for all.
. "$top_srcdir/tests/integration/lib.sh"

cat "$FIXTURES"/strace/*.log >base.log

test_expect_success 'strace: a file read in chunks stores the facts a pipe stores' '
	: >big.log &&
	while [ "$(wc -c <big.log)" -lt 6000000 ]; do
		cat base.log >>big.log
		# a call whose path argument crosses the 256 KiB chunks
		printf "%s\n" "1 openat(AT_FDCWD, \"/$(head -c 700000 /dev/zero | tr "\0" d)\", O_RDONLY) = -1 ENOENT (No such file or directory)" >>big.log
	done &&
	test_expect_code 0 syscensus import -q -o file.db big.log &&
	cat big.log | syscensus import -q -o pipe.db - &&
	test -s pipe.db &&
	q="SELECT phase, exe, arch, syscall, calls, errors FROM observed ORDER BY 1, 2, 3, 4" &&
	sql file.db "$q" >file.out && sql pipe.db "$q" >pipe.out &&
	test -s file.out && test_cmp pipe.out file.out &&
	q="SELECT kind, value, syscall, count FROM facts ORDER BY 1, 2, 3" &&
	sql file.db "$q" >file.f && sql pipe.db "$q" >pipe.f &&
	test -s file.f && test_cmp pipe.f file.f &&
	# the long path is a fact (4 KiB at most are kept: none here), the
	# long calls are counted
	n=$(grep -c "^1 openat(AT_FDCWD, \"/ddd" big.log) &&
	test "$(sql file.db "SELECT sum(calls) FROM observed WHERE syscall = '\''openat'\'' AND errors > 0")" -ge "$n" &&
	sql file.db "SELECT lines, bad_lines FROM runs" >file.n &&
	sql pipe.db "SELECT lines, bad_lines FROM runs" >pipe.n &&
	test_cmp pipe.n file.n &&
	test "$(cut -d"|" -f1 file.n)" -eq "$(wc -l <big.log)"
'

test_expect_success 'audit: CRLF, NUL and over-long lines, numbered as in the file' '
	A="$FIXTURES/kb/audit/seccomp-kills.log" &&
	{ sed "s/\$/\r/" "$A"; printf "type=SECCOMP x\0y\n";
	  head -c 70000 /dev/zero | tr "\0" a; echo; cat "$A"; } >a.log &&
	n=$(wc -l <"$A") &&
	test_expect_code 0 syscensus import -o a.db --format audit a.log 2>err &&
	cat err &&
	grep -q "a.log:$((n + 1)): binary data in an audit record" err &&
	grep -q "a.log:$((n + 2)): line too long for an audit record" err &&
	test "$(sql a.db "SELECT lines, bad_lines FROM runs")" = "$((2 * n + 2))|2" &&
	sql a.db "SELECT count(*) FROM kills" >kills &&
	syscensus import -q -o one.db --format audit "$A" &&
	test "$(cat kills)" -eq "$((2 * $(sql one.db "SELECT count(*) FROM kills")))"
'

test_expect_success 'journal: the same line rules, a pipe stops at an over-long line' '
	J="$FIXTURES/kb/journal/kills.txt" &&
	{ cat "$J"; printf "Nov 28 14:00:01 h k[1]: x\0y\n"; } >j.log &&
	test_expect_code 0 syscensus import -o j.db --format journal j.log 2>err &&
	grep -q "j.log:$(($(wc -l <"$J") + 1)): binary data in a journal line" err &&
	{ cat "$J"; head -c 300000 /dev/zero | tr "\0" a; echo; } >long.log &&
	test_expect_code 0 syscensus import -q -o f.db --format journal long.log &&
	! cat long.log | syscensus import -q -o p.db --format journal - 2>err &&
	grep -q "longer than 262144 bytes: not a journal (a stream stops at the first one)" err
'

test_done
