#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# One syscall outside the filter: record tests/tracees/one-extra, emit a
# kill filter from that trace (bpf and C), run it again with its one extra
# syscall (getppid) under the filter: it dies of SIGSYS right there (shell
# status 128 + 31), and syscensus names getppid from what saw the kill:
# the kernel's own seccomp audit record (dmesg or audit.log), an strace
# log, the tracer itself, and `verify` once it exists.
. "$top_srcdir/tests/integration/lib.sh"

T="$top_builddir/tests/tracees"
SEXEC=$T/seccomp-exec
X=$T/one-extra
MAIN="$top_srcdir/tests/tracees/c-filter-main.c"
test -x "$X" || skip_all "one-extra is not built"
test -x "$SEXEC" || skip_all "seccomp-exec is not built"
"$SEXEC" --probe 2>probe.err ||
	skip_all "$(cat probe.err)"
syscensus record -q -o probe.db -- /bin/true 2>probe.err
if [ $? -eq 3 ]; then
	skip_all "ptrace is refused here: $(head -n 1 probe.err)"
fi

# kill_syscall DB: the syscall names of the kills in DB's report, one a line.
kill_syscall() {
	syscensus report --db "$1" --format json >"$1.json" &&
	python3 -c '
import json, sys
for k in json.load(open(sys.argv[1]))["kills"]:
    print(k["syscall"])
' "$1.json"
}
have python3 || kill_syscall() {
	syscensus report --db "$1" --format json |
		sed -n 's/^ *"syscall": "\(.*\)",*$/\1/p'
}

test_expect_success 'record one-extra without its extra syscall' '
	syscensus record -q -o x.db -- "$X" >out &&
	test "$(cat out)" = "start
survived" &&
	syscensus emit --db x.db --format list --no-siblings \
		--exe "/one-extra\$" >x.list &&
	grep -qx getpid x.list &&
	! grep -qx getppid x.list
'

test_expect_success 'emit the kill filter as bpf and as C' '
	syscensus emit --db x.db --format bpf --no-siblings --action kill \
		--exe "/one-extra\$" -o x.bpf &&
	syscensus emit --db x.db --format c --no-siblings --action kill \
		--exe "/one-extra\$" -o x.c
'

test_expect_success 'bpf: the plain run survives its own filter' '
	"$SEXEC" --bpf x.bpf -- "$X" >out &&
	grep -qx survived out &&
	"$SEXEC" --bpf x.bpf --tsync -- "$X" >out &&
	grep -qx survived out
'

test_expect_success 'bpf: the extra getppid dies of SIGSYS (status 159)' '
	"$SEXEC" --bpf x.bpf -- "$X" getppid >out &
	pid=$!
	wait $pid
	st=$?
	echo $pid >sigsys.pid
	test "$st" = $((128 + 31)) &&
	grep -qx start out &&
	! grep -q survived out
'

if have cc && pkg-config --exists libseccomp 2>/dev/null; then
	test_expect_success 'C: the plain run survives, getppid dies of SIGSYS' '
		cc -std=c11 -Wall -Wextra -Werror -o c-filter "$MAIN" x.c \
			$(pkg-config --cflags --libs libseccomp) &&
		./c-filter "$X" >out &&
		grep -qx survived out &&
		./c-filter "$X" getppid >out
		test $? = 159 && ! grep -q survived out
	'
else
	test_skip 'C: the plain run survives, getppid dies' \
		'no cc or pkg-config libseccomp'
fi

# The kernel logs a seccomp kill (actions_logged has kill_process by
# default): to auditd if it runs, else to the kernel log as
# "audit: type=1326 ...".  The audit importer reads either shape.
pid=$(cat sigsys.pid 2>/dev/null)
: >kernel.log
if [ -n "$pid" ]; then
	sleep 0.2
	{ dmesg 2>/dev/null; cat /var/log/audit/audit.log 2>/dev/null; } |
		grep "type=1326\|type=SECCOMP" | grep " pid=$pid .*one-extra" |
		tail -n 1 >kernel.log
fi
if [ -s kernel.log ]; then
	test_expect_success 'the kernel audit record, imported, names getppid' '
		syscensus import -q -o k.db --format audit kernel.log &&
		kill_syscall k.db >got &&
		echo getppid >want &&
		test_cmp want got &&
		syscensus report --db k.db >report &&
		grep -q "add \`getppid\` to the allowlist\|getppid" report
	'
else
	test_skip 'the kernel audit record names getppid' \
		'no audit record of the kill (no dmesg access, or rate limited)'
fi

if have strace; then
	test_expect_success 'under strace -f the extra getppid dies too' '
		strace -f -o s.log "$SEXEC" --bpf x.bpf -- "$X" getppid >out
		test $? = 159 &&
		grep -q "killed by SIGSYS" s.log &&
		syscensus import -q -o s.db s.log &&
		test "$(sql s.db "SELECT count(*) FROM kills")" = 1
	'
	# A kill-process seccomp kill is not a signal the tracer can stop at:
	# strace prints the syscall (its "return value" is the syscall
	# number, the registers are rolled back) then "+++ killed by SIGSYS
	# +++", with no "--- SIGSYS {si_syscall=...}" line.  The last
	# syscall of that pid is the one.
	test_expect_success 'import of that strace log names getppid' '
		kill_syscall s.db >got &&
		echo getppid >want &&
		test_cmp want got
	'
else
	test_skip 'strace log names getppid' 'strace is not installed'
fi

test_expect_success 'record under the filter: status 159, a kill stored' '
	syscensus record -q -o r.db -- "$SEXEC" --bpf x.bpf -- "$X" getppid \
		>out
	test $? = 159 &&
	test "$(sql r.db "SELECT count(*) FROM kills")" = 1
'

# Once a tracee installs its own filter the tracer stops at syscall entry
# and exit, so it knows which syscall the kill came from.
test_expect_success 'record under the filter names getppid' '
	kill_syscall r.db >got &&
	echo getppid >want &&
	test_cmp want got
'

test_expect_success 'verify names getppid and exits 1' '
		test_expect_code 1 syscensus verify --policy x.bpf \
			-- "$X" getppid >v.out 2>&1 &&
		cat v.out &&
		grep -q getppid v.out &&
		syscensus verify --policy x.bpf -- "$X" >v0.out 2>&1 ||
		{ cat v0.out; return 1; }
	'

test_done
