#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# report --compare OLD.db: syscalls, executables and phases that appeared
# or vanished since a baseline, and per executable the syscalls it started
# or stopped making (with phases and first caller).  The fixture daemon
# recorded twice, the second time with SVCD_SELFTEST=1, shows the uname
# it added, called from do_selftest.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/store-lib.sh"
. "$top_srcdir/tests/integration/reports-lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"

# add DB PHASE EXE SYSCALL: one observed row.
add() {
	sql "$1" "INSERT OR IGNORE INTO phases(name) VALUES ('$2');
		INSERT OR IGNORE INTO exes(path) VALUES ('$3');
		INSERT INTO syscalls(run_id, phase_id, exe_id, arch, syscall, nr,
			calls) SELECT 1, p.id, x.id, 'x86_64', '$4', 0, 1
			FROM phases AS p, exes AS x WHERE p.name = '$2'
			AND x.path = '$3'"
}

test_expect_success 'two stores: a syscall, a program and a phase change' '
	mkdb old.db && mkdb new.db &&
	add old.db startup /usr/sbin/food read &&
	add old.db startup /usr/sbin/food close &&
	add old.db steady /usr/sbin/food fsync &&
	add old.db startup /usr/bin/helper getpid &&
	add new.db startup /usr/sbin/food read &&
	add new.db startup /usr/sbin/food close &&
	add new.db reload /usr/sbin/food fdatasync &&
	add new.db reload /usr/sbin/food read &&
	add new.db startup /usr/bin/worker getpid
'

test_expect_success 'text: what appeared and vanished' '
	syscensus report --db new.db --compare old.db >out &&
	cat >expect <<-\EOT &&
	syscensus report --compare: changes since old.db
	syscalls appeared (1): fdatasync
	syscalls vanished (1): fsync
	executables appeared (1): /usr/bin/worker
	executables vanished (1): /usr/bin/helper
	phases appeared (1): reload
	phases vanished (1): steady

	/usr/sbin/food
	  + fdatasync  in reload
	  - fsync  in steady
	EOT
	test_cmp expect out
'

test_expect_success 'json: the same, for scripts' '
	syscensus report --db new.db --compare old.db --format json >c.json &&
	$PY - c.json <<-\EOT
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["syscalls"] == {"appeared": ["fdatasync"], "vanished": ["fsync"]}, d
	assert d["executables"]["appeared"] == ["/usr/bin/worker"], d
	assert d["phases"] == {"appeared": ["reload"], "vanished": ["steady"]}, d
	b = d["by_executable"]
	assert [e["exe"] for e in b] == ["/usr/sbin/food"], b
	assert b[0]["appeared"] == [{"syscall": "fdatasync", "phases": ["reload"]}], b
	EOT
'

test_expect_success 'the same store: nothing changed' '
	syscensus report --db new.db --compare new.db >same &&
	grep -q "^syscalls appeared (0): none$" same &&
	test "$(grep -c "(0): none$" same)" = 6
'

test_expect_success 'errors: no baseline, html' '
	test_expect_code 2 syscensus report --db new.db --compare nope.db 2>err &&
	grep -q "no database" err &&
	test_expect_code 2 syscensus report --db new.db --compare old.db \
		--format html 2>err &&
	grep -q "text, md or json" err
'

if (require_svcd_stacks) >/dev/null 2>&1; then
	require_svcd_stacks
	test_expect_success 'svcd: uname appears with SVCD_SELFTEST=1, from do_selftest' '
		record_svcd base.db &&
		record_svcd self.db SVCD_SELFTEST=1 &&
		syscensus report --db self.db --compare base.db >svcd.out &&
		cat svcd.out &&
		grep -q "^syscalls appeared ([0-9]*):.* uname" svcd.out &&
		grep -q "^  + uname  in startup  called from do_selftest+0x[0-9a-f]* <- main+0x" svcd.out &&
		! grep -q "^syscalls vanished.*uname" svcd.out &&
		syscensus report --db base.db --compare self.db >rev.out &&
		grep -q "^  - uname  in startup$" rev.out
	'
else
	test_skip 'svcd: uname appears with SVCD_SELFTEST=1, from do_selftest' \
		"svcd cannot be traced with stacks here"
fi

test_done
