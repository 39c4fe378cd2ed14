#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# syscensus merge: every run of every input is copied with new ids, phases,
# executables and stacks matched by name, every per-run table remapped; the
# observed view of the merge sums the inputs; bad inputs (the output itself,
# a file that is not a syscensus store, a newer schema, an inconsistent
# store) are refused with exit 2 and leave nothing behind.
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"

# mkstore DB: an empty store made from the schema itself, as store_open
# would make it.
schema_version=$(sed -n 's/^-- version \([0-9]*\).*/\1/p' \
	"$top_srcdir/common/schema.sql" | sort -n | tail -n 1)
mkstore() {
	sqlite3 -batch "$1" <"$top_srcdir/common/schema.sql" &&
	sql "$1" "PRAGMA user_version = $schema_version" >/dev/null &&
	chmod 600 "$1"
}

# Two small strace logs (pid, then the call), written by hand.
cat >a.log <<'EOT'
100   execve("/usr/bin/true", ["true"], 0x7ffc /* 3 vars */) = 0
100   openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3
100   openat(AT_FDCWD, "/nonexistent", O_RDONLY) = -1 ENOENT (No such file or directory)
100   read(3, "x", 1) = 1
100   close(3) = 0
100   exit_group(0) = ?
100   +++ exited with 0 +++
EOT
cat >b.log <<'EOT'
200   execve("/usr/bin/true", ["true"], 0x7ffc /* 3 vars */) = 0
200   openat(AT_FDCWD, "/etc/hosts", O_RDONLY) = 3
200   read(3, "x", 1) = 1
200   read(3, "", 1) = 0
200   close(3) = 0
200   exit_group(0) = ?
200   +++ exited with 0 +++
EOT

# The same content without the importer (when it is not built yet).
sql_store_a() {
	mkstore "$1" && sql "$1" "
	INSERT INTO runs (id, kind, source, started_ns) VALUES
		(1, 'import', 'a.log', 1);
	INSERT INTO run_files (run_id, path, lines) VALUES (1, 'a.log', 7);
	INSERT INTO phases (id, name) VALUES (1, 'steady');
	INSERT INTO exes (id, path) VALUES (1, '/usr/bin/true');
	INSERT INTO syscalls (run_id, phase_id, exe_id, arch, syscall, nr,
			      calls, errors) VALUES
		(1, 1, 1, 'x86_64', 'execve', 59, 1, 0),
		(1, 1, 1, 'x86_64', 'openat', 257, 2, 1),
		(1, 1, 1, 'x86_64', 'read', 0, 1, 0),
		(1, 1, 1, 'x86_64', 'close', 3, 1, 0),
		(1, 1, 1, 'x86_64', 'exit_group', 231, 1, 0);
	INSERT INTO syscall_errors VALUES
		(1, 1, 1, 'x86_64', 'openat', 'ENOENT', 1);"
}
sql_store_b() {
	mkstore "$1" && sql "$1" "
	INSERT INTO runs (id, kind, source, started_ns) VALUES
		(1, 'import', 'b.log', 1);
	INSERT INTO run_files (run_id, path, lines) VALUES (1, 'b.log', 7);
	INSERT INTO phases (id, name) VALUES (1, 'steady');
	INSERT INTO exes (id, path) VALUES (1, '/usr/bin/true');
	INSERT INTO syscalls (run_id, phase_id, exe_id, arch, syscall, nr,
			      calls, errors) VALUES
		(1, 1, 1, 'x86_64', 'execve', 59, 1, 0),
		(1, 1, 1, 'x86_64', 'openat', 257, 1, 0),
		(1, 1, 1, 'x86_64', 'read', 0, 2, 0),
		(1, 1, 1, 'x86_64', 'close', 3, 1, 0),
		(1, 1, 1, 'x86_64', 'exit_group', 231, 1, 0);"
}

if syscensus import -o probe.db --phase steady a.log >/dev/null 2>&1; then
	say "inputs made by syscensus import"
	make_a() { syscensus import -o a.db --phase steady a.log; }
	make_b() { syscensus import -o b.db --phase steady b.log; }
else
	say "syscensus import does not work here: inputs made with sqlite3"
	make_a() { sql_store_a a.db; }
	make_b() { sql_store_b b.db; }
fi

