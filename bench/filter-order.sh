#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# bench/filter-order.sh - does the order of the rules in the BPF filter
# `syscensus emit` writes (most frequently observed syscall first, with
# seccomp_syscall_priority) pay?  A syscall-heavy workload runs, in the
# same run and interleaved, under:
#
#   A   the filter `syscensus emit --format bpf` wrote from a recording
#       of the workload (frequency order)
#   B   the same syscall set built by libseccomp with its default order
#       (rules added alphabetically, no priority: libseccomp sorts them by
#       syscall number, highest first, so read(0) and write(1) come last)
#   T   the same set, libseccomp's binary tree (SCMP_FLTATR_CTL_OPTIMIZE 2)
#   N   no filter
#
# Since Linux 5.11 the kernel caches, per syscall number, an ALLOW that
# does not depend on the arguments (the seccomp action cache): such a
# syscall never runs the filter, so its place in it cannot matter.  To
# see what the order is worth where the filter does run (older kernels,
# argument conditions), A' and B' are A and B with one argument condition
# on the hottest syscall (`arg5 != 0x5ecc`, always true here), built by
# the same libseccomp helper; A' reproduces syscensus's ordering (checked:
# without the condition and the unobserved siblings, the helper's program
# is byte-identical to `syscensus emit --no-siblings`).
#
#   bench/filter-order.sh [-b BUILDDIR] [-n ITERATIONS] [-r ROUNDS]
#                         [-o RESULTS.md]
#
# BUILDDIR holds syscensus and tests/tracees/seccomp-exec (make check
# builds it; default: the current directory, else ./build).  The workload
# makes per iteration 3 read(2) of one byte from /dev/zero, one write(2)
# to /dev/null, getppid, and every 4th/8th iteration lseek and
# clock_gettime; at start it makes ~70 other cheap syscalls once (bad fds
# and getters), so the allowlist has the size of a real one.  Default
# 1,000,000 iterations (about 5.4 million syscalls).  Each of ROUNDS
# rounds (default 10) runs every contender twice with hyperfine (after a
# warm-up), in an order rotated each round; the table gives the median
# CPU time (user + system), the minimum and median wall time, and the
# ratios to B and N.  On a busy machine trust CPU time and minimum wall
# time over the median wall time.  Needs cc, libseccomp (pkg-config), hyperfine and
# python3; root is not needed (no_new_privs).
set -eu

builddir=.
iterations=1000000
rounds=10
out=
while getopts b:n:r:o: opt; do
	case $opt in
	b) builddir=$OPTARG ;;
	n) iterations=$OPTARG ;;
	r) rounds=$OPTARG ;;
	o) out=$OPTARG ;;
	*) sed -n 's/^#   bench/usage: bench/p' "$0" >&2; exit 2 ;;
	esac
done
[ -x "$builddir/syscensus" ] || [ ! -x build/syscensus ] || builddir=build
builddir=$(cd "$builddir" && pwd)
S=$builddir/syscensus
X=$builddir/tests/tracees/seccomp-exec
[ -x "$S" ] || { echo "no syscensus in $builddir (-b BUILDDIR)" >&2; exit 2; }
[ -x "$X" ] || { echo "no $X: run make check (or make $X)" >&2; exit 2; }
for t in cc pkg-config hyperfine python3; do
	command -v $t >/dev/null || { echo "install $t" >&2; exit 2; }
done
pkg-config --exists libseccomp || { echo "install libseccomp-dev" >&2; exit 2; }
"$X" --probe || exit 3
case $out in
''|/*) ;;
*) out=$(pwd)/$out ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/syscensus-filter-order.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT INT TERM
cd "$tmp"

# ------------------------------------------------------------ workload
cat >fo-work.c <<'EOF'
/* The workload: N iterations of a hot mix, after ~70 cold syscalls. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static const long cold_bad_fd[] = {
	SYS_fstat, SYS_fsync, SYS_fdatasync, SYS_ftruncate, SYS_getdents64,
	SYS_fchmod, SYS_fchown, SYS_dup, SYS_pread64, SYS_pwrite64,
	SYS_readv, SYS_writev, SYS_fcntl, SYS_ioctl, SYS_flock, SYS_fstatfs,
	SYS_fchdir, SYS_shutdown, SYS_getsockname, SYS_getpeername,
	SYS_sendto, SYS_recvfrom, SYS_sendmsg, SYS_recvmsg, SYS_listen,
	SYS_accept, SYS_accept4, SYS_connect, SYS_bind, SYS_setsockopt,
	SYS_getsockopt, SYS_epoll_ctl, SYS_epoll_wait, SYS_inotify_add_watch,
	SYS_timerfd_settime, SYS_timerfd_gettime, SYS_fadvise64, SYS_syncfs,
	SYS_close, SYS_dup2, SYS_fgetxattr, SYS_flistxattr, SYS_readahead,
	SYS_sync_file_range, SYS_fallocate, SYS_preadv, SYS_pwritev,
	SYS_splice, SYS_tee, SYS_vmsplice, SYS_fsetxattr, SYS_fremovexattr,
};
static const long cold_get[] = {
	SYS_getpid, SYS_getuid, SYS_geteuid, SYS_getgid, SYS_getegid,
	SYS_gettid, SYS_getpgrp, SYS_sched_yield, SYS_getppid,
};

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000, i;
	struct timespec ts;
	char buf[512]; /* uname writes 390 bytes */
	size_t k;
	int z, d;

	for (k = 0; k < sizeof(cold_bad_fd) / sizeof(cold_bad_fd[0]); k++)
		syscall(cold_bad_fd[k], -1, 0, 0, 0, 0, 0);
	for (k = 0; k < sizeof(cold_get) / sizeof(cold_get[0]); k++)
		syscall(cold_get[k]);
	syscall(SYS_getsid, 0);
	syscall(SYS_getpgid, 0);
	syscall(SYS_getpriority, 0, 0);
	syscall(SYS_umask, 022);
	syscall(SYS_uname, buf);
	syscall(SYS_getcwd, buf, sizeof(buf));
	syscall(SYS_clock_getres, CLOCK_MONOTONIC, &ts);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, buf, 8);
	syscall(SYS_getrandom, buf, 1, 0);
	z = open("/dev/zero", O_RDONLY);
	d = open("/dev/null", O_WRONLY);
	if (z < 0 || d < 0)
		return 1;
	for (i = 0; i < n; i++) {
		syscall(SYS_read, z, buf, 1);
		syscall(SYS_read, z, buf, 1);
		syscall(SYS_read, z, buf, 1);
		syscall(SYS_write, d, buf, 1);
		syscall(SYS_getppid);
		if (i % 4 == 0)
			syscall(SYS_lseek, z, 0, SEEK_CUR);
		if (i % 8 == 0)
			syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	}
	return 0;
}
EOF

