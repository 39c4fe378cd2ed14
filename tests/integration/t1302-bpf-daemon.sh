#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The fixture daemon svcd under the bpf engine.  record: the five phases
# hold the syscalls the ptrace engine sees in them, and the served
# requests are counted exactly.  attach: svcd is never stopped or traced
# (TracerPid stays 0 all along), the "attached" line comes once it is
# counted, mark switches phases, the requests are counted exactly and
# the trace ends by itself when svcd exits.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/bpf-lib.sh"

require_bpf
D="$top_builddir/fixtures/daemons"
DRIVE="$top_srcdir/fixtures/daemons/drive.sh"
[ -x "$D/svcd" ] && [ -x "$D/svc-client" ] || skip_all "svcd is not built"
export SVCD="$D/svcd" SVC_CLIENT="$D/svc-client"

# The calls whose number and phase depend on timing whatever the engine
# (SQLite's WAL checkpoints, lock contention, sleeps): two ptrace runs
# differ in them too.  openat among them: SQLite opens the directory to
# fsync it at the first sync of a file it created, in whichever phase the
# first checkpoint falls (under load, ptrace once saw it in shutdown).
TIMED="'futex', 'clock_nanosleep', 'newfstatat', 'ftruncate', 'fdatasync',
	'pread64', 'pwrite64', 'fcntl', 'openat'"

drive_record() {
	mkdir "run-$1" &&
	sh "$DRIVE" --dir "run-$1" --iterations 20 \
		--wrap "$SYSCENSUS record -q --engine $1 -o $PWD/$1.db --phase startup --" \
		--mark "$SYSCENSUS mark -o $PWD/$1.db" >"$1.out" 2>&1 &&
	tail -n 1 "$1.out" | grep -q "drive: ok"
}

test_expect_success 'record: drive.sh takes svcd through its phases, both engines' '
	drive_record bpf && drive_record ptrace
'

test_expect_success 'record: each phase has the syscalls ptrace sees in it' '
	for e in bpf ptrace; do
		sql $e.db "SELECT phase, replace(exe, '\''run-$e'\'', '\''run'\''),
			arch, syscall FROM observed WHERE syscall NOT IN ($TIMED)
			ORDER BY 1, 2, 3, 4" >$e.set || return 1
	done &&
	test_cmp ptrace.set bpf.set &&
	test "$(sql bpf.db "SELECT count(DISTINCT phase) FROM observed")" = 5
'

test_expect_success 'record: 60 requests served in steady, exactly' '
	for e in bpf ptrace; do
		test "$(sql $e.db "SELECT calls - errors FROM observed WHERE
			phase = '\''steady'\'' AND exe LIKE '\''%/svcd'\''
			AND syscall = '\''accept4'\''")" = 60 || return 1
	done
'

# The hook: attach at "steady" in the background and return once it says
# every thread is counted; mark the other phases.
cat >hook.sh <<EOT
#!/bin/sh
if [ "\$1" = steady ]; then
	( while [ -d /proc/\$SVCD_PID ]; do
		sed -n "s/^TracerPid:[[:space:]]*//p" /proc/\$SVCD_PID/status
		sleep 0.02
	done ) >"$PWD/tracerpid" 2>/dev/null &
	"$SYSCENSUS" attach --engine bpf -o "$PWD/a.db" -p "\$SVCD_PID" \
		--phase steady --duration 120 >"$PWD/attach.out" \
		2>"$PWD/attach.err" &
	echo \$! >"$PWD/attach.pid"
	n=0
	while ! grep -q "attached 1 process" "$PWD/attach.err"; do
		n=\$((n + 1)); [ \$n -lt 200 ] || exit 1; sleep 0.05
	done
	exit 0
fi
exec "$SYSCENSUS" mark -o "$PWD/a.db" "\$1"
EOT
chmod +x hook.sh

test_expect_success 'attach: svcd attached at steady, marked, detached' '
	mkdir run &&
	sh "$DRIVE" --dir run --iterations 20 --mark "$PWD/hook.sh" \
		>out 2>err &&
	tail -n 1 out | grep -q "drive: ok" &&
	grep -q "^syscensus: attached 1 process ([0-9]* threads)$" attach.err
'

test_expect_success 'attach: svcd never had a tracer' '
	test -s tracerpid &&
	test "$(sort -u tracerpid)" = 0
'

test_expect_success 'attach: the trace ended by itself when svcd exited' '
	n=0 && pid=$(cat attach.pid) &&
	# until the attach process is gone (a zombie counts as gone): being
	# in neither R, S nor D is not enough, since an attach test running
	# beside this one may hold it in a tracing stop for a moment
	while kill -0 "$pid" 2>/dev/null &&
	      ! grep -q "^State:[[:space:]]*Z" /proc/$pid/status 2>/dev/null; do
		n=$((n + 1)); [ $n -lt 600 ] || break; sleep 0.1
	done
	grep "^State:" /proc/$pid/status 2>/dev/null
	sql a.db "SELECT kind, status FROM runs"
	{ ! kill -0 "$pid" 2>/dev/null ||
	  grep -q "^State:[[:space:]]*Z" /proc/$pid/status; } &&
	test "$(sql a.db "SELECT kind, status, engine FROM runs")" = "attach|0|bpf"
'

test_expect_success 'attach: four phases; 60 requests served in steady, exactly' '
	sql a.db "SELECT p.name FROM syscalls s JOIN phases p
		ON p.id = s.phase_id GROUP BY p.name
		ORDER BY min(s.first_ns)" >actual &&
	printf "%s\n" steady reload error shutdown >expect &&
	test_cmp expect actual &&
	test "$(sql a.db "SELECT calls - errors FROM observed WHERE
		phase = '\''steady'\'' AND syscall = '\''accept4'\''")" = 60 &&
	test "$(sql a.db "SELECT count(*) FROM observed WHERE phase =
		'\''shutdown'\'' AND syscall = '\''exit_group'\''")" = 1 &&
	! sql a.db "SELECT exe FROM observed" | grep -q "/syscensus$"
'

test_done
