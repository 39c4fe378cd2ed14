#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The knowledge base on a real trace: the fixture daemon svcd driven
# through every phase under strace -f.  A trace cut before the reload phase
# (startup and steady only) misses what threads and the process do at
# shutdown; the rules flag those calls from what the short trace did show
# (CLONE_THREAD, the SQLite -wal file), and the full trace confirms them.
# On the full trace the same flags are silent: the siblings are observed.
. "$top_srcdir/tests/integration/lib.sh"

have jq || skip_all "jq is not installed"
test_require STRACE
D="$top_builddir/fixtures/daemons"
[ -x "$D/svcd" ] && [ -x "$D/svc-client" ] || skip_all "svcd is not built"
export SVCD="$D/svcd" SVC_CLIENT="$D/svc-client"

flag() { # FILE SYSCALL FIELD
	jq -r ".flags[] | select(.syscall == \"$2\") | .$3" "$1"
}

test_expect_success 'drive svcd through every phase under strace -f' '
	mkdir run &&
	sh "$top_srcdir/fixtures/daemons/drive.sh" --dir run --iterations 5 \
		--wrap "strace -f -o strace.log" >out 2>err &&
	grep -q "^drive: ok" out
'

test_expect_success 'cut the trace before the reload phase' '
	n=$(grep -n "reloaded (SIGHUP)" run/strace.log | head -n 1 |
		cut -d: -f1) &&
	test -n "$n" &&
	head -n $((n - 1)) run/strace.log >short.log &&
	syscensus import -q -o short.db short.log &&
	syscensus import -q -o full.db run/strace.log &&
	syscensus emit --db short.db --format list --no-siblings >short.list &&
	syscensus emit --db full.db --format list --no-siblings >full.list &&
	comm -13 short.list full.list >missing &&
	say "only in the full trace: $(tr "\n" " " <missing)" &&
	grep -qx exit_group missing && grep -qx exit missing
'

test_expect_success 'the short trace gets exit and exit_group flagged' '
	syscensus diff --db short.db --policy short.list --format json \
		>short.json &&
	flag short.json exit evidence | grep -q "flag CLONE_THREAD (clone" &&
	test "$(flag short.json exit rule)" = thread-set &&
	test -n "$(flag short.json exit_group reason)"
'

test_expect_success 'most of what only the full trace shows was predicted' '
	total=$(wc -l <missing) && hit=0 &&
	for s in $(cat missing); do
		if [ -n "$(flag short.json "$s" syscall)" ]; then
			hit=$((hit + 1))
			say "predicted $s: $(flag short.json "$s" evidence)"
		fi
	done &&
	say "$hit of $total predicted" &&
	test $((hit * 2)) -gt "$total"
'

test_expect_success 'the SQLite -wal/-journal files of the real trace are evidence' '
	jq -r ".flags[].evidence" short.json | grep -q "/run/svcd.db-[a-z]* ("
'

test_expect_success 'on the full trace those siblings are silent' '
	syscensus diff --db full.db --policy full.list --format json \
		>full.json &&
	test -z "$(flag full.json exit syscall)" &&
	test -z "$(flag full.json exit_group syscall)"
'

test_done
