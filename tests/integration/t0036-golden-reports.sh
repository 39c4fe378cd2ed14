#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Golden outputs of the human formats (issue 11): `report` in text (the
# matrix and --long, at a fixed width), md and html (with and without
# --policy, and a matrix big enough to be written compact), and
# `report --compare` in text, md and json, byte for byte, on the fixtures
# t0035 imports.  The renderers were moved from a JSON tree to the C model
# under these tests: what people read must not change with the code that
# writes it.  Only the times of the runs (the moment of the import) and
# the fields t0035 normalises are replaced.  After an intended change,
# regenerate with
#   SYSCENSUS_GOLDEN_UPDATE=1 make check TESTS=tests/integration/t0036-golden-reports.sh
# and review the diff of tests/golden/ like code.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/store-lib.sh"

GOLDEN="$top_srcdir/tests/golden"
COLUMNS=100
export COLUMNS

# normalise <file: times, the binary's path (html shows the command of a
# run), and the JSON keys t0035 normalises
normalise() {
	sed -e "s|$SYSCENSUS|syscensus|g" \
	    -e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z/T/g' \
	    -e 's/^\( *"\(command\|started\|ended\|hostname\|kernel\|tool_version\|database\|generated_by\)": \)".*"\(,\{0,1\}\)$/\1"X"\3/'
}

# golden NAME CMD...: CMD's standard output (normalised) equals
# tests/golden/NAME; its exit status is written to NAME's last line
golden() {
	name=$1 && shift &&
	{ "$@" 2>"$name.err" </dev/null; echo "exit $?"; } | normalise >"$name.out" &&
	if [ -n "${SYSCENSUS_GOLDEN_UPDATE:-}" ]; then
		cp "$name.out" "$GOLDEN/$name" && chmod 644 "$GOLDEN/$name"
	fi &&
	test_cmp "$GOLDEN/$name" "$name.out"
}

for f in demo/sqlite-wal.strace args/mixed.log layers/app-strace.log \
	check-args/multiarch.strace check-args/unix.strace \
	check-args/clone-newnet.strace kb/strace/wal-thread-handler.log \
	kb/audit/seccomp-kills.log kb/journal/kills.txt; do
	cp "$FIXTURES/$f" . || exit 1
done
for f in main.policy common.policy main.frequency; do
	cp "$FIXTURES/policies-io/$f" . || exit 1
done

test_expect_success 'import the fixtures (strace, audit, journal)' '
	syscensus import -q -o g.db sqlite-wal.strace mixed.log \
		app-strace.log multiarch.strace unix.strace clone-newnet.strace \
		wal-thread-handler.log &&
	syscensus import -q -o k.db seccomp-kills.log &&
	syscensus import -q -o k.db kills.txt &&
	head -n 1500 sqlite-wal.strace >part.strace &&
	syscensus import -q -o base.db part.strace mixed.log
'

test_expect_success 'report --format text, the matrix and --long' '
	golden report.txt syscensus report --db g.db &&
	golden report-long.txt syscensus report --db g.db --long &&
	golden report-kills.txt syscensus report --db k.db &&
	golden report-kills-long.txt syscensus report --db k.db --long
'

test_expect_success 'report --format md' '
	golden report.md syscensus report --db g.db --format md &&
	golden report-kills.md syscensus report --db k.db --format md
'

test_expect_success 'report --format html, with and without --policy' '
	golden report.html syscensus report --db g.db --format html &&
	golden report-policy.html syscensus report --db g.db --format html \
		--policy main.policy &&
	golden report-kills.html syscensus report --db k.db --format html
'

# with_sqlite TITLE BODY: the tests that plant rows with the sqlite3
# command-line tool (in scripts/install-deps.sh), skipped without it
with_sqlite() {
	if have sqlite3; then
		test_expect_success "$1" "$2"
	else
		test_skip "$1" "the sqlite3 command-line tool is not installed"
	fi
}