# A store using every per-run table, with ids that differ from the other
# inputs' on purpose (phases 7 and 9, exe 5, stack 3, runs 4 and 6).
make_rich() {
	mkstore rich.db && sql rich.db "
	INSERT INTO runs (id, kind, source, command, started_ns, ended_ns,
			  status, lines, bad_lines, hostname) VALUES
		(4, 'record', '/usr/sbin/svcd', 'syscensus record', 10, 20,
		 0, 0, 0, 'host-a'),
		(6, 'import', 'logs/', 'syscensus import', 30, 40, 0, 9, 1,
		 'host-b');
	INSERT INTO run_files (run_id, path, pid_hint, lines, bad_lines)
		VALUES (6, 'logs/trace.101', 101, 9, 1);
	INSERT INTO phases (id, name) VALUES (7, 'steady'), (9, 'reload');
	INSERT INTO exes (id, path) VALUES (5, '/usr/sbin/svcd');
	INSERT INTO stacks (id, frames) VALUES (3, 'svcd_checkpoint
main');
	INSERT INTO syscalls (run_id, phase_id, exe_id, arch, syscall, nr,
			      calls, errors, first_ns, last_ns, first_tid,
			      first_stack_id) VALUES
		(4, 7, 5, 'x86_64', 'openat', 257, 10, 2, 11, 19, 4242, 3),
		(4, 9, 5, 'x86_64', 'inotify_add_watch', 254, 1, 0, 12, 12,
		 4242, NULL),
		(6, 7, 5, 'x86_64', 'read', 0, 5, 0, NULL, NULL, NULL, NULL);
	INSERT INTO syscall_errors VALUES
		(4, 7, 5, 'x86_64', 'openat', 'ENOENT', 2);
	INSERT INTO problems (run_id, file, line, reason) VALUES
		(6, 'logs/trace.101', 3, 'unfinished call');
	INSERT INTO kills (run_id, pid, exe, arch, nr, syscall, source)
		VALUES (6, 101, '/usr/sbin/svcd', 'x86_64', 165, 'mount',
			'strace');
	INSERT INTO filters (run_id, pid, tid, how, flags, threads, program)
		VALUES (4, 42, 43, 'seccomp', 1, 4, x'0600000000000000');
	INSERT INTO facts VALUES
		(4, 9, 5, 'signal', 'SIGHUP', '', 1),
		(4, 7, 5, 'path', '/etc/svcd.conf', 'openat', 3);"
}

# observed_sums DB...: per (phase, exe, arch, syscall) the summed calls and
# errors of the observed view of every DB, as the sqlite3 CLI sees them.
observed_sums() {
	q="" i=0 att=""
	for db in "$@"; do
		i=$((i + 1))
		att="$att ATTACH '$db' AS d$i;"
		q="${q:+$q UNION ALL }SELECT phase, exe, arch, syscall, calls,
			errors FROM d$i.observed"
	done
	sqlite3 -batch -noheader :memory: "$att SELECT phase, exe, arch,
		syscall, sum(calls), sum(errors) FROM ($q)
		GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
}

# count DB TABLE: rows of a table.
count() { sql "$1" "SELECT count(*) FROM $2"; }

test_expect_success 'setup: three input stores' '
	make_a && make_b && make_rich &&
	test "$(count a.db runs)" -ge 1 && test "$(count b.db runs)" -ge 1
'

test_expect_success 'merge creates the output 0600 and says what it did' '
	syscensus merge -o m.db a.db b.db rich.db 2>err &&
	test "$(stat -c %a m.db)" = 600 &&
	grep -q "merged .* from 3 stores into .m.db." err &&
	test "$(sql m.db "PRAGMA journal_mode")" = wal
'

test_expect_success 'observed of the merge is the sum of the inputs' '
	observed_sums a.db b.db rich.db >expect &&
	observed_sums m.db >actual &&
	test -s expect &&
	test_cmp expect actual &&
	grep -q "^steady|/usr/bin/true|x86_64|read|3|0$" actual
'

test_expect_success 'every run is copied, with distinct ids, plus a merge run' '
	n=$(( $(count a.db runs) + $(count b.db runs) + 2 )) &&
	test "$(sql m.db "SELECT count(*) FROM runs WHERE kind != '\''merge'\''")" = $n &&
	test "$(sql m.db "SELECT count(*) FROM runs WHERE kind = '\''merge'\''")" = 1 &&
	test "$(sql m.db "SELECT count(DISTINCT run_id) FROM observed")" = \
	     "$(( $(sql a.db "SELECT count(DISTINCT run_id) FROM observed") +
		  $(sql b.db "SELECT count(DISTINCT run_id) FROM observed") + 2 ))" &&
	sql m.db "SELECT path FROM run_files WHERE run_id =
		  (SELECT id FROM runs WHERE kind = '\''merge'\'')" >files &&
	printf "a.db\nb.db\nrich.db\n" >expect &&
	test_cmp expect files &&
	sql m.db "SELECT hostname, status, lines, bad_lines FROM runs
		  WHERE source = '\''logs/'\''" >out &&
	test "$(cat out)" = "host-b|0|9|1"
'

test_expect_success 'the same phase in two inputs is one phase' '
	test "$(sql m.db "SELECT count(*) FROM phases WHERE name = '\''steady'\''")" = 1 &&
	test "$(sql m.db "SELECT count(*) FROM exes WHERE path = '\''/usr/bin/true'\''")" = 1
'

