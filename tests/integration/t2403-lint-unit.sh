#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# lint --unit: each of the field guide's failure modes on a unit written
# to show it, alone or against a trace (--db), with exit 1, the file and
# line of the directive, and advice; the right unit for the same trace is
# silent (exit 0).  --format json is read back with Python's json module.
. "$top_srcdir/tests/integration/layers-lib.sh"

require_tracing
W=$PWD
mkdir -p srv data
echo "greeting=hi" >app.conf
start_server "$W/srv" || skip_all "the test server did not start"
trap 'stop_server; rm -rf "$RUNDIR"' EXIT
RUNDIR=/run/syscensus-t2403.$$

unit() { # NAME: a unit from stdin ([Service] is added)
	{ echo "[Service]"; echo "ExecStart=/bin/true"; cat; } >"$1"
}

test_expect_success 'setup: traces with and without sd_notify' '
	NOTIFY_SOCKET="$W/srv/notify.sock" syscensus record -q -o ready.db -- \
		"$T/layers-app" run "$W/app.conf" "$W/data" "$W/srv/api.sock" &&
	syscensus record -q -o plain.db -- "$T/calls" getppid 1 &&
	test "$(sql ready.db "SELECT count(*) FROM facts
		WHERE kind = \"notify\" AND value = \"READY=1\"")" = 1
'

test_expect_success 'emit: Type=notify and WatchdogSec= from the pings' '
	syscensus emit --db ready.db --format systemd-hardening -o r.conf &&
	grep -qx Type=notify r.conf &&
	grep -B1 -x "WatchdogSec=1s" r.conf |
		grep -q "WATCHDOG=1 sent 3 time(s), at most [0-9]* ms apart" &&
	syscensus emit --db plain.db --format systemd-hardening -o p.conf &&
	! grep -q "^Type=\|^WatchdogSec=" p.conf
'

test_expect_success 'namespace: a ReadWritePaths= that does not exist' '
	unit ns.service <<-\EOF &&
	ReadWritePaths=/nonexistent/t2403 -/nonexistent/skipped
	ReadWritePaths=/run/user/1000/myapp
	EOF
	test_expect_code 1 syscensus lint --unit ns.service >out &&
	grep -q "^ns.service:3: warning: \[namespace\] ReadWritePaths=/nonexistent/t2403 does not exist: the service fails with 226/NAMESPACE" out &&
	grep -q "advice: .*add \`d /nonexistent/t2403 0700 - - -\` to tmpfiles.d" out &&
	grep -q "advice: .*\`d %t/myapp 0700 - - -\`" out &&
	! grep -q skipped out
'

test_expect_success 'type-simple: READY=1 sent to a Type=simple unit' '
	unit simple.service </dev/null &&
	test_expect_code 1 syscensus lint --unit simple.service --db ready.db \
		>out &&
	grep -q "\[type-simple\] Type=simple, but the trace shows READY=1" out &&
	echo "Type=notify" | unit notify.service &&
	echo "WatchdogSec=10s" >>notify.service &&
	syscensus lint --unit notify.service --db ready.db >out &&
	grep -qx "no findings" out
'

test_expect_success 'type-notify: Type=notify and no READY=1' '
	test_expect_code 1 syscensus lint --unit notify.service --db plain.db \
		>out &&
	grep -q "^notify.service:3: warning: \[type-notify\]" out
'

test_expect_success 'watchdog: an interval the trace does not honour' '
	printf "Type=notify\nWatchdogSec=20ms\n" | unit wd.service &&
	test_expect_code 1 syscensus lint --unit wd.service --db ready.db \
		>out &&
	grep -q "^wd.service:4: warning: \[watchdog\] WatchdogSec=20ms (20 ms), but the trace shows [0-9]* ms between two WATCHDOG=1" out &&
	test_expect_code 1 syscensus lint --unit notify.service --db plain.db \
		>out &&
	grep -q "\[watchdog\] WatchdogSec=10s, but the trace shows no WATCHDOG=1" out
'

