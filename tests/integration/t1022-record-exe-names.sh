#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# One program, two names: record names an executable by its real binary
# (/proc/PID/exe), import by the path it was executed by.  Both names are
# stored (exe_names) and --exe matches either, in record and import
# databases alike; when --exe matches nothing, the error lists the
# executables the database holds.
. "$top_srcdir/tests/integration/lib.sh"

require_tracing

test_expect_success 'setup: a program reached through a symlink' '
	mkdir bin &&
	cp "$T/calls" bin/real-calls &&
	ln -s real-calls bin/link-calls &&
	printf "getppid\n" >ppid.list
'

test_expect_success 'record stores the real binary and the exec path' '
	syscensus record -q -o r.db -- "$PWD/bin/link-calls" getppid 3 &&
	test "$(sql r.db "SELECT count(*) FROM exes
		WHERE path = '\''$PWD/bin/real-calls'\''")" = 1 &&
	test "$(sql r.db "SELECT e.path FROM exe_names AS n
		JOIN exes AS e ON e.id = n.exe_id
		WHERE n.name = '\''$PWD/bin/link-calls'\''")" = "$PWD/bin/real-calls"
'

test_expect_success 'a relative exec path is stored absolute' '
	(cd bin && "$SYSCENSUS" record -q -o ../rel.db -- ./link-calls getppid 1) &&
	test "$(sql rel.db "SELECT name FROM exe_names")" = "$PWD/bin/link-calls"
'

test_expect_success 'record: --exe matches the exec path (emit, check)' '
	syscensus emit --db r.db --format list --no-siblings \
		--exe "/link-calls\$" >out &&
	grep -qx getppid out &&
	grep -vx getppid out >noppid.list &&
	test_expect_code 1 syscensus check --db r.db --policy noppid.list \
		--exe "/link-calls\$" >/dev/null 2>err &&
	grep -q "1 uncovered syscall: getppid" err &&
	syscensus check --db r.db --policy out --exe "/link-calls\$" >/dev/null
'

test_expect_success 'record: --exe matches the real binary too' '
	syscensus emit --db r.db --format list --no-siblings \
		--exe "/real-calls\$" >out &&
	grep -qx getppid out
'

test_expect_success 'import stores the exec path and the real binary' '
	cat >s.log <<-EOF &&
	100 execve("$PWD/bin/link-calls", ["link-calls"], 0x7ffd /* 1 var */) = 0
	100 getppid() = 1
	100 exit_group(0) = ?
	100 +++ exited with 0 +++
	EOF
	syscensus import -q -o i.db s.log &&
	syscensus emit --db i.db --format list --no-siblings \
		--exe "/real-calls\$" >out &&
	grep -qx getppid out &&
	syscensus emit --db i.db --format list --no-siblings \
		--exe "/link-calls\$" >out &&
	grep -qx getppid out
'

test_expect_success 'no match: exit 2, listing the executables held' '
	test_expect_code 2 syscensus check --db r.db --policy ppid.list \
		--exe redis-server 2>err &&
	grep -q "matches no executable" err &&
	grep -q "real-calls (also .*link-calls)" err &&
	test_expect_code 2 syscensus emit --db r.db --format list \
		--exe redis-server 2>err &&
	grep -q "real-calls" err
'

test_done
