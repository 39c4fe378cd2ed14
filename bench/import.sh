#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# bench/import.sh - `syscensus import` on a ~1 GB `strace -f` log against
# the pipeline engineers use today and against `wc -l` (the floor), in
# the same run, with peak memory from /usr/bin/time -v.
#
#   [RUNS=3] [BASELINE=OLD-SYSCENSUS] bench/import.sh [SYSCENSUS] [SIZE_MB]
#
# The log is made by bench/make-log.sh from real strace -f logs (the
# SQLite WAL tracee with reader threads, the fork/exec/signals tracee, and
# /bin/ls -la /usr/lib) repeated with shifted pids until it reaches
# SIZE_MB (default 1024), in a temporary directory removed afterwards.  Prints a Markdown table
# (bench/import.md quotes it); import is timed twice: as users run it, and
# with --no-scan (the log alone, without the static scan of the
# executables it names, a cost that does not grow with the log), and
# BASELINE, another build, as users run it (a before/after in one run).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
SYSCENSUS=${1:-${SYSCENSUS:-$top/syscensus}}
SIZE_MB=${2:-1024}
TRACEES=${TRACEES:-$(dirname "$SYSCENSUS")/tests/tracees}
TIME=/usr/bin/time

[ -x "$SYSCENSUS" ] || { echo "no syscensus binary at $SYSCENSUS" >&2; exit 2; }
[ -x "$TIME" ] || { echo "install GNU time (apt-get install time)" >&2; exit 2; }
command -v strace >/dev/null || { echo "install strace" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/syscensus-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp"

sh "$top/bench/make-log.sh" "$TRACEES" "$SIZE_MB" big.log
bytes=$(stat -c %s big.log)

# Interleaved rounds: each round times every contender once, in turn, so
# a change in the machine's load (it is shared) falls on all of them.
# once NAME CMD...: append "wall cpu rss" of one run to NAME.all: wall
# seconds, user+system CPU seconds, peak RSS in KiB (GNU time; for a
# pipeline run by sh, the largest of its processes).
RUNS=${RUNS:-3}
once() {
	name=$1
	shift
	rm -f bench.db bench.db-wal bench.db-shm
	"$TIME" -f '%e %U %S %M' -o m.out "$@" >/dev/null 2>m.err || {
		cat m.err >&2; exit 1; }
	tail -n 1 m.out | awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' >>"$name.all"
}
# median NAME: "wall cpu rss", each the median of its own column
median() {
	for col in 1 2 3; do
		cut -d' ' -f$col "$1.all" | sort -n |
			awk -v n="$RUNS" 'NR == int((n + 1) / 2)'
	done | tr '\n' ' '
}

PIPE="awk -F'(' '{print \$1}' big.log | sed 's/^[0-9]* *//' | sort -u"
BASELINE=${BASELINE:-}
rm -f wc.all pipe.all ns.all base.all imp.all
r=0
while [ $r -lt "$RUNS" ]; do
	once wc wc -l big.log
	once pipe sh -c "$PIPE"
	once ns "$SYSCENSUS" import -q --no-scan -o bench.db big.log
	[ -z "$BASELINE" ] ||
		once base "$BASELINE" import -q -o bench.db big.log
	once imp "$SYSCENSUS" import -q -o bench.db big.log
	r=$((r + 1))
done
set -- $(median wc); wc_s=$1; wc_cpu=$2; wc_kb=$3
set -- $(median pipe); pipe_s=$1; pipe_cpu=$2; pipe_kb=$3
set -- $(median ns); ns_s=$1; ns_cpu=$2; ns_kb=$3
set -- $(median imp); imp_s=$1; imp_cpu=$2; imp_kb=$3
base_row=
if [ -n "$BASELINE" ]; then
	set -- $(median base)
	base_row="| before | \`BASELINE import -q -o DB LOG\` | $1 | $2 | $(($3 / 1024)) | $(awk -v a="$1" -v b="$imp_s" 'BEGIN { printf "%.1f", a / b }')x |"
fi
lines=$(wc -l <big.log)
calls=$(sqlite3 bench.db "SELECT sum(calls) FROM observed" 2>/dev/null || echo "?")
names=$(sh -c "$PIPE" | wc -l)
distinct=$(sqlite3 bench.db "SELECT count(DISTINCT syscall) FROM observed" 2>/dev/null || echo "?")
ic=$(sqlite3 bench.db "PRAGMA integrity_check" 2>/dev/null || echo "?")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "inf" }'; }

cat <<EOT
| | command | wall (s) | CPU (s) | peak RSS (MiB) | wall vs import |
|---|---|---:|---:|---:|---:|
| floor | \`wc -l LOG\` | $wc_s | $wc_cpu | $((wc_kb / 1024)) | $(ratio "$wc_s" "$imp_s")x |
| pipeline | \`awk -F'(' '{print \$1}' LOG \| sed 's/^[0-9]* *//' \| sort -u\` | $pipe_s | $pipe_cpu | $((pipe_kb / 1024)) | $(ratio "$pipe_s" "$imp_s")x |
| syscensus | \`syscensus import -q -o DB LOG\` | $imp_s | $imp_cpu | $((imp_kb / 1024)) | 1.0x |
| the log alone | \`syscensus import -q --no-scan -o DB LOG\` | $ns_s | $ns_cpu | $((ns_kb / 1024)) | $(ratio "$ns_s" "$imp_s")x |
$base_row

Log: $((bytes / 1048576)) MiB, $lines lines (strace -f; $(nproc) CPUs,
kernel $(uname -r); $RUNS interleaved rounds, each column the median of
its own, page cache warm).
Import: $calls calls of $distinct distinct syscalls stored per
executable with errno counts and facts; integrity_check: $ic.
The pipeline printed $names distinct first fields (syscall names mixed
with noise such as "+++ exited with 0 +++" and "<... futex resumed>").
Import is $(ratio "$pipe_s" "$imp_s")x faster than the pipeline in wall
time ($(ratio "$pipe_cpu" "$imp_cpu")x in CPU time) and takes
$(ratio "$imp_s" "$wc_s")x the time of wc -l.  Without the static scan of
the executables the log names (a fixed cost, whatever the log's size):
$(ratio "$pipe_s" "$ns_s")x in wall time, $(ratio "$pipe_cpu" "$ns_cpu")x in CPU time.
Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg).
EOT
