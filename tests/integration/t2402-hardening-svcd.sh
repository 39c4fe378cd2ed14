#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# emit --format systemd-hardening on the fixture daemon svcd, recorded
# through every phase with a filesystem NOTIFY_SOCKET: each directive has
# its evidence; systemd-analyze verify accepts the unit with the drop-in;
# systemd-analyze security --offline=true scores a plain unit UNSAFE and
# the same unit with the drop-in "OK" (below 4.0; the figures are printed
# and kept in bench/layers.md); lint --unit is silent on it.  A written
# directory that no longer exists gets systemd's "-" prefix and a
# tmpfiles.d line.
. "$top_srcdir/tests/integration/layers-lib.sh"

require_tracing
have systemd-analyze || skip_all "systemd-analyze is not installed"
D="$top_builddir/fixtures/daemons"
[ -x "$D/svcd" ] || skip_all "svcd is not built"
# Writes under /tmp and /var/tmp get no ReadWritePaths= (PrivateTmp= gives
# the daemon its own): when the build is there, work under /run instead.
moved=
case $PWD in
/tmp/* | /var/tmp/*)
	moved=$(mktemp -d /run/syscensus-t2402.XXXXXX) ||
		skip_all "the build is under /tmp and /run is not writable"
	cd "$moved" || exit 1 ;;
esac
W=$PWD
mkdir -p srv run units
start_server "$W/srv" || skip_all "the test server did not start"
trap 'stop_server; [ -z "$moved" ] || rm -rf "$moved"' EXIT

test_expect_success 'record svcd through its phases with a NOTIFY_SOCKET' '
	NOTIFY_SOCKET="$W/srv/notify.sock" sh "$top_srcdir/fixtures/daemons/drive.sh" \
		--dir run --iterations 5 \
		--wrap "$SYSCENSUS record -q -o $W/r.db --phase startup --" \
		--mark "$SYSCENSUS mark -o $W/r.db" >out 2>err &&
	tail -n 1 out | grep -q "drive: ok" &&
	grep -q READY=1 srv/notify.log
'

test_expect_success 'the drop-in: every directive with its evidence' '
	syscensus emit --db r.db --exe "/svcd\$" --format systemd-hardening \
		-o hardening.conf &&
	test "$(stat -c %a hardening.conf)" = 600 &&
	for d in ProtectSystem=strict "ReadWritePaths=$W/run" PrivateTmp=yes \
		ProtectHome=yes RestrictAddressFamilies=AF_UNIX \
		SystemCallArchitectures=native NoNewPrivileges=yes \
		LockPersonality=yes ProtectKernelTunables=yes \
		ProtectKernelModules=yes ProtectKernelLogs=yes \
		ProtectControlGroups=yes ProtectClock=yes ProtectHostname=yes \
		PrivateDevices=yes RestrictNamespaces=yes RestrictRealtime=yes \
		RestrictSUIDSGID=yes UMask=0077 MemoryDenyWriteExecute=yes \
		Type=notify "CapabilityBoundingSet=CAP_CHOWN"
	do
		grep -qx "$d" hardening.conf || { echo "missing $d"; exit 1; }
		grep -B1 -x "$d" hardening.conf | head -n 1 | grep -q "^# ." ||
			{ echo "no evidence for $d"; exit 1; }
	done &&
	grep -B1 -x Type=notify hardening.conf | grep -q "READY=1 sent" &&
	grep -B1 -x "CapabilityBoundingSet=CAP_CHOWN" hardening.conf |
		grep -q "CAP_CHOWN for fchown" &&
	grep -q "^SystemCallFilter=.*fdatasync" hardening.conf &&
	test "$(grep -c ^SystemCallArchitectures= hardening.conf)" = 1
'

cat >units/svcd-test.service <<EOF2
[Unit]
Description=syscensus fixture daemon (t2402)

[Service]
ExecStart=$D/svcd --config $W/run/svcd.conf --db $W/run/svcd.db --socket $W/run/svcd.sock
EOF2

score() { # UNIT: the overall exposure figure and its verdict
	systemd-analyze security --offline=true "$1" 2>/dev/null |
		sed -n "s/.*Overall exposure level for [^:]*: \([0-9.]*\) \([A-Z]*\).*/\1 \2/p"
}

test_expect_success 'systemd-analyze verify: the unit with the drop-in' '
	mkdir -p units/svcd-test.service.d &&
	cp hardening.conf units/svcd-test.service.d/ &&
	systemd-analyze verify units/svcd-test.service >verify.out 2>&1 &&
	! grep -i "hardening.conf" verify.out
'

test_expect_success 'systemd-analyze security: UNSAFE plain, OK with it' '
	mv units/svcd-test.service.d units/off &&
	plain=$(score units/svcd-test.service) &&
	mv units/off units/svcd-test.service.d &&
	with=$(score units/svcd-test.service) &&
	echo "exposure of the plain unit: $plain; with the drop-in: $with" \
		>scores &&
	echo "$plain" | grep -q UNSAFE &&
	echo "$with" | grep -q " OK$" &&
	awk -v s="${with% *}" "BEGIN { exit !(s < 4.0) }"
'

[ -f scores ] && say "$(cat scores)"

test_expect_success 'lint --unit is silent on the emitted drop-in' '
	syscensus lint --unit units/svcd-test.service --db r.db \
		--exe "/svcd\$" >lint.out &&
	grep -qx "no findings" lint.out &&
	syscensus lint --unit units/svcd-test.service >lint.out &&
	grep -qx "no findings" lint.out
'

test_expect_success 'a written directory that is gone: "-" and tmpfiles.d' '
	mkdir -p state &&
	syscensus record -q -o s.db -- sh -c "echo x >$W/state/f" &&
	rm -rf state &&
	syscensus emit --db s.db --format systemd-hardening -o s.conf &&
	grep -qx "ReadWritePaths=-$W/state" s.conf &&
	grep -qx "#   d $W/state 0700 - - -" s.conf &&
	syscensus lint --unit units/svcd-test.service >lint.out
'

test_done
