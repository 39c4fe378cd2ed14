#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# scripts/layout-check.sh itself: on a small tree, each rule catches a
# planted violation and lets the allowed cases through; a known violation
# is TODO (suite green), an unknown one fails, LAYOUT_STRICT=1 ignores the
# list.
. "$top_srcdir/tests/integration/lib.sh"

# the script's own KNOWN list names files of the real tree: not here
check() {
	LAYOUT_KNOWN_FILE=${LAYOUT_KNOWN_FILE:-/dev/null} \
		sh "$top_srcdir/scripts/layout-check.sh" "$PWD/tree"
}
spdx='/* SPDX-License-Identifier: LGPL-2.1-or-later */'

# a clean tree in ./tree: one file per layer
fresh_tree() {
	rm -rf tree && mkdir -p tree/common tree/tracer tree/analyzer/emit \
		tree/reports tree/cli &&
	printf '%s\n' "$spdx" >tree/common/common.h &&
	printf '%s\n#include "common.h"\n#include "store.h"\n' "$spdx" \
		>tree/common/util.c &&
	printf '%s\n' "$spdx" >tree/common/store.h &&
	printf '%s\n#include "store.h"\nint f(void) { return sqlite3_exec(0, 0, 0, 0, 0); }\n' \
		"$spdx" >tree/common/store-query.c &&
	printf '%s\n#include "common/common.h"\n' "$spdx" >tree/tracer/tracer.h &&
	printf '%s\n#include "tracer/tracer.h"\n' "$spdx" >tree/tracer/engine.c &&
	printf '%s\n#include "common.h"\n#include "analyzer/emit/emit.h"\n' \
		"$spdx" >tree/analyzer/diff.c &&
	printf '%s\n' "$spdx" >tree/analyzer/emit/emit.h &&
	printf '%s\n#include "analyzer/emit/emit.h"\n#include "reports/reports.h"\n' \
		"$spdx" >tree/reports/report-text.c &&
	printf '%s\n' "$spdx" >tree/reports/reports.h &&
	printf '%s\n#include "reports/reports.h"\nint r(int c, char **v) { return getopt_long(c, v, "h", 0, 0); }\n' \
		"$spdx" >tree/cli/cmd.c &&
	printf '#!/bin/sh\n# SPDX-License-Identifier: LGPL-2.1-or-later\n' \
		>tree/cli/helper.sh
}

# expect_rule N: test N of the check failed (not TODO), the check exits 1
expect_rule() {
	test_must_fail check >out &&
	grep "^not ok $1 - " out >line &&
	! grep -q "# TODO" line &&
	test "$(grep -c "^not ok" out)" = 1
}

test_expect_success 'a clean tree passes every rule' '
	fresh_tree &&
	check >out &&
	grep -q "^1\.\.6$" out &&
	test "$(grep -c "^ok [1-6] - " out)" = 6
'

test_expect_success 'sqlite3_ outside common/store*.c fails' '
	fresh_tree &&
	printf "%s\nvoid g(void) { sqlite3_finalize(0); }\n" "$spdx" \
		>tree/reports/report-json.c &&
	expect_rule 1 &&
	grep -q "reports/report-json.c: 1 lines call sqlite3_" out
'

test_expect_success 'sqlite3_ in a comment or a string is not a call' '
	fresh_tree &&
	printf "%s\n/* not sqlite3_exec() */ const char *m = \"sqlite3_open\";\n// sqlite3_step\nchar c = '\''s'\'';\n" \
		"$spdx" >tree/analyzer/lint.c &&
	check >out &&
	grep -q "^ok 1 - " out
'

test_expect_success 'a getopt loop outside cli/cmd.c fails' '
	fresh_tree &&
	printf "%s\nint m(int c, char **v) { return getopt (c, v, \"h\"); }\n" \
		"$spdx" >tree/cli/cmd-mark.c &&
	expect_rule 2 &&
	grep -q "cli/cmd-mark.c: calls getopt" out
'

test_expect_success 'a C file of 1,201 lines fails, 1,200 passes' '
	fresh_tree &&
	{ printf "%s\n" "$spdx"; seq 1199 | sed "s|.*|/* & */|"; } \
		>tree/tracer/task.c &&
	check >out &&
	grep -q "^ok 3 - " out &&
	echo "/* one more */" >>tree/tracer/task.c &&
	expect_rule 3 &&
	grep -q "tracer/task.c: 1201 lines" out
'

test_expect_success 'tracer/ or analyzer/ including reports/ or cli/ fails' '
	fresh_tree &&
	printf "%s\n#include \"cli/cmd.h\"\n" "$spdx" >tree/analyzer/emit/emit.c &&
	expect_rule 4 &&
	grep -q "analyzer/emit/emit.c: includes \"cli/cmd.h\" (cli/)" out &&
	fresh_tree &&
	printf "%s\n#include \"reports.h\"\n" "$spdx" >tree/reports/x.c &&
	cp tree/reports/x.c tree/reports/y.c && check >out &&
	printf "%s\n  #  include \"../reports/reports.h\"\n" "$spdx" \
		>tree/tracer/flush.c &&
	expect_rule 4
'

test_expect_success 'common/ including another layer fails' '
	fresh_tree &&
	printf "%s\n#include \"tracer/tracer.h\"\n" "$spdx" >tree/common/agg.c &&
	expect_rule 5 &&
	grep -q "common/agg.c: includes \"tracer/tracer.h\" (tracer/)" out
'

test_expect_success 'a source without an SPDX line fails' '
	fresh_tree &&
	printf "int x;\n" >tree/reports/escape.c &&
	expect_rule 6 &&
	grep -q "reports/escape.c: no SPDX" out
'

test_expect_success 'a known violation is TODO, a new one of the same rule fails' '
	fresh_tree &&
	printf "%s\nint h(void) { return sqlite3_close(0); }\n" "$spdx" \
		>tree/analyzer/merge.c &&
	echo "sqlite analyzer/merge.c" >known &&
	LAYOUT_KNOWN_FILE=$PWD/known check >out &&
	grep -q "^not ok 1 - .* # TODO" out &&
	LAYOUT_KNOWN_FILE=$PWD/known LAYOUT_STRICT=1 test_must_fail check >out &&
	grep "^not ok 1 - " out >line && ! grep -q TODO line &&
	cp tree/analyzer/merge.c tree/analyzer/lint.c &&
	LAYOUT_KNOWN_FILE=$PWD/known test_must_fail check >out &&
	grep "^not ok 1 - " out >line && ! grep -q TODO line &&
	grep -q "analyzer/lint.c" out
'

test_expect_success 'a known entry that no longer violates is reported' '
	fresh_tree &&
	echo "size tracer/engine.c" >known &&
	LAYOUT_KNOWN_FILE=$PWD/known check >out &&
	grep -q "^ok 3 - " out &&
	grep -q "tracer/engine.c.* no longer violates: remove it" out
'

test_done