test_expect_success 'kill-thread: a threaded program with a kill-thread filter' '
	syscensus record -q -o thr.db -- "$T/calls" -t 3 getppid 2 &&
	sql thr.db "INSERT INTO filters (run_id, pid, tid, exe, time_ns, how,
		flags, threads, program) VALUES (1, 7, 7, \"/usr/sbin/app\", 0,
		\"seccomp\", 1, 1, readfile(\"$FIXTURES/kb/policies/no-arch.bpf\"))" &&
	unit thr.service </dev/null &&
	test_expect_code 1 syscensus lint --unit thr.service --db thr.db >out &&
	grep -q "\[kill-thread\] the program runs [0-9]* thread(s) and" out &&
	syscensus record -q -o one.db -- "$T/calls" getppid 2 &&
	sql one.db "INSERT INTO filters (run_id, pid, tid, exe, time_ns, how,
		flags, threads, program) VALUES (1, 7, 7, \"/usr/sbin/app\", 0,
		\"seccomp\", 1, 1, readfile(\"$FIXTURES/kb/policies/no-arch.bpf\"))" &&
	syscensus lint --unit thr.service --db one.db >out &&
	grep -qx "no findings" out
'

test_expect_success 'private-network: PrivateNetwork=yes and AF_INET' '
	cat >inet.log <<-\EOF &&
	100 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 3
	100 exit_group(0) = ?
	100 +++ exited with 0 +++
	EOF
	syscensus import -q -o inet.db inet.log &&
	echo PrivateNetwork=yes | unit pn.service &&
	test_expect_code 1 syscensus lint --unit pn.service --db inet.db >out &&
	grep -q "^pn.service:3: warning: \[private-network\] PrivateNetwork=yes, but the trace uses AF_INET sockets" out &&
	test_expect_code 1 syscensus lint --unit pn.service --db ready.db >out &&
	! grep -q private-network out
'

test_expect_success 'runtime-shared: two units, one RuntimeDirectory=' '
	mkdir two &&
	echo RuntimeDirectory=shared | unit two/a.service &&
	echo "RuntimeDirectory=own shared" | unit two/b.service &&
	test_expect_code 1 syscensus lint --unit two/a.service >out &&
	grep -q "\[runtime-shared\] RuntimeDirectory=shared is also b.service" out &&
	! grep -q "RuntimeDirectory=own" out
'

test_expect_success 'runtime-shared: a directory only used, never made' '
	mkdir -p "$RUNDIR" && echo x >"$RUNDIR/f" &&
	syscensus record -q -o run.db -- cat "$RUNDIR/f" &&
	echo "RuntimeDirectory=${RUNDIR#/run/}" | unit rt.service &&
	test_expect_code 1 syscensus lint --unit rt.service --db run.db >out &&
	grep -q "\[runtime-shared\] RuntimeDirectory=${RUNDIR#/run/}: the trace only uses what another service made" out
'

test_expect_success 'read-only: ProtectSystem=strict and a write outside' '
	syscensus record -q -o w.db -- sh -c "echo x >$W/data/out" &&
	echo ProtectSystem=strict | unit ro.service &&
	test_expect_code 1 syscensus lint --unit ro.service --db w.db >out &&
	grep -q "\[read-only\] ProtectSystem=strict, but the trace writes $W/data/out" out &&
	grep -q "advice: add ReadWritePaths=$W/data" out &&
	mkdir -p ro.service.d &&
	echo "[Service]" >ro.service.d/rw.conf &&
	echo "ReadWritePaths=$W/data" >>ro.service.d/rw.conf &&
	syscensus lint --unit ro.service --db w.db >out &&
	grep -qx "no findings" out
'

test_expect_success 'drop-ins: an empty assignment resets a list' '
	mkdir -p ns.service.d &&
	printf "[Service]\nReadWritePaths=\nReadWritePaths=$W/data\n" \
		>ns.service.d/fix.conf &&
	syscensus lint --unit ns.service >out &&
	grep -qx "no findings" out
'

test_expect_success 'lint --unit --format json' '
	test_expect_code 1 syscensus lint --unit wd.service --db ready.db \
		--format json >out.json &&
	/usr/bin/python3 -c "
import json, sys
d = json.load(open(\"out.json\"))
assert d[\"unit\"] == \"wd.service\"
f = [x for x in d[\"findings\"] if x[\"check\"] == \"watchdog\"][0]
assert f[\"severity\"] == \"warning\" and f[\"line\"] == 4 and f[\"advice\"]
"
'

test_expect_success 'lint --unit: a missing unit is a usage error' '
	test_expect_code 2 syscensus lint --unit nope.service
'

test_done
