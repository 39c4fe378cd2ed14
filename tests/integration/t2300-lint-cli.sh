#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# syscensus lint: help, usage and input errors (exit 2), exit 1 on
# warnings and 0 without, the JSON shape.
. "$top_srcdir/tests/integration/lib.sh"

P="$FIXTURES/kb/policies"

test_expect_success 'lint --help prints usage and exits 0' '
	syscensus lint --help >out &&
	grep -q "usage: syscensus lint" out &&
	grep -q -- "--policy FILE" out
'

test_expect_success 'lint without --policy or --db is a usage error' '
	test_expect_code 2 syscensus lint 2>err &&
	grep -q "required" err
'

test_expect_success 'an unknown --format is a usage error' '
	test_expect_code 2 syscensus lint --policy "$P/good.list" --format xml
'

test_expect_success 'a missing policy file is an input error' '
	test_expect_code 2 syscensus lint --policy nonexistent.list 2>err &&
	grep -q "nonexistent.list" err
'

test_expect_success 'a bad policy is reported as FILE:LINE:COL, exit 2' '
	printf "read\nwrite\nfrobnicate\n" >bad.list &&
	test_expect_code 2 syscensus lint --policy bad.list 2>err &&
	grep -q "bad.list:3:" err
'

test_expect_success 'a sound policy: exit 0, no warnings' '
	syscensus lint --policy "$P/good.list" >out &&
	! grep -q "warning:\|error:" out
'

test_expect_success 'a policy with pitfalls: exit 1' '
	test_expect_code 1 syscensus lint --policy "$P/minimal.list" >out &&
	grep -q "findings:" out
'

test_expect_success 'JSON: findings with check, severity, syscall, advice' '
	test_expect_code 1 syscensus lint --policy "$P/minimal.list" \
		--format json >out.json &&
	if have jq; then
		test "$(jq -r .format out.json)" = list &&
		jq -e ".findings | length > 5" out.json &&
		jq -e ".findings[] | select(.check == \"enosys\" and
			.syscall == \"clone3\" and .advice == \"errno ENOSYS\"
			and .severity == \"warning\")" out.json &&
		jq -e ".summary.error == 2" out.json
	else
		grep -q "\"check\": \"enosys\"" out.json
	fi
'

test_expect_success '-o writes the report to a file' '
	test_expect_code 1 syscensus lint --policy "$P/minimal.list" -o rep &&
	grep -q "clone3" rep
'

test_done
