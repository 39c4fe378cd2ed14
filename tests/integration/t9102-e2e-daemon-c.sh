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

DRIVE="$top_srcdir/fixtures/daemons/drive.sh"
SEXEC="$top_builddir/tests/tracees/seccomp-exec"
SVCD="$top_builddir/fixtures/daemons/svcd"
MAIN="$top_srcdir/tests/tracees/c-filter-main.c"
test -x "$SVCD" || skip_all "the fixture daemon is not built"
test -x "$SEXEC" || skip_all "seccomp-exec is not built"
have cc || skip_all "no C compiler"
pkg-config --exists libseccomp 2>/dev/null ||
	skip_all "pkg-config does not know libseccomp"
"$SEXEC" --probe 2>probe.err ||
	skip_all "$(cat probe.err)"
syscensus record -q -o probe.db -- /bin/true 2>probe.err
if [ $? -eq 3 ]; then
	skip_all "ptrace is refused here: $(head -n 1 probe.err)"
fi

DB=$TRASH/svcd.db
SECCOMP_FLAGS=$(pkg-config --cflags --libs libseccomp)
mkdir rec run neg

cat >status-wrap <<EOF
#!/bin/sh
"\$@"
st=\$?
echo \$st >"$TRASH/status"
exit \$st
EOF
chmod +x status-wrap

cat >hook <<EOF
#!/bin/sh
grep '^Seccomp:' /proc/\$SVCD_PID/status | sed "s/^/\$1 /" >>"$TRASH/seen"
EOF
chmod +x hook

# build OUT C-FILE: the loader with an emitted filter, warnings are errors.
build() {
	# shellcheck disable=SC2086
	cc -std=c11 -Wall -Wextra -Werror -o "$1" "$MAIN" "$2" $SECCOMP_FLAGS
}

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
	syscensus emit --db "$DB" --format list --no-siblings --exe "/svcd\$" |
		grep -v "^#" >exact.list &&
	grep -qx kill exact.list &&
	{ grep -vx kill exact.list; echo clock_nanosleep; } >nokill.list &&
	syscensus inspect --policy nokill.list --policy-format list \
		--format c -o nokill.c &&
	build c-nokill nokill.c &&
	rm -f status &&
	test_must_fail sh "$DRIVE" --dir neg \
		--wrap "$TRASH/status-wrap $TRASH/c-nokill" \
		>drive.out 2>drive.err &&
	cat drive.out drive.err &&
	grep -q "^phase reload$" drive.out &&
	! grep -q "^phase error$" drive.out &&
	test "$(cat status)" = 159 &&
	why=$(why_killed "$(cat neg/svcd.pid)") &&
	{ test -z "$why" || test "$why" = kill; }
'

test_done
