#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# record reads the destination of sendmsg (struct msghdr's msg_name) and of
# sendmmsg's first message: an AF_UNIX address becomes a "path" fact of
# that syscall, written as the strace importer writes it ("/path" or
# "@name" for an abstract socket), so sd_notify over sendmsg is seen.
# tests/tracees/imp-unix (the importer's tracee) and the fixture daemon
# svcd with $NOTIFY_SOCKET set make those calls.
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
T="$top_builddir/tests/tracees"
D="$top_builddir/fixtures/daemons"
DRIVE="$top_srcdir/fixtures/daemons/drive.sh"
test_require PTRACE

# sockets live under $TRASH (sun_path holds 108 bytes: a deep build
# directory gets a short one under /tmp, removed at the end)
DIR=$TRASH
[ ${#DIR} -le 80 ] || DIR=$(mktemp -d /tmp/sc1009.XXXXXX) || exit 1
ABS="syscensus-t1009-$$"
NOTIFY="$DIR/run/systemd/notify"

# send_facts DB: "syscall|value|count" of the send* path facts
send_facts() {
	sqlite3 -batch -noheader -separator '|' "$1" "
		SELECT syscall, value, sum(count) FROM facts
		WHERE kind = 'path' AND syscall IN ('sendmsg', 'sendmmsg',
		'sendto') GROUP BY 1, 2 ORDER BY 1, 2"
}

expected() {
	printf "%s\n" "sendmmsg|$NOTIFY|1" "sendmsg|$NOTIFY|1" \
		"sendmsg|@$ABS|1" "sendto|$NOTIFY|2"
}

test_expect_success 'record: sendmsg and sendmmsg destinations are facts' '
	rm -rf "$DIR/run" && mkdir -p "$DIR/run/systemd" &&
	syscensus record -q -o r.db -- "$T/imp-unix" "$DIR" "$ABS" &&
	send_facts r.db >actual &&
	expected >expect &&
	test_cmp expect actual
'

test_expect_success 'PTRACE_SYSCALL fallback: the same facts' '
	rm -rf "$DIR/run" && mkdir -p "$DIR/run/systemd" &&
	SYSCENSUS_NO_SECCOMP=1 syscensus record -q -o f.db -- \
		"$T/imp-unix" "$DIR" "$ABS" &&
	send_facts f.db >actual &&
	test_cmp expect actual
'

test_expect_success STRACE 'the same sendmsg facts as an imported strace log' '
		rm -rf "$DIR/run" && mkdir -p "$DIR/run/systemd" &&
		strace -f -o s.log "$T/imp-unix" "$DIR" "$ABS" &&
		syscensus import -q -o s.db s.log &&
		send_facts s.db | grep "^sendmsg|" >imported &&
		grep "^sendmsg|" expect >recorded &&
		test_cmp recorded imported
	'

if [ -x "$D/svcd" ] && [ -x "$D/svc-client" ]; then
	test_expect_success 'svcd: sd_notify to an abstract NOTIFY_SOCKET' '
		mkdir svc &&
		NOTIFY_SOCKET="@$ABS-svcd" sh "$DRIVE" --dir svc \
			--iterations 2 \
			--wrap "$SYSCENSUS record -q -o $PWD/d.db --" \
			>out 2>err &&
		tail -n 1 out | grep -q "drive: ok" &&
		test "$(sql d.db "SELECT count(*) FROM facts
			WHERE kind = '\''path'\'' AND syscall = '\''sendmsg'\''
			AND value = '\''@$ABS-svcd'\''")" = 1 &&
		test "$(sql d.db "SELECT count FROM facts
			WHERE kind = '\''path'\'' AND syscall = '\''sendmsg'\''
			AND value = '\''@$ABS-svcd'\''")" -ge 3
	'
else
	test_skip 'svcd: sd_notify to an abstract NOTIFY_SOCKET' \
		'svcd is not built'
fi

[ "$DIR" = "$TRASH" ] || rm -rf "$DIR"
test_done
