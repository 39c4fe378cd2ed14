#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Issue 14's "done when" for Landlock: a program that reads a config file,
# writes under a data directory, talks to a unix socket and sends sd_notify
# to a filesystem NOTIFY_SOCKET is recorded; the emitted C ruleset lets it
# run (a launcher built here, and verify --landlock: nothing denied); an
# added read of a file outside the rules fails, and verify --landlock names
# it with its syscall and phase (exit 1), from the C and the JSON form.
. "$top_srcdir/tests/integration/layers-lib.sh"

require_tracing
require_landlock

W=$PWD
mkdir -p srv etc data
echo "greeting=hello" >etc/app.conf
echo "secret" >outside.txt
export NOTIFY_SOCKET="$W/srv/notify.sock"
start_server "$W/srv" || skip_all "the test server did not start"
trap stop_server EXIT
APP="$T/layers-app"
RUN="$APP run $W/etc/app.conf $W/data $W/srv/api.sock"

test_expect_success 'record the program' '
	syscensus record -q -o app.db --phase startup -- $RUN >out &&
	grep -qx ok out && test -f data/state.txt &&
	grep -q READY=1 srv/notify.log
'

test_expect_success 'the census: access facts with how, path, phase' '
	sql app.db "SELECT value || \"|\" || syscall FROM facts
		WHERE kind = \"access\"" >acc &&
	grep -qx "read $W/etc/app.conf|openat" acc &&
	grep -qx "write+create+trunc $W/data/state.txt.tmp|openat" acc &&
	grep -qx "rename $W/data/state.txt.tmp|rename" acc &&
	grep -qx "connect $W/srv/api.sock|connect" acc &&
	grep -qx "send $W/srv/notify.sock|sendmsg" acc &&
	sql app.db "SELECT DISTINCT p.name FROM facts f JOIN phases p
		ON p.id = f.phase_id WHERE kind = \"access\"" >phases &&
	echo startup >want && test_cmp want phases &&
	sql app.db "SELECT value FROM facts WHERE kind = \"notify\"
		AND value NOT LIKE \"WATCHDOG_INTERVAL%\" ORDER BY 1" >notify &&
	printf "READY=1\nWATCHDOG=1\n" >want && test_cmp want notify
'

test_expect_success 'emit --format landlock: rules, collapse, interpreter' '
	syscensus emit --db app.db --format landlock -o ruleset.c &&
	test "$(stat -c %a ruleset.c)" = 600 &&
	# the data directory is one rule, not one per file
	grep -A1 "WRITE_FILE.*the directory and beneath" ruleset.c |
		grep -qF "{ \"$W/data\"," &&
	! grep -qF "\"$W/data/state.txt" ruleset.c &&
	# the config file keeps its own rule, read only
	grep -B1 -F "{ \"$W/etc/app.conf\", 0x4ULL }" ruleset.c |
		grep -q "READ_FILE \*/" &&
	# NOTIFY_SOCKET: write access to its directory
	grep -B2 -F "{ \"$W/srv\"," ruleset.c | grep -q "send" &&
	# the ELF interpreter, which no syscall names
	interp=$(readelf -l "$APP" | sed -n "s/.*interpreter: \(.*\)]/\1/p") &&
	grep -B2 -F "{ \"$interp\", 0x5ULL }" ruleset.c | grep -q PT_INTERP &&
	# the scopes: nothing abstract, no signals sent
	grep -q "SCOPE_ABSTRACT_UNIX_SOCKET scoped" ruleset.c &&
	grep -q "sc_ll_scoped = SC_LL_SCOPE_ABSTRACT_UNIX_SOCKET | SC_LL_SCOPE_SIGNAL" ruleset.c &&
	cc -Wall -Wextra -Werror -c ruleset.c -o ruleset.o
'

cat >launch.c <<\EOF2
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int install_landlock_ruleset(void);
int main(int argc, char **argv)
{
	int r = install_landlock_ruleset();

	if (r < 0 || argc < 2) {
		fprintf(stderr, "launch: %s\n", strerror(-r));
		return 126;
	}
	execv(argv[1], argv + 1);
	perror("launch: exec");
	return 127;
}
EOF2

test_expect_success 'the program runs under the emitted C ruleset' '
	cc -o launch ruleset.c launch.c &&
	rm -f data/state.txt &&
	./launch $RUN >out &&
	grep -qx ok out && grep -q greeting=hello data/state.txt
