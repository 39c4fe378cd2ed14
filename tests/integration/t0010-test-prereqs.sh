#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The test library's prerequisites (lib.sh, test_lazy_prereq): a probe runs
# once per script however many tests name it, a missing prerequisite skips
# with "# SKIP missing NAME (reason)" where the reason is what the probe
# printed, comma-separated lists need every one, test_require skips a whole
# script with "1..0 # SKIP", SYSCENSUS_TEST_NO_<NAME>=1 forces the missing
# case, and the INT80 probe agrees with what int $0x80 really does here.
. "$top_srcdir/tests/integration/lib.sh"

# inner NAME BODY: a test script sourcing lib.sh, run as make check would.
inner() {
	{
		echo '. "$top_srcdir/tests/integration/lib.sh"'
		echo "test_lazy_prereq YES 'echo yes >>\"$PWD/probes\"; true'"
		echo "test_lazy_prereq NO 'echo no >>\"$PWD/probes\"; echo \"first line\"; echo \"the widget is missing\"; false'"
		printf '%s\n' "$2"
	} >"$1.sh"
	top_srcdir=$top_srcdir top_builddir=$top_builddir sh "./$1.sh"
}

test_expect_success 'a missing prerequisite skips with the probe'\''s reason' '
	inner one "
test_expect_success NO \"needs no\" true
test_expect_success YES \"needs yes\" true
test_expect_success YES,NO \"needs both\" true
test_expect_success \"needs nothing\" false
test_done" >out &&
	cat >expect <<-\EOT &&
	ok 1 - needs no # SKIP missing NO (the widget is missing)
	ok 2 - needs yes
	ok 3 - needs both # SKIP missing NO (the widget is missing)
	not ok 4 - needs nothing
	1..4
	EOT
	grep -v "^#" out >actual &&
	test_cmp expect actual
'

test_expect_success 'each probe runs once per script' '
	printf "%s\n" no yes >expect &&
	test_cmp expect probes
'

test_expect_success 'test_have_prereq says which one is missing' '
	rm -f probes &&
	inner two "
test_have_prereq YES && echo have-yes
test_have_prereq YES,NO || echo \"lacks \$prereq_missing: \$prereq_reason\"
test_done" >out &&
	grep -qx have-yes out &&
	grep -qx "lacks NO: the widget is missing" out
'

test_expect_success 'test_require skips the whole script' '
	inner three "
test_require YES NO
test_expect_success \"never\" false
test_done" >out &&
	echo "1..0 # SKIP missing NO (the widget is missing)" >expect &&
	test_cmp expect out
'

test_expect_success 'SYSCENSUS_TEST_NO_<NAME>=1 forces the missing case' '
	rm -f probes &&
	SYSCENSUS_TEST_NO_YES=1 inner four "
test_expect_success YES \"needs yes\" true
test_done" >out &&
	grep -qx "ok 1 - needs yes # SKIP missing YES (SYSCENSUS_TEST_NO_YES is set)" out &&
	test ! -e probes &&
	SYSCENSUS_TEST_NO_INT80=1 inner five "
test_expect_success INT80 \"int 0x80\" true
test_done" >out &&
	grep -qx "ok 1 - int 0x80 # SKIP missing INT80 (SYSCENSUS_TEST_NO_INT80 is set)" out
'

test_expect_success 'an unknown prerequisite is an error, not a pass' '
	inner six "
test_expect_success NOSUCH \"typo\" true
test_done" >out 2>err &&
	grep -q "unknown prerequisite .NOSUCH." err &&
	grep -q "^ok 1 - typo # SKIP missing NOSUCH" out
'

# The INT80 probe and the truth: int80 makes int $0x80 calls; it exits 0
# only where they work.
"$TRACEES/int80" 1 >/dev/null 2>&1
int80_st=$?
test_expect_success 'INT80 is there exactly when int $0x80 works' '
	if test_have_prereq INT80; then
		test $int80_st -eq 0
	else
		test $int80_st -ne 0 &&
		case "$prereq_reason" in
		*"no IA32 emulation"*|*"x86_64 machine"*) ;;
		*) echo "reason: $prereq_reason"; false ;;
		esac
	fi
'

test_expect_success 'every prerequisite the suite names has a probe' '
	for p in PTRACE SECCOMP INT80 X32 STRACE STACKS LANDLOCK BPF CHROMIUM; do
		eval "test -n \"\${prereq_script_$p:-}\"" || { echo $p; exit 1; }
	done &&
	for p in $(sed -n "s/.*test_expect_success \([A-Z0-9_,]*\) .*/\1/p;
		s/.*test_require \([A-Z0-9_ ]*\)$/\1/p;
		s/.*test_have_prereq \([A-Z0-9_,]*\).*/\1/p" \
		"$top_srcdir"/tests/integration/t[0-9]*.sh "$top_srcdir"/tests/integration/*-lib.sh |
		tr ", " "\n\n" | sort -u); do
		case $p in YES|NO|NOSUCH) continue ;; esac
		eval "test -n \"\${prereq_script_$p:-}\"" || { echo "no probe: $p"; exit 1; }
	done
'

rm -rf "$top_builddir"/tests/integration/trash-one
test_done
