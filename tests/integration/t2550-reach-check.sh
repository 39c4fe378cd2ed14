#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# check/diff/report and static reach: tests/tracees/reach-calls, recorded
# without its argument, never calls uname, getrusage or chown; `reach`
# rows (as `scan` stores them, inserted here after `record --no-scan` so
# the rows are exact) say its code imports them.  check names them `unexercised` with how they
# are reached (text, json, md), as a warning (exit 0) unless --strict
# (exit 1); a reached syscall that was observed, one the policy allows, a
# transitive one and another program's are not findings.  The JSON keeps
# every other key as it was without reach.  report lists them too.  Via
# strings are hostile input: escaped in every renderer.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/reach-lib.sh"

require_tracing
E="$T/reach-calls"
test -x "$E" || skip_all "reach-calls is not built"

test_expect_success 'record reach-calls without its argument' '
	syscensus record -q --no-scan -o plain.db -- "$E" >out &&
	grep -qx survived out &&
	! grep -q uname out &&
	test "$(sql plain.db "SELECT count(*) FROM observed
		WHERE syscall IN ('\''uname'\'', '\''getrusage'\'', '\''chown'\'')")" = 0 &&
	syscensus emit --db plain.db --format list --observed-only \
		-o observed.list &&
	grep -qx write observed.list
'

test_expect_success 'the reach rows scan would store' '
	cp plain.db r.db &&
	reach_add r.db "$E" direct uname@GLIBC_2.2.5 uname &&
	reach_add r.db "$E" direct getrusage@GLIBC_2.2.5 getrusage &&
	reach_add r.db "$E" direct chown@GLIBC_2.2.5 chown &&
	reach_add r.db "$E" direct puts@GLIBC_2.2.5 write &&
	reach_add r.db "$E" transitive "libc.so.6: getaddrinfo" socket &&
	sql r.db "INSERT INTO exes (path) VALUES ('\''/usr/bin/other'\'')" &&
	reach_add r.db /usr/bin/other direct ptrace@GLIBC_2.2.5 ptrace &&
	test "$(sql r.db "SELECT count(*) FROM reachable")" = 6
'

test_expect_success 'check: unexercised is a warning, exit 0' '
	syscensus check --db r.db --policy observed.list >out 2>err &&
	cat >expect <<-EOF &&
	unexercised: chown: never observed, but $E imports chown@GLIBC_2.2.5
	unexercised: getrusage: never observed, but $E imports getrusage@GLIBC_2.2.5
	unexercised: uname: never observed, but $E imports uname@GLIBC_2.2.5
	EOF
	grep "^unexercised:" out >actual &&
	test_cmp expect actual &&
	grep -q "^syscensus check: warning: 3 unexercised syscalls .*--strict fails on them: chown getrusage uname\$" err
'

test_expect_success 'check --strict: unexercised fails the gate' '
	test_expect_code 1 syscensus check --db r.db --policy observed.list \
		--strict >out 2>err &&
	grep -q "^syscensus check: error: 3 unexercised syscalls.*: chown getrusage uname\$" err
'

test_expect_success 'check --strict passes when the policy allows them' '
	{ cat observed.list; echo uname; echo getrusage; echo chown; } \
		>wide.list &&
	syscensus check --db r.db --policy wide.list --strict >out 2>err &&
	! grep -q unexercised out err
'

test_expect_success 'a policy that allows uname leaves chown and getrusage' '
	{ cat observed.list; echo uname; } >uname.list &&
	syscensus check --db r.db --policy uname.list --format json -o u.json &&
	test "$(pyjson u.json "\" \".join(e[\"syscall\"] for e in d[\"unexercised\"])")" = "chown getrusage"
'

