#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Stacks everywhere: the fixture daemon recorded with --stacks shows its
# do_* functions as the callers of their syscalls in report text (the
# phase x syscall matrix, then CALLERS), json (the whole stack as
# [{function, offset, object}]), md and check's findings; --long keeps the
# flat list.  SVCD_SELFTEST=1 makes svcd call uname once, from
# do_selftest() only: a caller no thread race can change.  A planted stack with hostile frames is escaped everywhere.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/store-lib.sh"
. "$top_srcdir/tests/integration/reports-lib.sh"

require_svcd_stacks

test_expect_success 'record svcd through its phases with --stacks' '
	record_svcd s.db SVCD_SELFTEST=1 &&
	test "$(sql s.db "SELECT count(*) FROM stacks")" -gt 10
'

test_expect_success 'text: the matrix first, phases in the order they ran' '
	syscensus report --db s.db >out &&
	m=$(grep -n "^MATRIX" out | cut -d: -f1) &&
	c=$(grep -n "^CALLERS" out | cut -d: -f1) &&
	test "$m" -lt "$c" &&
	grep -q "^    syscall  *startup  *steady  *reload  *error  *shutdown$" out &&
	! grep -q "^    openat \[x86_64\]" out
'

test_expect_success 'text: matrix counts are the store sums' '
	n=$(sql s.db "SELECT sum(calls) FROM observed WHERE exe LIKE
		'\''%/svcd'\'' AND phase = '\''startup'\'' AND syscall =
		'\''execve'\''") &&
	grep -q "^    execve  *$n  *\.  *\.  *\.  *\.$" out
'

test_expect_success 'text: do_selftest and do_reload are callers' '
	grep -q "^    startup/uname  do_selftest+0x[0-9a-f]* <- main+0x[0-9a-f]*" out &&
	sc=$(syscensus report --db s.db --format json | $PY -c "import json, sys
d = json.load(sys.stdin)
print(sorted(s[\"syscall\"] for s in d[\"syscalls\"] if s[\"phase\"] == \"reload\"
	and \"do_reload+0x\" in s.get(\"caller\", \"\"))[0])") &&
	echo "first call of $sc in reload came from do_reload" &&
	grep -q "^    reload/$sc  .*do_reload+0x[0-9a-f]*" out
'

test_expect_success 'text: sized to the terminal (COLUMNS=40 splits the phases)' '
	COLUMNS=40 syscensus report --db s.db >narrow &&
	grep -q "^    syscall  *startup  *steady$" narrow &&
	grep -q "^    syscall  *reload  *error$" narrow &&
	grep -q "^    syscall  *shutdown$" narrow &&
	test "$(sed -n "/^MATRIX/,/^CALLERS/p" narrow | awk "length > 40" | grep -c "^    [a-z]")" = 0
'

test_expect_success 'text --long: the flat list, each row with its caller' '
	syscensus report --db s.db --long >long &&
	! grep -q "^MATRIX" long &&
	grep -A1 "^    uname \[x86_64\] 1 calls" long | grep -q "called from: do_selftest+0x[0-9a-f]* <- main+0x"
'

test_expect_success 'json: the whole stack as [{function, offset, object}]' '
	syscensus report --db s.db --format json >r.json &&
	$PY - r.json <<-\EOT
	import json, sys
	d = json.load(open(sys.argv[1]))
	r = [s for s in d["syscalls"] if s["phase"] == "startup" and s["syscall"] == "uname"][0]
	fns = [f["function"] for f in r["stack"]]
	assert "do_selftest" in fns and "main" in fns, fns
	f = r["stack"][fns.index("do_selftest")]
	assert set(f) == {"function", "offset", "object"}, f
	assert isinstance(f["offset"], int) and f["object"].endswith("/svcd"), f
	assert "libc" in r["stack"][0]["object"], r["stack"][0]
	assert r["caller"].startswith("do_selftest+0x"), r["caller"]
	assert any("do_reload+0x" in s.get("caller", "") for s in d["syscalls"] if s["phase"] == "reload")
	assert d["phase_order"] == ["startup", "steady", "reload", "error", "shutdown"]
	EOT
'

test_expect_success 'html: the same frames, offsets in hex as in text' '
	syscensus report --db s.db --format html -o r.html &&
	t=$(grep -o "do_selftest+0x[0-9a-f]*" out | head -n 1) &&
	test -n "$t" &&
	grep -q "<b>do_selftest</b>+${t#do_selftest+}[ <]" r.html
'

test_expect_success 'md: the First called from column names do_selftest' '
	syscensus report --db s.db --format md >r.md &&
	grep "^| startup |.*| uname |" r.md | grep -q "| do\\\\_selftest\\\\+0x"
'

test_expect_success 'check: each uncovered finding says where it was called' '
	syscensus emit --db s.db --format list --no-siblings >all.list &&
	grep -v "^uname$" all.list >miss.list &&
	test_must_fail syscensus check --db s.db --policy miss.list >c.out 2>c.err &&
	grep -A1 "^uncovered: uname in phase .startup." c.out |
		grep -q "^    called from: do_selftest+0x[0-9a-f]* <- main+0x" &&
	syscensus diff --db s.db --policy miss.list --format json >c.json &&
	$PY -c "import json; d = json.load(open(\"c.json\"))
u = d[\"uncovered\"][0]
assert u[\"syscall\"] == \"uname\" and \"do_selftest\" in [f[\"function\"] for f in u[\"stack\"]], u" &&
	syscensus diff --db s.db --policy miss.list --format md >c.md &&
	grep -q "^- uname in startup: do\\\\_selftest\\\\+0x[0-9a-f]* \\\\<- main" c.md
'

test_expect_success 'verify --stacks: each denial says where it was called' '
	syscensus record -q -o v1.db -- "$T/calls" getppid 1 &&
	syscensus emit --db v1.db --format list --no-siblings |
		grep -v "^getppid$" >v.list &&
	test_expect_code 1 syscensus verify -q --stacks --policy v.list \
		-o v2.db -- "$T/calls" getppid 1 >v.out &&
	grep -A1 "^denied getppid arch" v.out |
		grep -q "^    called from: worker+0x[0-9a-f]* <- main+0x"
'

test_expect_success 'kills: the killing call says where it came from' '
	test_expect_code 1 syscensus verify -q --stacks --action kill \
		--policy v.list -o vk.db -- "$T/calls" getppid 1 >/dev/null &&
	syscensus report --db vk.db >k.out &&
	grep -A1 "^  getppid killed pid" k.out |
		grep -q "^    called from: worker+0x[0-9a-f]* <- main+0x" &&
	syscensus report --db vk.db --format json >k.json &&
	$PY -c "import json; k = json.load(open(\"k.json\"))[\"kills\"][0]
assert \"worker\" in [f[\"function\"] for f in k[\"stack\"]], k"
'

test_expect_success 'hostile frames: escaped in text, kept in json' '
	mkdb h.db &&
	sql h.db "INSERT INTO phases(id, name) VALUES (10, '\''main'\'');
		INSERT INTO exes(id, path) VALUES (20, '\''/opt/a'\'');
		INSERT INTO stacks(id, frames) VALUES (5, '\''read+0x4 (/lib/libc.so.6)'\''
			|| char(10) || '\''evil'\'' || char(27) || '\''[31m+0x10 (/opt/a)'\''
			|| char(10) || '\''0x7f00 (/opt/a)'\'');
		INSERT INTO syscalls(run_id, phase_id, exe_id, arch, syscall, nr,
			calls, errors, first_stack_id) VALUES
			(1, 10, 20, '\''x86_64'\'', '\''read'\'', 0, 3, 0, 5);" &&
	syscensus report --db h.db >h.out &&
	grep -q "^    main/read  evil\\\\x1b\[31m+0x10$" h.out &&
	! grep -q "$(printf "\033")" h.out &&
	syscensus report --db h.db --format json >h.json &&
	$PY -c "import json; d = json.load(open(\"h.json\"))
s = d[\"syscalls\"][0][\"stack\"]
assert s[1] == {\"function\": \"evil\\\\x1b[31m\", \"offset\": 16, \"object\": \"/opt/a\"}, s
assert s[2] == {\"function\": None, \"offset\": 0x7f00, \"object\": \"/opt/a\"}, s"
'

test_done
