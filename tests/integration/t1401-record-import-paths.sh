#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The record-vs-import facts test (issue 11): tests/tracees/pathcalls
# makes every path syscall of the property table (common/sysprop.c) once,
# on names in the trash directory; `syscensus record` and `strace -f`
# then `syscensus import` must store the same "path" facts, row for row
# (syscall, path, count).  Before the one table, 27 of these calls
# (statfs, link, symlink, mount, chroot, the *xattr calls, utimensat, ...)
# recorded a path when imported but not when traced.
#
# The same holds for the path census ("access" facts: how a call used its
# path, socket address or mapping), which the table says per call too:
# the tracee makes every call with an access kind (pathcalls-list.h), and
# record and import must store the same facts, row for row.  Before the
# table said it, the traced census lacked mknod and the imported one
# exec, sendmmsg, tcp-bind/tcp-connect ports and W+X mappings.
. "$top_srcdir/tests/integration/lib.sh"

require_tracing
test_require STRACE

# path_facts DB: "syscall|path|count" of the pathcalls executable, with
# the trash directory written as TRASH (the tracee names every path under
# it); the path of its own exec is left out (strace shows the execve of
# the command line, the tracer the exec it made)
path_facts() {
	sqlite3 -batch -noheader -separator '|' "$1" "
		SELECT f.syscall,
		replace(replace(f.value, '$SOCKDIR', 'TRASH'), '$DIR', 'TRASH'),
		sum(f.count) FROM facts f JOIN exes e ON e.id = f.exe_id
		WHERE f.kind = 'path' AND e.path LIKE '%/pathcalls'
		AND (f.value LIKE '$DIR/%' OR f.value LIKE '$SOCKDIR/%')
		GROUP BY 1, 2 ORDER BY 1, 2"
}

# access_facts DB: "syscall|how path|count" of the pathcalls executable
# for the paths under the trash directory (written TRASH), its ports and
# its mappings
access_facts() {
	sqlite3 -batch -noheader -separator '|' "$1" "
		SELECT f.syscall,
		replace(replace(f.value, '$SOCKDIR', 'TRASH'), '$DIR', 'TRASH'),
		sum(f.count) FROM facts f JOIN exes e ON e.id = f.exe_id
		WHERE f.kind = 'access' AND e.path LIKE '%/pathcalls'
		AND (instr(f.value, ' $DIR/') OR f.value LIKE '% $DIR'
		     OR instr(f.value, ' $SOCKDIR/')
		     OR f.value LIKE 'tcp-%' OR f.value LIKE 'wx-map %')
		GROUP BY 1, 2 ORDER BY 1, 2"
}

DIR=$TRASH/w
# the unix socket's path must fit in sun_path, which a deep build
# directory's trash (make distcheck in CI) does not
test_short_dir
SOCKDIR=$SHORT_DIR/s

# fresh: empty DIR and SOCKDIR for the next run of pathcalls
fresh() { rm -rf "$DIR" "$SOCKDIR" && mkdir -p "$DIR" "$SOCKDIR"; }

# every call of the table with an access kind, as pathcalls makes it
cat >access-expect <<\EOF
bind|bind TRASH/sock|1
bind|tcp-bind 0|1
connect|connect TRASH/sock|1
connect|tcp-connect 9|1
creat|write+create+trunc TRASH/created|1
execve|exec TRASH/no-such-program|1
execveat|exec TRASH/no-such-program|1
mkdir|mkdir TRASH/d1|1
mkdir|mkdir TRASH/d3|1
mkdirat|mkdir TRASH/d2|1
mknod|mknod TRASH/fifo1|1
mknodat|mknod TRASH/fifo2|1
mmap|wx-map -|1
mprotect|wx-map -|1
open|read TRASH/file|1
openat|listdir TRASH|1
openat|read TRASH/file|1
openat|read+write+trunc TRASH/file|1
openat|write+create TRASH/file|1
openat2|read TRASH/file|1
openat2|write+create TRASH/file2|1
pkey_mprotect|wx-map -|1
rename|rename TRASH/created|1
renameat|rename TRASH/renamed|1
renameat2|rename TRASH/renamed2|1
rmdir|rmdir TRASH/d1|1
sendmmsg|send TRASH/sock|1
sendmsg|send TRASH/sock|1
sendto|send TRASH/sock|1
truncate|write+trunc TRASH/file|1
unlink|unlink TRASH/fifo1|1
unlinkat|rmdir TRASH/d3|1
unlinkat|unlink TRASH/fifo2|1
EOF

test_expect_success 'the tracee makes every listed path call' '
	fresh &&
	"$T/pathcalls" "$DIR" "$SOCKDIR" >made &&
	test $(wc -l <made) -ge 50
'

test_expect_success 'record stores a path fact for every path call' '
	fresh &&
	syscensus record -q -o r.db -- "$T/pathcalls" "$DIR" "$SOCKDIR" \
		>/dev/null &&
	path_facts r.db >rec &&
	cut -d"|" -f1 rec | sort -u >rec-calls &&
	grep -v -e "^mmap\$" -e "mprotect\$" made | sort -u >made-sorted &&
	test_cmp made-sorted rec-calls
'

test_expect_success 'the second path of rename, link and pivot_root too' '
	grep "^rename|TRASH/renamed|1\$" rec &&
	grep "^linkat|TRASH/hard2|1\$" rec &&
	grep "^pivot_root|TRASH/no-such-old|1\$" rec &&
	grep "^symlinkat|TRASH/sym2|1\$" rec &&
	! grep "^symlink|file|" rec
'

test_expect_success 'record stores the access fact of every census call' '
	access_facts r.db >rec-access &&
	test_cmp access-expect rec-access
'

test_expect_success 'strace -f then import stores the same facts' '
	fresh &&
	strace -f -o trace.log "$T/pathcalls" "$DIR" "$SOCKDIR" >/dev/null &&
	syscensus import -q -o i.db trace.log &&
	path_facts i.db >imp &&
	test_cmp rec imp
'

test_expect_success 'and the same access facts, row for row' '
	access_facts i.db >imp-access &&
	test_cmp rec-access imp-access
'

test_expect_success 'record --no-errors stores the same facts' '
	fresh &&
	syscensus record -q --no-errors -o n.db -- \
		"$T/pathcalls" "$DIR" "$SOCKDIR" >/dev/null &&
	path_facts n.db >noerr &&
	test_cmp rec noerr &&
	access_facts n.db >noerr-access &&
	test_cmp rec-access noerr-access
'

test_expect_success BPF 'the bpf engine stores the same facts' '
	fresh &&
	syscensus record -q --engine bpf -o b.db -- \
		"$T/pathcalls" "$DIR" "$SOCKDIR" >/dev/null &&
	path_facts b.db >bpf &&
	test_cmp rec bpf
'

test_done
