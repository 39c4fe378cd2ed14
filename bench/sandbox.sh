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

# the log of bench/import.sh
sh "$top/bench/make-log.sh" "$TRACEES" "$SIZE_MB" big.log

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
