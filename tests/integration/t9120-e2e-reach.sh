#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Static reach end to end, proved by enforcement.  tests/tracees/reach-calls
# calls uname, getrusage and chown only when given its argument; it is
# recorded without it, three ways built: dynamic (it imports the libc
# wrappers), `cc -static` (the wrappers are linked in) and -DRAW_SYSCALL
# (x86_64: it holds the `syscall` instructions itself).  Then `syscensus
# scan` names the three with how they are reached (the symbol, or the
# instruction's address), `check --format json` lists them as
# unexercised, the default `emit`
# includes them, and the program run *with* its argument under the
# emitted BPF, loaded by an independent loader (seccomp-exec), survives
# with every call succeeding.  Under the --observed-only filter the same
# run dies of SIGSYS: the reach is what saved it.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/reach-lib.sh"

require_tracing
SEXEC="$top_builddir/tests/tracees/seccomp-exec"
SRC="$top_srcdir/tests/tracees/reach-calls.c"
test -x "$T/reach-calls" || skip_all "reach-calls is not built"
test -x "$SEXEC" || skip_all "seccomp-exec is not built"
"$SEXEC" --probe 2>probe.err || skip_all "$(cat probe.err)"
[ "$(uname -m)" = x86_64 ] || skip_all "the raw build is x86_64 assembly"
have_scan || skip_all "syscensus scan is not built"

variants=dynamic
cp "$T/reach-calls" ./reach-dynamic
if have cc && cc -O2 -static -o reach-static "$SRC" 2>cc.err; then
	variants="$variants static"
else
	test_skip 'a statically linked build' "cc -static failed: $(head -n 1 cc.err 2>/dev/null)"
fi
if have cc && cc -O2 -DRAW_SYSCALL -o reach-raw "$SRC" 2>cc.err; then
	variants="$variants raw"
else
	test_skip 'a raw syscall build' "cc failed: $(head -n 1 cc.err 2>/dev/null)"
fi

for v in $variants; do
	X=$PWD/reach-$v

	test_expect_success "$v: recorded without its argument" "
		syscensus record -q -o $v.db -- '$X' >out &&
		grep -qx survived out &&
		test \"\$(sql $v.db \"SELECT count(*) FROM observed WHERE
			syscall IN ('uname', 'getrusage', 'chown')\")\" = 0
	"

	test_expect_success "$v: static reach names uname, getrusage, chown" "
		syscensus scan -o $v.db '$X' >scan.out &&
		cat scan.out &&
		sql $v.db \"SELECT DISTINCT syscall FROM reachable
			WHERE level = 'direct' AND exe = '$X'
			AND syscall IN ('uname', 'getrusage', 'chown')
			ORDER BY syscall\" >got &&
		printf 'chown\ngetrusage\nuname\n' >expect &&
		test_cmp expect got &&
		sql $v.db \"SELECT via FROM reachable WHERE level = 'direct'
			AND exe = '$X' AND syscall = 'uname'\" >via &&
		cat via &&
		case $v in
		dynamic) grep -qx 'uname@GLIBC_[0-9.]*' via ;;
		*) grep -q '^syscall at 0x[0-9a-f]*' via ;;
		esac
	"

	test_expect_success "$v: check --format json lists them as unexercised" "
		syscensus emit --db $v.db --format list --observed-only \
			-o $v.observed &&
		syscensus check --db $v.db --policy $v.observed --format json \
			-o $v.json 2>err &&
		pyjson $v.json '\" \".join(sorted(set(e[\"syscall\"] for e in d[\"unexercised\"] if e[\"syscall\"] in (\"uname\", \"getrusage\", \"chown\"))))' >names &&
		echo 'chown getrusage uname' >expect &&
		test_cmp expect names &&
		pyjson $v.json 'all(e[\"level\"] == \"direct\" and e[\"via\"] for e in d[\"unexercised\"])' >ok &&
		grep -qx True ok
	"

	test_expect_success "$v: the default emit includes them" "
		syscensus emit --db $v.db --format bpf -o $v.bpf &&
		syscensus inspect --policy $v.bpf --policy-format bpf \
			--format list >allowed &&
		grep -qx uname allowed && grep -qx getrusage allowed &&
		grep -qx chown allowed
	"

	test_expect_success "$v: with its argument it survives the emitted filter" "
		'$SEXEC' --bpf $v.bpf -- '$X' admin >out &&
		grep -qx 'uname 0' out && grep -qx 'getrusage 0' out &&
		grep -qx 'chown 0' out && grep -qx survived out
	"

	test_expect_success "$v: the observed-only filter kills that run" "
		syscensus emit --db $v.db --format bpf --observed-only \
			-o $v.obs.bpf &&
		'$SEXEC' --bpf $v.obs.bpf -- '$X' admin >out; st=\$? &&
		test \$st = 159 && ! grep -q survived out
	"
done

test_done
