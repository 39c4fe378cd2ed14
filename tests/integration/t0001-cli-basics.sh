#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The command line: --version, --help everywhere, usage errors exit 2.
. "$top_srcdir/tests/integration/lib.sh"

test_expect_success '--version prints the version' '
	syscensus --version >out &&
	grep -q "^syscensus [0-9]" out
'

test_expect_success '--help lists every command of DESIGN.md' '
	syscensus --help >out &&
	for c in record attach mark import diff check emit report verify \
		 inspect lint merge; do
		grep -q "^  $c " out || { echo "missing $c"; exit 1; }
	done
'

test_expect_success 'every command has --help, exit 0, naming itself' '
	for c in record attach mark import diff check emit report verify \
		 inspect lint merge; do
		syscensus $c --help >out || { echo "$c failed"; exit 1; }
		grep -q "^usage: syscensus $c" out || { echo "$c"; exit 1; }
	done
'

test_expect_success 'an unknown command exits 2' '
	test_expect_code 2 syscensus frobnicate 2>err &&
	grep -q "not a command" err
'

test_expect_success 'no arguments exits 2 with usage' '
	test_expect_code 2 syscensus 2>err &&
	grep -q "^usage:" err
'

test_expect_success 'a full stdout is an error, not silent truncation' '
	if [ -w /dev/full ]; then
		test_must_fail syscensus --help >/dev/full 2>err &&
		grep -q "standard output" err
	fi
'

test_done
