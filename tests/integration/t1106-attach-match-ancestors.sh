#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# attach --match never attaches to syscensus's own ancestors (issue 9): the
# shells and harness that started it have the regex on their command
# lines too, and stopping them would stop the job waiting for the trace.
# Two shells above attach carry the token; so does the ticker, the only
# process that must be traced.
. "$top_srcdir/tests/integration/lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
. "$top_srcdir/tests/integration/attach-lib.sh"
attach_start_ticker
TOKEN="t1106-$$-token"
export SYSCENSUS T TOKEN

# the ticker again, under a name holding the token
mkdir -p "tk2/$TOKEN"
"$T/ticker" "$PWD/tk2/$TOKEN" &
TK2=$!
await_file "tk2/$TOKEN/pid"

test_expect_success 'the ancestors holding the regex are not attached' '
	sh -c "echo \$\$ >outer.pid; sh -c '\''echo \$\$ >inner.pid;
		\"\$SYSCENSUS\" attach -q -o a.db --match \"\$TOKEN\" \
			--duration 1; echo \$? >st'\'' \"inner-\$TOKEN\"" \
		"outer-$TOKEN" &&
	test "$(cat st)" = 0 &&
	src=$(sql a.db "SELECT source FROM runs") &&
	echo "$src" &&
	case "$src" in *"pid $(cat outer.pid)"[,\ ]*|*"pid $(cat outer.pid)") false ;; esac &&
	case "$src" in *"pid $(cat inner.pid)"[,\ ]*|*"pid $(cat inner.pid)") false ;; esac &&
	case "$src" in *"pid $TK2"*) ;; *) false ;; esac &&
	sql a.db "SELECT DISTINCT exe FROM observed" >exes &&
	grep -q "/ticker$" exes &&
	! grep -qv "/ticker$" exes
'

test_expect_success 'an ancestor alone matching: nothing to attach, exit 3' '
	sh -c "\"\$SYSCENSUS\" attach -q -o b.db --match \"only-\$TOKEN\" \
		--duration 0.2 2>err; echo \$? >st2" "only-$TOKEN" &&
	test "$(cat st2)" = 3
'

kill $TK2 2>/dev/null
wait $TK2 2>/dev/null
attach_stop_ticker
test_done
