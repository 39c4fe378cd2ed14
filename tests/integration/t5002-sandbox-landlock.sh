#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Issue 15: Landlock lets an import open only what it was given (and its
# database's directory, the data directory): the test build's hook makes
# the parser open a file elsewhere, and the kernel refuses (EACCES); the
# file it was given opens.  Outputs are written in their directory.
. "$top_srcdir/tests/integration/sandbox-lib.sh"

test_require LANDLOCK SANDBOX

mkdir in db out
write_log in/x.log
# The sandbox lets a command create and read its own files in the
# temporary directories (SQLite's spill files, tmpfile(3)): when the build
# is under one of them (make distcheck in a clone under /tmp), the file it
# must not read goes under /run instead.
other=$PWD/other
case $PWD/ in
/tmp/*|/var/tmp/*|"${TMPDIR:-/nonexistent}"/*)
	other=$(mktemp -d /run/syscensus-t5002.XXXXXX) ||
		skip_all "the build is under a temporary directory and /run is not writable"
	trap 'rm -rf "$other"' EXIT ;;
*)
	mkdir other ;;
esac
echo secret >"$other/secret"

test_expect_success 'the parser opening a file it was not given is refused' '
	SYSCENSUS_TEST_HOOK="open:$other/secret" test_expect_code 2 \
		hooked import -q --no-scan -o db/t.db in/x.log 2>err &&
	grep -q "cannot open .*/secret.: Permission denied" err
'

test_expect_success 'the file it was given opens; unconfined the other too' '
	SYSCENSUS_TEST_HOOK="open:$PWD/in/x.log" \
		hooked import -q --no-scan -o db/t.db in/x.log &&
	SYSCENSUS_TEST_HOOK="open:$other/secret" \
		hooked import -q --no-scan --no-sandbox -o db/t.db in/x.log
'

test_expect_success 'outputs are written in their own directory' '
	syscensus emit --db db/t.db --format list -o out/e.list &&
	test -s out/e.list &&
	syscensus report --db db/t.db --format json -o out/r.json &&
	test -s out/r.json
'

test_done
