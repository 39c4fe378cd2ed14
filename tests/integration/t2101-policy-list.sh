#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Plain list policies and the CI gate: check passes for exactly the observed
# list, fails (exit 1) naming the syscall, phase and exe when one is
# removed, and exits 2 with FILE:LINE:COL on an unknown name.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/store-lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"

# add DB PHASE EXE ARCH SYSCALL CALLS: one aggregated row in run 1.
add() {
	sql "$1" "INSERT OR IGNORE INTO phases(name) VALUES ('$2');
		  INSERT OR IGNORE INTO exes(path) VALUES ('$3');
		  INSERT INTO syscalls(run_id, phase_id, exe_id, arch, syscall,
				       nr, calls, errors)
		  SELECT 1, p.id, e.id, '$4', '$5', 0, $6, 0
		  FROM phases p, exes e WHERE p.name = '$2' AND e.path = '$3'"
}

test_expect_success 'set up a store with two phases and two programs' '
	mkdb s.db &&
	add s.db startup /usr/sbin/food x86_64 openat 12 &&
	add s.db startup /usr/sbin/food x86_64 read 40 &&
	add s.db startup /usr/sbin/food x86_64 mmap 9 &&
	add s.db steady /usr/sbin/food x86_64 epoll_wait 100 &&
	add s.db steady /usr/sbin/food x86_64 read 7 &&
	add s.db steady /usr/bin/food-helper x86_64 getpid 3 &&
	test "$(sql s.db "SELECT count(*) FROM observed")" = 6
'

cat >exact.list <<'EOT'
# the allowlist of food, as engineers keep it
openat
read   # reads config and requests

mmap
epoll_wait
getpid
EOT

test_expect_success 'check passes (exit 0) for exactly the observed list' '
	syscensus check --db s.db --policy exact.list >out &&
	grep -q "6 compared, 6 covered, 0 uncovered, 0 unused" out
'

test_expect_success 'check fails (exit 1) naming syscall, phase and exe' '
	grep -v "^getpid" exact.list >missing.list &&
	test_expect_code 1 syscensus check --db s.db --policy missing.list \
		>out 2>err &&
	grep -q "^uncovered: getpid in phase .steady. of /usr/bin/food-helper \[x86_64\]: 3 calls" out &&
	test $(grep -c "^uncovered:" out) = 1 &&
	grep -q "1 uncovered syscall: getpid" err
'

test_expect_success 'every uncovered syscall is named' '
	printf "read\n" >tiny.list &&
	test_expect_code 1 syscensus check --db s.db --policy tiny.list \
		>out 2>err &&
	for s in openat mmap epoll_wait getpid; do
		grep -q "^uncovered: $s " out || { echo "no $s"; exit 1; }
	done &&
	test $(grep -c "^uncovered:" out) = 4
'

test_expect_success 'diff exits 0 even with uncovered syscalls' '
	syscensus diff --db s.db --policy missing.list >out &&
	grep -q "^uncovered: getpid" out
'

test_expect_success 'unused: allowed but never observed' '
	cp exact.list more.list && printf "ptrace\nmount\n" >>more.list &&
	syscensus check --db s.db --policy more.list >out &&
	grep -A1 "^unused: 2 allowed" out | grep -q "mount ptrace"
'

test_expect_success '--phase and --exe narrow the selection' '
	syscensus check --db s.db --policy missing.list --phase startup &&
	syscensus check --db s.db --policy missing.list --exe "/food\$" &&
	test_expect_code 1 syscensus check --db s.db --policy missing.list \
		--phase startup --phase steady
'

test_expect_success 'an unknown name is an error at FILE:LINE:COL (exit 2)' '
	printf "read\n# x\n  opnat\n" >typo.list &&
	test_expect_code 2 syscensus check --db s.db --policy typo.list \
		2>err &&
	grep -q "typo.list:3:3: unknown syscall .opnat." err
'

