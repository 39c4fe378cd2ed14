#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# report --format html, a big matrix (over 3,000 cells in all): written
# compact, one text cell per syscall with the counts aligned under the
# phases, which the page's script turns into one cell per count as a
# table comes into view.  Checks the counts as written (what a browser
# with JavaScript off shows) and in the DOM after load (headless
# Chromium), that the cells get their colours, red corners, policy
# classes and links, that traced strings planted in a phase name, a path
# and a stack come out as text, and that the script runs under the page's
# Content-Security-Policy (a hash of the script, no 'unsafe-inline').
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/store-lib.sh"
. "$top_srcdir/tests/integration/reports-lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"

# compact.py FILE EXE: the matrix of EXE as "phase|syscall|count" lines,
# read from compact rows (a raw page) or from cells (an expanded DOM);
# first line "form compact" or "form cells".
cat >compact.py <<'EOT'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.h3 = None; s.in_h3 = False; s.tables = {}
        s.cur = None; s.row = None; s.cell = None; s.form = {}
        s.span = None
    def end_cell(s):
        if s.cell is not None: s.row.append(s.cell); s.cell = None
    def end_row(s):
        s.end_cell()
        if s.row is not None: s.cur.append(s.row); s.row = None
    def handle_starttag(s, t, a):
        a = dict(a)
        if t == "h3": s.in_h3 = True; s.h3 = ""
        if t == "table" and (a.get("class") or "").split()[:1] == ["m"]:
            s.cur = s.tables.setdefault(s.h3, [])
            s.form[s.h3] = "compact" if "c" in a["class"].split() else "cells"
        if s.cur is not None and t == "tr": s.end_row(); s.row = []
        if s.row is not None and t in ("th", "td"):
            s.end_cell(); s.cell = [""]
        if s.cell is not None and t == "span": s.cell.append("")
    def handle_endtag(s, t):
        if t == "h3": s.in_h3 = False
        if s.cur is not None and t in ("th", "td"): s.end_cell()
        if s.cur is not None and t in ("tr", "tbody", "thead", "table"):
            s.end_row()
        if t == "table": s.cur = None
    def handle_data(s, d):
        if s.in_h3: s.h3 += d
        if s.cell is not None: s.cell[-1] += d
p = P(); p.feed(open(sys.argv[1]).read())
exe = sys.argv[2]
t = p.tables[exe]
print("form " + p.form[exe])
if p.form[exe] == "compact":
    # header: syscall, then one span per phase (and total); rows: the
    # syscall, then the counts ("-": none) separated by blanks
    head = ["syscall"] + [x.strip() for x in t[0][1][1:]]
    rows = [[r[0][0]] + "".join(r[1]).split() for r in t[1:]]
else:
    head = ["".join(c) for c in t[0]]
    rows = [["".join(c) for c in r] for r in t[1:]]
assert head[-1] == "total", head
for r in rows:
    assert len(r) == len(head), (r, head)
    for ph, v in zip(head[1:-1], r[1:-1]):
        v = v.strip()
        if v not in ("", "-"): print("%s|%s|%s" % (ph, r[0].strip(), v))
EOT