test_expect_success 'check --format json: the unexercised array' '
	syscensus check --db r.db --policy observed.list --format json \
		-o r.json &&
	test "$(pyjson r.json "len(d[\"unexercised\"])")" = 3 &&
	test "$(pyjson r.json "d[\"unexercised\"][2][\"syscall\"]")" = uname &&
	test "$(pyjson r.json "d[\"unexercised\"][2][\"exe\"]")" = "$E" &&
	test "$(pyjson r.json "d[\"unexercised\"][2][\"via\"]")" = "['\''uname@GLIBC_2.2.5'\'']" &&
	test "$(pyjson r.json "d[\"unexercised\"][2][\"level\"]")" = direct &&
	test "$(pyjson r.json "d[\"unexercised\"][2][\"action\"]")" = kill-process
'

test_expect_success 'check --format json: every other key as without reach' '
	syscensus check --db plain.db --policy observed.list --format json \
		-o plain.json &&
	test "$(pyjson plain.json "d[\"unexercised\"]")" = "[]" &&
	grep -v "\"unexercised\": \[\]" plain.json >plain.rest &&
	/usr/bin/python3 -c "import json,sys
d = json.load(open(sys.argv[1]), object_pairs_hook=dict)
del d[\"unexercised\"]
print(json.dumps(d, indent=2))" r.json >r.rest.json &&
	/usr/bin/python3 -c "import json,sys
d = json.load(open(sys.argv[1]), object_pairs_hook=dict)
del d[\"unexercised\"]
print(json.dumps(d, indent=2))" plain.json >plain.rest.json &&
	test_cmp plain.rest.json r.rest.json &&
	test "$(pyjson r.json "list(d.keys())")" = "['\''policy'\'', '\''uncovered'\'', '\''conditional'\'', '\''unused'\'', '\''flags'\'', '\''unexercised'\'', '\''summary'\'']"
'

test_expect_success 'check and diff without reach rows: no unexercised line' '
	syscensus check --db plain.db --policy observed.list >out 2>err &&
	! grep -q unexercised out err
'

test_expect_success 'selection: --exe and --phase select the programs' '
	syscensus check --db r.db --policy observed.list --exe "/nothing\$" \
		--strict >out 2>err;
	! grep -q "^unexercised:" out &&
	syscensus check --db r.db --policy observed.list --phase nosuch \
		--strict >out 2>err;
	! grep -q "^unexercised:" out &&
	test_expect_code 1 syscensus check --db r.db --policy observed.list \
		--exe "/reach-calls\$" --strict >out 2>err &&
	test "$(grep -c "^unexercised:" out)" = 3
'

test_expect_success 'check --format md: a table of them' '
	syscensus check --db r.db --policy observed.list --format md >out &&
	grep -q "^| Unexercised | Executable | Arch | How |" out &&
	grep -q "^| uname | .*reach-calls | x86\\\\_64 | never observed, but .* imports uname@GLIBC\\\\_2.2.5 |\$" out
'

test_expect_success 'diff shows them too and refuses --strict' '
	syscensus diff --db r.db --policy observed.list >out &&
	test "$(grep -c "^unexercised:" out)" = 3 &&
	test_expect_code 2 syscensus diff --db r.db --policy observed.list \
		--strict 2>err &&
	grep -q "strict" err
'

test_expect_success 'report: text, md and json list the unexercised' '
	syscensus report --db r.db >out &&
	grep -q "^UNEXERCISED (3)" out &&
	grep -q "^  uname: never observed, but $E imports uname@GLIBC_2.2.5\$" out &&
	syscensus report --db r.db --format md >out.md &&
	grep -q "^### Unexercised" out.md &&
	grep -q "^| getrusage |" out.md &&
	syscensus report --db r.db --format json -o rep.json &&
	test "$(pyjson rep.json "\" \".join(e[\"syscall\"] for e in d[\"unexercised\"])")" = "chown getrusage uname" &&
	syscensus report --db plain.db >out &&
	! grep -q UNEXERCISED out
'

# A via is read from the store: a scan of a hostile binary names symbols
# it chose.  Newlines, pipes, markup and comment ends stay inert.
test_expect_success 'hostile via strings are escaped in text, md and json' '
	cp plain.db h.db &&
	reach_add h.db "$E" direct "x|<b>y</b>*/ \`z\`" uname &&
	sql h.db "UPDATE reach SET via = via || char(10) || '\''unexercised: fake'\''" &&
	syscensus check --db h.db --policy observed.list >out &&
	test "$(grep -c "^unexercised:" out)" = 1 &&
	! grep -q "^unexercised: fake" out &&
	syscensus check --db h.db --policy observed.list --format md >out.md &&
	! grep -q "<b>" out.md &&
	! grep -q "^unexercised: fake" out.md &&
	syscensus check --db h.db --policy observed.list --format json \
		-o h.json &&
	test "$(pyjson h.json "d[\"unexercised\"][0][\"via\"][0].endswith(\"\\nunexercised: fake\")")" = True &&
	syscensus emit --db h.db --format c -o h.c &&
	! grep -q "^unexercised: fake" h.c &&
	! grep -q "</b>\*/" h.c
'

test_done
