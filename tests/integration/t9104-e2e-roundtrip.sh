#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Round trips on a real trace: record the fixture daemon svcd through all
# its phases, emit it in every format, and read each back with `check`
# (given the format and auto-detected): all of it is covered, and each
# decodes (inspect) to exactly the emitted list.  With one observed
# syscall taken out (kill, which svcd makes only in its reload phase),
# check exits 1 naming it with its phase and executable, in every format
# the reduced list is converted to.  pfc is written, never read back.
. "$top_srcdir/tests/integration/lib.sh"

DRIVE="$top_srcdir/fixtures/daemons/drive.sh"
SVCD="$top_builddir/fixtures/daemons/svcd"
test -x "$SVCD" || skip_all "the fixture daemon is not built"
syscensus record -q -o probe.db -- /bin/true 2>probe.err
if [ $? -eq 3 ]; then
	skip_all "ptrace is refused here: $(head -n 1 probe.err)"
fi

DB=$TRASH/svcd.db
FORMATS="list systemd oci minijail c bpf"
mkdir rec

# fname FORMAT: the usual file name of a policy in FORMAT (auto-detection
# goes by it: a .policy file is minijail's).
fname() {
	case $1 in
	list) echo svcd.list ;;
	systemd) echo svcd.conf ;;
	oci) echo svcd.json ;;
	minijail) echo svcd.policy ;;
	*) echo "svcd.$1" ;;
	esac
}

test_expect_success 'record svcd through every phase' '
	sh "$DRIVE" --dir rec \
		--wrap "$SYSCENSUS record -q -o $DB --phase startup --" \
		--mark "$SYSCENSUS mark -o $DB" >drive.out &&
	grep -q "^drive: ok$" drive.out &&
	test "$(sql "$DB" "SELECT count(DISTINCT phase) FROM observed")" = 5
'

test_expect_success 'emit every format (files 0600)' '
	for f in $FORMATS pfc; do
		syscensus emit --db "$DB" --format $f -o "$(fname $f)" ||
			return 1
		test -s "$(fname $f)" &&
		test "$(stat -c %a "$(fname $f)")" = 600 || return 1
	done &&
	test -s svcd.frequency &&
	grep -q "^futex: [0-9]" svcd.frequency
'

test_expect_success 'check reads every format back as covering the trace' '
	for f in $FORMATS; do
		syscensus check --db "$DB" --policy "$(fname $f)" \
			--policy-format $f >"check-$f.out" 2>&1 ||
		{ echo "format $f:"; cat "check-$f.out"; return 1; }
		grep -q " 0 uncovered" "check-$f.out" || return 1
	done
'

test_expect_success 'check auto-detects every format and agrees' '
	for f in $FORMATS; do
		syscensus check --db "$DB" --policy "$(fname $f)" \
			>"auto-$f.out" 2>&1 ||
		{ echo "format $f:"; cat "auto-$f.out"; return 1; }
	done
'

# systemd adds its @default group to any allowlist: the drop-in decodes
# to the emitted list and @default.
test_expect_success 'each format decodes to exactly the emitted list' '
	grep -v "^#" svcd.list | grep . | sort >want &&
	test $(wc -l <want) -gt 40 &&
	syscensus inspect --policy svcd.conf --policy-format systemd \
		--format list | grep -v "^#" | grep . | sort >got-systemd &&
	test -z "$(comm -23 want got-systemd)" &&
	grep -qx getppid got-systemd &&
	for f in list oci minijail c bpf; do
		syscensus inspect --policy "$(fname $f)" --policy-format $f \
			--format list | grep -v "^#" | grep . | sort >"got-$f" &&
		test_cmp want "got-$f" || { echo "format $f"; return 1; }
	done
'

test_expect_success 'pfc holds every allowed syscall and the default' '
	while read -r s; do
		grep -q "syscall \"$s\"" svcd.pfc ||
		{ echo "pfc lacks $s"; return 1; }
	done <want &&
	grep -q "action KILL_PROCESS" svcd.pfc
'

test_expect_success 'pfc is read back: check covers every observed syscall' '
	syscensus check --db "$DB" --policy svcd.pfc >pfc.out 2>&1 &&
	cat pfc.out &&
	grep -q "^policy svcd.pfc (pfc)" pfc.out &&
	grep -q " 0 uncovered" pfc.out
'

test_expect_success 'one observed syscall less: check exits 1 naming it' '
	grep -qx kill want &&
	grep -vx kill svcd.list >less.list &&
	test_expect_code 1 syscensus check --db "$DB" --policy less.list \
		--policy-format list >less.out &&
	cat less.out &&
	grep -q "^uncovered: kill in phase .reload. of .*/svcd " less.out &&
	test $(grep -c "^uncovered:" less.out) = 1
'

test_expect_success 'check --format json says which, where and what it gets' '
	test_expect_code 1 syscensus check --db "$DB" --policy less.list \
		--format json -o less.json &&
	if ! have python3; then
		grep -q "\"syscall\": \"kill\"" less.json
		return
	fi
	python3 - less.json <<-\EOF
	import json, sys
	u = json.load(open(sys.argv[1]))["uncovered"]
	assert len(u) == 1, u
	assert u[0]["syscall"] == "kill", u
	assert u[0]["phase"] == "reload", u
	assert u[0]["exe"].endswith("/svcd"), u
	assert u[0]["action"] == "kill-process", u
	EOF
'

test_expect_success 'the reduced list in every format: exit 1 naming it' '
	for f in systemd oci minijail c bpf; do
		syscensus inspect --policy less.list --policy-format list \
			--format $f -o "less-$f.policy" &&
		test_expect_code 1 syscensus check --db "$DB" \
			--policy "less-$f.policy" --policy-format $f \
			>"less-$f.out" &&
		grep -q "^uncovered: kill in phase .reload." "less-$f.out" ||
		{ echo "format $f:"; cat "less-$f.out"; return 1; }
	done
'

test_expect_success 'a one-phase policy covers that phase, not the others' '
	syscensus emit --db "$DB" --format bpf --phase steady -o steady.bpf &&
	syscensus check --db "$DB" --policy steady.bpf --phase steady \
		>steady.out &&
	test_expect_code 1 syscensus check --db "$DB" --policy steady.bpf \
		--phase startup >startup.out &&
	grep -q "^uncovered: execve in phase .startup." startup.out
'

test_done
