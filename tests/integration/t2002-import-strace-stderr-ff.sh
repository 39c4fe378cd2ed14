#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The other two places strace writes: stderr (no -o: "[pid N]" prefixes
# only while several tracees live, diagnostics spliced mid-line, the -C
# table at the end of the same stream) and -ff split files (one file per
# task, its pid in the name).  strace refuses -C with -ff, so -ff is
# checked two ways: the -f -C log of one run split the way -ff splits it
# (compared with that run's table), and a real -ff run compared with its
# lines counted one by one.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/import-lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
test_require STRACE
[ "$(uname -m)" = x86_64 ] ||
	skip_all "the expected counts assume an x86_64 host (personality blocks)"

T="$top_builddir/tests/tracees"
i=0
for flags in "" "-n" "-tt -T" "-Y" "-yy -i" "-k" "-ttt -r -v"; do
	for prog in imp-mix imp-thread-exec imp-sqlite; do
		i=$((i + 1))
		case "$prog $flags" in
		"imp-thread-exec "*-k*) continue ;; # strace 6.1 -k gives up
		esac
		args=
		[ "$prog" = imp-sqlite ] && args="w$i.db 60"
		# imp-mix makes an int $0x80 call with IMP_PERSONALITY=1
		prereq=
		[ "$prog" = imp-mix ] && prereq=INT80
		test_expect_success $prereq "stderr log, strace -f -C $flags: $prog" "
			IMP_PERSONALITY=1 strace -f -C $flags $T/$prog $args \
				>/dev/null 2>log$i &&
			grep -q '^% time' log$i &&
			syscensus import -o db$i log$i 2>err &&
			grep -q ', 0 bad lines' err &&
			strace_counts log$i >expect &&
			our_counts db$i >actual &&
			test_cmp expect actual
		"
	done
done

test_expect_success INT80 'stderr log: diagnostics spliced mid-line were seen' '
	grep -q "[(|]strace: Process [0-9]* attached" log1
'

test_expect_success INT80 'stderr log: executables of unprefixed and prefixed lines' '
	sql db1 "SELECT DISTINCT exe FROM observed ORDER BY 1" >exes &&
	grep -q "imp-mix$" exes &&
	grep -qx "/bin/true" exes &&
	grep -qx "/proc/self/exe" exes &&
	! grep -qx unknown exes
'

for prog in imp-mix imp-thread-exec imp-sqlite; do
	i=$((i + 1))
	args=
	[ "$prog" = imp-sqlite ] && args="w$i.db 60"
	# (an exec from a thread is marked "<pid changed to N ...>" only
	# by a real -ff run: the split of a -f log cannot say it)
	[ "$prog" = imp-thread-exec ] ||
	test_expect_success "-f -C log split as -ff: $prog equals strace's table" "
		strace -f -C -o flog$i $T/$prog $args &&
		split_ff flog$i split$i &&
		test \$(ls split$i | wc -l) -gt 1 &&
		syscensus import -q -o sdb$i split$i &&
		strace_counts flog$i >expect &&
		our_counts sdb$i >actual &&
		test_cmp expect actual
	"
	test_expect_success "real -ff run: $prog, import DIR and log.* agree" "
		mkdir ff$i &&
		strace -ff -o ff$i/log $T/$prog $args &&
		syscensus import -q -o ffdb$i ff$i &&
		syscensus import -q -o ffglob$i ff$i/log.* &&
		line_counts ff$i/log.* >expect &&
		our_counts ffdb$i >actual &&
		test_cmp expect actual &&
		our_counts ffglob$i >actual2 &&
		test_cmp expect actual2 &&
		test \$(sql ffdb$i 'SELECT count(*) FROM run_files
			WHERE pid_hint IS NOT NULL') = \$(ls ff$i | wc -l)
	"
done

test_expect_success '-ff: children inherit the executable, exec changes it' '
	sql ffdb$((i - 2)) "SELECT DISTINCT exe FROM observed ORDER BY 1" >exes &&
	grep -q "imp-mix$" exes &&
	grep -qx "/bin/true" exes &&
	grep -qx "/proc/self/exe" exes &&
	! grep -qx unknown exes
'

test_done
