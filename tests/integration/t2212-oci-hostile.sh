#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The OCI reader on hostile JSON: out-of-range integers nested deep (once
# an out-of-bounds write, then a segfault from depth 12), nesting deeper
# than any profile, and syntax errors at their place.
. "$top_srcdir/tests/integration/lib.sh"

# A valid profile whose "x" holds [[[...[2e400 as an integer]...]]].
nested() {
	awk -v d="$1" -v num="$2" 'BEGIN {
		printf "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n\"x\": "
		for (i = 0; i < d; i++) printf "["
		printf "%s", num
		for (i = 0; i < d; i++) printf "]"
		printf ",\n\"syscalls\": [{\"names\": [\"read\"], "
		printf "\"action\": \"SCMP_ACT_ERRNO\"}]}\n"
	}'
}

BIG=1180591620717411303424

test_expect_success 'a huge integer nested 9 to 40 deep does not crash' '
	for d in 1 8 9 12 20 40; do
		nested $d $BIG >deep$d.json &&
		syscensus inspect --policy deep$d.json --policy-format oci \
			>out$d 2>err$d ||
		{ echo "depth $d: exit $?"; cat err$d; exit 1; }
		grep -q "errno EPERM: read" out$d || { cat out$d; exit 1; }
	done
'

test_expect_success 'every command reading it survives depth 12' '
	nested 12 $BIG >deep.json &&
	test_expect_code 0 syscensus lint --policy deep.json >/dev/null 2>&1 ||
	test_expect_code 1 syscensus lint --policy deep.json >/dev/null 2>&1
'

test_expect_success 'nesting deeper than any profile is an error at its place' '
	nested 300 1 >toodeep.json &&
	test_expect_code 2 syscensus inspect --policy toodeep.json \
		--policy-format oci 2>err &&
	grep -q "toodeep.json:2:.*nested too deeply" err &&
	nested 100000 1 >verydeep.json &&
	test_expect_code 2 syscensus inspect --policy verydeep.json \
		--policy-format oci 2>err &&
	grep -q "nested too deeply" err
'

test_expect_success 'syntax errors name their line and column' '
	printf "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n  \"syscalls\": [}\n" \
		>syntax.json &&
	test_expect_code 2 syscensus inspect --policy syntax.json \
		--policy-format oci 2>err &&
	grep -q "syntax.json:2:16: " err &&
	printf "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n  \"syscalls\": [\n" \
		>eof.json &&
	test_expect_code 2 syscensus inspect --policy eof.json \
		--policy-format oci 2>err &&
	grep -q "eof.json:3:1: premature EOF" err
'

test_done
