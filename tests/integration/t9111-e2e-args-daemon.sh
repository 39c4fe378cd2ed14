#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Proof by enforcement, `emit --args` on the fixture daemon: record svcd
# through all its phases (the tracer stores each decisive argument as an
# arg fact), emit its kill filter with --args as bpf and as C, and drive
# svcd again under each: every phase passes and svcd exits 0 although
# socket, fcntl and prctl are allowed only for the values it was seen
# using.  The conditions are live: the same C filter with socket's
# AF_UNIX swapped for AF_INET kills svcd with SIGSYS in startup.  The
# sizes of the bpf programs with and without --args are printed.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/e2e-lib.sh"

MAIN="$top_srcdir/tests/tracees/c-filter-main.c"
e2e_require
e2e_setup

build() {
	# shellcheck disable=SC2086
	cc -std=c11 -Wall -Wextra -Werror -o "$1" "$MAIN" "$2" \
		$(pkg-config --cflags --libs libseccomp)
}

test_expect_success 'record svcd through every phase' '
	e2e_record &&
	test "$(sql "$DB" "SELECT count(*) FROM facts WHERE kind = '\''arg'\''
		AND syscall = '\''socket'\''")" -gt 0
'

test_expect_success 'emit --args: socket, fcntl and prctl get conditions' '
	syscensus emit --db "$DB" --format bpf --action kill --exe "/svcd\$" \
		--args -v -o svcd-args.bpf 2>args.err &&
	cat args.err &&
	grep -qx "emit: --args: socket: arg0 == AF_UNIX (1 call)" args.err &&
	grep -q "^emit: --args: fcntl: arg1 == .*F_SETLK" args.err &&
	grep -q "^emit: --args: prctl: arg0 == PR_SET_NAME" args.err &&
	syscensus emit --db "$DB" --format bpf --action kill --exe "/svcd\$" \
		-o svcd.bpf &&
	test "$(stat -c %s svcd-args.bpf)" -gt "$(stat -c %s svcd.bpf)" &&
	syscensus inspect --policy svcd-args.bpf --policy-format bpf \
		>decoded &&
	grep -q "^conditional socket: allow when arg0 == 0x1; else kill-process" decoded
'

[ -s svcd-args.bpf ] && [ -s svcd.bpf ] &&
	say "bpf instructions: $(( $(stat -c %s svcd-args.bpf) / 8 )) with" \
		"--args, $(( $(stat -c %s svcd.bpf) / 8 )) without"
syscensus inspect --policy svcd-args.bpf --policy-format bpf --format list \
	>allowed 2>/dev/null
syscensus emit --db "$DB" --format list --exe "/svcd\$" 2>/dev/null |
	grep -v "^#" >>allowed
test_survives 'svcd survives every phase under its own --args bpf filter' \
	run "$SEXEC --bpf $TRASH/svcd-args.bpf --" allowed '
	for p in steady reload error shutdown; do
		grep -q "^$p Seccomp:[[:space:]]*2$" seen ||
		{ echo "svcd not filtered in $p:"; cat seen; return 1; }
	done
'

if have cc && pkg-config --exists libseccomp 2>/dev/null; then
	test_expect_success 'emit --args as C; it compiles cleanly' '
		syscensus emit --db "$DB" --format c --action kill \
			--exe "/svcd\$" --args -o svcd-args.c 2>/dev/null &&
		grep -q "SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffffULL, 0x1ULL)); /\* AF_UNIX (low 32 bits) \*/" \
			svcd-args.c &&
		build c-args svcd-args.c
	'
	test_survives 'svcd survives every phase under its own --args C filter' \
		run "$TRASH/c-args" allowed
	test_expect_success 'socket allowed for AF_INET only: svcd dies in startup' '
		sed "s|SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffffULL, 0x1ULL)); /\* AF_UNIX (low 32 bits) \*/|SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffffULL, 0x2ULL));|" \
			svcd-args.c >inet.c &&
		! grep -q "AF_UNIX (low 32 bits) \*/" inet.c &&
		build c-inet inet.c &&
		e2e_drive_killed "$TRASH/c-inet" &&
		! grep -q "^phase steady$" drive.out &&
		test "$(cat status)" = 159 &&
		why=$(why_killed "$(cat neg/svcd.pid)") &&
		{ test -z "$why" || test "$why" = socket; }
	'
else
	test_skip 'the --args C filter' 'no cc or libseccomp.pc'
fi

test_done
