#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# report --format html in a real browser (headless Chromium, through the
# CHROMIUM probe in reports-lib.sh): the matrix is the first section and
# holds the store's counts, the stack of a known function (svcd's
# do_selftest) is there, a screenshot is not blank, the page works with
# JavaScript off, traced strings planted in a path, a phase name and a
# command line come out as text, never as elements, none inside
# <noscript>; and 300 syscalls x 20 phases x 10 executables give one file
# under 2 MB that loads in under a second.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/store-lib.sh"
. "$top_srcdir/tests/integration/reports-lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
why=$(CHROMIUM) || skip_all "CHROMIUM: $why"

# matrix.py DOM EXE: the matrix of EXE as "phase|syscall|count" lines.
cat >matrix.py <<'EOT'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    # Reads the raw file (where </td> and </tr> are left out) and a
    # browser's serialized DOM alike.
    def __init__(s):
        super().__init__(); s.h3 = None; s.in_h3 = False; s.tables = {}
        s.cur = None; s.row = None; s.cell = None; s.sections = []
    def end_cell(s):
        if s.cell is not None: s.row.append(s.cell.strip()); s.cell = None
    def end_row(s):
        s.end_cell()
        if s.row is not None: s.cur.append(s.row); s.row = None
    def handle_starttag(s, t, a):
        a = dict(a)
        if t == "section": s.sections.append(a.get("id"))
        if t == "h3": s.in_h3 = True; s.h3 = ""
        if t == "table" and a.get("class") == "m":
            s.cur = s.tables.setdefault(s.h3, [])
        if s.cur is not None and t == "tr": s.end_row(); s.row = []
        if s.row is not None and t in ("th", "td"): s.end_cell(); s.cell = ""
    def handle_endtag(s, t):
        if t == "h3": s.in_h3 = False
        if s.cur is not None and t in ("th", "td"): s.end_cell()
        if s.cur is not None and t in ("tr", "tbody", "thead", "table"):
            s.end_row()
        if t == "table": s.cur = None
    def handle_data(s, d):
        if s.in_h3: s.h3 += d
        if s.cell is not None: s.cell += d
p = P(); p.feed(open(sys.argv[1]).read())
print("sections " + " ".join(x or "-" for x in p.sections))
t = p.tables[sys.argv[2]]
head = t[0]
for r in t[1:]:
    for ph, v in zip(head[1:-1], r[1:-1]):
        if v != "": print("%s|%s|%s" % (ph, r[0], v))
EOT

