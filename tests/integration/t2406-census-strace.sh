#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The path census from an strace log (import): absolute paths with how
# each open used them (from strace's O_* names), mkdir/unlink/rename,
# unix sockets bound, connected and sent to, and the sd_notify lines of
# sendmsg/sendto payloads; relative paths are left out (the log does not
# say the directory).  The layer emitters work from the import.
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
L="$FIXTURES/layers/app-strace.log"

test_expect_success 'import: access and notify facts' '
	syscensus import -q -o s.db "$L" &&
	sql s.db "SELECT kind || \" \" || value || \" \" || syscall FROM facts
		WHERE kind IN (\"access\", \"notify\") ORDER BY 1" >got &&
	cat >want <<-\EOF &&
	access listdir /var/lib/app openat
	access read /etc/app.conf openat
	access rename /var/lib/app/state.tmp rename
	access rmdir /var/lib/app/old unlinkat
	access send /run/systemd/notify sendmsg
	access send /run/systemd/notify sendto
	access write+create+trunc /var/lib/app/state.tmp openat
	notify READY=1 sendmsg
	notify WATCHDOG=1 sendto
	EOF
	test_cmp want got
'

test_expect_success 'emit from the import: a drop-in and a ruleset' '
	syscensus emit --db s.db --format systemd-hardening -o h.conf &&
	grep -qx Type=notify h.conf &&
	grep -q "^ReadWritePaths=.*/var/lib/app" h.conf &&
	syscensus emit --db s.db --format landlock-json -o l.json &&
	/usr/bin/python3 -c "
import json
d = json.load(open(\"l.json\"))
r = {x[\"path\"]: x for x in d[\"rules\"]}
assert r[\"/etc/app.conf\"][\"access\"] == [\"READ_FILE\"], r
assert \"MAKE_REG\" in r[\"/var/lib/app\"][\"access\"], r
assert not any(p.endswith(\"rel.txt\") for p in r)
"
'

test_done
