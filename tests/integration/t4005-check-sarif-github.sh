#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# check --format sarif and lint --format sarif, validated by Microsoft's
# SARIF multitool (it exits 0 even on errors: its output is read): one
# rule per finding kind, the policy file as the artifact, each result
# naming its syscall at the line of the rule that denies it or where an
# allow rule would go; results equal check --format json.  check --format
# github: ::error lines escaped as the Actions runner unescapes them.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/store-lib.sh"
. "$top_srcdir/tests/integration/reports-lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"

test_expect_success 'a store and policies whose lines are known' '
	mkdb s.db &&
	sql s.db "INSERT INTO phases(id, name) VALUES (10, '\''startup'\''),
			(11, '\''steady'\'');
		INSERT INTO exes(id, path) VALUES (20, '\''/usr/sbin/food'\'');
		INSERT INTO syscalls(run_id, phase_id, exe_id, arch, syscall, nr,
			calls, errors) VALUES
			(1, 10, 20, '\''x86_64'\'', '\''read'\'', 0, 30, 0),
			(1, 10, 20, '\''x86_64'\'', '\''getpid'\'', 39, 4, 0),
			(1, 11, 20, '\''x86_64'\'', '\''fsync'\'', 74, 51, 0),
			(1, 11, 20, '\''x86_64'\'', '\''futex'\'', 202, 9, 0);" &&
	printf "# food\nclose\nfutex\nread\n" >p.list &&
	printf "read: 1\nfutex: 1\nfsync: return 1\ngetpid: 1\n" >p.policy
'

cat >sarif.py <<'EOT'
import json, sys
s = json.load(open(sys.argv[1]))
d = json.load(open(sys.argv[2]))
lines = json.loads(sys.argv[3])
assert s["version"] == "2.1.0"
run = s["runs"][0]
ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
assert ids == ["uncovered", "unexercised", "kb-sibling", "lint-pitfall",
               "argument-value-denied"], ids
uri = run["artifacts"][0]["location"]["uri"]
res = run["results"]
unc = [r for r in res if r["ruleId"] in ("uncovered", "argument-value-denied")]
got = sorted((r["properties"]["syscall"], r["properties"]["phase"],
              r["properties"]["exe"]) for r in unc)
want = sorted((u["syscall"], u["phase"], u["exe"]) for u in d["uncovered"])
assert got == want, (got, want)
assert len([r for r in res if r["ruleId"] == "kb-sibling"]) == len(d["flags"])
for r in res:
    sc = r["properties"]["syscall"]
    assert sc in r["message"]["text"], r
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == uri, loc
    assert ids[r["ruleIndex"]] == r["ruleId"]
    if r["ruleId"] == "uncovered":
        assert loc["region"]["startLine"] == lines[sc], (sc, loc)
print(uri)
EOT

test_expect_success 'sarif: results are check --format json, at their lines' '
	test_must_fail syscensus check --db s.db --policy p.list \
		--format sarif -o p.sarif 2>/dev/null &&
	test_must_fail syscensus check --db s.db --policy p.list \
		--format json >p.json 2>/dev/null &&
	test "$($PY sarif.py p.sarif p.json "{\"fsync\": 2, \"getpid\": 3}")" = p.list
'

test_expect_success 'sarif: a denied syscall points at the rule that denies it' '
	test_must_fail syscensus check --db s.db --policy p.policy \
		--format sarif -o m.sarif 2>/dev/null &&
	test_must_fail syscensus check --db s.db --policy p.policy \
		--format json >m.json 2>/dev/null &&
	test "$($PY sarif.py m.sarif m.json "{\"fsync\": 3}")" = p.policy
'

test_expect_success 'sarif: an absolute policy path is a file:// URI' '
	test_must_fail syscensus check --db s.db --policy "$PWD/p.list" \
		--format sarif -o abs.sarif 2>/dev/null &&
	$PY -c "import json; s = json.load(open(\"abs.sarif\"))
