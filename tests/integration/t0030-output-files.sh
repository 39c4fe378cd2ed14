#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Output files (emit, report, diff/check, lint, inspect -o FILE): never an
# SQLite database nor an input of the same command, written atomically
# (a 0600 temporary file renamed over the path), a file of another user or
# a symlink replaced rather than written through, stdout without -o; and
# --db names the database in every command that writes one.
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"

test_expect_success 'setup: a database' '
	printf "100 getpid() = 100\n100 getppid() = 1\n" >a.log &&
	syscensus import -q --db app.db a.log &&
	printf "getpid\ngetppid\n" >app.allowlist &&
	cp app.db keep.db
'

test_expect_success 'emit -o DB refuses to overwrite the database it reads' '
	test_must_fail syscensus emit --db app.db --format list -o app.db \
		2>err &&
	grep -q "app.db" err &&
	cmp app.db keep.db &&
	test "$(sql app.db "SELECT count(*) FROM runs")" = 1
'

test_expect_success 'emit -o ANOTHER.db refuses any SQLite database' '
	cp keep.db other.db &&
	test_must_fail syscensus emit --db app.db --format list -o other.db \
		2>err &&
	grep -q "SQLite database" err &&
	cmp other.db keep.db
'

test_expect_success 'report and check refuse a database as output too' '
	cp keep.db other.db &&
	test_must_fail syscensus report --db app.db -o other.db 2>err &&
	grep -q "SQLite database" err &&
	test_must_fail syscensus check --db app.db --policy app.allowlist \
		-o other.db 2>err &&
	cmp other.db keep.db
'

test_expect_success 'check -o POLICY refuses its own input' '
	cp app.allowlist keep.allowlist &&
	test_must_fail syscensus check --db app.db --policy app.allowlist \
		-o app.allowlist 2>err &&
	grep -q "input" err &&
	cmp app.allowlist keep.allowlist
'

test_expect_success 'the same through a symlink (same inode)' '
	ln -s app.db link.db &&
	test_must_fail syscensus emit --db link.db --format list -o app.db &&
	cmp app.db keep.db
'

test_expect_success 'an output is written 0600 and complete' '
	syscensus emit --db app.db --format list --no-siblings -o out.list &&
	printf "getpid\ngetppid\n" >expect &&
	test_cmp expect out.list &&
	test "$(stat -c %a out.list)" = 600
'

test_expect_success 'an existing 0666 file is replaced, not written into' '
	echo old >shared.list &&
	chmod 666 shared.list &&
	ino=$(stat -c %i shared.list) &&
	syscensus emit --db app.db --format list --no-siblings \
		-o shared.list &&
	test "$(stat -c %a shared.list)" = 600 &&
	test "$(stat -c %i shared.list)" != "$ino" &&
	test_cmp expect shared.list
'

test_expect_success 'a file of another user is replaced by ours, 0600' '
	id nobody >/dev/null 2>&1 || { echo "# no user nobody"; exit 0; }
	echo theirs >theirs.list &&
	chown nobody theirs.list 2>/dev/null &&
	chmod 666 theirs.list &&
	syscensus emit --db app.db --format list --no-siblings \
		-o theirs.list &&
	test "$(stat -c %u theirs.list)" = "$(id -u)" &&
	test "$(stat -c %a theirs.list)" = 600
'

test_expect_success 'a symlink is replaced, its target untouched' '
	echo target >target.txt &&
	ln -s target.txt sym.list &&
	syscensus emit --db app.db --format list --no-siblings -o sym.list &&
	test ! -L sym.list &&
	test_cmp expect sym.list &&
	test "$(cat target.txt)" = target
'

# a write that fails (RLIMIT_FSIZE 0, SIGXFSZ ignored: EFBIG) on a database
# in rollback-journal mode, which reading does not write to
test_expect_success 'a failed write leaves the old file and no temporary' '
	mkdir fail && cp keep.db fail/r.db &&
	sql fail/r.db "PRAGMA journal_mode = DELETE" >/dev/null &&
	echo old >fail/x.list &&
	msg=$(
		trap "" XFSZ && ulimit -f 0 &&
		"$SYSCENSUS" emit --db fail/r.db --format list \
			-o fail/x.list 2>&1
		echo "status $?"
	) &&
	echo "$msg" &&
	echo "$msg" | grep -q "cannot write .fail/x.list" &&
	! echo "$msg" | grep -q "status 0" &&
	test "$(cat fail/x.list)" = old &&
	test "$(ls -A fail | sort | tr "\n" " ")" = "r.db x.list "
'

test_expect_success 'a directory is refused' '
	mkdir -p adir &&
	test_must_fail syscensus emit --db app.db --format list -o adir \
		2>err &&
	grep -q directory err
'

test_expect_success 'a device is written in place (/dev/null)' '
	syscensus emit --db app.db --format list -o /dev/null &&
	test -c /dev/null
'

# /proc/self/fd/1 rather than /dev/stdout: a syscensus without the fix
# would replace the /dev/stdout link itself by rename (as root).
test_expect_success '-o /proc/self/fd/1 is standard output itself (>> appends)' '
	echo first >app.out &&
	syscensus emit --db app.db --format list --no-siblings \
		-o /proc/self/fd/1 >>app.out &&
	printf "first\ngetpid\ngetppid\n" >expect3 &&
	test_cmp expect3 app.out
'

test_expect_success 'every emit format writes to stdout without -o' '
	for f in list systemd oci minijail c bpf pfc; do
		syscensus emit --db app.db --format $f >out.$f ||
			{ echo "$f failed"; exit 1; }
		test -s out.$f || { echo "$f empty"; exit 1; }
	done &&
	for f in text md json; do
		syscensus report --db app.db --format $f >rep.$f &&
		test -s rep.$f || exit 1
	done
'

test_expect_success '--db names the database in import, mark, merge, record' '
	syscensus import -q --db d1.db a.log &&
	test "$(sql d1.db "SELECT count(*) FROM runs")" = 1 &&
	syscensus merge -q --db d2.db d1.db &&
	test "$(sql d2.db "SELECT count(*) FROM runs WHERE kind = '\''import'\''")" = 1 &&
	test_expect_code 3 syscensus mark --db d9.db x 2>/dev/null &&
	for c in record attach mark import verify merge; do
		syscensus $c --help | grep -q -- "--db DB" ||
			{ echo "$c --help: no --db"; exit 1; }
	done &&
	for c in emit report diff check lint inspect; do
		syscensus $c --help | grep -q -- "-o, --output FILE *the output file" ||
			{ echo "$c --help: -o unexplained"; exit 1; }
	done
'

test_done
