#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# record, attach and import scan every executable they store unless
# --no-scan: a program recorded without its argument never called uname,
# getrusage or chown, and the store says its code reaches them directly.
# A library the trace saw dlopened is added from the path facts.  A scan
# that cannot run is a warning, never the command's failure.
. "$top_srcdir/tests/integration/lib.sh"
require_tracing
XDG_CACHE_HOME="$TRASH/cache"
export XDG_CACHE_HOME
exe=$(cd "$T" && pwd -P)/reach

test_expect_success 'record scans the program it traced' '
	syscensus record -q -o r.db -- "$T/reach" &&
	test "$(sql r.db "SELECT count(*) FROM observed
		WHERE syscall IN ('\''uname'\'', '\''getrusage'\'', '\''chown'\'')")" = 0 &&
	sql r.db "SELECT syscall || '\'' '\'' || via FROM reachable
		WHERE exe = '\''$exe'\'' AND level = '\''direct'\''
		AND syscall IN ('\''uname'\'', '\''getrusage'\'', '\''chown'\'')
		ORDER BY 1" >got &&
	cat >expect <<-\EOF &&
	chown chown@GLIBC_2.2.5
	getrusage getrusage@GLIBC_2.2.5
	uname uname@GLIBC_2.2.5
	EOF
	test_cmp expect got
'

test_expect_success 'the observed syscalls keep their own rows' '
	sql r.db "SELECT count(*) FROM observed WHERE syscall = '\''execve'\''" | grep -qx 1 &&
	test "$(sql r.db "SELECT count(*) FROM reach_exes")" = 1
'

test_expect_success 'record --no-scan stores no reach' '
	syscensus record -q --no-scan -o n.db -- "$T/reach" &&
	test "$(sql n.db "SELECT count(*) FROM reach")" = 0 &&
	test "$(sql n.db "SELECT count(*) FROM observed")" -gt 0
'

test_expect_success 'the command status is kept; a scan never changes it' '
	test_expect_code 1 syscensus record -q -o st.db -- "$T/reach" /nonexistent/x &&
	test "$(sql st.db "SELECT count(*) FROM reach_exes")" = 1
'

test_expect_success 'a library the trace saw dlopened is reach, said so' '
	printf "#include <unistd.h>\nint plug(void) { return fdatasync(1); }\n" >plug.c &&
	printf "#include <dlfcn.h>\nint main(int c, char **v) { return !dlopen(v[1], RTLD_NOW); }\n" >dl.c &&
	cc -shared -fPIC -o libplug.so plug.c && cc -o dl dl.c -ldl &&
	syscensus record -q -o dl.db -- ./dl "$TRASH/libplug.so" &&
	sql dl.db "SELECT via FROM reachable WHERE syscall = '\''fdatasync'\''" >via &&
	grep -x "$TRASH/libplug.so (loaded at run time, seen in the trace)" via &&
	sql dl.db "SELECT how FROM reach_exe_libs WHERE path = '\''$TRASH/libplug.so'\''" | grep -qx dlopen &&
	sql dl.db "SELECT kind FROM reach_unresolved" | grep -qx dlopen
'

test_expect_success 'without the trace, the dlopened library stays unresolved' '
	syscensus scan -o plain.db ./dl >/dev/null &&
	test "$(sql plain.db "SELECT count(*) FROM reachable WHERE syscall = '\''fdatasync'\''")" = 0 &&
	sql plain.db "SELECT detail FROM reach_unresolved WHERE kind = '\''dlopen'\''" | grep "imports dlopen"
'

test_expect_success 'import scans the executables the log names' '
	if ! have strace; then exit 0; fi
	strace -f -o s.log "$exe" &&
	syscensus import -o i.db s.log 2>err &&
	sql i.db "SELECT via FROM reachable WHERE syscall = '\''uname'\''" | grep -x "uname@GLIBC_2.2.5"
'

test_expect_success 'import: an executable not here is a warning, not a failure' '
	if ! have strace; then exit 0; fi
	sed "s|$exe|/no/such/prog|g" s.log >moved.log &&
	syscensus import -o m.db moved.log 2>err &&
	grep "warning: not scanned: ./no/such/prog. is not a file here" err &&
	test "$(sql m.db "SELECT count(*) FROM observed")" -gt 0 &&
	syscensus import --no-scan -o m2.db moved.log 2>err2 &&
	! grep "not scanned" err2
'

test_done