test_expect_success 'a big store with traced strings planted' '
	mkdb big.db &&
	sql big.db "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1
			FROM n WHERE i < 119)
		INSERT INTO phases(id, name) SELECT 100 + i, '\''phase-'\'' || i
			FROM n WHERE i < 15;
		INSERT INTO phases(id, name) VALUES
			(115, '\''<script>alert(1)</script>'\'');
		INSERT INTO exes(id, path) VALUES
			(200, '\''/x/\"onload=\"alert(2)\"<b>'\''),
			(201, '\''/zz/quiet'\'');
		WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1
			FROM n WHERE i < 118)
		INSERT INTO syscalls(run_id, phase_id, exe_id, arch, syscall, nr,
			calls, errors, first_ns)
		SELECT 1, p.id, x.id, '\''x86_64'\'', '\''syscall_'\'' || n.i,
			1000 + n.i, 1 + (n.i * 7919 + p.id * 31 + x.id) % 100000,
			(n.i + p.id) % 3, p.id FROM n, phases AS p, exes AS x
			WHERE p.id >= 100 AND x.id >= 200 AND (n.i + p.id) % 7 != 0;
		INSERT INTO stacks(id, frames) VALUES (5,
			'\''<svg onload=alert(4)>+0x1 (/x/\"onload=\"alert(2)\"<b>)'\'');
		INSERT INTO syscalls(run_id, phase_id, exe_id, arch, syscall, nr,
			calls, errors, first_stack_id) VALUES
			(1, 115, 200, '\''x86_64'\'', '\''read'\'', 0, 4000, 3, 5);
		INSERT INTO facts VALUES (1, 115, 200, '\''path'\'',
			'\''/etc/<iframe src=x>'\'', '\''read'\'', 2);" &&
	test "$(sql big.db "SELECT count(*) FROM syscalls")" -gt 3000 &&
	syscensus report --db big.db --format html -o big.html &&
	printf "close\n" >p.list &&
	syscensus report --db big.db --format html --policy p.list -o pol.html
'

# expect EXE: the store's matrix of EXE as compact.py prints it.
expect() {
	sql big.db "SELECT phase || '|' || syscall || '|' || sum(calls)
		FROM observed WHERE exe = '$1' GROUP BY phase, syscall" | sort
}
EXE1='/x/"onload="alert(2)"<b>'

test_expect_success 'written compact; with JavaScript off the counts are all there' '
	grep -q "<table class=\"m c\">" big.html &&
	! grep -q "<table class=m>" big.html &&
	for x in "$EXE1" /zz/quiet; do
		$PY compact.py big.html "$x" >raw &&
		head -n 1 raw | grep -q "^form compact$" &&
		sed 1d raw | sort >actual &&
		expect "$x" >expect &&
		test_cmp expect actual || return 1
	done
'

test_expect_success 'a linked count and a policy colour need no script' '
	grep -q "<a href=\"#d1\">4000</a>" big.html &&
	grep -q "<a href=\"#d1\" class=u title=\"4000 calls, 3 failed, not allowed by the policy\">4000</a>" pol.html &&
	grep -q "<div class=det id=d1>" big.html
'

test_expect_success 'the script is allowed by its hash, nothing else is' '
	$PY - big.html <<-\EOT
	import sys, re, hashlib, base64
	s = open(sys.argv[1]).read()
	csp = re.search(r"Content-Security-Policy\" content=\"([^\"]*)\"", s).group(1)
	scripts = re.findall(r"<script>(.*?)</script>", s, re.S)
	assert len(scripts) == 1, len(scripts)
	h = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
	want = "script-src \x27sha256-%s\x27" % h
	assert want in csp, "the CSP says %r; the script hashes to %s" % (csp, h)
	assert "unsafe-inline\x27" not in csp.split("script-src")[1], csp
	assert csp.startswith("default-src \x27none\x27;"), csp
	EOT
'

if why=$(CHROMIUM); then
	test_expect_success 'in Chromium the table in view becomes cells' '
		chromium --window-size=1280,900 --virtual-time-budget=10000 --dump-dom \
			"file://$PWD/big.html" >big.dom &&
		$PY compact.py big.dom "$EXE1" >dom &&
		head -n 1 dom | grep -q "^form cells$" &&
		sed 1d dom | sort >actual &&
		expect "$EXE1" >expect &&
		test_cmp expect actual &&
		grep -q "<input id=\"q\" type=\"search\" placeholder=\"filter syscalls\">" big.dom
	'
	test_expect_success 'the cells have their colours, red corners and links' '
		grep -q "<td class=\"d\" data-e=\"3\"><a href=\"#d1\">4000</a></td>" big.dom &&
		grep -q "<td class=\"[a-f]\" data-e=\"[12]\">[0-9]*</td>" big.dom &&
		grep -q "<td class=\"t\">[0-9]*</td></tr>" big.dom &&
		chromium --window-size=1280,900 --virtual-time-budget=10000 --dump-dom \
			"file://$PWD/pol.html" >pol.dom &&
		grep -q "<td class=\"u\" title=\"4000 calls, 3 failed, not allowed by the policy\" data-e=\"3\"><a href=\"#d1\">4000</a></td>" pol.dom
	'
	test_expect_success 'traced strings stay text after the script ran' '
		$PY - big.dom <<-\EOT
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
		for s in ("<script>alert(1)</script>", "/x/\"onload=\"alert(2)\"<b>",
		          "<svg onload=alert(4)>", "/etc/<iframe src=x>"):
		    assert s in t, s
		EOT
	'
else
	test_skip 'the compact matrix in Chromium' "CHROMIUM: $why"
fi

test_expect_success 'a small matrix is still one cell per count' '
	mkdb small.db &&
	sql small.db "INSERT INTO phases(id, name) VALUES (10, '\''p'\'');
		INSERT INTO exes(id, path) VALUES (20, '\''/bin/small'\'');
		INSERT INTO syscalls(run_id, phase_id, exe_id, arch, syscall, nr,
			calls, errors) VALUES
			(1, 10, 20, '\''x86_64'\'', '\''read'\'', 0, 12, 0);" &&
	syscensus report --db small.db --format html -o small.html &&
	grep -q "<table class=m>" small.html &&
	grep -q "<tr><th>read</th><td class=b>12<td class=t>12" small.html
'

test_done
