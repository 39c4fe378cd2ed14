#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Libraries load breadth first along DT_NEEDED, as ld.so does, and an
# import binds to the first library of that order defining it; a tail call
# to another library's thin wrapper is still direct.  A long chain of
# libraries (the table of loaded libraries grows while it is walked) is
# resolved whole.
. "$top_srcdir/tests/integration/lib.sh"
have cc || skip_all "no C compiler"
XDG_CACHE_HOME="$TRASH/cache"
export XDG_CACHE_HOME
PY=/usr/bin/python3

test_expect_success 'set up: prog needs a and b; a needs c1, b needs d' '
	printf "int deep_c(void) { return 1; }\n" >c1.c &&
	printf "int deep_d(void) { return 2; }\n" >d.c &&
	printf "#include <unistd.h>\nint deep_c(void);\nint pick(void) { return getppid(); }\nint a(void) { return deep_c(); }\n" >a.c &&
	printf "#include <unistd.h>\nint deep_d(void);\nint pick(void) { return getpgrp(); }\nint b(void) { return deep_d(); }\n" >b.c &&
	printf "int pick(void); int a(void); int b(void);\nint main(void) { return pick() + a() + b(); }\n" >prog.c &&
	cc -O2 -shared -fPIC -o libc1.so c1.c &&
	cc -O2 -shared -fPIC -o libd.so d.c &&
	cc -O2 -shared -fPIC -o liba.so a.c -L. -lc1 -Wl,-rpath,"$TRASH" &&
	cc -O2 -shared -fPIC -o libb.so b.c -L. -ld -Wl,-rpath,"$TRASH" &&
	cc -O2 -o prog prog.c -L. -la -lb -Wl,-rpath,"$TRASH"
'

test_expect_success 'breadth-first load order' '
	syscensus scan --no-store --format json prog >o.json &&
	$PY -c "
import json, os
p = json.load(open(\"o.json\"))[\"programs\"][0]
names = [os.path.basename(l[\"path\"]) for l in p[\"libraries\"]]
mine = [n for n in names if n in (\"liba.so\", \"libb.so\", \"libc1.so\", \"libd.so\")]
assert mine == [\"liba.so\", \"libb.so\", \"libc1.so\", \"libd.so\"], names
"
'

test_expect_success 'pick binds to liba (first), its tail call is direct' '
	syscensus scan --no-store prog >out &&
	grep -E "^getppid +direct +pick$" out &&
	! grep -E "^getpgrp " out
'

test_expect_success 'a chain of 40 libraries is loaded whole' '
	i=40 && prev= &&
	while [ $i -gt 0 ]; do
		if [ $i -eq 40 ]; then
			printf "int f40(void) { return 40; }\n" >l$i.c
		else
			printf "int f$((i + 1))(void);\nint f$i(void) { return f$((i + 1))() + 1; }\n" >l$i.c
		fi &&
		cc -shared -fPIC -o libl$i.so l$i.c -L. $prev -Wl,-rpath,"$TRASH" || return 1
		prev="-ll$i"
		i=$((i - 1))
	done &&
	printf "int f1(void);\nint main(void) { return f1(); }\n" >chain.c &&
	cc -o chain chain.c -L. -ll1 -Wl,-rpath,"$TRASH" &&
	syscensus scan --no-store --format json chain >c.json &&
	$PY -c "
import json
p = json.load(open(\"c.json\"))[\"programs\"][0]
n = [l for l in p[\"libraries\"] if \"/libl\" in l[\"path\"]]
assert len(n) == 40, len(n)
assert not [u for u in p[\"unresolved\"] if u[\"kind\"] == \"missing-lib\"]
"
'

test_done
