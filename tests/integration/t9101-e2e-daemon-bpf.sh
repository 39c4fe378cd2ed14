#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Proof by enforcement, raw BPF: record the fixture daemon svcd through all
# its phases (drive.sh, with `syscensus mark` at each boundary), emit a kill
# filter for it with `emit --format bpf --exe`, then drive it again under
# that filter, loaded for real by seccomp-exec: every phase passes and svcd
# exits 0.  A filter missing one syscall of one phase kills it with SIGSYS
# in that phase, so the filter is really there.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/e2e-lib.sh"

e2e_require
e2e_setup live

test_expect_success 'record svcd through every phase' '
	e2e_record &&
	for p in startup steady reload error shutdown; do
		test "$(sql "$DB" "SELECT count(*) FROM observed
			WHERE phase = '\''$p'\'' AND exe LIKE '\''%/svcd'\''")" -gt 0 ||
		{ echo "no syscall in phase $p"; return 1; }
	done
'

test_expect_success 'emit a bpf kill filter for svcd' '
	syscensus emit --db "$DB" --format bpf --action kill --exe "/svcd\$" \
		-o svcd.bpf &&
	test -s svcd.bpf &&
	test $(( $(stat -c %s svcd.bpf) % 8 )) = 0 &&
	syscensus inspect --policy svcd.bpf --policy-format bpf >decoded &&
	grep -q "^default: kill-process" decoded
'

test_expect_success 'the emitted filter allows execve (it applies from the exec on)' '
	syscensus inspect --policy svcd.bpf --policy-format bpf --format list \
		>allowed &&
	grep -qx execve allowed
'

test_survives 'svcd survives every phase under its own bpf filter' run \
	"$SEXEC --bpf $TRASH/svcd.bpf --" allowed '
	for p in steady reload error shutdown; do
		grep -q "^$p Seccomp:[[:space:]]*2$" seen ||
		{ echo "svcd not filtered in $p:"; cat seen; return 1; }
	done
'

test_expect_success 'a live decode of svcd (inspect -p) is the emitted filter' '
	cat live.err &&
	test -s live &&
	test_cmp allowed live
'

# Without kill(2), which svcd calls only when asked to reload, the
# daemon passes startup and steady and dies of SIGSYS in reload (the
# list gets SQLite's busy sleep, which the recording may lack: see
# test_survives).
test_expect_success 'one syscall less: svcd dies of SIGSYS in that phase' '
	e2e_nokill_list &&
	syscensus inspect --policy nokill.list --policy-format list \
		--format bpf -o nokill.bpf &&
	e2e_drive_killed "$SEXEC --bpf $TRASH/nokill.bpf --" &&
	grep -q "^phase reload$" drive.out &&
	! grep -q "^phase error$" drive.out &&
	grep -q "drive.sh: reload:" drive.err &&
	test "$(cat status)" = 159 &&
	why=$(why_killed "$(cat neg/svcd.pid)") &&
	{ test -z "$why" || test "$why" = kill; }
'

test_done
