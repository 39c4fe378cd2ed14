# SPDX-License-Identifier: LGPL-2.1-or-later
# reports-lib.sh - shared by the t40xx report tests (sourced after lib.sh):
# a stacked recording of the fixture daemon, the CHROMIUM and SARIF tool
# probes, and /usr/bin/python3 (Debian's, where python3-junitparser is).

D="$top_builddir/fixtures/daemons"
DRIVE="$top_srcdir/fixtures/daemons/drive.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

# record_svcd DB [VAR=VALUE...]: drive svcd through its five phases under
# `record --stacks`, with VAR=VALUE in its environment.  Fails when the
# drive did not end well.
record_svcd() {
	db=$1
	shift
	rm -rf "run-$db" && mkdir "run-$db" &&
	env "$@" sh "$DRIVE" --dir "run-$db" --iterations 10 \
		--wrap "$SYSCENSUS record -q --stacks -o $PWD/$db --phase startup --" \
		--mark "$SYSCENSUS mark -o $PWD/$db" >"run-$db.out" 2>&1 &&
	tail -n 1 "run-$db.out" | grep -q "drive: ok"
}

# require_svcd_stacks: skip the whole test unless svcd is built, this
# kernel lets us trace, and stacks can be recorded (libdw).
require_svcd_stacks() {
	require_tracing
	[ -x "$D/svcd" ] && [ -x "$D/svc-client" ] ||
		skip_all "svcd is not built"
	syscensus record -q --stacks -o stacks-probe.db -- "$T/calls" \
		getppid 1 2>stacks-probe.err
	grep -q "unavailable\|without libdw" stacks-probe.err &&
		skip_all "stacks are unavailable here: $(head -n 1 stacks-probe.err)"
	test "$(sql stacks-probe.db "SELECT count(*) FROM stacks")" -gt 0 ||
		skip_all "record --stacks stored no stack here"
}

# CHROMIUM: headless Chromium can render a file here.  (A probe of our
# own until lib.sh grows lazy prerequisites; the name is the one
# STYLE.md gives.)
CHROMIUM_BIN=${CHROMIUM_BIN:-/usr/bin/chromium}
chromium() {
	ud=$(mktemp -d "$TRASH/chromium.XXXXXX") &&
	timeout 120 "$CHROMIUM_BIN" --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$ud" "$@" 2>>"$TRASH/chromium.err"
}
CHROMIUM() {
	[ -x "$CHROMIUM_BIN" ] || { echo "no $CHROMIUM_BIN"; return 1; }
	printf '<p id=x>ok</p>\n' >probe.html
	chromium --dump-dom "file://$PWD/probe.html" >probe.dom &&
		grep -q '<p id="x">ok</p>' probe.dom ||
		{ echo "chromium could not render a file"; return 1; }
}

# SARIF: Microsoft's validator (npm @microsoft/sarif-multitool).
SARIF() { have sarif-multitool; }

# sarif_validate FILE: no error in sarif-multitool's output (it exits 0
# even when it finds some, so its output is read).
sarif_validate() {
	sarif-multitool validate "$1" >"$1.validate" 2>&1
	cat "$1.validate"
	grep -q "Analysis completed successfully" "$1.validate" &&
	! grep -qi ": error \|error SARIF\|JSON0\|Unhandled" "$1.validate"
}
