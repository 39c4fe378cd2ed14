#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Proof by enforcement, raw BPF: record the fixture daemon svcd through all
# its phases (drive.sh, with `syscensus mark` at each boundary), emit a kill
# filter for it with `emit --format bpf --exe`, then drive it again under
# that filter, loaded for real by seccomp-exec: every phase passes and svcd
# exits 0.  A filter missing one syscall of one phase kills it with SIGSYS
# in that phase, so the filter is really there.
. "$top_srcdir/tests/integration/lib.sh"

DRIVE="$top_srcdir/fixtures/daemons/drive.sh"
SEXEC="$top_builddir/tests/tracees/seccomp-exec"
SVCD="$top_builddir/fixtures/daemons/svcd"
test -x "$SVCD" || skip_all "the fixture daemon is not built"
test -x "$SEXEC" || skip_all "seccomp-exec is not built"
"$SEXEC" --probe 2>probe.err ||
	skip_all "$(cat probe.err)"
syscensus record -q -o probe.db -- /bin/true 2>probe.err
if [ $? -eq 3 ]; then
	skip_all "ptrace is refused here: $(head -n 1 probe.err)"
fi

DB=$TRASH/svcd.db
mkdir rec run neg

# status-wrap: run the command, keep its exit status in $TRASH/status.
cat >status-wrap <<EOF
#!/bin/sh
"\$@"
st=\$?
echo \$st >"$TRASH/status"
exit \$st
EOF
chmod +x status-wrap

# The mark hook drive.sh calls at each phase boundary: note whether svcd
# runs under a filter, and what a live decode of that filter says.
cat >hook <<EOF
#!/bin/sh
grep '^Seccomp:' /proc/\$SVCD_PID/status | sed "s/^/\$1 /" >>"$TRASH/seen"
if [ "\$1" = steady ]; then
	"$SYSCENSUS" inspect -p "\$SVCD_PID" --format list \
		>"$TRASH/live" 2>"$TRASH/live.err" || :
fi
EOF
chmod +x hook

# why_killed PID: the syscall the kernel's seccomp audit record says
# killed PID (dmesg, or audit.log when auditd runs; the last record, pids
# are reused), named by the audit importer; nothing when there is none.
why_killed() {
	{ dmesg 2>/dev/null; cat /var/log/audit/audit.log 2>/dev/null; } |
		grep "type=1326\|type=SECCOMP" | grep " pid=$1 .*/svcd" |
		tail -n 1 >why.log
	[ -s why.log ] || return 0
	rm -f why.db
	syscensus import -q -o why.db --format audit why.log >/dev/null 2>&1 &&
	sql why.db "SELECT syscall FROM kills WHERE syscall IS NOT NULL LIMIT 1"
}

# test_survives DESC DIR WRAP ALLOWED [CHECK]: drive svcd in DIR under
# WRAP (status-wrap keeps its exit status in ./status); ok when every
# phase passes, svcd exits 0 and CHECK (a test body) succeeds.  svcd's
# SQLite sleeps in its busy handler (clock_nanosleep) only when two
# threads contend, in about one run of five.  The knowledge base's
# sqlite-busy rule adds it when a trace shows a -wal/-shm path, but
# `record` stores no path facts yet (an strace import does), so a
# recording that did not sleep yields a filter without it.  When svcd dies
# of SIGSYS on a syscall that is not in ALLOWED (never recorded, not
# added), the test is a known breakage (TAP TODO) naming it; any other
# failure fails.
test_survives() {
	test_count=$((test_count + 1))
	rm -f status seen live "$2/svcd.pid"
	sh "$DRIVE" --dir "$2" --wrap "$TRASH/status-wrap $3" \
		--mark "$TRASH/hook" >drive.out 2>drive.err
	st=$?
	if [ $st = 0 ] && grep -q "^drive: ok$" drive.out &&
	   [ "$(cat status)" = 0 ] &&
	   (eval "${5:-:}") >"$TRASH/.out" 2>&1; then
		printf 'ok %d - %s\n' "$test_count" "$1"
		return
	fi
	gap=
	if [ "$(cat status 2>/dev/null)" = 159 ] && [ -s "$2/svcd.pid" ]; then
		gap=$(why_killed "$(cat "$2/svcd.pid")")
		if [ -n "$gap" ] && grep -qx "$gap" "$4"; then
			gap=
		fi
	fi
	if [ -n "$gap" ]; then
		printf 'not ok %d - %s # TODO svcd called %s, never recorded and not added by the knowledge base\n' \
			"$test_count" "$1" "$gap"
	else
		test_failed=$((test_failed + 1))
		printf 'not ok %d - %s\n' "$test_count" "$1"
	fi
	cat drive.out drive.err "$TRASH/.out" 2>/dev/null |
		sed -e 's/^/#   /' | head -n 40
}

test_expect_success 'record svcd through every phase' '
	sh "$DRIVE" --dir rec \
		--wrap "$SYSCENSUS record -q -o $DB --phase startup --" \
		--mark "$SYSCENSUS mark -o $DB" >drive.out &&
	grep -q "^drive: ok$" drive.out &&
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
	syscensus emit --db "$DB" --format list --no-siblings --exe "/svcd\$" |
		grep -v "^#" >exact.list &&
	grep -qx kill exact.list &&
	{ grep -vx kill exact.list; echo clock_nanosleep; } >nokill.list &&
	syscensus inspect --policy nokill.list --policy-format list \
		--format bpf -o nokill.bpf &&
	rm -f status &&
	test_must_fail sh "$DRIVE" --dir neg \
		--wrap "$TRASH/status-wrap $SEXEC --bpf $TRASH/nokill.bpf --" \
		>drive.out 2>drive.err &&
	cat drive.out drive.err &&
	grep -q "^phase reload$" drive.out &&
	! grep -q "^phase error$" drive.out &&
	grep -q "drive.sh: reload:" drive.err &&
	test "$(cat status)" = 159 &&
	why=$(why_killed "$(cat neg/svcd.pid)") &&
	{ test -z "$why" || test "$why" = kill; }
'

test_done
