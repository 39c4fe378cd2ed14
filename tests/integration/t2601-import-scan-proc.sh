#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The scan after import skips /proc paths: "/proc/self/exe" in a log is
# the traced program's own file; scanning it here scanned syscensus.
. "$top_srcdir/tests/integration/lib.sh"

test_expect_success 'an execve of /proc/self/exe is not scanned here' '
	cat >p.log <<-\EOT &&
	100 execve("/bin/sh", ["sh"], 0x7ffd00000000 /* 1 var */) = 0
	100 execve("/proc/self/exe", ["sh"], 0x7ffd00000000 /* 1 var */) = 0
	100 getpid() = 100
	100 exit_group(0) = ?
	100 +++ exited with 0 +++
	EOT
	test_expect_code 0 syscensus import -o p.db p.log 2>err &&
	cat err &&
	grep -q "not scanned: .*/proc/self/exe.* names a file of the traced process" err &&
	test "$(sql p.db "SELECT count(*) FROM observed WHERE exe = '\''/proc/self/exe'\''")" -ge 1 &&
	test "$(sql p.db "SELECT count(*) FROM reach_exes e JOIN exes x ON x.id = e.exe_id WHERE x.path = '\''/proc/self/exe'\''")" -eq 0
'

test_done
