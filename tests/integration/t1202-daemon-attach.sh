#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The fixture daemon svcd under `attach`: drive.sh starts it untraced; the
# steady hook attaches (every thread), later hooks mark the phases; the
# trace ends by itself when svcd exits, and svcd behaves exactly as
# untraced (drive.sh checks every reply and the clean shutdown).
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
D="$top_builddir/fixtures/daemons"
DRIVE="$top_srcdir/fixtures/daemons/drive.sh"
[ -x "$D/svcd" ] && [ -x "$D/svc-client" ] || skip_all "svcd is not built"
DB=$PWD/a.db

CTL=$(syscensus mark --path -o "$DB")
# The hook: attach at "steady" (in the background, waiting until every
# thread is seized), mark the other phases.
cat >hook.sh <<EOT
#!/bin/sh
if [ "\$1" = steady ]; then
	"$SYSCENSUS" attach -q -o "$DB" -p "\$SVCD_PID" --phase steady \
		--duration 120 >"$PWD/attach.out" 2>"$PWD/attach.err" &
	echo \$! >"$PWD/attach.pid"
	n=0
	while ! [ -S "$CTL" ]; do
		n=\$((n + 1)); [ \$n -lt 200 ] || exit 1; sleep 0.05
	done
	exit 0
fi
exec "$SYSCENSUS" mark -o "$DB" "\$1"
EOT
chmod +x hook.sh

test_expect_success 'drive.sh: svcd attached at steady, marked, detached' '
	mkdir run &&
	sh "$DRIVE" --dir run --iterations 20 --mark "$PWD/hook.sh" \
		>out 2>err &&
	tail -n 1 out | grep -q "drive: ok"
'

test_expect_success 'the attach ended by itself when svcd exited' '
	n=0 && pid=$(cat attach.pid) &&
	# until the attach process is gone (a zombie counts as gone): being
	# in neither R, S nor D is not enough, since an attach test running
	# beside this one may hold it in a tracing stop for a moment
	while kill -0 "$pid" 2>/dev/null &&
	      ! grep -q "^State:[[:space:]]*Z" /proc/$pid/status 2>/dev/null; do
		n=$((n + 1)); [ $n -lt 600 ] || break; sleep 0.1
	done
	grep "^State:" /proc/$pid/status 2>/dev/null
	sql "$DB" "SELECT kind, status FROM runs"
	{ ! kill -0 "$pid" 2>/dev/null ||
	  grep -q "^State:[[:space:]]*Z" /proc/$pid/status; } &&
	! test -s attach.err &&
	test "$(sql "$DB" "SELECT kind, status FROM runs")" = "attach|0"
'

test_expect_success 'four phases, each with its own calls' '
	sql "$DB" "SELECT p.name FROM syscalls s JOIN phases p
		ON p.id = s.phase_id GROUP BY p.name
		ORDER BY min(s.first_ns)" >actual &&
	printf "%s\n" steady reload error shutdown >expect &&
	test_cmp expect actual
'

test_expect_success 'steady: the workers served and synced (every thread)' '
	test "$(sql "$DB" "SELECT count(*) FROM observed WHERE phase =
		'\''steady'\'' AND syscall = '\''fdatasync'\''")" = 1 &&
	test "$(sql "$DB" "SELECT calls FROM observed WHERE phase =
		'\''steady'\'' AND syscall = '\''accept4'\''")" -ge 60
'

test_expect_success 'error and shutdown paths are told apart' '
	test "$(sql "$DB" "SELECT errors FROM observed WHERE phase =
		'\''error'\'' AND syscall = '\''openat'\''")" -ge 1 &&
	test "$(sql "$DB" "SELECT count(*) FROM observed WHERE phase =
		'\''shutdown'\'' AND syscall = '\''exit_group'\''")" = 1 &&
	test "$(sql "$DB" "SELECT count(*) FROM observed WHERE phase =
		'\''steady'\'' AND syscall = '\''exit_group'\''")" = 0
'

test_done
