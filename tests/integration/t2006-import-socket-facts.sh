#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# AF_UNIX addresses become "path" facts, so that the knowledge base's
# socket rules (sd-notify, dbus, journald, syslog) fire on imported
# strace logs: a real run of tests/tracees/imp-unix (sd_notify-style
# sendmsg to a path socket, an abstract socket, sendto, sendmmsg,
# recvmsg, bind/connect/accept4) under plain, -yy and -xx strace, and the
# hand-written fixtures/strace/unix-sockets.log with every shape strace
# prints (expected facts in unix-sockets.facts: truncated paths, strings
# that merely contain "sun_path=" and non-socket calls give none).
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"

T="$top_builddir/tests/tracees"
SOCKCALLS="'connect','bind','sendto','recvfrom','sendmsg','recvmsg',
	'sendmmsg','recvmmsg','accept','accept4','getsockname','getpeername'"

socket_facts() {
	sqlite3 -batch -noheader -separator '|' "$1" "
		SELECT syscall, value, sum(count) FROM facts
		WHERE kind = 'path' AND syscall IN ($SOCKCALLS)
		GROUP BY 1, 2 ORDER BY 1, 2"
}

test_expect_success 'fixture: every shape gives the expected facts' '
	syscensus import -o fx.db "$FIXTURES/strace/unix-sockets.log" 2>err &&
	grep -q ", 0 bad lines" err &&
	socket_facts fx.db >actual &&
	test_cmp "$FIXTURES/strace/unix-sockets.facts" actual
'

# a rule flags the syscalls it implies that the trace lacks: syslog's
# (socket, connect, sendto) are all in the fixture, so it stays quiet
test_expect_success 'fixture: the socket rules fire on an empty policy' '
	: >empty.list &&
	syscensus diff --db fx.db --policy empty.list --format json >fx.json
	test $? -le 1 &&
	for r in sd-notify dbus journald; do
		grep -q "\"rule\": \"$r\"" fx.json || exit 1
	done
'

if ! test_have_prereq STRACE; then
	test_skip "real strace runs" "missing STRACE ($prereq_reason)"
	[ "$DIR" = "$TRASH" ] || rm -rf "$DIR"
test_done
fi

# the sockets live under $TRASH (sun_path holds 108 bytes: a deep build
# directory gets a short one under /tmp, removed at the end)
DIR=$TRASH
[ ${#DIR} -le 80 ] || DIR=$(mktemp -d /tmp/sc2006.XXXXXX) || exit 1
ABS="syscensus-t2006-$$"
NOTIFY="$DIR/run/systemd/notify"
STREAM="$DIR/run/stream.sock"

for flags in "" "-yy" "-xx" "-yy -xx"; do
	tag=$(echo "x$flags" | tr -d " -")
	test_expect_success "strace -f $flags: the tracee's addresses are facts" "
		rm -rf '$DIR/run' && mkdir -p '$DIR/run/systemd' &&
		strace -f $flags -o $tag.log '$T/imp-unix' '$DIR' '$ABS' &&
		syscensus import -o $tag.db $tag.log 2>err &&
		grep -q ', 0 bad lines' err &&
		socket_facts $tag.db >facts &&
		grep -q '^sendmsg|$NOTIFY|1\$' facts &&
		grep -q '^sendto|$NOTIFY|' facts &&
		grep -q '^sendmmsg|$NOTIFY|1\$' facts &&
		grep -q '^bind|$NOTIFY|1\$' facts &&
		grep -q '^sendmsg|@$ABS|1\$' facts &&
		grep -q '^bind|@$ABS|1\$' facts &&
		grep -q '^recvmsg|@$ABS|1\$' facts &&
		grep -q '^bind|$STREAM|1\$' facts &&
		grep -q '^connect|$STREAM|1\$' facts
	"
done

test_expect_success '-yy: decorations name the bound sockets too' '
	socket_facts xyy.db >facts &&
	grep -q "^recvmsg|$NOTIFY|1\$" facts &&
	grep -q "^accept4|$STREAM|1\$" facts &&
	grep -q "^sendto|@$ABS|1\$" facts &&
	! socket_facts x.db | grep -q "^accept4|"
'

test_expect_success 'no fact of another call; -s 8 does not cut sun_path' '
	! sql x.db "SELECT value FROM facts WHERE kind = '\''path'\''
		AND syscall IN ('\''write'\'', '\''read'\'', '\''close'\'')" |
		grep -q . &&
	strace -f -s 8 -o s8.log "$T/imp-unix" "$DIR" "$ABS" &&
	syscensus import -q -o s8.db s8.log &&
	socket_facts s8.db >facts &&
	grep -q "^connect|$STREAM|1\$" facts &&
	grep -q "^sendmsg|$NOTIFY|1\$" facts
'

test_expect_success 'syscensus diff flags sd-notify for the real run' '
	: >empty.list &&
	syscensus diff --db x.db --policy empty.list --format json >x.json
	test $? -le 1 &&
	grep -q "\"rule\": \"sd-notify\"" x.json &&
	syscensus diff --db xyy.db --policy empty.list --format json >yy.json
	test $? -le 1 &&
	grep -q "\"rule\": \"sd-notify\"" yy.json
'

test_expect_success 'without the socket paths no sd-notify flag' '
	strace -f -o true.log true &&
	syscensus import -q -o true.db true.log &&
	syscensus diff --db true.db --policy empty.list --format json \
		>true.json
	test $? -le 1 &&
	! grep -q "\"rule\": \"sd-notify\"" true.json
'

[ "$DIR" = "$TRASH" ] || rm -rf "$DIR"
test_done
