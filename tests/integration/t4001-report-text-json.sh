#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# syscensus report: runs, executables, phases, syscalls with per-errno
# errors, problems and seccomp kills, as text (kills first, with the fix)
# and JSON (a `kills` array, each with `syscall`).
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/store-lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
have python3 || skip_all "python3 is needed to read the JSON output"

test_expect_success 'set up a store with errors, problems and kills' '
	mkdb s.db &&
	sql s.db "UPDATE runs SET source = '\''food.log'\'', lines = 120,
			bad_lines = 2 WHERE id = 1;
		  INSERT INTO phases(id, name) VALUES (10, '\''startup'\''),
			(11, '\''reload'\'');
		  INSERT INTO exes(id, path) VALUES (20, '\''/usr/sbin/food'\'');
		  INSERT INTO syscalls(run_id, phase_id, exe_id, arch, syscall,
			nr, calls, errors) VALUES
			(1, 10, 20, '\''x86_64'\'', '\''openat'\'', 257, 9, 4),
			(1, 10, 20, '\''x86_64'\'', '\''read'\'', 0, 30, 0),
			(1, 11, 20, '\''x86_64'\'', '\''close'\'', 3, 2, 0);
		  INSERT INTO syscall_errors VALUES
			(1, 10, 20, '\''x86_64'\'', '\''openat'\'', '\''ENOENT'\'', 3),
			(1, 10, 20, '\''x86_64'\'', '\''openat'\'', '\''EACCES'\'', 1);
		  INSERT INTO problems(run_id, file, line, reason) VALUES
			(1, '\''food.log'\'', 17, '\''binary garbage'\''),
			(1, '\''food.log'\'', 90, '\''truncated line'\'');
		  INSERT INTO kills(run_id, pid, exe, arch, nr, syscall, source,
			file, line, detail) VALUES
			(1, 4242, '\''/usr/sbin/food'\'', '\''x86_64'\'', 39, NULL,
			 '\''strace'\'', '\''food.log'\'', 118,
			 '\''+++ killed by SIGSYS +++'\'');"
'

test_expect_success 'text: kills come first, with the fix' '
	syscensus report --db s.db >out &&
	grep -q "^KILLED BY SECCOMP (1)" out &&
	grep -q "^  getpid killed pid 4242 (/usr/sbin/food, x86_64) seen by strace at food.log:118" out &&
	grep -q "fix: add .getpid. to the allowlist" out &&
	k=$(grep -n "^KILLED" out | cut -d: -f1) &&
	r=$(grep -n "^RUNS" out | cut -d: -f1) &&
	test "$k" -lt "$r"
'

test_expect_success 'text: runs, executables, phases, syscalls, problems' '
	syscensus report --db s.db --long >out &&
	grep -q "^  #1 import food.log  at .*  120 lines, 2 bad" out &&
	grep -q "^  /usr/sbin/food  3 syscalls, 41 calls, 4 errors, 2 phases" out &&
	grep -q "^  startup  2 syscalls, 39 calls" out &&
	grep -q "^    openat \[x86_64\] 9 calls, 4 errors (ENOENT 3, EACCES 1)" out &&
	grep -q "^PROBLEMS (2 bad input lines)" out &&
	grep -q "^  food.log:17: binary garbage" out
'

cat >check.py <<'EOT'
import json, sys
d = json.load(open(sys.argv[1]))
k = d["kills"]
assert len(k) == 1 and k[0]["syscall"] == "getpid", k
assert k[0]["pid"] == 4242 and "getpid" in k[0]["fix"], k
assert [r["id"] for r in d["runs"]] == [1]
assert d["runs"][0]["bad_lines"] == 2 and d["runs"][0]["lines"] == 120
assert [e["exe"] for e in d["executables"]] == ["/usr/sbin/food"]
assert sorted(p["phase"] for p in d["phases"]) == ["reload", "startup"]
o = [s for s in d["syscalls"] if s["syscall"] == "openat"][0]
assert o["calls"] == 9 and o["errors"] == 4, o
assert o["errnos"] == {"ENOENT": 3, "EACCES": 1}, o
assert len(d["problems"]) == 2 and d["problems"][0]["line"] == 17
assert d["totals"]["calls"] == 41 and d["totals"]["kills"] == 1
print("ok")
EOT

test_expect_success 'json: one object with kills, runs, syscalls, ...' '
	syscensus report --db s.db --format json >r.json &&
	test "$(python3 check.py r.json)" = ok
'

test_expect_success '-o writes a file 0600' '
	syscensus report --db s.db --format json -o out.json &&
	test "$(stat -c %a out.json)" = 600 &&
	test_cmp r.json out.json
'

test_expect_success 'an empty store reports nothing, cleanly' '
	mkdb e.db &&
	syscensus report --db e.db >out &&
	! grep -q KILLED out &&
	grep -q "^PROBLEMS (0 bad input lines)" out &&
	syscensus report --db e.db --format json >e.json &&
	python3 -c "import json; d = json.load(open(\"e.json\")); assert d[\"kills\"] == [] and d[\"syscalls\"] == []"
'

test_expect_success 'journal kills without a syscall: the detail, not a fix' '
	syscensus import --format journal -o j.db \
		"$FIXTURES/kb/journal/kills.txt" 2>/dev/null &&
	test "$(sql j.db "SELECT count(*) FROM kills WHERE syscall IS NULL
		AND detail LIKE '\''%226/NAMESPACE%'\''")" = 1 &&
	syscensus report --db j.db >out &&
	! grep -q "find the syscall" out &&
	grep -q "^  other.service (no syscall named) seen by journal" out &&
	grep -A1 "^  other.service (no syscall named)" out >ns &&
	grep -q "^    why: systemd could not set up the service.s mount namespace" ns &&
	grep -A1 "^  loop.service (no syscall named)" out | grep -q "^    why: .*WATCHDOG=1" &&
	grep -q "fix: add .fdatasync. to the allowlist" out &&
	syscensus report --db j.db --format md >out.md &&
	! grep -q "find the syscall" out.md &&
	grep -q "^- other.service: systemd could not set up the service.s mount namespace" out.md &&
	syscensus report --db j.db --format json >j.json &&
	python3 -c "import json; d = json.load(open(\"j.json\"))
k = [k for k in d[\"kills\"] if k[\"exe\"] == \"other.service\"][0]
assert k[\"syscall\"] is None and k[\"fix\"] == k[\"detail\"], k"
'

test_expect_success 'text: the matrix, a row per syscall, a column per phase' '
	syscensus report --db s.db >out &&
	grep -q "^MATRIX" out &&
	grep -q "^    syscall  *reload  *startup$" out &&
	grep -q "^    openat  *\.  *9/4$" out &&
	grep -q "^    close  *2  *\.$" out &&
	! grep -q "^    openat \[x86_64\]" out
'

test_expect_success 'errors: no database, bad format' '
	test_expect_code 2 syscensus report --db nope.db 2>err &&
	grep -q "no database" err &&
	test_expect_code 2 syscensus report --db s.db --format xml 2>err &&
	grep -q "unknown --format .xml. (text, md, html or json)" err
'

test_done
