#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# bench/reach-sizes.sh - how big does the default `emit` get once static
# reach is added?  Issue 10: on a typical server the default emit
# (observed + knowledge-base siblings + direct reach) must hold at most
# 2.5 times the observed set.  For each program below: record one
# ordinary run with `syscensus record`, scan the executable with
# `syscensus scan` into the same database, and read the sizes `emit -v`
# prints: observed, + siblings, + direct, + transitive.  Every figure is a
# count of distinct syscall names for that one executable (--exe), so
# they compare with B-Side's published average (43 syscalls over 557
# Debian binaries, static analysis alone; 271 and 95 for the two earlier
# tools it measured).  The last two columns are the scanner's own counts
# for the program (the `reachable` view), whatever the trace saw.
#
#   bench/reach-sizes.sh [-b BUILDDIR] [-o RESULTS.md]
#
# BUILDDIR holds syscensus and fixtures/daemons/svcd (make check builds
# it; default ./build).  The programs: the fixture daemon svcd driven
# through startup and steady only (fixtures/daemons/drive.sh, the trace
# a benchmark gives) and through every phase; python3 and perl running a
# one-liner; tar, gzip, ls, sqlite3 and curl doing one ordinary job each.
# A program that is not installed is skipped.  Without `syscensus scan`
# (another area of the project, not yet merged everywhere) the script
# stops: reach figures need the real scanner.
set -u
build=./build
out=
while getopts b:o: c; do
	case $c in
	b) build=$OPTARG ;;
	o) out=$OPTARG ;;
	*) sed -n 's/^#   bench/usage: bench/p' "$0" >&2; exit 2 ;;
	esac
done
top=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
build=$(CDPATH= cd -- "$build" && pwd) || exit 2
S=$build/syscensus
export SYSCENSUS_DATADIR="$top/data"
"$S" scan --help >/dev/null 2>&1 ||
	{ echo "reach-sizes: 'syscensus scan' is not built here" >&2; exit 2; }
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

row() { # NAME DB EXE-REGEX SCAN-PATH [EMIT-ARGS...]
	name=$1 db=$2 re=$3 bin=$4
	shift 4
	note=
	"$S" scan -q -o "$db" "$bin" >/dev/null 2>scan.err
	st=$?
	if [ $st -gt 128 ]; then
		# a scanner crash with cached library summaries: say so, and
		# analyse every library afresh
		note=" (scan crashed with the cache; --no-cache)"
		"$S" scan -q --no-cache -o "$db" "$bin" >/dev/null 2>scan.err
		st=$?
	fi
	if [ $st -ne 0 ]; then
		[ $st -gt 128 ] && echo "killed by signal $((st - 128))" >>scan.err
		echo "| $name | scan failed: $(tail -n 1 scan.err) ||||||||"
		return
	fi
	"$S" emit --db "$db" --format list --exe "$re" -v -o /dev/null "$@" \
		2>emit.err
	line=$(grep '^emit: sizes:' emit.err)
	o=$(echo "$line" | sed 's/.*observed \([0-9]*\),.*/\1/')
	s=$(echo "$line" | sed 's/.*+ siblings \([0-9]*\),.*/\1/')
	d=$(echo "$line" | sed 's/.*+ direct \([0-9]*\),.*/\1/')
	t=$(echo "$line" | sed 's/.*+ transitive \([0-9]*\);.*/\1/')
	e=$(echo "$line" | sed 's/.*emitted \([0-9]*\) .*/\1/')
	# the scanner's own figures for the program, trace aside
	real=$(readlink -f "$bin")
	sd=$(sqlite3 "$db" "SELECT count(DISTINCT syscall) FROM reachable
		WHERE exe = '$real' AND level = 'direct'")
	sa=$(sqlite3 "$db" "SELECT count(DISTINCT syscall) FROM reachable
		WHERE exe = '$real'")
	printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
		"$name$note" "$o" "$s" "$d" "$t" "$e" "$(awk -v e="$e" \
		-v o="$o" 'BEGIN { printf "%.2fx", o ? e / o : 0 }')" "$sd" "$sa"
}

rec() { # DB CMD...
	db=$1
	shift
	"$S" record -q -o "$db" -- "$@" >/dev/null 2>&1
}

{
	echo "| program | observed | + siblings | + direct | + transitive | default emit | default / observed | scan: direct | scan: direct + transitive |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	svcd=$build/fixtures/daemons/svcd
	if [ -x "$svcd" ]; then
		mkdir d
		sh "$top/fixtures/daemons/drive.sh" --dir d --svcd "$svcd" \
			--client "$build/fixtures/daemons/svc-client" \
			--wrap "$S record -q -o $work/svcd.db --phase startup --" \
			--mark "$S mark -o $work/svcd.db" >/dev/null 2>&1
		row "svcd (startup + steady)" svcd.db '/svcd$' "$svcd" \
			--phase startup --phase steady
		row "svcd (every phase)" svcd.db '/svcd$' "$svcd"
	fi
	if [ -x /usr/bin/python3 ]; then
		rec py.db /usr/bin/python3 -c \
			'import json, os; print(json.dumps(sorted(os.environ))[:20])'
		row "python3 (one-liner)" py.db '/python3' \
			"$(readlink -f /usr/bin/python3)"
	fi
	if [ -x /usr/bin/perl ]; then
		rec perl.db /usr/bin/perl -e 'print join(",", sort keys %ENV), "\n"'
		row "perl (one-liner)" perl.db '/perl' /usr/bin/perl
	fi
	if [ -x /usr/bin/tar ]; then
		rec tar.db /usr/bin/tar -czf t.tgz -C "$top" data
		row "tar -czf" tar.db '/tar$' /usr/bin/tar
	fi
	if [ -x /usr/bin/gzip ]; then
		rec gz.db /usr/bin/gzip -c /etc/services
		row "gzip -c" gz.db '/gzip$' /usr/bin/gzip
	fi
	if [ -x /usr/bin/ls ]; then
		rec ls.db /usr/bin/ls -la /usr/bin
		row "ls -la" ls.db '/ls$' /usr/bin/ls
	fi
	if [ -x /usr/bin/sqlite3 ]; then
		rec sq.db /usr/bin/sqlite3 t.sqlite \
			'CREATE TABLE t(x); INSERT INTO t VALUES (1); SELECT * FROM t;'
		row "sqlite3 (create, insert, select)" sq.db '/sqlite3$' \
			/usr/bin/sqlite3
	fi
	if [ -x /usr/bin/curl ]; then
		rec curl.db /usr/bin/curl -s file:///etc/hostname
		row "curl file://" curl.db '/curl$' /usr/bin/curl
	fi
} >table.md
cat table.md
[ -z "$out" ] || cp table.md "$out"
