#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# "#!" scripts in static reach: a script is not an ELF file, and not an
# error either.  scan (and the scan after import and record) scans its
# interpreter instead, once however many scripts name it; for
# "#!/usr/bin/env NAME" NAME is looked up in $PATH (the scanning
# machine's).  An interpreter that is not here is one plain error for
# scan, one warning for the automatic scan.
. "$top_srcdir/tests/integration/lib.sh"
XDG_CACHE_HOME="$TRASH/cache"
export XDG_CACHE_HOME
sh_real=$(realpath /bin/sh)

# reach_of DB EXE: how many reach rows the store has for EXE
reach_of() {
	sql "$1" "SELECT count(*) FROM reach r JOIN exes e ON e.id = r.exe_id
		WHERE e.path = '$2'"
}

test_expect_success 'scripts to run' '
	printf "#!/bin/sh\nexec /bin/true\n" >a.sh &&
	printf "#! /bin/sh -e\n:\n" >b.sh &&
	printf "#!/usr/bin/env -S sh -e\n:\n" >env.sh &&
	printf "#!$TRASH/a.sh\n" >nested.sh &&
	printf "#!/no/such/interpreter\n" >gone.sh &&
	printf "#!/usr/bin/env no-such-program-2510\n" >gone-env.sh &&
	printf "#!\n" >empty.sh &&
	chmod +x a.sh b.sh env.sh nested.sh gone.sh gone-env.sh empty.sh
'

test_expect_success 'scan SCRIPT scans its interpreter and says so' '
	syscensus scan --no-store a.sh >out 2>err &&
	grep "^syscensus: '\''a.sh'\'' is a script: scanning its interpreter '\''/bin/sh'\''\$" err &&
	! grep -i error err &&
	head -n 1 out | grep "^# $sh_real (dynamic, build-id [0-9a-f]*), the interpreter of the script a.sh\$" &&
	grep "^write " out
'

test_expect_success 'the interpreter of an interpreter, and of env NAME' '
	syscensus scan --no-store nested.sh >out 2>err &&
	head -n 1 out | grep "^# $sh_real .*script nested.sh\$" &&
	sh_path=$(command -v sh) &&
	syscensus scan --no-store --format json env.sh >out.json 2>err &&
	grep "interpreter '\''$sh_path'\''" err &&
	grep "\"exe\": \"$sh_real\"" out.json &&
	grep "\"script\": \"env.sh\"" out.json
'

test_expect_success 'scan stores the reach under the interpreter' '
	syscensus scan -q -o s.db a.sh b.sh >/dev/null &&
	test "$(reach_of s.db "$sh_real")" -gt 10 &&
	test "$(reach_of s.db "$TRASH/a.sh")" = 0 &&
	test "$(sql s.db "SELECT count(*) FROM reach_exes")" = 1
'

test_expect_success 'an interpreter that is not here: one plain error' '
	test_expect_code 2 syscensus scan --no-store gone.sh >out 2>err &&
	test_cmp /dev/null out &&
	cat >expect <<-\EOF &&
	syscensus: error: cannot scan '\''gone.sh'\'': it is a script and its interpreter '\''/no/such/interpreter'\'' is not an executable file here
	EOF
	test_cmp expect err &&
	test_expect_code 2 syscensus scan --no-store gone-env.sh 2>err &&
	grep "interpreter '\''no-such-program-2510'\'' is not in \$PATH here" err &&
	test_expect_code 2 syscensus scan --no-store empty.sh 2>err &&
	grep "interpreter '\'''\'' is not" err
'

test_expect_success 'hostile #! lines: a long one, bytes, no newline' '
	{ printf "#!/bin/sh "; head -c 600 /dev/zero | tr "\\0" x; } >long.sh &&
	chmod +x long.sh &&
	syscensus scan --no-store long.sh >out 2>err &&
	head -n 1 out | grep "^# $sh_real " &&
	printf "#!/no/such/\001\377\033[31m" >bytes.sh &&
	test_expect_code 2 syscensus scan --no-store bytes.sh 2>err &&
	grep "interpreter '\''/no/such/\\\\x01.\\\\x1b\[31m'\'' is not" err
'

test_expect_success STRACE 'import of traced scripts: no error, the reach of the interpreter stored' '
	strace -f -o a.log "$TRASH/a.sh" &&
	strace -f -o b.log "$TRASH/b.sh" &&
	strace -f -o n.log "$TRASH/nested.sh" &&
	syscensus import -o i.db a.log b.log n.log 2>err &&
	grep -v "^syscensus: run 1: " err >other || : &&
	test_cmp /dev/null other &&
	test "$(reach_of i.db "$sh_real")" -gt 10 &&
	test "$(reach_of i.db "$TRASH/a.sh")" = 0 &&
	test "$(sql i.db "SELECT count(*) FROM reach_exes e JOIN exes x
		ON x.id = e.exe_id WHERE x.path = '\''$sh_real'\''")" = 1
'

test_expect_success STRACE 'a traced script whose interpreter is gone: one warning' '
	cp a.sh moved.sh &&
	strace -f -o m.log "$TRASH/moved.sh" &&
	printf "#!/no/such/interpreter\n" >moved.sh &&
	syscensus import -o m.db m.log 2>err &&
	grep "^syscensus: warning: not scanned: '\''$TRASH/moved.sh'\'' is a script and its interpreter '\''/no/such/interpreter'\'' is not here\$" err &&
	test $(grep -c "warning\|error" err) = 1
'

test_expect_success PTRACE 'record of a script: no error' '
	syscensus record --engine ptrace -o r.db -- "$TRASH/a.sh" 2>err &&
	! grep -i "error\|warning" err &&
	test "$(reach_of r.db "$sh_real")" -gt 10
'

test_done
