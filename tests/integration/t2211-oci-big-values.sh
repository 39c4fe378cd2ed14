#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The OCI reader's uint64 values above INT64_MAX (which jansson cannot
# hold): many of them load in linear time, syntax and duplicate-key
# errors keep their positions, a number outside uint64 is
# reported where it is, an escaped key on the way is no trouble, and a
# string in the document never poses as a number.
. "$top_srcdir/tests/integration/lib.sh"

BIG=18446744073709551615

# N rules of 6 conditions each on socket, every value above INT64_MAX.
gen() {
	awk -v n="$1" -v big="$BIG" 'BEGIN {
		printf "{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
		printf "\"syscalls\": [\n"
		for (i = 0; i < n; i++) {
			printf "%s{\"names\": [\"socket\"], ", i ? ",\n" : ""
			printf "\"action\": \"SCMP_ACT_ALLOW\", \"args\": ["
			for (a = 0; a < 6; a++)
				printf "%s{\"index\": %d, \"value\": %s, " \
					"\"valueTwo\": %d, \"op\": " \
					"\"SCMP_CMP_MASKED_EQ\"}", \
					a ? ", " : "", a, big, i
			printf "]}"
		}
		printf "]}\n"
	}'
}

test_expect_success '6000 values above INT64_MAX load in seconds' '
	gen 1000 >many.json &&
	test "$(grep -o "$BIG" many.json | wc -l)" -eq 6000 &&
	start=$(date +%s) &&
	syscensus inspect --policy many.json --policy-format oci >out &&
	end=$(date +%s) &&
	say "6000 big values: $((end - start)) s" &&
	test $((end - start)) -le 15 &&
	grep -q "arg5 & 0xffffffffffffffff == 0x3e7" out
'

cat >tail.json <<EOF
{"defaultAction": "SCMP_ACT_ERRNO",
"syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [
{"index": 0, "value": $BIG, "valueTwo": 1, "op": "SCMP_CMP_MASKED_EQ"},


{"index": 1, "value": 5, "op": "SCMP_CMP_EQ"}]}]}
EOF

test_expect_success 'syntax errors after a big value: at their place' '
	sed "s/SCMP_CMP_EQ\"}/SCMP_CMP_EQ\",}/" tail.json >comma.json &&
	test_expect_code 2 syscensus inspect --policy comma.json \
		--policy-format oci >out 2>err &&
	grep -q "comma.json:6:46: invalid object key" err &&
	{ cat tail.json; echo "  garbage"; } >garbage.json &&
	test_expect_code 2 syscensus inspect --policy garbage.json \
		--policy-format oci >out 2>err &&
	grep -q "garbage.json:7:3: trailing garbage" err &&
	sed "s/SCMP_CMP_EQ\"}/SCMP_CMP_EQ\", \"value\": 3}/" tail.json >dup.json &&
	test_expect_code 2 syscensus inspect --policy dup.json \
		--policy-format oci >out 2>err &&
	grep -q "dup.json:6:47: duplicate object key .value." err
'

test_expect_success 'a number outside uint64 after a valid big one: its own place' '
	sed "s/\"value\": 5,/\"value\": 1180591620717411303424,/" tail.json \
		>huge.json &&
	test_expect_code 2 syscensus inspect --policy huge.json \
		--policy-format oci >out 2>err &&
	grep -q "huge.json:6:23: integer 1180591620717411303424 is outside uint64" err
'

test_expect_success 'an escaped quote in a key does not stop the reader' '
	cp "$FIXTURES/args/oci-quote-key.json" quote.json &&
	syscensus inspect --policy quote.json --policy-format oci >out &&
	grep -q "arg0 & 0xffffffffffffffff == 0x2" out &&
	sed "s/\"syscalls\"/\"sysc\\\\u0061lls\"/" quote.json >esc.json &&
	grep -q "u0061" esc.json &&
	syscensus inspect --policy esc.json --policy-format oci >out &&
	grep -q "arg0 & 0xffffffffffffffff == 0x2" out
'

test_expect_success 'a string shaped like the old marker is not a number' '
	cp "$FIXTURES/args/oci-marker.json" marker.json &&
	test_expect_code 2 syscensus inspect --policy marker.json \
		--policy-format oci >out 2>err &&
	grep -q "marker.json:1:.*the value must be an integer" err &&
	sed "s/\"SCMP_ACT_ALLOW\",/\"SCMP_ACT_ALLOW\", \"big\": 18446744073709551615,/" \
		marker.json >marker2.json &&
	test_expect_code 2 syscensus inspect --policy marker2.json \
		--policy-format oci >out 2>err &&
	grep -q "marker2.json:1:.*the value must be an integer" err
'

test_done
