#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Traced paths are hostile: a directory named with a blank, a double
# quote, a backslash, "*/", "??=" and "%" goes through the census into
# the Landlock C (compiled with -Werror; the program still runs under it,
# verify --landlock finds nothing denied), the JSON (read back by Python)
# and the systemd drop-in (systemd-analyze verify accepts it; the comments
# stay comments).
. "$top_srcdir/tests/integration/layers-lib.sh"

require_tracing
W=$PWD
BAD="$W/we*/ird\"q\\b??=% nl"
mkdir -p "$BAD" || skip_all "this file system refuses the name"
echo data >"$BAD/in"
cat >prog.sh <<\EOF
#!/bin/sh
cat "$1/in" >/dev/null && echo x >"$1/out" && echo done
EOF
chmod +x prog.sh

test_expect_success 'record a program reading and writing there' '
	syscensus record -q -o h.db -- /bin/sh "$W/prog.sh" "$BAD" >out &&
	grep -qx done out
'

test_expect_success 'landlock C: compiles with -Werror, comments closed' '
	syscensus emit --db h.db --format landlock -o h.c &&
	cc -std=c11 -Wall -Wextra -Wtrigraphs -Werror -c h.c -o h.o &&
	nm h.o | grep -q " T install_landlock_ruleset" &&
	grep -qF "/we*/ird\\042q\\134b\\077\\077=% nl\", 0x" h.c &&
	grep -qF "/we*\\/ird\"q\\b?\\?=% nl/out by openat" h.c
'

if LANDLOCK_ABI=$(landlock_abi) && have cc; then
	test_expect_success 'verify --landlock: the program runs, nothing denied' '
		syscensus verify -q -o v.db --landlock h.c -- \
			/bin/sh "$W/prog.sh" "$BAD" >out &&
		grep -qx done out && ! grep -q ^denied out
	'
else
	test_skip 'verify --landlock: the program runs, nothing denied' \
		"this kernel has no Landlock"
fi

test_expect_success 'landlock JSON: the path read back exactly' '
	syscensus emit --db h.db --format landlock-json -o h.json &&
	/usr/bin/python3 -c "
import json, sys
d = json.load(open(\"h.json\"))
want = sys.argv[1]
assert any(r[\"path\"] == want and r[\"beneath\"] for r in d[\"rules\"]), want
" "$BAD"
'

test_expect_success 'systemd drop-in: one line per directive, verify accepts' '
	syscensus emit --db h.db --format systemd-hardening -o h.conf &&
	! grep -v "^#" h.conf | grep -v "^\[Service\]$" | grep -v "^[A-Za-z]*=" &&
	printf "[Service]\nExecStart=/bin/true\n" >h.service &&
	mkdir h.service.d && cp h.conf h.service.d/ &&
	{ ! have systemd-analyze || systemd-analyze verify h.service; }
'

test_done
