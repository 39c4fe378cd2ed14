#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Proof by enforcement: filters emitted as bpf and c are loaded for real
# with the kill action; the workload survives them and one syscall outside
# kills it with SIGSYS.  Every emitted format reads back as covering the
# trace (check --policy), and inspect -p decodes a live process's filter.
. "$top_srcdir/tests/integration/lib.sh"

W="$top_builddir/tests/tracees/pio-workload"
test -x "$W" || skip_all "pio-workload not built"
test_require SECCOMP

# What pio-workload does once filtered (plus what free() and sleeping may
# need, and restart_syscall: inspect interrupts the sleep); getppid is
# left out on purpose.
cat >w.log <<'EOT'
100   write(1, "filtered\n", 9) = 9
100   getpid() = 100
100   openat(AT_FDCWD, "/dev/null", O_RDONLY) = 3
100   read(3, "", 1) = 0
100   close(3) = 0
100   clock_nanosleep(CLOCK_MONOTONIC, 0, {tv_sec=0, tv_nsec=50000000}, NULL) = 0
100   brk(NULL) = 0x55d5d000
100   munmap(0x7f0000000000, 4096) = 0
100   madvise(0x7f0000000000, 4096, MADV_DONTNEED) = 0
100   rt_sigreturn({mask=[]}) = 0
100   restart_syscall(<... resuming interrupted clock_nanosleep ...>) = 0
100   exit_group(0) = ?
EOT

test_expect_success 'import the workload trace' '
	syscensus import -o w.db w.log
'


test_expect_success 'emitted bpf: the workload survives with kill' '
	syscensus emit --db w.db --no-siblings --format bpf -o w.bpf &&
	test "$(stat -c %a w.bpf)" = 600 &&
	"$W" bpf w.bpf >out &&
	grep -q survived out
'

test_expect_success 'emitted bpf: one syscall outside dies of SIGSYS' '
	"$W" bpf w.bpf forbidden >out; st=$? &&
	test "$st" = 159 &&
	grep -q filtered out &&
	! grep -q survived out
'

test_expect_success 'emitted bpf with --action errno: getppid fails, no kill' '
	syscensus emit --db w.db --no-siblings --action errno --format bpf \
		-o e.bpf &&
	"$W" bpf e.bpf forbidden >out &&
	grep -q survived out
'

if have cc && pkg-config --exists libseccomp; then
	test_expect_success 'emitted c compiles and the workload survives' '
		syscensus emit --db w.db --no-siblings --format c -o w.c &&
		cc -DPIO_WITH_C -o wc "$top_srcdir/tests/tracees/pio-workload.c" \
			w.c $(pkg-config --cflags --libs libseccomp) &&
		./wc >out &&
		grep -q survived out
	'
	test_expect_success 'emitted c: one syscall outside dies of SIGSYS' '
		./wc forbidden >out; st=$? &&
		test "$st" = 159 && ! grep -q survived out
	'
else
	test_skip 'emitted c compiles and runs' 'no cc or libseccomp.pc'
fi

if have cc && pkg-config --exists libseccomp; then
	test_expect_success 'inspect -p decodes a stack of two filters' '
		grep -v "nanosleep\|restart_syscall" w.log >short.log &&
		syscensus import -q -o short.db short.log &&
		syscensus emit --db short.db --no-siblings --action log \
			--format c -o log.c &&
		cc -DPIO_WITH_C -o logc "$top_srcdir/tests/tracees/pio-workload.c" \
			log.c $(pkg-config --cflags --libs libseccomp) || return 1
		./logc exec "$W" bpf w.bpf sleep >/dev/null &
		pid=$!
		sleep 0.3 &&
		syscensus inspect -p $pid >stack 2>err; st=$?
		kill -9 $pid; wait $pid
		cat stack err; test $st = 0 &&
		grep -q "^process $pid: 2 seccomp filters" stack &&
		grep -q "^default: kill-process$" stack &&
		grep -q "^log: clock_nanosleep restart_syscall  (2)$" stack
	'
fi

test_expect_success 'every emitted format reads back covering the trace' '
	for f in oci minijail c bpf; do
		syscensus emit --db w.db --no-siblings --format $f \
			-o "w-$f.policy" || return 1
		syscensus check --db w.db --policy "w-$f.policy" \
			--policy-format $f >"check-$f.out" ||
			{ cat "check-$f.out"; return 1; }
	done &&
	test -f w-minijail.frequency &&
	grep -q "^write: 1$" w-minijail.frequency
'

test_expect_success 'read back, each format allows exactly the trace' '
	syscensus emit --db w.db --no-siblings --format list >want &&
	for f in oci minijail c bpf; do
		syscensus inspect --policy "w-$f.policy" --policy-format $f \
			--format list >"got-$f" &&
		test_cmp want "got-$f" || return 1
	done
'

test_expect_success 'the systemd drop-in covers the trace' '
	syscensus emit --db w.db --no-siblings --format systemd -o w.conf &&
	grep -q "^SystemCallArchitectures=native$" w.conf &&
	syscensus check --db w.db --policy w.conf --policy-format systemd
'

test_expect_success 'inspect -p decodes a live filter and leaves it running' '
	"$W" bpf w.bpf sleep >sleep.out &
	pid=$! &&
	sleep 0.3 &&
	syscensus inspect -p $pid --format list >live 2>err; st=$?
	kill -0 $pid; alive=$?
	kill -9 $pid; wait $pid
	cat err; test $st = 0 && test $alive = 0 &&
	test_cmp want live
'

if test_have_prereq PTRACE; then
	test_expect_success 'a filter a tracee installs is captured and decoded' '
		syscensus record -o r.db -- "$W" bpf w.bpf >out 2>err &&
		grep -q survived out &&
		syscensus inspect --db r.db >text &&
		grep -q "^filter 1 (run 1, pid [0-9]*, .*pio-workload, via seccomp)" text &&
		syscensus inspect --db r.db --format list >got &&
		test_cmp want got &&
		syscensus inspect --db r.db --filter 1 --format bpf >raw.bpf &&
		cmp raw.bpf w.bpf
	'
else
	test_skip 'a filter a tracee installs is captured' \
		"missing PTRACE ($prereq_reason)"
fi

test_expect_success 'inspect --db without captured filters exits 1' '
	test_expect_code 1 syscensus inspect --db w.db 2>err &&
	grep -q "no captured filters" err
'

test_expect_success 'inspect -p on a process without a filter exits 1' '
	sleep 5 & pid=$!
	test_expect_code 1 syscensus inspect -p $pid 2>err; st=$?
	kill $pid; wait $pid
	test $st = 0 && grep -q "no seccomp filter" err
'

test_expect_success 'inspect -p on no such process exits 3' '
	test_expect_code 3 syscensus inspect -p 999999999 2>err ||
	test_expect_code 3 syscensus inspect -p 4194303 2>err
'

test_done
