#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Proof by enforcement, libseccomp C: record the fixture daemon svcd through
# all its phases, emit its filter with `emit --format c --action kill
# --exe`, compile that file with cc and libseccomp together with
# tests/tracees/c-filter-main.c (install_seccomp_filter(), then exec), and
# drive svcd again under it: every phase passes and svcd exits 0.  The same
# C file made from a list missing one syscall kills svcd with SIGSYS in the
# phase that needs it.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/e2e-lib.sh"

MAIN="$top_srcdir/tests/tracees/c-filter-main.c"
have cc || skip_all "no C compiler"
pkg-config --exists libseccomp 2>/dev/null ||
	skip_all "pkg-config does not know libseccomp"
e2e_require
SECCOMP_FLAGS=$(pkg-config --cflags --libs libseccomp)
e2e_setup

# build OUT C-FILE: the loader with an emitted filter, warnings are errors.
build() {
	# shellcheck disable=SC2086
	cc -std=c11 -Wall -Wextra -Werror -o "$1" "$MAIN" "$2" $SECCOMP_FLAGS
}

test_expect_success 'record svcd through every phase' '
	e2e_record &&
	test "$(sql "$DB" "SELECT count(DISTINCT phase) FROM observed
		WHERE exe LIKE '\''%/svcd'\''")" = 5
'

test_expect_success 'emit a C kill filter for svcd; it compiles cleanly' '
	syscensus emit --db "$DB" --format c --action kill --exe "/svcd\$" \
		-o svcd-filter.c &&
	grep -q "install_seccomp_filter(void)" svcd-filter.c &&
	grep -q "seccomp_syscall_priority" svcd-filter.c &&
	build c-filter svcd-filter.c
'

syscensus inspect --policy svcd-filter.c --policy-format c --format list \
	>allowed 2>/dev/null
test_survives 'svcd survives every phase under its own C filter' run \
	"$TRASH/c-filter" allowed '
	for p in steady reload error shutdown; do
		grep -q "^$p Seccomp:[[:space:]]*2$" seen ||
		{ echo "svcd not filtered in $p:"; cat seen; return 1; }
	done
'

test_expect_success 'the C filter and the bpf filter allow the same set' '
	syscensus emit --db "$DB" --format bpf --action kill --exe "/svcd\$" \
		-o svcd.bpf &&
	test -s allowed &&
	cp allowed from-c &&
	syscensus inspect --policy svcd.bpf --policy-format bpf \
		--format list >from-bpf &&
	test_cmp from-bpf from-c
'

# Without kill(2) svcd dies in reload (SQLite's busy sleep added: see
# test_survives).
test_expect_success 'one syscall less: svcd dies of SIGSYS in that phase' '
	e2e_nokill_list &&
	syscensus inspect --policy nokill.list --policy-format list \
		--format c -o nokill.c &&
	build c-nokill nokill.c &&
	e2e_drive_killed "$TRASH/c-nokill" &&
	grep -q "^phase reload$" drive.out &&
	! grep -q "^phase error$" drive.out &&
	test "$(cat status)" = 159 &&
	why=$(why_killed "$(cat neg/svcd.pid)") &&
	{ test -z "$why" || test "$why" = kill; }
'

test_done
