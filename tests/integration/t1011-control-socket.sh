#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The control socket cannot be squatted (issue 9): it lives in a private
# directory of the user ($XDG_RUNTIME_DIR/syscensus or /tmp/syscensus-UID,
# 0700, ours), never next to the database or under a predictable /tmp
# name; a tracer whose name is already held, or whose directory is not
# private, refuses to run; mark refuses a listener of another user, and the
# tracer a client of another user (SO_PEERCRED: same uid, or root).
. "$top_srcdir/tests/integration/lib.sh"

require_tracing
PY=/usr/bin/python3
test -x $PY || skip_all "python3 is needed for the squatting listener"
uid=$(id -u)
unset XDG_RUNTIME_DIR
# runtime directories short enough for sun_path whatever the build dir
# (and where the other users' processes can read their scripts: the
# trash directory may be under a private one)
X=$(mktemp -d /tmp/t1011.XXXXXX) && chmod 755 "$X" || exit 1

# listen PATH: a squatter on PATH answering "ok" to anything, until killed
cat >"$X/listen.py" <<'EOT'
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1])
os.chmod(sys.argv[1], 0o777)
s.listen(4)
open(sys.argv[2], "w").close()
while True:
    c, _ = s.accept()
    try:
        c.recv(512)
        c.sendall(b"ok\n")
    except OSError:
        pass
    c.close()
EOT
# ask PATH: send one request as a client, print the answer
cat >"$X/ask.py" <<'EOT'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
try:
    s.sendall(b"phase intruder\n")
except OSError:
    pass
print(s.recv(64).decode().strip())
EOT
await() { for i in $(seq 200); do [ -e "$1" ] && return 0; sleep 0.05; done; return 1; }

test_expect_success 'the socket is in a private directory, not next to the DB' '
	syscensus record -q -o s.db -- sh -c "echo \"\$SYSCENSUS_CONTROL\" >ctl;
		test -S \"\$SYSCENSUS_CONTROL\" && stat -c \"%a %u %F\" \
		\"\$(dirname \"\$SYSCENSUS_CONTROL\")\" >dir" &&
	test ! -e s.db.ctl &&
	case "$(cat ctl)" in /tmp/syscensus-$uid/*.ctl) ;; *) false ;; esac &&
	echo "700 $uid directory" >expect &&
	test_cmp expect dir &&
	test "$(cat ctl)" = "$(syscensus mark --path -o s.db)" &&
	test "$(cat ctl)" = "$(syscensus mark --path -o "$PWD/s.db")"
'

test_expect_success '$XDG_RUNTIME_DIR/syscensus when it is ours' '
	mkdir -m 700 "$X/xdg" &&
	env XDG_RUNTIME_DIR=$X/xdg "$SYSCENSUS" record -q -o x.db -- \
		sh -c "echo \"\$SYSCENSUS_CONTROL\" >ctl" &&
	case "$(cat ctl)" in "$X"/xdg/syscensus/*.ctl) ;; *) false ;; esac &&
	test "$(stat -c %a "$X/xdg/syscensus")" = 700
'

test_expect_success 'mark finds the trace from the DB, also without XDG_RUNTIME_DIR' '
	mkdir -m 700 "$X/xdg2" &&
	"$SYSCENSUS" record -q -o m.db --phase one -- sleep 30 &
	rec=$! &&
	ctl=$(syscensus mark --path -o m.db) && await "$ctl" &&
	env XDG_RUNTIME_DIR=$X/xdg2 "$SYSCENSUS" mark -o m.db two
	st=$?
	kill $rec; wait $rec
	test $st -eq 0
'

test_expect_success 'a squatter holding the name: record refuses, the command never runs' '
	ctl=$(syscensus mark --path -o q.db) &&
	mkdir -p -m 700 "$(dirname "$ctl")" && rm -f "$ctl" || exit 1
	$PY "$X/listen.py" "$ctl" ready &
	sq=$! &&
	await ready &&
	test_expect_code 3 syscensus record -q -o q.db -- touch ran 2>err
	st=$?
	kill $sq; wait $sq; rm -f "$ctl"
	test $st -eq 0 &&
	cat err &&
	grep -q "another process holds the control socket" err &&
	test ! -e ran
'

test_expect_success 'a directory others can use: refused' '
	mkdir -m 700 "$X/xdg3" && mkdir -m 755 "$X/xdg3/syscensus" &&
	test_expect_code 3 env XDG_RUNTIME_DIR=$X/xdg3 \
		"$SYSCENSUS" record -q -o d.db -- touch ran 2>err &&
	grep -q "refusing control socket directory .*mode 0755" err &&
	test ! -e ran
'

if [ "$uid" = 0 ] && have setpriv; then
	test_expect_success 'a directory of another user: refused' '
		mkdir -m 700 "$X/xdg4" && mkdir -m 700 "$X/xdg4/syscensus" &&
		chown 65534 "$X/xdg4/syscensus" &&
		test_expect_code 3 env XDG_RUNTIME_DIR=$X/xdg4 \
			"$SYSCENSUS" record -q -o d.db -- touch ran 2>err &&
		grep -q "refusing control socket directory .*owned by uid 65534" err &&
		test ! -e ran
	'

	test_expect_success 'mark refuses a listener of another user' '
		mkdir -m 777 "$X/shared" || exit 1
		setpriv --reuid=65533 --regid=65533 --clear-groups \
			$PY "$X/listen.py" "$X/shared/x.ctl" "$X/shared/ready" &
		sq=$! &&
		await "$X/shared/ready" &&
		test_expect_code 3 env SYSCENSUS_CONTROL=$X/shared/x.ctl \
			"$SYSCENSUS" mark steady 2>err
		st=$?
		kill $sq; wait $sq
		test $st -eq 0 &&
		grep -q "refusing the listener .* uid 65533" err
	'

	test_expect_success 'the tracer refuses a client of another user' '
		"$SYSCENSUS" record -q -o c.db --phase one -- sleep 30 &
		rec=$! &&
		ctl=$(syscensus mark --path -o c.db) && await "$ctl" &&
		chmod 711 "$(dirname "$ctl")" && chmod 777 "$ctl" &&
		setpriv --reuid=65534 --regid=65534 --clear-groups \
			$PY "$X/ask.py" "$ctl" >answer 2>&1
		chmod 700 "$(dirname "$ctl")"
		syscensus mark -o c.db two
		kill $rec; wait $rec
		echo "error not your trace" >expect &&
		test_cmp expect answer &&
		sql c.db "SELECT DISTINCT phase FROM observed" >phases &&
		! grep -q intruder phases
	'
else
	test_skip 'a directory of another user: refused' 'needs root and setpriv(1)'
	test_skip 'mark refuses a listener of another user' 'needs root and setpriv(1)'
	test_skip 'the tracer refuses a client of another user' 'needs root and setpriv(1)'
fi

rm -rf "$X"
test_done
