#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The declarative command line (cli/cmd.c): every option --help lists is
# one the command accepts, usage errors read the same in every command,
# and there is one getopt loop in the program.
. "$top_srcdir/tests/integration/lib.sh"

commands="record attach mark import diff check emit report verify inspect
	lint merge scan"
SYSCENSUS_DB=$TRASH/never.db
export SYSCENSUS_DB

# The options a command's --help lists, one per line: "--name" for a flag,
# "--name VALUE" for an option with a value.
help_options() {
	syscensus "$1" --help |
	sed -n 's/^  \(-[a-zA-Z], \)\{0,1\} *\(--[a-z0-9-]*\)\( [A-Za-z.]*\)\{0,1\}.*/\2\3/p'
}

test_expect_success 'every command lists options in --help' '
	for c in $commands; do
		help_options $c >opts.$c &&
		test -s opts.$c || { echo "$c: no options listed"; exit 1; }
	done
'

test_expect_success 'every option --help lists is accepted by its command' '
	for c in $commands; do
		while read -r opt value; do
			# the value is a placeholder: a bad one is a usage
			# error of its own, never "unknown option"; --help
			# after it stops the command before it runs
			if [ -n "$value" ]; then
				syscensus $c $opt x --help >out 2>err
			else
				syscensus $c $opt --help >out 2>err
			fi
			if grep -q "unknown option" err; then
				echo "$c $opt: $(cat err)"; exit 1
			fi
		done <opts.$c
	done
'

test_expect_success 'an unknown option is the same usage error everywhere' '
	for c in $commands; do
		test_expect_code 2 syscensus $c --no-such-option 2>err &&
		grep -q "^syscensus $c: unknown option .--no-such-option.\$" err &&
		grep -q "^usage: syscensus $c " err &&
		grep -q "^Try .syscensus $c --help. for more\.\$" err ||
		{ echo "$c: $(cat err)"; exit 1; }
	done
'

test_expect_success 'a missing value is the same usage error everywhere' '
	for c in $commands; do
		opt=$(sed -n "s/^\(--[a-z-]*\) .*/\1/p" opts.$c | head -n 1)
		test -n "$opt" || continue
		test_expect_code 2 syscensus $c $opt 2>err &&
		grep -q "^syscensus $c: option .$opt. needs a value\$" err ||
		{ echo "$c $opt: $(cat err)"; exit 1; }
	done
'

test_expect_success '-h is --help in every command' '
	for c in $commands; do
		syscensus $c -h >h1 && syscensus $c --help >h2 &&
		test_cmp h1 h2 || { echo "$c"; exit 1; }
	done
'

test_expect_success 'diff and check declare their shared options once' '
	help_options diff >d && help_options check >c &&
	grep -v -- "--strict" c >c.shared &&
	test_cmp d c.shared &&
	grep -q -- "--strict" c
'

test_expect_success 'options are parsed before anything runs: nothing written' '
	test_expect_code 2 syscensus emit --format list --reach bogus 2>err &&
	grep -q "unknown --reach .bogus." err &&
	test_expect_code 2 syscensus import --no-scan --format bogus x.log \
		2>err &&
	grep -q "unknown format .bogus." err &&
	! test -e "$SYSCENSUS_DB"
'

test_expect_success 'a command with an output checks its write errors' '
	if [ -w /dev/full ]; then
		syscensus import -q --no-scan --db t.db \
			"$top_srcdir/fixtures/strace/odd-shapes.log" &&
		test_must_fail syscensus emit --db t.db --format list \
			-o /dev/full 2>err &&
		test -s err
	fi
'

test_expect_success 'there is one getopt loop, in the framework' '
	grep -l "getopt_long *(\|getopt *(" "$top_srcdir"/cli/*.c \
		"$top_srcdir"/common/*.c "$top_srcdir"/tracer/*.c \
		"$top_srcdir"/analyzer/*.c "$top_srcdir"/reports/*.c >loops &&
	test "$(cat loops)" = "$top_srcdir/cli/cmd.c"
'

test_done
