#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Traced strings are hostile: an executable path with a Markdown pipe,
# backticks and a newline must not break the table of `diff --format md`
# or `report --format md`, nor reach a terminal raw in text output; JSON
# keeps it exactly.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/store-lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
have python3 || skip_all "python3 is needed to read the JSON output"

test_expect_success 'a store with a hostile executable path' '
	mkdb s.db &&
	sql s.db "INSERT INTO phases(id, name) VALUES (51, '\''x|y'\'');
		  INSERT INTO exes(id, path) VALUES (51, '\''/tmp/a|b\`rm -rf\`'\''
			|| char(10) || '\''## owned <b>x</b>'\'' || char(27) || '\''[31m'\'');
		  INSERT INTO syscalls(run_id, phase_id, exe_id, arch, syscall,
			nr, calls, errors) VALUES
			(1, 51, 51, '\''x86_64'\'', '\''getpid'\'', 39, 1, 0),
			(1, 51, 51, '\''x86_64'\'', '\''read'\'', 0, 1, 0);
		  INSERT INTO kills(run_id, pid, exe, syscall, source)
			SELECT 1, 7, path, '\''getpid'\'', '\''audit'\'' FROM exes WHERE id = 51;" &&
	printf "read\n" >p.list
'

test_expect_success 'diff --format md: one table row, everything escaped' '
	syscensus diff --db s.db --policy p.list --format md >out.md &&
	grep "^| getpid |" out.md >row &&
	test $(wc -l <row) = 1 &&
	grep -q "x\\\\|y" row &&
	grep -q "/tmp/a\\\\|b\\\\\`rm -rf\\\\\`" row &&
	! grep -q "^## owned" out.md &&
	! grep -q "<b>" out.md &&
	! grep -q "$(printf "\033")" out.md &&
	test -z "$(grep -A1 "^| getpid |" out.md | sed -n 2p)"
'

test_expect_success 'check --format md exits 1 and stays well formed' '
	test_expect_code 1 syscensus check --db s.db --policy p.list \
		--format md >out.md &&
	grep -q "^### syscensus: 1 uncovered syscall" out.md &&
	test $(grep -c "^| getpid |" out.md) = 1
'

test_expect_success 'report --format md: escaped in every table' '
	syscensus report --db s.db --format md >r.md &&
	! grep -q "^## owned" r.md &&
	! grep -q "<b>" r.md &&
	! grep -q "$(printf "\033")" r.md &&
	grep -c "/tmp/a\\\\|b" r.md >n &&
	test "$(cat n)" -ge 3
'

test_expect_success 'text output shows control characters escaped' '
	test_expect_code 1 syscensus check --db s.db --policy p.list >out &&
	grep -q "^uncovered: getpid in phase .x|y. of /tmp/a|b.rm -rf.\\\\n## owned <b>x</b>\\\\x1b\[31m \[x86_64\]" out &&
	! grep -q "$(printf "\033")" out &&
	syscensus report --db s.db >r.txt &&
	! grep -q "$(printf "\033")" r.txt &&
	! grep -q "^## owned" r.txt
'

test_expect_success 'a kill detail (no syscall) is escaped too' '
	sql s.db "INSERT INTO kills(run_id, exe, source, detail) VALUES
		(1, '\''evil.service'\'', '\''journal'\'',
		 '\''timeout | x'\'' || char(10) || '\''## owned <b>y</b>'\''
		 || char(27) || '\''[31m'\'');" &&
	syscensus report --db s.db >r.txt &&
	grep -q "^    why: timeout | x\\\\n## owned <b>y</b>\\\\x1b\[31m\$" r.txt &&
	! grep -q "$(printf "\033")" r.txt &&
	syscensus report --db s.db --format md >r.md &&
	grep -q "^- evil.service: timeout \\\\| x" r.md &&
	! grep -q "^## owned" r.md &&
	! grep -q "<b>" r.md &&
	! grep -q "$(printf "\033")" r.md
'

test_expect_success 'JSON keeps the path exactly' '
	test_expect_code 1 syscensus check --db s.db --policy p.list \
		--format json >j &&
	python3 -c "import json; d = json.load(open(\"j\"));
u = d[\"uncovered\"][0]
assert u[\"exe\"] == \"/tmp/a|b\`rm -rf\`\n## owned <b>x</b>\x1b[31m\", u
assert u[\"phase\"] == \"x|y\""
'

test_done
