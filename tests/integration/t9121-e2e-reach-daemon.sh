#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Static reach on the fixture daemon: svcd's trace of startup and steady
# only (emit --phase startup --phase steady over a recording of every
# phase) lacks what its reload and error paths call.  With the static
# reach of svcd (from `syscensus scan` when it is built; until then the
# rows scan's direct level stores for svcd's imports of thin syscall
# wrappers, made here from `nm -D --undefined-only` and libseccomp's
# names), the default emitted BPF filter, loaded by seccomp-exec, carries
# svcd through every phase, error and reload included.  The same filter
# without the reach (--reach none) kills it on a path the trace skipped.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/e2e-lib.sh"
. "$top_srcdir/tests/integration/reach-lib.sh"

e2e_require
e2e_setup

test_expect_success 'record svcd through every phase' '
	e2e_record &&
	test "$(sql "$DB" "SELECT count(DISTINCT phase) FROM observed
		WHERE exe LIKE '\''%/svcd'\''")" = 5
'

test_expect_success 'the startup+steady trace lacks what reload and error call' '
	syscensus emit --db "$DB" --format list --observed-only \
		--phase startup --phase steady --exe "/svcd\$" >early.list &&
	syscensus emit --db "$DB" --format list --observed-only \
		--exe "/svcd\$" >all.list &&
	grep -vxFf early.list all.list >missing &&
	cat missing &&
	test -s missing
'

# scan's direct level for a dynamic program: each undefined dynamic
# symbol that is a thin wrapper of the syscall of the same name.
stand_in() {
	exe=$(sql "$DB" "SELECT DISTINCT exe FROM observed
		WHERE exe LIKE '%/svcd' LIMIT 1") &&
	nm -D --undefined-only "$exe" |
		sed -n "s/^ *U \([a-z0-9_]*\)@\(GLIBC_[0-9.]*\)\$/\1 \2/p" |
		while read -r sym ver; do
			# a name libseccomp knows: the list reader says so
			printf '%s\n' "$sym" >one.list
			syscensus lint --policy one.list --policy-format list \
				>/dev/null 2>&1
			[ $? -eq 2 ] && continue
			reach_add "$DB" "$exe" direct "$sym@$ver" "$sym" ||
				return 1
		done
}

test_expect_success 'the static reach of svcd' '
	if have_scan; then
		syscensus scan -o "$DB" "$SVCD" >scan.out && cat scan.out
	else
		say "syscensus scan is not built: scan rows stood in from nm -D"
		stand_in
	fi &&
	sql "$DB" "SELECT syscall, via FROM reachable WHERE level = '\''direct'\''
		AND exe LIKE '\''%/svcd'\''" >reach &&
	cat reach &&
	test -s reach
'

test_expect_success 'emit for svcd from startup and steady (default: + reach)' '
	syscensus emit --db "$DB" --format bpf --exe "/svcd\$" -v \
		--phase startup --phase steady -o early.bpf 2>err &&
	cat err &&
	grep "^emit: sizes:" err &&
	syscensus inspect --policy early.bpf --policy-format bpf --format list \
		>allowed &&
	syscensus emit --db "$DB" --format bpf --exe "/svcd\$" --reach none \
		--phase startup --phase steady -o noreach.bpf
'

test_survives 'svcd survives reload and error under the filter of its startup and steady' run \
	"$SEXEC --bpf $TRASH/early.bpf --" allowed

test_expect_success 'without the reach the same trace kills svcd on a path it skipped' '
	e2e_drive_killed "$SEXEC --bpf $TRASH/noreach.bpf --" &&
	test "$(cat status)" = 159
'

test_done
