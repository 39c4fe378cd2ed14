#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# bench/make-log.sh - the `strace -f` log of the import benchmarks
# (bench/import.sh, bench/sandbox.sh): real strace -f logs (the SQLite WAL
# tracee with reader threads, the fork/exec/signals tracee, and
# /bin/ls -la /usr/lib), repeated with shifted pids in a 32 MiB chunk,
# then the chunk until the log reaches SIZE_MB, and read once to warm the
# page cache.  Works in the current directory (a.log ... chunk.log).
#
#   bench/make-log.sh TRACEES SIZE_MB OUT
set -eu

TRACEES=$1
SIZE_MB=$2
OUT=$3

# 1. real logs (no -C table: the pipeline would read it as names)
strace -f -o a.log "$TRACEES/imp-sqlite" w.db 3000 >/dev/null
strace -f -o b.log "$TRACEES/imp-mix" >/dev/null
strace -f -o c.log ls -la /usr/lib >/dev/null
cat a.log b.log c.log >base.log

# 2. a 32 MB chunk: copies of the base with pids shifted per copy
awk -v want=$((32 * 1024 * 1024)) '
	{ line[n++] = $0; sz += length($0) + 1 }
	END {
		copies = int(want / sz) + 1
		for (c = 0; c < copies; c++)
			for (i = 0; i < n; i++) {
				l = line[i]
				if (match(l, /^[0-9]+/))
					l = (substr(l, 1, RLENGTH) + c * 7) substr(l, RLENGTH + 1)
				print l
			}
	}' base.log >chunk.log

# 3. the big log
: >"$OUT"
while [ $(($(stat -c %s "$OUT") / 1048576)) -lt "$SIZE_MB" ]; do
	cat chunk.log >>"$OUT"
done
cat "$OUT" >/dev/null # warm the page cache for every contender
