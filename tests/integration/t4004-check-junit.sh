#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# check --format junit, read back by a real consumer (python3-junitparser,
# Debian's /usr/bin/python3): one testsuite per executable, one testcase
# per (phase, syscall) judged, named phase/syscall; uncovered syscalls are
# the failures, exactly those of check --format json, each message with
# the calls seen and the fix, the stack as its text.  Hostile names (XML
# markup in a path and a phase) come back intact.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/store-lib.sh"
. "$top_srcdir/tests/integration/reports-lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
$PY -c "import junitparser" 2>/dev/null ||
	skip_all "python3-junitparser is not installed ($PY)"

test_expect_success 'a store: two executables, hostile names, a stack' '
	mkdb s.db &&
	sql s.db "INSERT INTO phases(id, name) VALUES (10, '\''startup'\''),
			(11, '\''steady]]><x a=\"1\">&amp;'\'');
		INSERT INTO exes(id, path) VALUES (20, '\''/usr/sbin/food'\''),
			(21, '\''/opt/\"<bar>&x'\'');
		INSERT INTO stacks(id, frames) VALUES (5, '\''fsync+0x4 (/lib/libc.so.6)'\''
			|| char(10) || '\''save_state+0x10 (/usr/sbin/food)'\''
			|| char(10) || '\''main+0x99 (/usr/sbin/food)'\'');
		INSERT INTO syscalls(run_id, phase_id, exe_id, arch, syscall, nr,
			calls, errors, first_stack_id) VALUES
			(1, 10, 20, '\''x86_64'\'', '\''read'\'', 0, 30, 0, NULL),
			(1, 10, 20, '\''x86_64'\'', '\''close'\'', 3, 2, 0, NULL),
			(1, 11, 20, '\''x86_64'\'', '\''read'\'', 0, 7, 1, NULL),
			(1, 11, 20, '\''x86_64'\'', '\''fsync'\'', 74, 51, 0, 5),
			(1, 10, 21, '\''x86_64'\'', '\''read'\'', 0, 1, 0, NULL),
			(1, 10, 21, '\''x86_64'\'', '\''getpid'\'', 39, 4, 0, NULL);" &&
	printf "read\nclose\n" >p.list
'

cat >junit.py <<'EOT'
import json, sys
from junitparser import JUnitXml, Failure, Skipped, Error
xml = JUnitXml.fromfile(sys.argv[1])
d = json.load(open(sys.argv[2]))
want = sorted((u["exe"], u["phase"], u["syscall"]) for u in d["uncovered"])
got, cases, per_suite = [], [], {}
for suite in xml:
    n = f = 0
    for case in suite:
        phase, syscall = case.name.rsplit("/", 1)
        assert case.classname == suite.name, (case.classname, suite.name)
        cases.append((suite.name, phase, syscall))
        n += 1
        for r in case.result:
            assert isinstance(r, Failure), r
            got.append((suite.name, phase, syscall))
            f += 1
            assert r.type == "uncovered"
            assert syscall in r.message and "fix: add " + syscall in r.message, r.message
    assert suite.tests == n and suite.failures == f, (suite.name, suite.tests, n)
    per_suite[suite.name] = (n, f)
assert sorted(got) == want, (got, want)
print("\n".join("%s|%s|%s" % c for c in sorted(cases)))
EOT

test_expect_success 'junit: failures are exactly check --format json uncovered' '
	test_expect_code 1 syscensus check --db s.db --policy p.list \
		--format junit -o r.xml 2>err &&
	test "$(stat -c %a r.xml)" = 600 &&
	test_must_fail syscensus check --db s.db --policy p.list \
		--format json >r.json 2>/dev/null &&
	$PY junit.py r.xml r.json >cases &&
	sql s.db "SELECT DISTINCT exe || '\''|'\'' || phase || '\''|'\'' ||
		syscall FROM observed" | sort >expect &&
	sort cases >actual &&
	test_cmp expect actual
'

test_expect_success 'junit: the message counts calls, the text is the stack' '
	$PY - r.xml <<-\EOT
	import sys
	from junitparser import JUnitXml
	xml = JUnitXml.fromfile(sys.argv[1])
	fs = [(c, r) for s in xml for c in s for r in c.result]
	c, r = [x for x in fs if x[0].name.endswith("/fsync")][0]
	assert "51 calls seen" in r.message, r.message
	assert "save_state+0x10 <- main+0x99" in r.text, r.text
	assert "fsync+0x4 (/lib/libc.so.6)" in r.text, r.text
	c, r = [x for x in fs if x[0].name.endswith("/getpid")][0]
	assert "4 calls seen" in r.message and "no stack recorded" in r.text
	EOT
'

test_expect_success 'junit: attribute names Jenkins and GitLab read' '
	grep -q "^<testsuites name=\"syscensus check p.list\" tests=\"6\" failures=\"2\" errors=\"0\" skipped=\"0\"" r.xml &&
	grep -q "<testcase name=\"startup/read\" classname=\"/usr/sbin/food\"" r.xml &&
	grep -q "<failure type=\"uncovered\" message=\"" r.xml
'

test_expect_success 'junit: nothing uncovered, nothing fails' '
	printf "read\nclose\nfsync\ngetpid\n" >all.list &&
	syscensus check --db s.db --policy all.list --format junit >ok.xml &&
	$PY -c "from junitparser import JUnitXml
x = JUnitXml.fromfile(\"ok.xml\")
assert sum(s.failures for s in x) == 0 and sum(s.tests for s in x) == 6"
'

if (require_svcd_stacks) >/dev/null 2>&1; then
	require_svcd_stacks
	test_expect_success 'svcd: do_selftest is the caller in the failure text' '
		record_svcd d.db SVCD_SELFTEST=1 &&
		syscensus emit --db d.db --format list --no-siblings |
			grep -v "^uname$" >d.list &&
		test_must_fail syscensus check --db d.db --policy d.list \
			--format junit -o d.xml 2>/dev/null &&
		$PY - d.xml <<-\EOT
		import sys
		from junitparser import JUnitXml
		xml = JUnitXml.fromfile(sys.argv[1])
		fs = [(c, r) for s in xml for c in s for r in c.result]
		assert [c.name for c, r in fs] == ["startup/uname"], fs
		assert "first called from: do_selftest+0x" in fs[0][1].text
		EOT
	'
else
	test_skip 'svcd: do_selftest is the caller in the failure text' \
		"svcd cannot be traced with stacks here"
fi

test_done
