#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# bench/html-load.sh - the load time of `report --format html` at a real
# daemon's size (t4006's case: 300 syscalls x 20 phases x 10 executables)
# in headless Chromium, against a plain static HTML table of the same
# matrix (bench/html-peer.awk: no CSS, no script) timed in the same run:
#
#   bench/html-load.sh [SYSCENSUS] [OLD.html]
#
# Each page is loaded RUNS times (default 5), the pages in turn within a
# round, so a burst of load on the shared machine hits each alike.  A
# page's figure is t4006's: milliseconds from navigation to the load
# event plus a forced layout; for the report also "cells", when the
# script has turned the table in view into cells (a timer queued after
# the report's own).  OLD.html, if given (a report of the same store
# written by an older syscensus), is timed too.  Prints the medians, the
# ratio report / plain table and the load average; CPU is the median CPU
# time of the whole Chromium run (start-up included: an empty page is
# timed for it).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
SYSCENSUS=${1:-$top/build/syscensus}
OLD=${2:-}
RUNS=${RUNS:-5}
CHROMIUM_BIN=${CHROMIUM_BIN:-/usr/bin/chromium}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

tmp=$(mktemp -d "${TMPDIR:-/tmp}/syscensus-html.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp"

: >empty.log
"$SYSCENSUS" import -o big.db empty.log >/dev/null 2>&1
sqlite3 big.db "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1
		FROM n WHERE i < 299)
	INSERT INTO phases(id, name) SELECT 100 + i, 'phase-' || i
		FROM n WHERE i < 20;
	WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1
		FROM n WHERE i < 9)
	INSERT INTO exes(id, path) SELECT 200 + i,
		'/usr/lib/big/daemon-' || i FROM n;
	WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1
		FROM n WHERE i < 299)
	INSERT INTO syscalls(run_id, phase_id, exe_id, arch, syscall, nr,
		calls, errors, first_ns)
	SELECT 1, p.id, x.id, 'x86_64', 'syscall_' || n.i, n.i,
		1 + (n.i * 7919 + p.id * 31 + x.id) % 100000,
		(n.i + p.id) % 3, p.id FROM n, phases AS p, exes AS x
		WHERE p.id >= 100 AND x.id >= 200;"
"$SYSCENSUS" report --db big.db --format html -o report.html
sqlite3 -batch -noheader big.db "SELECT 'P', phase FROM (SELECT DISTINCT
		phase FROM observed ORDER BY phase);
	SELECT 'C', exe, syscall, phase, sum(calls) FROM observed
		GROUP BY exe, syscall, phase ORDER BY exe, syscall" |
	awk -F'|' -f "$top/bench/html-peer.awk" >peer.html
printf '<!DOCTYPE html><html><body><p>x</p></body></html>\n' >empty.html
set -- empty.html report.html peer.html
if [ -n "$OLD" ]; then
	cp "$OLD" old.html
	set -- "$@" old.html
fi

CHROMIUM_BIN=$CHROMIUM_BIN RUNS=$RUNS "$PY" - "$@" <<'EOT'
import os, re, resource, shutil, statistics, subprocess, sys, tempfile
files = sys.argv[1:]
inj = ('<script>addEventListener("load", function () {'
       ' document.body.offsetHeight; var d = document.documentElement;'
       ' d.dataset.t = Math.round(performance.now()); setTimeout(function'
       ' () { document.body.offsetHeight;'
       ' d.dataset.u = Math.round(performance.now()); }, 0); });</script>\n')
for f in files:
    s = open(f).read()
    # the page admits only its own script (by hash): the copy has no CSP
    s = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', '', s)
    open("t-" + f, "w").write(s + inj)
res = {f: [] for f in files}
loads = []
for r in range(int(os.environ["RUNS"])):
    for f in files:
        ud = tempfile.mkdtemp(dir=".")
        a = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run([os.environ["CHROMIUM_BIN"], "--headless",
            "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--user-data-dir=" + ud, "--dump-dom",
            "file://" + os.path.abspath("t-" + f)], capture_output=True,
            text=True, timeout=300).stdout
        b = resource.getrusage(resource.RUSAGE_CHILDREN)
        shutil.rmtree(ud, ignore_errors=True)
        t = re.search(r'data-t="(\d+)"', out)
        u = re.search(r'data-u="(\d+)"', out)
        cpu = b.ru_utime - a.ru_utime + b.ru_stime - a.ru_stime
        res[f].append((int(t.group(1)) if t else -1,
                       int(u.group(1)) if u else -1, cpu))
        loads.append(float(open("/proc/loadavg").read().split()[0]))
med = {f: [statistics.median(x[i] for x in res[f]) for i in range(3)]
       for f in files}
print("| page | size | load + layout (median of %d) | script done | CPU of the Chromium run |"
      % len(res[files[0]]))
print("|---|---|---|---|---|")
for f in files:
    print("| %s | %d bytes | %.0f ms | %.0f ms | %.2f s |" % (f, os.path.getsize(f),
          med[f][0], med[f][1], med[f][2]))
print()
print("report / plain table: load %.2fx, CPU beyond an empty page %.2fx; "
      "load average %.1f-%.1f on %d CPUs" % (
      med["report.html"][0] / med["peer.html"][0],
      (med["report.html"][2] - med["empty.html"][2]) /
      (med["peer.html"][2] - med["empty.html"][2]),
      min(loads), max(loads), os.cpu_count()))
if "old.html" in med:
    print("report / old report: load %.2fx" % (
          med["report.html"][0] / med["old.html"][0]))
EOT
