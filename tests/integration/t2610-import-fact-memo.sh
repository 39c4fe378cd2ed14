#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The strace importer's hot-path caches (issue 13) must not change a
# count: the aggregator hint per syscall number, and the memo that counts
# a decisive argument repeated by the same call without the facts table.
# Two executables alternate on the same call and value (the memo is per
# call, the count per executable), long values that share their first and
# last eight bytes stay apart, and enough distinct paths go by to flush
# the facts table in the middle of the file while one call repeats its
# value (socket AF_UNIX): the memo must not count into a flushed entry.
# A file (two threads) and a pipe give the same rows.
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"

N=20000

test_expect_success 'setup: a log of repeated decisive arguments' '
	awk -v n=$N "BEGIN {
		print \"100 execve(\\\"/bin/a\\\", [\\\"a\\\"], 0x1 /* 0 vars */) = 0\"
		print \"200 execve(\\\"/bin/b\\\", [\\\"b\\\"], 0x1 /* 0 vars */) = 0\"
		for (i = 0; i < n; i++) {
			print \"100 fcntl(3, F_SETLK, {l_type=F_RDLCK, l_whence=SEEK_SET, l_start=0, l_len=1}) = 0\"
			print \"200 fcntl(3, F_SETLK, {l_type=F_RDLCK, l_whence=SEEK_SET, l_start=0, l_len=1}) = 0\"
			print \"100 fcntl(3, F_GETFL)                   = 0x2 (flags O_RDWR)\"
			print \"100 openat(AT_FDCWD, \\\"/tmp/f\" i \"\\\", O_RDONLY) = 3\"
			print \"100 socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 4\"
			v = i % 2 ? \"ABCDEFGH_X_12345678\" : \"ABCDEFGH_Y_12345678\"
			print \"200 ioctl(3, \" v \", 0x7ffd1234) = 0\"
		}
	}" >memo.log &&
	test $(wc -l <memo.log) -eq $((6 * N + 2))
'

rows() {
	sqlite3 -batch -noheader -separator '|' "$1" "
		SELECT 'call', e.path, s.syscall, s.calls FROM syscalls s
		JOIN exes e ON e.id = s.exe_id ORDER BY 2, 3;
		SELECT 'arg', e.path, f.syscall, f.value, f.count FROM facts f
		JOIN exes e ON e.id = f.exe_id WHERE f.kind = 'arg'
		ORDER BY 2, 3, 4;
		SELECT 'paths', count(*), sum(count) FROM facts
		WHERE kind = 'path' AND syscall = 'openat'"
}

test_expect_success 'every call and every argument counted once, per executable' '
	syscensus import -q --no-scan -o file.db memo.log &&
	rows file.db >actual &&
	cat >expect <<-EOT &&
	call|/bin/a|execve|1
	call|/bin/a|fcntl|$((2 * N))
	call|/bin/a|openat|$N
	call|/bin/a|socket|$N
	call|/bin/b|execve|1
	call|/bin/b|fcntl|$N
	call|/bin/b|ioctl|$N
	arg|/bin/a|fcntl|1=F_GETFL|$N
	arg|/bin/a|fcntl|1=F_SETLK|$N
	arg|/bin/a|socket|0=AF_UNIX|$N
	arg|/bin/b|fcntl|1=F_SETLK|$N
	arg|/bin/b|ioctl|1=ABCDEFGH_X_12345678|$((N / 2))
	arg|/bin/b|ioctl|1=ABCDEFGH_Y_12345678|$((N / 2))
	paths|$N|$N
	EOT
	test_cmp expect actual
'

test_expect_success 'a pipe (one thread) gives the same rows' '
	cat memo.log | syscensus import -q --no-scan -o pipe.db - &&
	rows pipe.db >actual.pipe &&
	test_cmp expect actual.pipe
'

test_done