test_expect_success 'two names on a line are an error, with the column' '
	printf "read write\n" >two.list &&
	test_expect_code 2 syscensus check --db s.db --policy two.list \
		--policy-format list 2>err &&
	grep -q "two.list:1:6:" err
'

test_expect_success 'a missing policy or database is exit 2, clearly' '
	test_expect_code 2 syscensus check --db s.db --policy nope.list \
		2>err &&
	grep -q "nope.list" err &&
	test_expect_code 2 syscensus check --db nope.db --policy exact.list \
		2>err &&
	grep -q "no database at .nope.db." err &&
	test ! -e nope.db
'

test_expect_success 'usage errors exit 2' '
	test_expect_code 2 syscensus check --db s.db 2>err &&
	grep -q -- "--policy FILE is required" err &&
	test_expect_code 2 syscensus check --db s.db --policy exact.list \
		--format xml 2>err &&
	test_expect_code 2 syscensus diff --bogus 2>err
'

test_expect_success 'rows of several runs are summed per phase and exe' '
	sql s.db "INSERT INTO runs(id, kind, started_ns) VALUES (2, \"import\", 0);
		  INSERT INTO syscalls SELECT 2, phase_id, exe_id, arch,
		  syscall, nr, calls, errors, NULL, NULL, NULL, NULL
		  FROM syscalls WHERE run_id = 1" &&
	test_expect_code 1 syscensus check --db s.db --policy missing.list \
		>out &&
	grep -q "^uncovered: getpid .*: 6 calls" out &&
	test $(grep -c "^uncovered:" out) = 1
'

test_expect_success 'a syscall uncovered in several phases is named once' '
	printf "%s\n" "7 fdatasync(3) = 0" "7 read(3, \"x\", 1) = 1" >tiny.log &&
	rm -f ph.db &&
	syscensus import -o ph.db --phase a tiny.log 2>/dev/null &&
	syscensus import -o ph.db --phase b tiny.log 2>/dev/null &&
	syscensus import -o ph.db --phase c tiny.log 2>/dev/null &&
	syscensus import -o ph.db --phase d tiny.log 2>/dev/null &&
	printf "read\n" >r.list &&
	test_expect_code 1 syscensus check --db ph.db --policy r.list \
		>out 2>err &&
	test $(grep -c "^uncovered: fdatasync in phase" out) = 4 &&
	grep -q "^syscensus check: 1 uncovered syscall (in 4 phase/program rows): fdatasync\$" err &&
	grep -q "4 uncovered, 0 unused (1 distinct uncovered syscall)" out &&
	test_expect_code 1 syscensus check --db ph.db --policy r.list \
		--format md >out.md 2>/dev/null &&
	grep -q "^### syscensus: 1 uncovered syscall (in 4 phase/program rows)\$" out.md &&
	test_expect_code 1 syscensus check --db ph.db --policy r.list \
		--format json >j 2>/dev/null &&
	{ ! have python3 ||
	  python3 -c "import json; s = json.load(open(\"j\"))[\"summary\"]
assert s[\"uncovered\"] == 4 and s[\"uncovered_syscalls\"] == [\"fdatasync\"], s"; }
'

test_expect_success 'two distinct syscalls in several rows: each once, sorted' '
	printf "openat\n" >o.list &&
	test_expect_code 1 syscensus check --db ph.db --policy o.list \
		>out 2>err &&
	grep -q "^syscensus check: 2 uncovered syscalls (in 8 phase/program rows): fdatasync read\$" err
'

test_expect_success 'a call on an arch the list does not admit is uncovered' '
	add s.db steady /usr/sbin/food x86 read 1 &&
	test_expect_code 1 syscensus check --db s.db --policy exact.list \
		>out &&
	grep -q "^uncovered: read .*\[x86\].*does not admit" out &&
	grep -q "^uncovered: read .*\[x86\]: 1 call; architecture x86 is not allowed" out
'

test_done
