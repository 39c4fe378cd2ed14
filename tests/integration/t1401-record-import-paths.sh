#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The record-vs-import facts test (issue 11): tests/tracees/pathcalls
# makes every path syscall of the property table (common/sysprop.c) once,
# on names in the trash directory; `syscensus record` and `strace -f`
# then `syscensus import` must store the same "path" facts, row for row
# (syscall, path, count).  Before the one table, 27 of these calls
# (statfs, link, symlink, mount, chroot, the *xattr calls, utimensat, ...)
# recorded a path when imported but not when traced.
. "$top_srcdir/tests/integration/lib.sh"

require_tracing
test_require STRACE

# path_facts DB: "syscall|path|count" of the pathcalls executable, with
# the trash directory written as TRASH (the tracee names every path under
# it); the path of its own exec is left out (strace shows the execve of
# the command line, the tracer the exec it made)
path_facts() {
	sqlite3 -batch -noheader -separator '|' "$1" "
		SELECT f.syscall, replace(f.value, '$DIR', 'TRASH'),
		sum(f.count) FROM facts f JOIN exes e ON e.id = f.exe_id
		WHERE f.kind = 'path' AND e.path LIKE '%/pathcalls'
		AND f.value LIKE '$DIR/%'
		GROUP BY 1, 2 ORDER BY 1, 2"
}

DIR=$TRASH/w

test_expect_success 'the tracee makes every listed path call' '
	mkdir -p "$DIR" &&
	"$T/pathcalls" "$DIR" >made &&
	test $(wc -l <made) -ge 50
'

test_expect_success 'record stores a path fact for every path call' '
	rm -rf "$DIR" && mkdir "$DIR" &&
	syscensus record -q -o r.db -- "$T/pathcalls" "$DIR" >/dev/null &&
	path_facts r.db >rec &&
	cut -d"|" -f1 rec | sort -u >rec-calls &&
	sort -u made >made-sorted &&
	test_cmp made-sorted rec-calls
'

test_expect_success 'the second path of rename, link and pivot_root too' '
	grep "^rename|TRASH/renamed|1\$" rec &&
	grep "^linkat|TRASH/hard2|1\$" rec &&
	grep "^pivot_root|TRASH/no-such-old|1\$" rec &&
	grep "^symlinkat|TRASH/sym2|1\$" rec &&
	! grep "^symlink|file|" rec
'

test_expect_success 'strace -f then import stores the same facts' '
	rm -rf "$DIR" && mkdir "$DIR" &&
	strace -f -o trace.log "$T/pathcalls" "$DIR" >/dev/null &&
	syscensus import -q -o i.db trace.log &&
	path_facts i.db >imp &&
	test_cmp rec imp
'

test_expect_success 'record --no-errors stores the same facts' '
	rm -rf "$DIR" && mkdir "$DIR" &&
	syscensus record -q --no-errors -o n.db -- "$T/pathcalls" "$DIR" \
		>/dev/null &&
	path_facts n.db >noerr &&
	test_cmp rec noerr
'

test_expect_success BPF 'the bpf engine stores the same facts' '
	rm -rf "$DIR" && mkdir "$DIR" &&
	syscensus record -q --engine bpf -o b.db -- "$T/pathcalls" "$DIR" \
		>/dev/null &&
	path_facts b.db >bpf &&
	test_cmp rec bpf
'

test_done
