#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Static reach on the fixture daemon: svcd's trace of startup and steady
# only (emit --phase startup --phase steady over a recording of every
# phase) lacks what its reload and error paths call.  With the static
# reach of svcd (`syscensus scan`), the default emitted BPF filter, loaded
# by seccomp-exec, carries
# svcd through every phase, error and reload included.  The same filter
# without the reach (--reach none) kills it on a path the trace skipped.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/e2e-lib.sh"
. "$top_srcdir/tests/integration/reach-lib.sh"

e2e_require
have_scan || skip_all "syscensus scan is not built"
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

test_expect_success 'the static reach of svcd' '
	syscensus scan -o "$DB" "$SVCD" >scan.out && cat scan.out &&
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
