#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The store: the public observed view, WAL mode, 0600, schema version,
# refusing files that are not ours.
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"

cat >log <<'EOT'
100   openat(AT_FDCWD, "/etc/hosts", O_RDONLY) = 3
100   read(3, "x", 1) = 1
100   close(3) = 0
100   exit_group(0) = ?
100   +++ exited with 0 +++
EOT

test_expect_success 'import creates a database 0600 in WAL mode' '
	syscensus import -o s.db log &&
	test "$(stat -c %a s.db)" = 600 &&
	test "$(sql s.db "PRAGMA journal_mode")" = wal
'

test_expect_success 'the observed view has the contract columns' '
	sql s.db "SELECT run_id, phase, exe, arch, syscall, calls, errors
		  FROM observed ORDER BY syscall" >out &&
	grep -q "^1|default|.*|x86_64|openat|1|0$" out &&
	test $(wc -l <out) = 4
'

test_expect_success 'user_version holds the schema version' '
	test "$(sql s.db "PRAGMA user_version")" -ge 1
'

test_expect_success 'a database of another program is refused' '
	sql other.db "CREATE TABLE t(x)" &&
	test_must_fail syscensus import -o other.db log 2>err &&
	grep -q "not a syscensus database" err
'

test_expect_success 'a newer schema is refused' '
	syscensus import -o new.db log &&
	sql new.db "PRAGMA user_version = 999" &&
	test_must_fail syscensus report --db new.db 2>err &&
	grep -q "newer syscensus" err
'

test_expect_success 'the database passes integrity_check' '
	test "$(sql s.db "PRAGMA integrity_check")" = ok
'

test_done