# ------------------------------------------ libseccomp filter builder
cat >fo-mkfilter.c <<'EOF'
/*
 * fo-mkfilter MODE [COND-SYSCALL] < "name count" lines (most frequent
 * first): the BPF program on stdout.  MODE default: rules added in name
 * order, no priority; priority: seccomp_syscall_priority 255, 254, ...
 * in input order (what syscensus emit does); tree: default plus
 * SCMP_FLTATR_CTL_OPTIMIZE 2.  COND-SYSCALL gets an always-true
 * condition on arg5, so the kernel cannot cache its ALLOW.
 */
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int byname(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "default";
	const char *cond = argc > 2 ? argv[2] : NULL;
	static char *names[1024];
	char name[128];
	unsigned long count;
	size_t n = 0, i;
	int rc, prio = 255;
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);

	if (!ctx ||
	    seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			     SCMP_ACT_KILL_PROCESS))
		return 2;
	if (!strcmp(mode, "tree") &&
	    seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2))
		return 2;
	while (n < 1024 && scanf("%127s %lu", name, &count) == 2)
		names[n++] = strdup(name);
	if (strcmp(mode, "priority"))
		qsort(names, n, sizeof(names[0]), byname);
	for (i = 0; i < n; i++) {
		int nr = seccomp_syscall_resolve_name(names[i]);

		if (nr == __NR_SCMP_ERROR)
			continue;
		if (cond && !strcmp(cond, names[i]))
			rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
					      SCMP_A5(SCMP_CMP_NE, 0x5ecc));
		else
			rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
		if (rc == 0 && !strcmp(mode, "priority") && prio > 0)
			rc = seccomp_syscall_priority(ctx, nr,
						      (uint8_t)prio--);
		if (rc) {
			fprintf(stderr, "%s: %s\n", names[i], strerror(-rc));
			return 2;
		}
	}
	rc = seccomp_export_bpf(ctx, STDOUT_FILENO);
	seccomp_release(ctx);
	return rc ? 2 : 0;
}
EOF
# shellcheck disable=SC2046
cc -O2 -o fo-work fo-work.c
# shellcheck disable=SC2046
cc -O2 -o fo-mkfilter fo-mkfilter.c $(pkg-config --cflags --libs libseccomp)

# --------------------------------------------------- record and emit
"$S" record -q -o fo.db -- ./fo-work 20000
"$S" emit --db fo.db --exe '/fo-work$' --format bpf -o A.bpf
"$S" emit --db fo.db --exe '/fo-work$' --format list -o set.list
# the allowed set with the observed counts, most frequent first (what
# the helper's priority mode needs; unobserved siblings count 0)
python3 - fo.db set.list >freq.txt <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
calls = dict(db.execute("SELECT syscall, sum(calls) FROM observed "
                        "WHERE exe LIKE '%/fo-work' GROUP BY syscall"))
names = [l.strip() for l in open(sys.argv[2])
         if l.strip() and not l.startswith("#")]
for s in sorted(names, key=lambda s: (-calls.get(s, 0), s)):
    print(s, calls.get(s, 0))
