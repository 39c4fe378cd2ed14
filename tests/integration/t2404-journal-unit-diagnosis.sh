#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# import --format journal ties 226/NAMESPACE and watchdog timeouts to the
# unit lint: a 226 after "Failed to set up mount namespacing: PATH: No
# such file or directory" names the ReadWritePaths= directory and the
# tmpfiles.d line (%t for /run/user/UID), the same line lint --unit gives
# for that unit; a 226 without it, and a watchdog timeout, point at
# lint --unit.
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
J="$FIXTURES/layers/journal-226.txt"

test_expect_success 'import: the 226 names the path and the tmpfiles.d line' '
	syscensus import -q --format journal -o j.db "$J" &&
	sql j.db "SELECT detail FROM kills WHERE line = 3" >d &&
	grep -q "^226/NAMESPACE: ReadWritePaths=/run/user/1000/myapp does not exist; add \`d %t/myapp 0700 - - -\` to tmpfiles.d" d &&
	grep -q "not a seccomp denial" d
'

test_expect_success 'lint --unit gives the same line for that unit' '
	printf "[Service]\nExecStart=/bin/true\nReadWritePaths=/run/user/1000/myapp\n" \
		>myapp.service &&
	test_expect_code 1 syscensus lint --unit myapp.service >out &&
	grep -q "\`d %t/myapp 0700 - - -\`" out
'

test_expect_success 'a 226 of another unit, and a watchdog, point at lint' '
	sed -e "3s/myapp.service/other.service/" "$J" >j2.txt &&
	syscensus import -q --format journal -o j2.db j2.txt &&
	sql j2.db "SELECT detail FROM kills WHERE line = 3" >d &&
	! grep -q "^226/NAMESPACE: ReadWritePaths" d &&
	grep -q "syscensus lint --unit UNIT. names the paths" d &&
	sql j2.db "SELECT detail FROM kills WHERE line = 4" >w &&
	grep -q "syscensus lint --unit UNIT --db TRACE. compares WatchdogSec=" w
'

test_done
