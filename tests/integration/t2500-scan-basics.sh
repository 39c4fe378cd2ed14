#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# syscensus scan: a program that calls uname, getrusage and chown only when
# given an argument reaches all three, with the way each is reached: the
# versioned import (dynamic), the wrapper's own syscall instruction
# (gcc -static) or the inline syscall in the program (raw).  Text, JSON and
# the store say the same; direct and transitive stay apart.
. "$top_srcdir/tests/integration/lib.sh"
have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
T="$top_builddir/tests/tracees"
XDG_CACHE_HOME="$TRASH/cache"
export XDG_CACHE_HOME
PY=/usr/bin/python3

test_expect_success 'dynamic: the three imports are direct, with versions' '
	syscensus scan --no-store "$T/reach" >out &&
	grep -E "^uname +direct +uname@GLIBC_2\.2\.5$" out &&
	grep -E "^getrusage +direct +getrusage@GLIBC_2\.2\.5$" out &&
	grep -E "^chown +direct +chown@GLIBC_2\.2\.5$" out
'

test_expect_success 'dynamic: library internals are transitive, never direct' '
	grep -E "^mmap +transitive .*libc\.so\.6: __libc_start_main" out &&
	! grep -E "^mmap +direct" out &&
	grep -E "^[0-9]+ direct, [0-9]+ transitive;" out
'

test_expect_success 'the trace-free program path is not what is reached' '
	# the loader start-up is reached, and said so
	grep -E "^arch_prctl +transitive +ld-linux-x86-64\.so\.2: program start-up" out
'

test_expect_success '--reach direct prints the direct level only' '
	syscensus scan --no-store --reach direct "$T/reach" >d &&
	grep -E "^uname +direct" d &&
	! grep -E " transitive  " d
'

test_expect_success 'json: the same rows, level and via' '
	syscensus scan --no-store --format json "$T/reach" >out.json &&
	$PY - out.json <<-\PYEOF
	import json, sys
	d = json.load(open(sys.argv[1]))
	p = d["programs"][0]
	assert p["linkage"] == "dynamic", p["linkage"]
	assert len(p["build_id"]) == 40
	direct = {r["syscall"]: r["via"] for r in p["reach"] if r["level"] == "direct"}
	for s in ("uname", "getrusage", "chown"):
	    assert direct[s] == [s + "@GLIBC_2.2.5"], (s, direct.get(s))
	trans = [r for r in p["reach"] if r["level"] == "transitive"]
	assert trans and all(r["syscall"] not in direct for r in trans)
	assert any(l["soname"] == "libc.so.6" for l in p["libraries"])
	assert all(u["kind"] in ("indirect-call", "nonconst-syscall", "dlopen",
	           "missing-lib", "missing-symbol") for u in p["unresolved"])
	PYEOF
'

test_expect_success '-o DB stores the rows keyed by path and build-id' '
	syscensus scan -o s.db "$T/reach" >/dev/null &&
	exe=$(cd "$T" && pwd -P)/reach &&
	sql s.db "SELECT syscall, via FROM reachable WHERE exe = '\''$exe'\''
		AND level = '\''direct'\'' AND syscall IN ('\''uname'\'',
		'\''getrusage'\'', '\''chown'\'') ORDER BY syscall" >rows &&
	cat >expect <<-\EOF &&
	chown|chown@GLIBC_2.2.5
	getrusage|getrusage@GLIBC_2.2.5
	uname|uname@GLIBC_2.2.5
	EOF
	test_cmp expect rows &&
	bid=$(sql s.db "SELECT build_id FROM reach_exes") &&
	grep -q "\"build_id\": \"$bid\"" out.json &&
	test "$(sql s.db "SELECT linkage FROM reach_exes")" = dynamic
'

test_expect_success 'the store holds the library summaries it used' '
	test "$(sql s.db "SELECT count(*) FROM reach_libs
		WHERE soname = '\''libc.so.6'\'' AND summary LIKE '\''{%'\''")" = 1 &&
	sql s.db "SELECT how FROM reach_exe_libs ORDER BY position" | grep -qx needed &&
	test "$(sql s.db "SELECT count(*) FROM reach_unresolved")" -gt 0
'

test_expect_success 'a second scan replaces the rows, never doubles them' '
	n1=$(sql s.db "SELECT count(*) FROM reach") &&
	syscensus scan -o s.db "$T/reach" >/dev/null &&
	n2=$(sql s.db "SELECT count(*) FROM reach") &&
	test "$n1" = "$n2"
'

test_expect_success 'static: each syscall is direct, at its instruction' '
	syscensus scan --no-store "$T/reach-static" >st &&
	head -n 1 st | grep "(static, build-id" &&
	grep -E "^uname +direct +.*syscall at 0x[0-9a-f]+ in uname" st &&
	grep -E "^getrusage +direct +.*syscall at 0x[0-9a-f]+ in (__)?getrusage" st &&
	grep -E "^chown +direct +.*syscall at 0x[0-9a-f]+ in chown" st &&
	! grep " transitive  " st
'

test_expect_success 'static: the address is a syscall instruction' '
	addr=$(sed -n "s/^uname .*syscall at 0x\([0-9a-f]*\) in uname.*/\1/p" st | head -n 1) &&
	objdump -d --start-address=0x$addr --stop-address=$((0x$addr + 2)) \
		"$T/reach-static" | grep -E "syscall *$"
'

test_expect_success 'raw: syscall instructions in the program itself' '
	syscensus scan --no-store "$T/reach-raw" >raw &&
	grep -E "^uname +direct +syscall at 0x[0-9a-f]+ in raw_uname$" raw &&
	grep -E "^getrusage +direct +syscall at 0x[0-9a-f]+ in raw_getrusage" raw &&
	grep -E "^chown +direct +syscall at 0x[0-9a-f]+ in raw_chown$" raw &&
	! grep -E "^uname +direct +uname@" raw
'

test_expect_success 'a program on $PATH is found without a slash' '
	PATH="$T:$PATH" syscensus scan --no-store reach >p &&
	grep -E "^uname +direct +uname@GLIBC_2\.2\.5$" p
'

test_expect_success 'usage errors exit 2' '
	test_expect_code 2 syscensus scan &&
	test_expect_code 2 syscensus scan --format xml "$T/reach" &&
	test_expect_code 2 syscensus scan --reach some "$T/reach" &&
	test_expect_code 2 syscensus scan --no-store -o x.db "$T/reach" &&
	syscensus scan --help | grep -e "--no-cache"
'

test_done