EOF
hot=$(head -n 1 freq.txt | cut -d' ' -f1)
./fo-mkfilter default <freq.txt >B.bpf
./fo-mkfilter tree <freq.txt >T.bpf
./fo-mkfilter priority "$hot" <freq.txt >A2.bpf
./fo-mkfilter default "$hot" <freq.txt >B2.bpf
# the helper orders as syscensus does: byte-identical on the observed
# syscalls (the unobserved siblings, count 0, tie in another order)
"$S" emit --db fo.db --exe '/fo-work$' --format bpf --no-siblings -o E.bpf
awk '$2 > 0' freq.txt | ./fo-mkfilter priority >Eh.bpf
if cmp -s E.bpf Eh.bpf; then same=yes; else same=no; fi
# all contenders allow the same set (A' and B' allow the hot syscall
# conditionally: compared without it)
"$S" inspect --policy A.bpf --policy-format bpf --format list >A.list
grep -vx "$hot" A.list >A-hot.list
for f in B T A2 B2; do
	"$S" inspect --policy $f.bpf --policy-format bpf --format list >$f.list
	case $f in
	?2) want=A-hot.list ;;
	*) want=A.list ;;
	esac
	cmp -s $want $f.list || { echo "$f.bpf allows another set" >&2; exit 1; }
done
nset=$(grep -vc '^#' A.list)
insns() { echo $(($(stat -c %s "$1") / 8)); }
for f in A B T A2 B2; do
	"$X" --bpf $f.bpf -- ./fo-work 1000 ||
		{ echo "the workload does not survive $f.bpf" >&2; exit 1; }
done

# ------------------------------------------------------------ measure
# Each round runs every contender twice after a warm-up run, in an order
# rotated round by round (a busy machine then slows every contender
# alike); hyperfine gives each run's wall time and the mean user+system
# CPU time of the round's two runs.
W="./fo-work $iterations"
order="N A B T A2 B2"
r=1
while [ $r -le "$rounds" ]; do
	set --
	for f in $order; do
		case $f in
		N) cmd=$W ;;
		*) cmd="$X --bpf $f.bpf -- $W" ;;
		esac
		set -- "$@" -n "$f" "$cmd"
	done
	hyperfine -N -w 1 -r 2 --export-json "round$r.json" "$@" >/dev/null
	order="${order#* } ${order%% *}"
	r=$((r + 1))
done

python3 - "$rounds" "$iterations" "$hot" "$nset" "$same" \
	"$(insns A.bpf)" "$(insns B.bpf)" "$(insns T.bpf)" \
	"$(insns A2.bpf)" "$(insns B2.bpf)" "$(uname -sr)" "$(nproc)" \
	>results.md <<'EOF'
import json, statistics, sys
(rounds, iters, hot, nset, same, ia, ib, it, ia2, ib2, kernel,
 ncpu) = sys.argv[1:]
rounds = int(rounds)
wall, cpu = {}, {}
for r in range(1, rounds + 1):
    for res in json.load(open("round%d.json" % r))["results"]:
        k = res["command"]
        wall.setdefault(k, []).extend(res["times"])
        cpu.setdefault(k, []).append(res["user"] + res["system"])
wmin = {k: min(v) for k, v in wall.items()}
wmed = {k: statistics.median(v) for k, v in wall.items()}
cmed = {k: statistics.median(v) for k, v in cpu.items()}
label = {"N": "N", "A": "A", "B": "B", "T": "T", "A2": "A'", "B2": "B'"}
desc = {
    "N": "no filter",
    "A": "syscensus emit --format bpf (frequency order), %s insns" % ia,
    "B": "libseccomp default order, %s insns" % ib,
    "T": "libseccomp binary tree, %s insns" % it,
    "A2": "A, %s with an arg condition (not cached), %s insns"
          % (hot, ia2),
    "B2": "B, %s with an arg condition (not cached), %s insns"
          % (hot, ib2),
}
print("Workload: %d iterations (%.1f M syscalls), %d allowed syscalls, "
      "hottest: %s; %s, %s CPUs; %d rounds, %d timed runs per filter."
      % (int(iters), int(iters) * 5.375 / 1e6, int(nset), hot, kernel,
         ncpu, rounds, len(wall["N"])))
print("The helper (priority mode) is byte-identical to `syscensus emit "
      "--no-siblings`: %s." % same)
print()
print("| filter | what | CPU s (median) | wall s (min) | wall s (median) "
      "| CPU / B | CPU / N | wall min / B |")
print("|---|---|---|---|---|---|---|---|")
for k in ["A", "B", "T", "N", "A2", "B2"]:
    print("| %s | %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |"
          % (label[k], desc[k], cmed[k], wmin[k], wmed[k],
             cmed[k] / cmed["B"], cmed[k] / cmed["N"],
             wmin[k] / wmin["B"]))
print()
ab = (cmed["A"] / cmed["B"], wmin["A"] / wmin["B"])
ab2 = (cmed["A2"] / cmed["B2"], wmin["A2"] / wmin["B2"])
print("A / B: %.3f (CPU median), %.3f (wall min).  "
      "A' / B': %.3f (CPU median), %.3f (wall min)." % (ab + ab2))
ok = max(ab + ab2) <= 1.03
print("Target (frequency order no slower than libseccomp's default order, "
      "3%% noise allowed, both pairs, both measures): %s."
      % ("met" if ok else "NOT met"))
EOF
cat results.md
[ -z "$out" ] || cp results.md "$out"