test_expect_success 'every per-run table is copied with its ids remapped' '
	for t in run_files syscall_errors problems kills filters facts; do
		want=$(( $(count a.db $t) + $(count b.db $t) +
			 $(count rich.db $t) ))
		test $t != run_files || want=$((want + 3))
		got=$(count m.db $t)
		test "$got" = "$want" || { echo "$t: $got, want $want"; exit 1; }
	done &&
	sql m.db "SELECT p.name, e.path, x.syscall, x.errno, x.count
		  FROM syscall_errors x JOIN phases p ON p.id = x.phase_id
		  JOIN exes e ON e.id = x.exe_id
		  WHERE e.path = '\''/usr/sbin/svcd'\''" >out &&
	test "$(cat out)" = "steady|/usr/sbin/svcd|openat|ENOENT|2" &&
	sql m.db "SELECT p.name, f.kind, f.value, f.count FROM facts f
		  JOIN phases p ON p.id = f.phase_id
		  JOIN exes e ON e.id = f.exe_id
		  WHERE e.path = '\''/usr/sbin/svcd'\'' ORDER BY 2" >out &&
	printf "steady|path|/etc/svcd.conf|3\nreload|signal|SIGHUP|1\n" >expect &&
	test_cmp expect out &&
	sql m.db "SELECT k.syscall, r.source FROM kills k
		  JOIN runs r ON r.id = k.run_id" >out &&
	test "$(cat out)" = "mount|logs/" &&
	sql m.db "SELECT hex(program), flags, threads FROM filters" >out &&
	test "$(cat out)" = "0600000000000000|1|4" &&
	sql m.db "SELECT p.reason FROM problems p
		  JOIN runs r ON r.id = p.run_id
		  WHERE r.source = '\''logs/'\''" >out &&
	test "$(cat out)" = "unfinished call"
'

test_expect_success 'call stacks and first times follow their syscall' '
	sql m.db "SELECT s.syscall, s.first_tid, s.first_ns, k.frames
		  FROM syscalls s JOIN stacks k ON k.id = s.first_stack_id" >out &&
	printf "openat|4242|11|svcd_checkpoint\nmain\n" >expect &&
	test_cmp expect out
'

test_expect_success 'merging again adds the runs again' '
	before=$(count m.db runs) &&
	syscensus merge -q -o m.db a.db 2>err &&
	test ! -s err &&
	test "$(count m.db runs)" = $((before + $(count a.db runs) + 1))
'

test_expect_success 'the output cannot also be an input (exit 2)' '
	before=$(count m.db runs) &&
	test_expect_code 2 syscensus merge -o m.db a.db m.db 2>err &&
	grep -q "m.db.* is the output of the merge" err &&
	ln m.db hard.db &&
	test_expect_code 2 syscensus merge -o m.db hard.db 2>err &&
	grep -q "output of the merge" err &&
	test "$(count m.db runs)" = $before
'

test_expect_success 'a file that is not a syscensus store is refused (exit 2)' '
	before=$(count m.db runs) &&
	sql other.db "CREATE TABLE t(x)" &&
	test_expect_code 2 syscensus merge -o m.db a.db other.db 2>err &&
	grep -q "not a syscensus database" err &&
	echo "just text" >text.db &&
	test_expect_code 2 syscensus merge -o m.db text.db 2>err &&
	grep -q "text.db" err &&
	test_expect_code 2 syscensus merge -o m.db no-such.db 2>err &&
	grep -q "no-such.db" err &&
	test "$(count m.db runs)" = $before
'

test_expect_success 'a newer schema is refused (exit 2), no output is left' '
	cp a.db new.db &&
	sql new.db "PRAGMA user_version = 999" &&
	test_expect_code 2 syscensus merge -o n.db new.db 2>err &&
	grep -q "newer syscensus" err &&
	test ! -e n.db
'

test_expect_success 'an inconsistent input leaves nothing of itself' '
	cp rich.db bad.db &&
	sql bad.db "INSERT INTO facts VALUES (6, 77, 5, '\''flag'\'', '\''X'\'', '\'''\'', 1)" &&
	before=$(count m.db runs) &&
	test_expect_code 2 syscensus merge -o m.db bad.db 2>err &&
	grep -q "phase id 77" err &&
	grep -q "was not merged" err &&
	test "$(count m.db runs)" = $((before + 1)) &&
	test "$(sql m.db "SELECT status FROM runs ORDER BY id DESC LIMIT 1")" = 2
'

test_expect_success 'usage errors exit 2' '
	test_expect_code 2 syscensus merge a.db 2>err &&
	grep -q "\-o DB" err &&
	test_expect_code 2 syscensus merge -o x.db 2>err &&
	grep -q "input" err &&
	test_expect_code 2 syscensus merge --frob -o x.db a.db &&
	syscensus merge --help >out &&
	grep -q "^usage: syscensus merge" out
'

test_expect_success 'the merged store passes integrity and foreign key checks' '
	test "$(sql m.db "PRAGMA integrity_check")" = ok &&
	test -z "$(sql m.db "PRAGMA foreign_key_check")"
'

test_expect_success 'the inputs were not modified' '
	test "$(sql rich.db "SELECT count(*) FROM runs")" = 2 &&
	test "$(sql rich.db "SELECT group_concat(id) FROM phases")" = "7,9"
'

test_done
