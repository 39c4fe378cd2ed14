#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# import of a pipe without --format: the format is sniffed from the first
# lines without seeking, so <(cmd) and a piped /dev/stdin work ("Illegal
# seek" before), and give what the file itself gives.
. "$top_srcdir/tests/integration/lib.sh"

S="$FIXTURES/strace/odd-shapes.log"
q="SELECT phase, exe, arch, syscall, calls, errors FROM observed ORDER BY 1, 2, 3, 4"

test_expect_success 'the file itself' '
	syscensus import -q -o file.db "$S" &&
	sql file.db "$q" >file.out &&
	test -s file.out
'

test_expect_success 'a piped /dev/stdin without --format' '
	cat "$S" | syscensus import -q -o stdin.db /dev/stdin &&
	sql stdin.db "$q" >stdin.out &&
	test_cmp file.out stdin.out
'

test_expect_success 'a pipe named by /dev/fd (as <(cmd) gives it)' '
	cat >pipe.sh <<-\EOS &&
	cat "$1" | "$SYSCENSUS" import -q -o "$2" /dev/fd/0
	EOS
	SYSCENSUS="$SYSCENSUS" sh pipe.sh "$S" fd.db &&
	sql fd.db "$q" >fd.out &&
	test_cmp file.out fd.out
'

test_expect_success 'an audit log is sniffed on a pipe too' '
	printf "%s\n" \
		"type=SECCOMP msg=audit(1700000000.123:42): auid=1000 uid=1000 gid=1000 ses=1 subj=unconfined pid=4242 comm=\"app\" exe=\"/usr/bin/app\" sig=31 arch=c000003e syscall=41 compat=0 ip=0x7f0000000000 code=0x0" \
		>audit.log &&
	syscensus import -q -o a1.db audit.log &&
	cat audit.log | syscensus import -q -o a2.db /dev/stdin &&
	sql a1.db "SELECT count(*) FROM kills" >a1.out &&
	sql a2.db "SELECT count(*) FROM kills" >a2.out &&
	test "$(cat a1.out)" -ge 1 &&
	test_cmp a1.out a2.out
'

test_done
