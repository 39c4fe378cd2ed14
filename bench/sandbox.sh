#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# bench/sandbox.sh - the cost of self-confinement (issue 15) on the import
# benchmark: `syscensus import` of the same `strace -f` log as
# bench/import.sh, confined (the default) against --no-sandbox, in
# interleaved rounds, each into a new database.  Prints the median wall
# and CPU (user + system) time of each and their ratio.
#
#   bench/sandbox.sh [SYSCENSUS] [SIZE_MB] [ROUNDS]   (defaults: 256, 7)
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
SYSCENSUS=${1:-${SYSCENSUS:-$top/syscensus}}
SIZE_MB=${2:-256}
ROUNDS=${3:-7}
TIME=/usr/bin/time

[ -x "$SYSCENSUS" ] || { echo "no syscensus binary at $SYSCENSUS" >&2; exit 2; }
# absolute: the work happens in a temporary directory
SYSCENSUS=$(cd "$(dirname "$SYSCENSUS")" && pwd)/$(basename "$SYSCENSUS")
TRACEES=${TRACEES:-$(dirname "$SYSCENSUS")/tests/tracees}
[ -x "$TIME" ] || { echo "install GNU time (apt-get install time)" >&2; exit 2; }
command -v strace >/dev/null || { echo "install strace" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/syscensus-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp"

# the log, made as bench/import.sh makes it
strace -f -o a.log "$TRACEES/imp-sqlite" w.db 3000 >/dev/null
strace -f -o b.log "$TRACEES/imp-mix" >/dev/null
strace -f -o c.log ls -la /usr/lib >/dev/null
cat a.log b.log c.log >base.log
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
: >big.log
while [ $(($(stat -c %s big.log) / 1048576)) -lt "$SIZE_MB" ]; do
	cat chunk.log >>big.log
done
cat big.log >/dev/null

# one KIND: append "wall cpu" to KIND.times
one() {
	rm -f db.db db.db-wal db.db-shm
	if [ "$1" = confined ]; then
		$TIME -f "%e %U %S" -o t "$SYSCENSUS" import -q --no-scan \
			-o db.db big.log
	else
		$TIME -f "%e %U %S" -o t "$SYSCENSUS" --no-sandbox import -q \
			--no-scan -o db.db big.log
	fi
	awk '{ printf "%s %.2f\n", $1, $2 + $3 }' t >>"$1.times"
}
median() { sort -n -k"$2" "$1" | awk -v k="$2" '{ v[NR] = $k } END { print v[int((NR + 1) / 2)] }'; }

i=0
while [ $i -lt "$ROUNDS" ]; do
	if [ $((i % 2)) -eq 0 ]; then one confined; one unconfined
	else one unconfined; one confined; fi
	i=$((i + 1))
done
cw=$(median confined.times 1) cc=$(median confined.times 2)
uw=$(median unconfined.times 1) uc=$(median unconfined.times 2)
echo "| import of $(($(stat -c %s big.log) / 1048576)) MiB, $ROUNDS rounds | wall (median) | CPU (median) |"
echo "|---|---|---|"
echo "| --no-sandbox | $uw s | $uc s |"
echo "| confined | $cw s | $cc s |"
echo "| ratio | $(awk -v a="$cw" -v b="$uw" 'BEGIN { printf "%.3f", a / b }') | $(awk -v a="$cc" -v b="$uc" 'BEGIN { printf "%.3f", a / b }') |"
echo
echo "raw (wall cpu): confined $(tr '\n' ';' <confined.times) unconfined $(tr '\n' ';' <unconfined.times)"
