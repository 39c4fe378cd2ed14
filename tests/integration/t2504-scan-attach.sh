#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# attach scans the executables it traced once it has detached (unless
# --no-scan); the daemon keeps running either way.
. "$top_srcdir/tests/integration/lib.sh"
have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
. "$top_srcdir/tests/integration/attach-lib.sh"
XDG_CACHE_HOME="$TRASH/cache"
export XDG_CACHE_HOME
attach_start_ticker

test_expect_success 'attach stores the reach of the daemon it traced' '
	syscensus attach -q -o a.db -p $TICKER --duration 2 &&
	sql a.db "SELECT DISTINCT exe FROM observed" | grep -q "/ticker$" &&
	sql a.db "SELECT path FROM reach_exes JOIN exes ON exes.id = exe_id" |
		grep -q "/ticker$" &&
	sql a.db "SELECT via FROM reachable WHERE syscall = '\''rename'\''
		AND level = '\''direct'\''" | grep -x "rename@GLIBC_2.2.5" &&
	running $TICKER
'

test_expect_success 'attach --no-scan stores no reach' '
	syscensus attach -q --no-scan -o n.db -p $TICKER --duration 1 &&
	test "$(sql n.db "SELECT count(*) FROM reach")" = 0 &&
	test "$(sql n.db "SELECT count(*) FROM observed")" -gt 0 &&
	running $TICKER
'

attach_stop_ticker
test_done