# planted: traced strings in a phase, a path, a stack, a kill's file and a
# journal kill's detail; a kill with only a number, named from it
PLANT="INSERT INTO phases(id, name) VALUES
		(115, '<script>alert(1)</script>');
	INSERT INTO exes(id, path) VALUES (200, '/x/\"onload=\"alert(2)\"<b>');
	INSERT INTO stacks(id, frames) VALUES (5,
		'<svg onload=alert(4)>+0x1 (/x/\"onload=\"alert(2)\"<b>)');
	INSERT INTO syscalls(run_id, phase_id, exe_id, arch, syscall, nr,
		calls, errors, first_stack_id) VALUES
		(1, 115, 200, 'x86_64', 'read', 0, 4000, 3, 5);
	INSERT INTO facts VALUES (1, 115, 200, 'path',
		'/etc/<iframe src=x>', 'read', 2);
	INSERT INTO kills(run_id, pid, exe, arch, nr, syscall, source,
		file, line, detail) VALUES
		(1, 7, '/x/\"onload=\"alert(2)\"<b>', 'x86_64', 0, NULL,
		 'audit', 'a|b*.log', 3, NULL),
		(1, 8, 'unit|x*', NULL, NULL, NULL, 'journal', NULL, NULL,
		 'status=31/SYS <i>'),
		(1, NULL, NULL, NULL, NULL, NULL, 'journal', NULL, NULL, NULL);"

with_sqlite 'report in every format: stacks, kills, escaping' '
	mkdb s.db &&
	sql s.db "$PLANT" &&
	sql s.db "INSERT INTO phases(id, name) VALUES (116, '\''reload'\'');
		INSERT INTO syscalls(run_id, phase_id, exe_id, arch, syscall, nr,
			calls, errors) VALUES
		(1, 116, 200, '\''x86_64'\'', '\''read'\'', 0, 12, 0),
		(1, 116, 200, '\''x86'\'', '\''close'\'', 6, 1, 1),
		(1, 116, 200, '\''x86_64'\'', CAST(X'\''625c01ff0a'\'' AS TEXT),
		 999, 2, 0)" &&
	golden report-s.txt syscensus report --db s.db &&
	golden report-s-long.txt syscensus report --db s.db --long &&
	golden report-s.md syscensus report --db s.db --format md &&
	golden report-s.html syscensus report --db s.db --format html &&
	golden report-s.json syscensus report --db s.db --format json
'

with_sqlite 'report, a matrix written compact (html) and split (text)' '
	mkdb big.db &&
	sql big.db "$PLANT" &&
	sql big.db "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1
			FROM n WHERE i < 15)
		INSERT INTO phases(id, name) SELECT 100 + i, '\''phase-'\'' || i
			FROM n WHERE i < 15;
		WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1
			FROM n WHERE i < 209)
		INSERT INTO syscalls(run_id, phase_id, exe_id, arch, syscall, nr,
			calls, errors, first_ns)
		SELECT 1, p.id, 200, '\''x86_64'\'', '\''syscall_'\'' || n.i,
			1000 + n.i, 1 + (n.i * 7919 + p.id * 31) % 100000,
			(n.i + p.id) % 3, p.id FROM n, phases AS p
			WHERE p.id >= 100 AND p.id < 115 AND (n.i + p.id) % 7 != 0" &&
	test "$(sql big.db "SELECT count(*) FROM syscalls")" -gt 2700 &&
	golden report-compact.html syscensus report --db big.db --format html &&
	grep -q "<table class=\"m c\">" report-compact.html.out &&
	golden report-compact.txt syscensus report --db big.db
'

test_expect_success 'report --compare in text, md and json' '
	golden compare.txt syscensus report --db g.db --compare base.db &&
	golden compare.md syscensus report --db g.db --compare base.db \
		--format md &&
	golden compare.json syscensus report --db g.db --compare base.db \
		--format json &&
	golden compare-back.txt syscensus report --db base.db --compare g.db
'

with_sqlite 'report --compare: a new syscall with its caller' '
	mkdb e.db &&
	sql e.db "INSERT INTO phases(id, name) VALUES (116, '\''reload'\'');
		INSERT INTO exes(id, path) VALUES
			(200, '\''/x/\"onload=\"alert(2)\"<b>'\'');
		INSERT INTO syscalls(run_id, phase_id, exe_id, arch, syscall, nr,
			calls, errors) VALUES
		(1, 116, 200, '\''x86'\'', '\''close'\'', 6, 1, 1),
		(1, 116, 200, '\''x86_64'\'', '\''<u>gone|*'\'', 1, 1, 0)" &&
	golden compare-s.txt syscensus report --db s.db --compare e.db &&
	golden compare-s.md syscensus report --db s.db --compare e.db \
		--format md &&
	golden compare-s.json syscensus report --db s.db --compare e.db \
		--format json
'

test_done
