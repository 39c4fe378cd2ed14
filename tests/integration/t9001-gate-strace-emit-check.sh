#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The CI gate end to end: trace a real program with strace, import the log,
# emit the allowlist, check it passes, remove a syscall and see check fail
# naming it; the JSON of diff has the contract shape; a systemd unit using
# @system-service covers the same trace.
. "$top_srcdir/tests/integration/lib.sh"

test_require STRACE
have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
have python3 || skip_all "python3 is needed to read the JSON output"
strace -f -o trace.log sh -c 'ls / >/dev/null; cat /etc/hostname >/dev/null' \
	>/dev/null 2>&1 && test -s trace.log ||
	skip_all "strace cannot trace here (ptrace refused)"
syscensus import -o s.db trace.log >/dev/null 2>&1 ||
	skip_all "syscensus import is not available yet"

test_expect_success 'the trace holds a real program' '
	sql s.db "SELECT DISTINCT syscall FROM observed ORDER BY syscall" \
		>observed &&
	test $(wc -l <observed) -ge 15 &&
	grep -qx openat observed && grep -qx execve observed
'

test_expect_success 'emit --format list --no-siblings is exactly the observed set' '
	syscensus emit --db s.db --format list --no-siblings >allow.list &&
	test_cmp observed allow.list
'

test_expect_success 'check passes with it' '
	syscensus check --db s.db --policy allow.list >out &&
	grep -q " 0 uncovered, 0 unused" out
'

test_expect_success 'check fails naming the syscall removed, with phase and exe' '
	grep -vx openat allow.list >less.list &&
	test_expect_code 1 syscensus check --db s.db --policy less.list \
		>out 2>err &&
	grep -q "^uncovered: openat in phase .default. of /" out &&
	grep -q "uncovered syscall.*: openat" err
'

cat >shape.py <<'EOT'
import json, sys
d = json.load(open(sys.argv[1]))
for key in ("uncovered", "unused", "flags"):
    assert isinstance(d[key], list), key
    for e in d[key]:
        assert isinstance(e, dict) and isinstance(e["syscall"], str), e
u = d["uncovered"]
assert u and {e["syscall"] for e in u} == {"openat"}, u
for e in u:
    assert e["phase"] == "default" and e["exe"].startswith("/"), e
    assert e["calls"] > 0 and e["arch"], e
for f in d["flags"]:
    for k in ("severity", "reason", "evidence", "reference"):
        assert k in f, (k, f)
print("ok")
EOT

test_expect_success 'diff --format json: uncovered, unused and flags arrays' '
	syscensus diff --db s.db --policy less.list --format json >d.json &&
	test "$(python3 shape.py d.json)" = ok
'

test_expect_success 'openat calls in the JSON match the log' '
	n=$(grep -c " openat(" trace.log) &&
	python3 -c "import json; d = json.load(open(\"d.json\"));
assert sum(e[\"calls\"] for e in d[\"uncovered\"]) == $n, $n"
'

test_expect_success 'emit with siblings: observed names plus explained extras' '
	syscensus emit --db s.db --format list >sib.list 2>err &&
	grep -v "^#" sib.list | grep -v "^\$" >names &&
	for s in $(cat observed); do
		grep -qx "$s" names || { echo "lost $s"; exit 1; }
	done &&
	if grep -q "siblings are unavailable" err; then
		test_cmp observed names
	else
		test $(wc -l <names) -gt $(wc -l <observed) &&
		grep -q "^# .*: " sib.list
	fi &&
	syscensus check --db s.db --policy sib.list
'

test_expect_success 'emit -o creates the file 0600; --exe and --phase select' '
	syscensus emit --db s.db --format list --no-siblings -o o.list &&
	test "$(stat -c %a o.list)" = 600 &&
	test_cmp observed o.list &&
	syscensus emit --db s.db --format list --no-siblings \
		--exe "/cat\$" >cat.list &&
	test $(wc -l <cat.list) -lt $(wc -l <observed) &&
	test_expect_code 2 syscensus emit --db s.db --format list \
		--phase nosuch 2>err &&
	grep -q "nothing observed" err
'

test_expect_success 'emit usage errors exit 2' '
	test_expect_code 2 syscensus emit --db s.db 2>err &&
	grep -q -- "--format is required" err &&
	test_expect_code 2 syscensus emit --db s.db --format yaml &&
	test_expect_code 2 syscensus emit --db s.db --format list \
		--action maybe
'

test_expect_success 'a unit allowing @system-service covers the trace' '
	printf "[Service]\nExecStart=/bin/sh\nSystemCallFilter=@system-service\n" \
		>sh.service &&
	syscensus check --db s.db --policy sh.service >out &&
	grep -q " 0 uncovered" out &&
	printf "[Service]\nSystemCallFilter=@system-service\nSystemCallFilter=~@file-system\n" \
		>nofs.service &&
	test_expect_code 1 syscensus check --db s.db --policy nofs.service \
		>out &&
	grep -q "^uncovered: openat " out
'

if syscensus emit --db s.db --format systemd --no-siblings \
	>gen.conf 2>/dev/null; then
	test_expect_success 'a drop-in from emit --format systemd passes check' '
		grep -q "^SystemCallFilter=" gen.conf &&
		syscensus check --db s.db --policy gen.conf >out &&
		grep -q " 0 uncovered" out
	'
else
	test_skip 'a drop-in from emit --format systemd passes check' \
		'emit --format systemd is not available yet'
fi

test_done
