#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# bench/reach.sh - static reach (`syscensus scan`, issue 10), two figures:
#
#   bench/reach.sh sizes [SYSCENSUS]
#       For real Debian programs (servers, interpreters, CLI tools), the
#       number of distinct syscalls a short recorded run observed, the
#       direct level of `scan`, and direct + transitive; plus how many of
#       the observed ones the scan found (observed ⊆ reach is the safety
#       property) and which it missed.  Compared by hand, in reach.md, with
#       B-Side's published average (43 syscalls per binary, 557 Debian
#       binaries).  Programs not installed are skipped (apt-get install
#       redis-server nginx-light sqlite3 openssh-client curl git).
#
#   bench/reach.sh overhead [SYSCENSUS] [PROGRAM]
#       What the automatic scan costs a `record` into a *new* database once
#       the machine-wide cache is warm: RUNS (default 5) interleaved rounds
#       of `record --no-scan` and `record`, each into a fresh database;
#       medians of wall time and of CPU time (user + sys of the whole
#       command and its children, getrusage(2) in microseconds), and their
#       differences.  On a shared machine the CPU time is the figure that
#       does not depend on the neighbours' load.
#       PROGRAM defaults to tests/tracees/reach (built) with no argument.
#
# Everything goes to a temporary directory (its own XDG_CACHE_HOME too, so
# the user's cache is not touched), removed at the end.  Markdown on stdout.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-sizes}
S=${2:-$top/build/syscensus}
RUNS=${RUNS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
XDG_CACHE_HOME=$tmp/cache
export XDG_CACHE_HOME

sql() { sqlite3 -batch -noheader "$1" "$2"; }

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# record_run NAME EXE CMD...: record CMD into $tmp/NAME.db (the scan runs
# after it), then print one table row for EXE.
record_run() {
	name=$1 exe=$2
	shift 2
	"$S" record -q -o "$tmp/$name.db" -- "$@" >/dev/null 2>&1 || true
	real=$(readlink -f "$exe")
	obs=$(sql "$tmp/$name.db" "SELECT count(DISTINCT syscall) FROM observed
		WHERE exe = '$real' AND arch = 'x86_64'")
	if [ "$(sql "$tmp/$name.db" "SELECT count(*) FROM reach_exes
		JOIN exes ON exes.id = exe_id WHERE exes.path = '$real'")" = 0 ]; then
		"$S" scan -q -o "$tmp/$name.db" "$real" >/dev/null
	fi
	direct=$(sql "$tmp/$name.db" "SELECT count(DISTINCT syscall) FROM reachable
		WHERE exe = '$real' AND arch = 'x86_64' AND level = 'direct'")
	reach=$(sql "$tmp/$name.db" "SELECT count(DISTINCT syscall) FROM reachable
		WHERE exe = '$real' AND arch = 'x86_64'")
	missed=$(sql "$tmp/$name.db" "SELECT group_concat(syscall, ' ') FROM
		(SELECT DISTINCT syscall FROM observed WHERE exe = '$real'
		 AND arch = 'x86_64' EXCEPT SELECT syscall FROM reachable
		 WHERE exe = '$real') ")
	found=$(sql "$tmp/$name.db" "SELECT count(*) FROM
		(SELECT DISTINCT syscall FROM observed WHERE exe = '$real'
		 AND arch = 'x86_64' INTERSECT SELECT syscall FROM reachable
		 WHERE exe = '$real') ")
	od=$(sql "$tmp/$name.db" "SELECT count(*) FROM
		(SELECT DISTINCT syscall FROM observed WHERE exe = '$real'
		 AND arch = 'x86_64' UNION SELECT syscall FROM reachable
		 WHERE exe = '$real' AND level = 'direct')")
	libs=$(sql "$tmp/$name.db" "SELECT count(*) FROM reach_exe_libs
		JOIN exes ON exes.id = exe_id WHERE exes.path = '$real'")
	printf '| %s | %s | %s | %s | %s | %s | %s/%s | %s |\n' "$name" "$libs" \
		"$obs" "$direct" "$od" "$reach" "$found" "$obs" "${missed:--}"
}

sizes() {
	echo "| program | libraries | observed | direct | observed ∪ direct | direct + transitive | observed found by scan | observed, not reached |"
	echo "|---|---|---|---|---|---|---|---|"
	if command -v redis-server >/dev/null; then
		record_run redis-server "$(command -v redis-server)" timeout -s TERM 2 \
			redis-server --port 0 --save "" --appendonly no --dir "$tmp"
	fi
	if [ -x /usr/sbin/nginx ]; then
		mkdir -p "$tmp/ngx"
		echo hi >"$tmp/ngx/index.html"
		cat >"$tmp/ngx/nginx.conf" <<-CONF
		daemon off; master_process off; pid $tmp/ngx/pid; error_log stderr;
		events {}
		http { access_log off; client_body_temp_path $tmp/ngx/cb;
		  proxy_temp_path $tmp/ngx/px; fastcgi_temp_path $tmp/ngx/fc;
		  uwsgi_temp_path $tmp/ngx/uw; scgi_temp_path $tmp/ngx/sc;
		  server { listen 127.0.0.1:18089; root $tmp/ngx; } }
		CONF
		( sleep 1; curl -s http://127.0.0.1:18089/ >/dev/null 2>&1 || true ) &
		record_run nginx /usr/sbin/nginx timeout -s TERM 2 \
			/usr/sbin/nginx -e stderr -p "$tmp/ngx" -c "$tmp/ngx/nginx.conf"
		wait
	fi
	record_run python3 /usr/bin/python3 /usr/bin/python3 -c \
		'import json, os; print(json.dumps(os.uname()))'
	command -v perl >/dev/null && record_run perl "$(command -v perl)" \
		perl -e 'print scalar(localtime), "\n"'
	command -v sqlite3 >/dev/null && record_run sqlite3 "$(command -v sqlite3)" \
		sqlite3 "$tmp/x.db" "CREATE TABLE t(a); INSERT INTO t VALUES (1); SELECT * FROM t;"
	command -v ssh >/dev/null && record_run ssh "$(command -v ssh)" \
		ssh -F /dev/null -o BatchMode=yes -o ConnectTimeout=1 -p 1 127.0.0.1 true
	record_run ls /usr/bin/ls ls -la /
	command -v curl >/dev/null && record_run curl "$(command -v curl)" \
		curl -s "file:///etc/hostname"
	command -v git >/dev/null && record_run git "$(command -v git)" \
		git -C "$tmp" init -q gitrepo
}

# measure CMD...: "WALL CPU" in seconds for one run of CMD (output
# discarded); getrusage of the children, so the tracee is included.
measure() {
	/usr/bin/python3 -c '
import resource, subprocess, sys, time
t = time.monotonic()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
w = time.monotonic() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.6f %.6f" % (w, r.ru_utime + r.ru_stime))' "$@"
}

overhead() {
	prog=${3:-$top/build/tests/tracees/reach}
	"$S" scan -q --no-store "$prog" >/dev/null # warm the cache
	: >"$tmp/m0"; : >"$tmp/m1"; : >"$tmp/s"
	i=0
	while [ $i -lt "$RUNS" ]; do
		measure "$S" record -q --no-scan -o "$tmp/r$i-0.db" -- "$prog" >>"$tmp/m0"
		measure "$S" record -q -o "$tmp/r$i-1.db" -- "$prog" >>"$tmp/m1"
		measure "$S" scan -q -o "$tmp/s$i.db" "$prog" >>"$tmp/s"
		i=$((i + 1))
	done
	w0=$(cut -d' ' -f1 "$tmp/m0" | median); c0=$(cut -d' ' -f2 "$tmp/m0" | median)
	w1=$(cut -d' ' -f1 "$tmp/m1" | median); c1=$(cut -d' ' -f2 "$tmp/m1" | median)
	sw=$(cut -d' ' -f1 "$tmp/s" | median); sc=$(cut -d' ' -f2 "$tmp/s" | median)
	echo "program: $prog ($RUNS rounds, warm cache, each record into a new database, load average $(cut -d' ' -f1 /proc/loadavg))"
	echo
	echo "| | wall (median) | CPU user+sys (median) |"
	echo "|---|---|---|"
	printf '| record --no-scan | %.1f ms | %.1f ms |\n' "$(echo "$w0 * 1000" | bc -l)" "$(echo "$c0 * 1000" | bc -l)"
	printf '| record (scan after the trace) | %.1f ms | %.1f ms |\n' "$(echo "$w1 * 1000" | bc -l)" "$(echo "$c1 * 1000" | bc -l)"
	printf '| **difference: what the scan costs** | **%.1f ms** | **%.1f ms** |\n' \
		"$(echo "($w1 - $w0) * 1000" | bc -l)" "$(echo "($c1 - $c0) * 1000" | bc -l)"
	printf '| scan -o NEW.db alone (whole process) | %.1f ms | %.1f ms |\n' \
		"$(echo "$sw * 1000" | bc -l)" "$(echo "$sc * 1000" | bc -l)"
}

case $mode in
sizes) sizes ;;
overhead) overhead "$@" ;;
*) echo "usage: bench/reach.sh sizes|overhead [SYSCENSUS] [PROGRAM]" >&2; exit 2 ;;
esac
