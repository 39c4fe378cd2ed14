#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Unexercised findings (static reach: the code reaches a syscall the
# trace never saw and the policy denies) in the CI formats: a skipped
# JUnit testcase with the reason (read back by junitparser), a SARIF
# result of the unexercised rule (validated), a GitHub ::warning, and a
# row of the HTML report's policy section; equal to check --format json.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/store-lib.sh"
. "$top_srcdir/tests/integration/reports-lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"

test_expect_success 'a store whose program reaches uname, never called' '
	mkdb u.db &&
	sql u.db "INSERT INTO phases(id, name) VALUES (10, '\''startup'\'');
		INSERT INTO exes(id, path) VALUES (20, '\''/usr/sbin/food'\'');
		INSERT INTO syscalls(run_id, phase_id, exe_id, arch, syscall, nr,
			calls, errors) VALUES
			(1, 10, 20, '\''x86_64'\'', '\''read'\'', 0, 30, 0),
			(1, 10, 20, '\''x86_64'\'', '\''close'\'', 3, 2, 0);
		INSERT INTO reach VALUES
			(20, '\''x86_64'\'', '\''uname'\'', '\''direct'\'',
			 '\''uname@GLIBC_2.2.5'\''),
			(20, '\''x86_64'\'', '\''read'\'', '\''direct'\'',
			 '\''read@GLIBC_2.2.5'\'');" &&
	printf "close\nread\n" >p.list &&
	syscensus check --db u.db --policy p.list --format json >u.json &&
	$PY -c "import json; u = json.load(open(\"u.json\"))[\"unexercised\"]
assert [x[\"syscall\"] for x in u] == [\"uname\"], u"
'

if $PY -c "import junitparser" 2>/dev/null; then
	test_expect_success 'junit: a skipped testcase with the reason' '
		syscensus check --db u.db --policy p.list --format junit \
			-o u.xml &&
		$PY - u.xml <<-\EOT
		import sys
		from junitparser import JUnitXml, Skipped
		x = JUnitXml.fromfile(sys.argv[1])
		s = list(x)[0]
		assert s.tests == 3 and s.skipped == 1 and s.failures == 0, s
		c = [c for c in s if c.name == "unexercised/uname"][0]
		assert isinstance(c.result[0], Skipped), c.result
		assert "uname@GLIBC_2.2.5" in c.result[0].message
		EOT
	'
else
	test_skip 'junit: a skipped testcase with the reason' \
		"python3-junitparser is not installed ($PY)"
fi

test_expect_success 'sarif: a result of the unexercised rule, at its line' '
	syscensus check --db u.db --policy p.list --format sarif -o u.sarif &&
	$PY - u.sarif <<-\EOT
	import json, sys
	s = json.load(open(sys.argv[1]))
	r = [r for r in s["runs"][0]["results"] if r["ruleId"] == "unexercised"]
	assert len(r) == 1 and r[0]["properties"]["syscall"] == "uname", r
	assert "uname" in r[0]["message"]["text"] and r[0]["level"] == "warning"
	l = r[0]["locations"][0]["physicalLocation"]
	assert l["artifactLocation"]["uri"] == "p.list"
	assert l["region"]["startLine"] == 2, l
	EOT
'

if SARIF; then
	test_expect_success 'sarif-multitool validates it' '
		sarif_validate u.sarif
	'
else
	test_skip 'sarif-multitool validates it' "sarif-multitool is not installed"
fi

test_expect_success 'github: a ::warning line' '
	syscensus check --db u.db --policy p.list --format github >gh &&
	grep -q "^::warning file=p.list,line=2,title=unexercised uname::uname: reachable in /usr/sbin/food" gh
'

test_expect_success 'html --policy: listed as unexercised' '
	syscensus report --db u.db --format html --policy p.list -o u.html &&
	grep -q "<tr class=k><td class=mono><span class=\"pill k\">uname</span>" u.html &&
	grep -q ">1 unexercised</span>" u.html
'

test_done
