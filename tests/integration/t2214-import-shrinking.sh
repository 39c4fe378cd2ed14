#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# import of a big log read in chunks: a log truncated while it is read
# (logrotate's copytruncate) ends early instead of killing the importer
# with SIGBUS, and a file read in chunks counts what the same bytes on a
# pipe count, long lines across chunk boundaries included.
. "$top_srcdir/tests/integration/lib.sh"

cat "$FIXTURES"/strace/*.log >base.log
# LOG SIZE_MB: base.log repeated to SIZE_MB
grow() {
	: >"$1"
	while [ "$(($(wc -c <"$1") / 1048576))" -lt "$2" ]; do
		cat base.log base.log base.log base.log base.log base.log \
			base.log base.log >>"$1"
	done
}

test_expect_success 'a log truncated while it is imported: no SIGBUS' '
	grow big.log 96 &&
	full=$(wc -l <big.log) || exit 1
	"$SYSCENSUS" import -q -o t.db big.log &
	pid=$!
	# as soon as it is reading it: mapped, or 16 MiB read
	while kill -0 $pid 2>/dev/null &&
		! grep -q "big.log" /proc/$pid/maps 2>/dev/null &&
		[ "$(sed -n "s/^rchar: //p" /proc/$pid/io 2>/dev/null)" \
			-lt 16777216 ] 2>/dev/null; do
		:
	done
	truncate -s 100000 big.log || exit 1
	wait $pid
	st=$?
	say "import after truncation: exit $st" &&
	test "$st" -eq 0 &&
	lines=$(sql t.db "SELECT lines FROM runs") &&
	say "lines read: $lines of $full" &&
	test "$lines" -gt 0
'

test_expect_success 'a file read in chunks counts what a pipe counts' '
	grow mid.log 10 &&
	head -c 5000000 /dev/zero | tr "\0" x >long &&
	{ head -n 30000 mid.log; cat long; echo; cat mid.log; } >chunks.log &&
	test_expect_code 0 syscensus import -q -o file.db chunks.log 2>err1 &&
	test_expect_code 0 syscensus import -q -o pipe.db - <chunks.log 2>err2 &&
	q="SELECT phase, exe, arch, syscall, calls, errors FROM observed ORDER BY 1, 2, 3, 4" &&
	sql file.db "$q" >file.out &&
	sql pipe.db "$q" >pipe.out &&
	test -s file.out &&
	test_cmp pipe.out file.out &&
	sql file.db "SELECT lines, bad_lines FROM runs" >file.n &&
	sql pipe.db "SELECT lines, bad_lines FROM runs" >pipe.n &&
	test_cmp pipe.n file.n &&
	grep -q "|1$" file.n
'

test_done
