#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The machine-wide cache of library summaries: one 0600 file per build-id
# and scanner version in a 0700 $XDG_CACHE_HOME/syscensus (else
# ~/.cache/syscensus), written once, read by every later scan whatever the
# database; a damaged entry is ignored and rewritten; concurrent writers
# never leave half a file.
. "$top_srcdir/tests/integration/lib.sh"
have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
T="$top_builddir/tests/tracees"
XDG_CACHE_HOME="$TRASH/cache"
export XDG_CACHE_HOME
C="$XDG_CACHE_HOME/syscensus"
libc_id() {
	readelf -n "$(ldd "$T/reach" | sed -n "s/.*libc\.so\.6 => \([^ ]*\).*/\1/p")" |
		sed -n "s/.*Build ID: *//p"
}

test_expect_success 'the first scan analyses libc and caches it' '
	syscensus scan -v -o a.db "$T/reach" >/dev/null 2>err &&
	grep "libc\.so\.6: analysed" err &&
	id=$(libc_id) && test -n "$id" &&
	ls "$C" | grep -x "$id-v[0-9]*\.json" &&
	test "$(stat -c %a "$C")" = 700 &&
	test "$(stat -c %a "$C"/$id-v*.json)" = 600
'

test_expect_success 'a second scan into a new database reads the cache' '
	f=$(ls "$C"/$(libc_id)-v*.json) &&
	before=$(stat -c "%i %Y" "$f") &&
	syscensus scan -v -o b.db "$T/reach" >/dev/null 2>err &&
	grep "libc\.so\.6: summary from the cache" err &&
	! grep "libc\.so\.6: analysed" err &&
	test "$(stat -c "%i %Y" "$f")" = "$before"
'

test_expect_success 'both databases hold the same rows and the summary' '
	for db in a.db b.db; do
		sql $db "SELECT syscall, level, via FROM reachable ORDER BY 1, 2, 3" >$db.rows || return 1
	done &&
	test_cmp a.db.rows b.db.rows &&
	sql b.db "SELECT summary FROM reach_libs WHERE soname = '\''libc.so.6'\''" >copy &&
	cat "$(ls "$C"/$(libc_id)-v*.json)" >orig && echo >>orig &&
	test_cmp orig copy
'

test_expect_success '--no-cache neither reads nor writes it' '
	XDG_CACHE_HOME="$TRASH/other" syscensus scan -v --no-cache --no-store \
		"$T/reach" >nc 2>err &&
	grep "libc\.so\.6: analysed (cache not used)" err &&
	test ! -e "$TRASH/other/syscensus" &&
	grep -E "^uname +direct +uname@GLIBC_2\.2\.5$" nc
'

test_expect_success 'a damaged cache entry is ignored and rewritten' '
	f=$(ls "$C"/$(libc_id)-v*.json) &&
	v=$(echo "$f" | sed "s/.*-v\([0-9]*\)\.json$/\1/") &&
	printf "{\"scanner\": $v, \"exports\": [[1,2,3]]" >"$f" &&
	syscensus scan -v --no-store "$T/reach" >dmg 2>err &&
	grep "libc\.so\.6: analysed" err &&
	grep -E "^chown +direct +chown@GLIBC_2\.2\.5$" dmg &&
	/usr/bin/python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$f"
'

test_expect_success 'a planted entry with indices out of range is ignored' '
	f=$(ls "$C"/$(libc_id)-v*.json) &&
	/usr/bin/python3 - "$f" <<-\PYEOF &&
	import json, sys
	d = json.load(open(sys.argv[1]))
	d["profiles"][0][3] = len(d["sets"]) + 7
	d["sets"].append([10 ** 6])
	d["profiles"].append([0, 0, 0, len(d["sets"]) - 1, 0, 0, 0, 0, 0])
	d["exports"][0][3] = len(d["profiles"]) - 1
	json.dump(d, open(sys.argv[1], "w"))
	PYEOF
	syscensus scan -v --no-store "$T/reach" >pl 2>err &&
	grep "libc\.so\.6: analysed" err &&
	grep -E "^uname +direct +uname@GLIBC_2\.2\.5$" pl
'

test_expect_success 'without XDG_CACHE_HOME the cache is ~/.cache/syscensus' '
	mkdir home &&
	(unset XDG_CACHE_HOME; HOME="$TRASH/home" syscensus scan --no-store \
		"$T/reach" >/dev/null) &&
	ls home/.cache/syscensus | grep -q "\.json$" &&
	test "$(stat -c %a home/.cache/syscensus)" = 700
'

test_expect_success 'concurrent first scans leave one whole file, no temporaries' '
	XDG_CACHE_HOME="$TRASH/conc"
	export XDG_CACHE_HOME
	syscensus scan --no-store "$T/reach" >c1 &
	p1=$!
	syscensus scan --no-store "$T/reach" >c2 &
	p2=$!
	syscensus scan --no-store "$T/reach" >c3 &&
	wait $p1 && wait $p2 &&
	for c in c1 c2 c3; do
		grep -v "from the cache)$" $c >$c.rows || return 1
	done &&
	test_cmp c1.rows c3.rows && test_cmp c2.rows c3.rows &&
	! ls conc/syscensus | grep -v "\.json$" &&
	for f in conc/syscensus/*.json; do
		/usr/bin/python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$f" || return 1
	done
'

test_done