'

test_expect_success 'an added read outside the rules fails under it' '
	test_expect_code 3 ./launch $RUN "$W/outside.txt" 2>err &&
	grep -q "outside.txt: Permission denied" err
'

test_expect_success 'verify --landlock C: the recorded run is clean' '
	syscensus verify -q -o v.db --landlock ruleset.c -- $RUN >out &&
	grep -qx ok out && ! grep -q "^denied" out
'

test_expect_success 'verify --landlock C: names the read outside the rules' '
	test_expect_code 1 syscensus verify -o v.db --phase extra \
		--landlock ruleset.c -- $RUN "$W/outside.txt" >out 2>err &&
	grep -x "denied $W/outside.txt how read syscall openat phase extra exe $APP calls 1: outside the rules" out &&
	test "$(grep -c ^denied out)" = 1 &&
	grep -q "1 access(es) denied by Landlock" err
'

test_expect_success 'verify --landlock JSON: the same verdicts' '
	syscensus emit --db app.db --format landlock-json -o ruleset.json &&
	/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d[\"syscensus_landlock\"] == 1 and d[\"rules\"]" ruleset.json &&
	syscensus verify -q -o v.db --landlock ruleset.json -- $RUN >out &&
	grep -qx ok out &&
	test_expect_code 1 syscensus verify -q -o v.db \
		--landlock ruleset.json -- $RUN "$W/outside.txt" >out &&
	grep -q "^denied $W/outside.txt how read syscall openat .*: outside the rules" out
'

test_expect_success 'verify --landlock: every denial, not only the first' '
	test_expect_code 1 syscensus verify -q -o v.db --landlock ruleset.c \
		-- /bin/sh -c true >out 2>/dev/null &&
	grep -q "^denied /bin/sh how exec syscall execve .*: outside the rules" out &&
	syscensus record -q -o sh.db -- /bin/sh -c "$RUN; cat /dev/null" &&
	syscensus emit --db sh.db --format landlock -o sh.c &&
	test_expect_code 1 syscensus verify -q -o v.db --landlock sh.c \
		-- /bin/sh -c "$RUN; cat $W/outside.txt; echo x >$W/etc/new; cat /dev/null" \
		>out 2>/dev/null &&
	grep -q "^denied $W/outside.txt how read syscall openat .* exe /usr/bin/cat calls 1: outside the rules" out &&
	grep -q "^denied $W/etc/new how write+create+trunc syscall openat .*: outside the rules" out &&
	test "$(grep -c ^denied out)" = 2
'

test_expect_success 'verify --landlock: bad rulesets are usage errors' '
	echo "{ \"rules\": 3 }" >bad.json &&
	test_expect_code 2 syscensus verify -q --landlock bad.json -- true &&
	test_expect_code 2 syscensus verify -q --landlock nope.c -- true &&
	test_expect_code 2 syscensus verify -q --landlock ruleset.c \
		--policy x -- true &&
	echo "int install_landlock_ruleset(void) { return }" >broken.c &&
	test_expect_code 2 syscensus verify -q --landlock broken.c -- true \
		2>err &&
	grep -q "failed to build the ruleset" err &&
	CC=/nonexistent/cc test_expect_code 3 syscensus verify -q \
		--landlock ruleset.c -- true 2>err &&
	grep -q "cannot run ./nonexistent/cc." err
'

test_expect_success 'verify --landlock: a run of kind verify-landlock' '
	test "$(sql v.db "SELECT DISTINCT kind FROM runs WHERE id > 1")" = \
		verify-landlock
'

# The bpf engine (the default where it can run) keeps no path census: a
# ruleset from its runs would deny what the program did, so emit refuses.
test_expect_success BPF 'a bpf-engine run: the layers refuse it, naming why' '
	syscensus record -q --engine bpf -o bpf.db --phase startup -- $RUN \
		>out &&
	test "$(sql bpf.db "SELECT engine FROM runs")" = bpf &&
	test_expect_code 2 syscensus emit --db bpf.db --format landlock \
		2>err &&
	grep -q "recorded by the bpf engine, which keeps no path census" err &&
	test_expect_code 2 syscensus emit --db bpf.db \
		--format systemd-hardening 2>err &&
	grep -q "engine ptrace" err
'

test_done