u = s[\"runs\"][0][\"results\"][0][\"locations\"][0][\"physicalLocation\"][\"artifactLocation\"][\"uri\"]
assert u.startswith(\"file:///\") and u.endswith(\"/p.list\"), u"
'

if SARIF; then
	test_expect_success 'sarif-multitool validates check and lint SARIF' '
		sarif_validate p.sarif &&
		sarif_validate m.sarif &&
		sarif_validate abs.sarif &&
		test_expect_code 1 syscensus lint --format sarif \
			--policy "$FIXTURES/kb/policies/narrow.policy" -o l.sarif &&
		sarif_validate l.sarif
	'
	test_expect_success 'sarif_validate fails on an invalid file' '
		printf "{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {\"name\": \"x\"}}, \"results\": [{\"message\": {\"text\": \"a\"}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"C:\\\\\\\\bad\"}}}]}]}]}" >bad.sarif &&
		! sarif_validate bad.sarif
	'
else
	test_skip 'sarif-multitool validates check and lint SARIF' \
		"sarif-multitool is not installed (npm install -g @microsoft/sarif-multitool)"
fi

if SARIF && (require_svcd_stacks) >/dev/null 2>&1; then
	test_expect_success 'sarif: the demo gate on svcd validates, with stacks' '
		T="$top_builddir/tests/tracees" &&
		record_svcd d.db &&
		syscensus emit --db d.db --format list -o d.allowlist &&
		grep -v "^fdatasync$" d.allowlist >missing.allowlist &&
		test_must_fail syscensus check --db d.db \
			--policy missing.allowlist --format sarif \
			-o d.sarif 2>/dev/null &&
		sarif_validate d.sarif &&
		$PY - d.sarif <<-\EOT
		import json, sys
		s = json.load(open(sys.argv[1]))
		res = [r for r in s["runs"][0]["results"] if r["ruleId"] == "uncovered"]
		assert res and all(r["properties"]["syscall"] == "fdatasync" for r in res)
		assert all("stacks" in r for r in res), res
		EOT
	'
else
	test_skip 'sarif: the demo gate on svcd validates, with stacks' \
		"needs sarif-multitool and svcd traced with stacks"
fi

test_expect_success 'lint --format sarif: each pitfall at its line' '
	test_expect_code 1 syscensus lint --format sarif \
		--policy "$FIXTURES/kb/policies/narrow.policy" -o l.sarif &&
	syscensus lint --format json \
		--policy "$FIXTURES/kb/policies/narrow.policy" >l.json;
	$PY - l.sarif l.json <<-\EOT
	import json, sys
	s = json.load(open(sys.argv[1]))
	res = s["runs"][0]["results"]
	d = json.load(open(sys.argv[2]))
	assert len(res) == len(d["findings"]), (len(res), d)
	p = [r for r in res if "personality" in r["message"]["text"]][0]
	assert p["ruleId"] == "lint-pitfall" and p["level"] == "warning", p
	assert p["locations"][0]["physicalLocation"]["region"]["startLine"] == 9, p
	EOT
'

test_expect_success 'lint --format sarif needs --policy' '
	test_expect_code 2 syscensus lint --db s.db --format sarif 2>err &&
	grep -q "needs --policy" err
'

test_expect_success 'github: one ::error per uncovered row, at its line' '
	test_must_fail syscensus check --db s.db --policy p.list \
		--format github >gh 2>/dev/null &&
	grep "^::error " gh >errors &&
	test "$(wc -l <errors)" = 2 &&
	grep -q "^::error file=p.list,line=2,title=uncovered fsync::fsync: 51 calls in phase .steady. of /usr/sbin/food \[x86_64\]; the policy says kill-process%0Afix: add fsync to the allowlist$" gh &&
	grep -q "^::error file=p.list,line=3,title=uncovered getpid::" gh &&
	test "$(grep -vc "^::\(error\|warning\|notice\) file=" gh)" = 0
'

test_expect_success 'github: %, CR, LF, : and , escaped; no line injected' '
	mkdb h.db &&
	sql h.db "INSERT INTO phases(id, name) VALUES (10,
			'\''a%b'\'' || char(13) || char(10) || '\''::error file=x::pwned'\'');
		INSERT INTO exes(id, path) VALUES (20, '\''/o,p:t'\'');
		INSERT INTO syscalls(run_id, phase_id, exe_id, arch, syscall, nr,
			calls, errors) VALUES
			(1, 10, 20, '\''x86_64'\'', '\''getpid'\'', 39, 1, 0);" &&
	printf "read\n" >"a,b:c.list" &&
	test_must_fail syscensus check --db h.db --policy "a,b:c.list" \
		--format github >hgh 2>/dev/null &&
	grep "title=uncovered getpid" hgh >line &&
	test "$(wc -l <line)" = 1 &&
	grep -q "^::error file=a%2Cb%3Ac.list,line=1,title=uncovered getpid::getpid: 1 call in phase .a%25b%0D%0A::error file=x::pwned. of /o,p:t" line &&
	! grep -q "^::error file=x" hgh
'

test_done