if (require_svcd_stacks) >/dev/null 2>&1; then
	require_svcd_stacks
	test_expect_success 'svcd recorded with stacks, reported as html' '
		record_svcd s.db SVCD_SELFTEST=1 &&
		syscensus report --db s.db --format html -o r.html &&
		test "$(stat -c %a r.html)" = 600 &&
		chromium --dump-dom "file://$PWD/r.html" >r.dom &&
		grep -q "Phase &times; syscall\|Phase × syscall" r.dom
	'
	test_expect_success 'the matrix is the first section and holds the counts' '
		exe=$(sql s.db "SELECT DISTINCT exe FROM observed WHERE exe LIKE
			'\''%/svcd'\''") &&
		$PY matrix.py r.dom "$exe" >m &&
		head -n 1 m | grep -q "^sections matrix " &&
		sed 1d m | sort >actual &&
		sql s.db "SELECT phase || '\''|'\'' || syscall || '\''|'\'' ||
			sum(calls) FROM observed WHERE exe = '\''$exe'\''
			GROUP BY phase, syscall" | sort >expect &&
		test_cmp expect actual
	'
	test_expect_success 'the stack of do_selftest is linked from its cell' '
		grep -q "<b>do_selftest</b>+0x" r.dom &&
		id=$(sed -n "s/.*<div class=\"det\" id=\"\(d[0-9]*\)\"><h4>startup \/ uname .*/\1/p" r.dom) &&
		test -n "$id" &&
		grep -q "<a href=\"#$id\">1</a>" r.dom
	'
	test_expect_success 'a screenshot that is not blank' '
		chromium --window-size=1280,900 --screenshot="$PWD/shot.png" \
			"file://$PWD/r.html" >/dev/null &&
		$PY - shot.png <<-\EOT
		import sys, zlib, struct
		b = open(sys.argv[1], "rb").read()
		assert b[:8] == b"\x89PNG\r\n\x1a\n"
		i, idat = 8, b""
		while i < len(b):
		    n, = struct.unpack(">I", b[i:i+4]); t = b[i+4:i+8]
		    if t == b"IDAT": idat += b[i+8:i+8+n]
		    i += 12 + n
		raw = zlib.decompress(idat)
		assert len(set(raw)) > 32, len(set(raw))
		EOT
	'
	# Headless Chromium runs scripts whatever its switches say: the
	# page as written, parsed without any script, is what a browser with
	# JavaScript off shows (scripts only unhide the filter and sort).
	test_expect_success 'with JavaScript off the matrix is all there' '
		exe=$(sql s.db "SELECT DISTINCT exe FROM observed WHERE exe LIKE
			'\''%/svcd'\''") &&
		$PY matrix.py r.html "$exe" >raw &&
		head -n 1 raw | grep -q "^sections matrix " &&
		sed 1d raw | sort >nojs &&
		test_cmp expect nojs &&
		grep -q "<input id=q type=search placeholder=\"filter syscalls\" hidden>" r.html
	'
else
	test_skip 'the matrix and stacks of svcd' "svcd cannot be traced with stacks here"
fi

test_expect_success 'hostile strings in a path, a phase and a command line' '
	mkdb h.db &&
	sql h.db "UPDATE runs SET command = '\''<img src=x onerror=alert(1)>'\'',
			source = '\''</td></table><script>alert(3)</script>'\'';
		INSERT INTO phases(id, name) VALUES
			(10, '\''<script>alert(1)</script>'\'');
		INSERT INTO exes(id, path) VALUES
			(20, '\''/x/\"onload=\"alert(2)\"<b>'\'');
		INSERT INTO stacks(id, frames) VALUES (5,
			'\''<svg onload=alert(4)>+0x1 (/x/\"onload=\"alert(2)\"<b>)'\'');
		INSERT INTO syscalls(run_id, phase_id, exe_id, arch, syscall, nr,
			calls, errors, first_stack_id) VALUES
			(1, 10, 20, '\''x86_64'\'', '\''read'\'', 0, 4000, 3, 5);
		INSERT INTO facts VALUES (1, 10, 20, '\''path'\'',
			'\''/etc/<iframe src=x>'\'', '\''read'\'', 2);
		INSERT INTO kills(run_id, pid, exe, arch, nr, syscall, source)
			VALUES (1, 7, '\''<script>alert(5)</script>'\'', '\''x86_64'\'',
			0, '\''read'\'', '\''strace'\'');" &&
	syscensus report --db h.db --format html -o h.html &&
	chromium --dump-dom "file://$PWD/h.html" >h.dom &&
	$PY - h.dom <<-\EOT
	import sys
	from html.parser import HTMLParser
	tags, attrs, text = [], [], []
	class P(HTMLParser):
	    def handle_starttag(s, t, a):
	        tags.append(t); attrs.extend(k for k, v in a)
	    def handle_data(s, d): text.append(d)
	P().feed(open(sys.argv[1]).read())
	assert tags.count("script") == 1, tags.count("script")
	for t in ("img", "svg", "iframe"):
	    assert t not in tags, t
	assert not [a for a in attrs if a.startswith("on")], attrs
	t = "".join(text)
	for s in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
	          "/x/\"onload=\"alert(2)\"<b>", "<svg onload=alert(4)>",
	          "/etc/<iframe src=x>", "<script>alert(5)</script>",
	          "</td></table><script>alert(3)</script>"):
	    assert s in t, s
	EOT
'

test_expect_success 'counts are plain integers; no traced text in <noscript>' '
	grep -q "<a href=\"#d1\">4000</a>" h.html &&
	sed -n "s/.*<noscript>\(.*\)<\/noscript>.*/\1/p" h.html >ns &&
	echo "<p class=note>Sorting and filtering need JavaScript; everything else is here.</p>" >ns.expect &&
	test_cmp ns.expect ns &&
	test "$(grep -c "<noscript>" h.html)" = 1
'

test_expect_success 'self-contained: nothing to fetch' '
	! grep -q "<link\|src=\"http\|href=\"http\|@import\|url(" h.html &&
	grep -q "Content-Security-Policy\" content=\"default-src .none.;" h.html
'

test_expect_success 'with --policy: uncovered cells are coloured and listed' '
	printf "close\n" >p.list &&
	syscensus report --db h.db --format html --policy p.list -o hp.html &&
	grep -q "<td class=u data-e=3 title=\"4000 calls, 3 failed, not allowed by the policy\"><a href=\"#d1\">4000</a>" hp.html &&
	grep -q "<tr class=u><td class=mono>read</td>" hp.html
'

test_expect_success 'size: 300 syscalls x 20 phases x 10 executables' '
	mkdb big.db &&
	sql big.db "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1
			FROM n WHERE i < 299)
		INSERT INTO phases(id, name) SELECT 100 + i, '\''phase-'\'' || i
			FROM n WHERE i < 20;
		WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1
			FROM n WHERE i < 9)
		INSERT INTO exes(id, path) SELECT 200 + i,
			'\''/usr/lib/big/daemon-'\'' || i FROM n;
		WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1
			FROM n WHERE i < 299)
		INSERT INTO syscalls(run_id, phase_id, exe_id, arch, syscall, nr,
			calls, errors, first_ns)
		SELECT 1, p.id, x.id, '\''x86_64'\'', '\''syscall_'\'' || n.i, n.i,
			1 + (n.i * 7919 + p.id * 31 + x.id) % 100000,
			(n.i + p.id) % 3, p.id FROM n, phases AS p, exes AS x
			WHERE p.id >= 100 AND x.id >= 200;" &&
	test "$(sql big.db "SELECT count(*) FROM syscalls")" = 60000 &&
	syscensus report --db big.db --format html -o big.html &&
	size=$(stat -c %s big.html) &&
	echo "big.html: $size bytes" &&
	test "$size" -lt 2000000
'

# timed IN OUT: OUT is IN with a script that writes, at the load event,
# the milliseconds since navigation (after a forced layout) into the
# root's data-t; the page's CSP, which admits only its own script by
# hash, is left out of the copy.
timed() {
	sed "s/<meta http-equiv=\"Content-Security-Policy\"[^>]*>//" "$1" >"$2" &&
	echo "<script>addEventListener(\"load\", function () { document.body.offsetHeight; document.documentElement.dataset.t = Math.round(performance.now()); });</script>" >>"$2"
}

test_expect_success 'size: Chromium renders all of it' '
	timed big.html timed.html &&
	chromium --dump-dom "file://$PWD/timed.html" >timed.dom &&
	sed -n "s/.*<html lang=\"en\" data-t=\"\([0-9]*\)\".*/\1/p" timed.dom >ms &&
	test -s ms &&
	test "$(grep -c "<tr><th>syscall_" timed.dom)" = 3000
'

# The peer: a plain static table of the same matrix (no CSS, no script),
# timed in the same run, so the figure means something on a busy machine.
test_expect_success 'size: no slower than a plain table of the same data' '
	sql big.db "SELECT '\''P'\'', phase FROM (SELECT DISTINCT phase
			FROM observed ORDER BY phase);
		SELECT '\''C'\'', exe, syscall, phase, sum(calls) FROM observed
			GROUP BY exe, syscall, phase ORDER BY exe, syscall" |
	awk -F"|" -f "$top_srcdir/bench/html-peer.awk" >peer.html &&
	timed peer.html peer-timed.html &&
	chromium --dump-dom "file://$PWD/peer-timed.html" >peer.dom &&
	sed -n "s/.*<html data-t=\"\([0-9]*\)\".*/\1/p" peer.dom >peer-ms &&
	test -s peer-ms &&
	test "$(grep -c "<tr><th>syscall_" peer.dom)" = 3000 &&
	test "$(cat ms)" -le "$(cat peer-ms)"
'

# Milliseconds from navigation to the load event plus a forced layout.
# Judged only on a machine not busy with other work: the figure is wall
# time, and on an overloaded one even an empty page takes seconds.
ms=$(cat "$TRASH/ms" 2>/dev/null || echo "?")
load=$(cut -d" " -f1 /proc/loadavg)
cpus=$(nproc)
peer=$(cat "$TRASH/peer-ms" 2>/dev/null || echo "?")
say "big.html: $(stat -c %s "$TRASH/big.html" 2>/dev/null) bytes, load and layout $ms ms; a plain table of the same data $peer ms (load average $load on $cpus CPUs)"
if awk "BEGIN { exit !($load < $cpus) }"; then
	test_expect_success 'size: Chromium loads it in under a second' '
		test "$ms" -lt 1000
	'
else
	test_skip 'size: Chromium loads it in under a second' \
		"the machine is loaded (load average $load on $cpus CPUs): measured $ms ms"
fi

test_done
