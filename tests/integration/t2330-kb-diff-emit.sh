#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The knowledge base in diff and emit: a strace log of a program that
# opens a SQLite -wal file, calls fsync, installs a SIGTERM handler and
# starts a thread.  diff --format json has flags with the evidence that
# fired them; a sibling the policy allows or the trace shows is silent;
# emit --format list adds siblings with the reason, and --no-siblings
# does not.
. "$top_srcdir/tests/integration/lib.sh"

have jq || skip_all "jq is not installed"
L="$FIXTURES/kb/strace/wal-thread-handler.log"

printf "%s\n" openat pwrite64 fsync rt_sigaction clone exit_group >p.list

flag() { # FILE SYSCALL FIELD
	jq -r ".flags[] | select(.syscall == \"$2\") | .$3" "$1"
}

test_expect_success 'import the trace and diff it against its own list' '
	syscensus import -q -o s.db "$L" &&
	syscensus diff --db s.db --policy p.list --format json >d.json
'

test_expect_success 'fsync observed: fdatasync flagged with its evidence' '
	test "$(flag d.json fdatasync evidence)" = "fsync observed" &&
	test "$(flag d.json fdatasync severity)" = warning &&
	flag d.json fdatasync reference | grep -q "missed.md" &&
	flag d.json fdatasync reason | grep -q "fdatasync"
'

test_expect_success 'a -wal path: ftruncate flagged, the path as evidence' '
	test "$(flag d.json ftruncate evidence)" = \
		"path /var/lib/app/state.db-wal (openat)"
'

test_expect_success 'a SIGTERM handler: rt_sigreturn is an error' '
	test "$(flag d.json rt_sigreturn severity)" = error &&
	flag d.json rt_sigreturn evidence | grep -q "handler for SIGTERM"
'

test_expect_success 'CLONE_THREAD: the thread set, clone3 with ENOSYS advice' '
	test "$(flag d.json rseq evidence)" = "flag CLONE_THREAD (clone)" &&
	test "$(flag d.json set_robust_list evidence)" = \
		"flag CLONE_THREAD (clone)" &&
	test "$(flag d.json clone3 evidence)" = "clone observed" &&
	flag d.json clone3 reason | grep -q ENOSYS
'

test_expect_success 'a sibling the policy allows is not flagged' '
	{ cat p.list; echo fdatasync; echo rt_sigreturn; } >p2.list &&
	syscensus diff --db s.db --policy p2.list --format json >d2.json &&
	test -z "$(flag d2.json fdatasync syscall)" &&
	test -z "$(flag d2.json rt_sigreturn syscall)" &&
	test -n "$(flag d2.json ftruncate syscall)"
'

test_expect_success 'a sibling the trace shows is not flagged' '
	sed "s/fsync(4) = 0/fsync(4) = 0\n100   fdatasync(4) = 0/" "$L" |
		sed "s/\\\\n/\n/" >log2 &&
	grep -q "^100   fdatasync" log2 &&
	syscensus import -q -o s2.db log2 &&
	syscensus diff --db s2.db --policy p.list --format json >d3.json &&
	test -z "$(flag d3.json fdatasync syscall)" &&
	test -n "$(flag d3.json ftruncate syscall)"
'

test_expect_success 'emit --format list adds siblings with their reason' '
	syscensus emit --db s.db --format list >e.list &&
	grep -q "^fdatasync$" e.list &&
	grep -q "^ftruncate$" e.list &&
	sed -n "/^# fdatasync:/,/^fdatasync$/p" e.list | sed "s/^# //" |
		tr "\n" " " >why &&
	grep -q "(seen: fsync observed)" why &&
	grep -q "^# rt_sigreturn: A signal handler returns" e.list
'

test_expect_success 'emit --no-siblings: exactly the observed names' '
	syscensus emit --db s.db --format list --no-siblings >n.list &&
	printf "%s\n" clone exit_group fsync openat pwrite64 rt_sigaction \
		>expect &&
	test_cmp expect n.list
'

test_done
