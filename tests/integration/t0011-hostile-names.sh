#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Traced names are hostile (issue 9): a path with a newline or "*/" is
# stored with its control characters escaped (as strace writes them), so
# it can never add a line to a policy; a syscall name that is not one
# ([A-Za-z0-9_]) is refused at the store, whether it comes from a log or
# from a database that was edited, and no emitter prints it; the C
# emitter's comments survive "*/" (the file compiles).
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
NL='
'
EVIL="/tmp/a*/b${NL}openat${NL}c.pem"

# only names and comments: every line of a list policy
list_ok() { ! grep -v '^#' "$1" | grep -v '^$' | grep -vx '[a-z0-9_]*'; }

test_expect_success 'import: a path with a newline is stored escaped' '
	printf "%s\n" \
		"100 openat(AT_FDCWD, \"/tmp/a*/b\\nopenat\\nc.pem\", O_RDONLY) = -1 ENOENT (No such file or directory)" \
		"100 getpid() = 100" "100 exit_group(0) = ?" >log &&
	syscensus import -q -o i.db log &&
	test "$(sql i.db "SELECT count(*) FROM facts
		WHERE instr(value, char(10))")" = 0 &&
	sql i.db "SELECT value FROM facts WHERE kind = '\''path'\''" >paths &&
	printf "%s\n" "/tmp/a*/b\\nopenat\\nc.pem" >expect &&
	test_cmp expect paths
'

test_expect_success PTRACE 'record: a traced path with a newline is stored escaped' '
	syscensus record -q -o r.db -- sh -c "cat \"\$1\" 2>/dev/null; true" \
		sh "$EVIL" &&
	test "$(sql r.db "SELECT count(*) FROM facts
		WHERE instr(value, char(10))")" = 0 &&
	sql r.db "SELECT value FROM facts WHERE kind = '\''path'\''" >paths &&
	grep -qx "/tmp/a\\*/b\\\\nopenat\\\\nc.pem" paths
'

test_expect_success 'every emitter: the path adds no line, C compiles' '
	for f in list systemd minijail c pfc oci; do
		syscensus emit --db i.db --format $f -o out.$f || exit 1
	done &&
	list_ok out.list &&
	test "$(grep -c "^openat\$" out.list)" = 1 &&
	! grep -q "^c.pem" out.list out.minijail out.systemd out.pfc &&
	/usr/bin/python3 -c "import json,sys; json.load(open(\"out.oci\"))" &&
	if have cc && pkg-config --exists libseccomp; then
		cc -c -o out.o out.c $(pkg-config --cflags libseccomp)
	fi
'

test_expect_success 'a newline in the command line (the title) adds no line' '
	for f in list systemd minijail c pfc oci; do
		syscensus emit --db i.db --format $f --phase default \
			--phase "x${NL}allow_all */ int y;" -o t.$f || exit 1
		! grep -q "^allow_all" t.$f || { echo "in $f"; exit 1; }
	done &&
	list_ok t.list &&
	if have cc && pkg-config --exists libseccomp; then
		cc -c -o t.o t.c $(pkg-config --cflags libseccomp)
	fi
'

test_expect_success 'a database with a syscall name that is not one: refused' '
	cp i.db e.db &&
	sql e.db "UPDATE syscalls SET syscall = '\''getpid'\'' || char(10) ||
		'\''execve'\'' WHERE syscall = '\''getpid'\''" &&
	for f in list systemd minijail c pfc oci bpf; do
		test_expect_code 2 syscensus emit --db e.db --no-siblings \
			--format $f >out 2>err || exit 1
		! grep -qx execve out || exit 1
		grep -q "getpid\\\\nexecve.* is not a syscall name" err || exit 1
		test $(wc -l <err) = 1 || exit 1
	done
'

test_expect_success 'a comment terminator in a syscall name: refused too' '
	cp i.db d.db &&
	sql d.db "UPDATE syscalls SET syscall = '\''getpid*/ x'\''
		WHERE syscall = '\''getpid'\''" &&
	test_must_fail syscensus emit --db d.db --format c -o d.c 2>err &&
	grep -q "is not a syscall name" err
'

test_done
