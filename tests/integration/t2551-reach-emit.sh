#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# emit and static reach: reach-calls recorded without its argument (and
# --no-scan), with `reach` rows, inserted so they are exact, saying its code imports uname, getrusage and chown (direct)
# and reaches socket through libc (transitive).  The default emit adds the
# direct ones, each commented with how; --reach transitive adds socket,
# --reach none and --observed-only nothing, --no-siblings alone exactly the
# observed set (its old meaning); emit -v gives the sizes.  --rollout
# log|errno gives the reach its own action in c, bpf, pfc and oci (read
# back by syscensus's own readers) and a warning in the formats that
# cannot; enforced for real through seccomp-exec: under the rollout-log
# BPF the program called with its argument survives and its calls succeed
# (SCMP_ACT_LOG), under rollout-errno they fail with EPERM, under the
# observed-only filter it dies of SIGSYS.  The kernel's records of the
# logged calls, imported with `import --format audit`, are the next trace.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/reach-lib.sh"

require_tracing
E="$T/reach-calls"
SEXEC="$top_builddir/tests/tracees/seccomp-exec"
test -x "$E" || skip_all "reach-calls is not built"

test_expect_success 'record reach-calls; reach rows' '
	syscensus record -q --no-scan -o r.db -- "$E" >out &&
	grep -qx survived out &&
	reach_add r.db "$E" direct uname@GLIBC_2.2.5 uname &&
	reach_add r.db "$E" direct getrusage@GLIBC_2.2.5 getrusage &&
	reach_add r.db "$E" direct chown@GLIBC_2.2.5 chown &&
	reach_add r.db "$E" transitive "libc.so.6: getaddrinfo" socket &&
	syscensus emit --db r.db --format list --observed-only -o observed &&
	! grep -q "^#" observed &&
	! grep -qx uname observed
'

test_expect_success 'default emit: the direct reach, commented with how' '
	syscensus emit --db r.db --format list >list &&
	grep -qx uname list && grep -qx getrusage list && grep -qx chown list &&
	! grep -qx socket list &&
	grep -q "^# Not observed, but the program.s own code reaches them" list &&
	tr "\n" " " <list | sed "s/ # / /g" >joined &&
	grep -q " uname: imported by $E (uname@GLIBC_2.2.5); never observed uname " joined
'

test_expect_success 'every format with comments says how' '
	syscensus emit --db r.db --format c -o f.c &&
	grep -q "/\* direct reach: uname: imported by $E (uname@GLIBC_2.2.5); never observed \*/" f.c &&
	syscensus emit --db r.db --format systemd -o f.conf &&
	grep -q "^# .*uname: imported by $E (uname@GLIBC_2.2.5); never observed" f.conf &&
	syscensus emit --db r.db --format minijail -o f.policy &&
	grep -q "^# uname: imported by $E (uname@GLIBC_2.2.5); never observed" f.policy &&
	for f in list systemd minijail oci c bpf; do
		syscensus emit --db r.db --format $f -o all.$f || return 1
		syscensus check --db r.db --policy all.$f --strict >out 2>err ||
		{ echo "$f"; cat err; return 1; }
	done
'

test_expect_success '--reach transitive adds socket, --reach none nothing' '
	syscensus emit --db r.db --format list --reach transitive >t.list &&
	grep -qx socket t.list &&
	tr "\n" " " <t.list | sed "s/ # / /g" >joined &&
	grep -q " socket: reachable from $E through library internals (libc.so.6: getaddrinfo), an over-approximation; never observed socket " joined &&
	syscensus emit --db r.db --format list --reach none >n.list &&
	! grep -qx uname n.list &&
	grep -q "^# Not observed, but the knowledge base" n.list
'

test_expect_success '--observed-only and --no-siblings: the trace alone' '
	syscensus emit --db r.db --format list --no-siblings >ns.list &&
	test_cmp observed ns.list &&
	syscensus emit --db r.db --format list --no-siblings --reach direct \
		>nsd.list &&
	grep -qx uname nsd.list &&
	! grep -q "knowledge base" nsd.list &&
	test_expect_code 2 syscensus emit --db r.db --format list \
		--observed-only --reach direct 2>err &&
	test_expect_code 2 syscensus emit --db r.db --format list \
		--reach sideways 2>err &&
	grep -q "sideways" err
'

test_expect_success 'emit -v: the sizes of each step' '
	syscensus emit --db r.db --format list -v -o /dev/null 2>err &&
	n=$(wc -l <observed) &&
	grep "^emit: sizes: observed $n, + siblings [0-9]*, + direct [0-9]*, + transitive [0-9]*; emitted [0-9]* (.*x the observed set)\$" err >line &&
	sib=$(sed "s/.*+ siblings \([0-9]*\),.*/\1/" line) &&
	dir=$(sed "s/.*+ direct \([0-9]*\),.*/\1/" line) &&
	tr=$(sed "s/.*+ transitive \([0-9]*\);.*/\1/" line) &&
	em=$(sed "s/.*emitted \([0-9]*\) .*/\1/" line) &&
	test $dir = $((sib + 3)) && test $tr = $((dir + 1)) && test $em = $dir &&
	test "$(grep -vc "^#\|^\$" list)" = $em
'

test_expect_success '--rollout log: the reach gets SCMP_ACT_LOG (bpf, pfc, c, oci)' '
	syscensus emit --db r.db --format bpf --rollout log -o log.bpf &&
	syscensus inspect --policy log.bpf --policy-format bpf >dec &&
	grep -q "^default: kill-process" dec &&
	grep -q "^log: chown getrusage uname  (3)\$" dec &&
	syscensus emit --db r.db --format pfc --rollout log >log.pfc &&
	grep -A2 "\"uname\"" log.pfc | grep -q "action LOG" &&
	syscensus emit --db r.db --format c --rollout log -o log.c &&
	grep -A2 "\"uname\"" log.c | grep -q "SCMP_ACT_LOG" &&
	grep -q "^ \* Rollout: the 3 syscalls of static reach" log.c &&
	syscensus emit --db r.db --format oci --rollout log -o log.json &&
	test "$(pyjson log.json "[r[\"names\"] for r in d[\"syscalls\"] if r[\"action\"] == \"SCMP_ACT_LOG\"]")" = "[['\''chown'\'', '\''getrusage'\'', '\''uname'\'']]" &&
	test "$(pyjson log.json "d[\"defaultAction\"]")" = SCMP_ACT_KILL_PROCESS &&
	syscensus emit --db r.db --format oci --rollout errno -o errno.json &&
	test "$(pyjson errno.json "[r[\"errnoRet\"] for r in d[\"syscalls\"] if \"uname\" in r[\"names\"]]")" = "[1]"
'

test_expect_success '--rollout: the other formats say they cannot' '
	syscensus emit --db r.db --format list --rollout log >out 2>err &&
	grep -q "cannot give a syscall its own action: the 3 syscalls of static reach are allowed outright" err &&
	grep -q "^# --rollout cannot be said in a list" out &&
	syscensus emit --db r.db --format systemd --rollout log >out 2>err &&
	grep -q "cannot give a syscall its own action" err &&
	syscensus emit --db r.db --format c --rollout log >out 2>err &&
	! grep -q "cannot" err
'

if ! test -x "$SEXEC" || ! "$SEXEC" --probe 2>probe.err; then
	test_skip 'enforcement under the rollout filters' \
		"seccomp filters cannot be loaded here"
	test_done
fi

test_expect_success 'the argument run dies of SIGSYS under the observed-only filter' '
	syscensus emit --db r.db --format bpf --observed-only -o obs.bpf &&
	"$SEXEC" --bpf obs.bpf -- "$E" admin >out; st=$? &&
	test $st = 159 && ! grep -q survived out
'

test_expect_success 'rollout log: the argument run survives, its calls succeed' '
	"$SEXEC" --bpf log.bpf -- "$E" admin >out &&
	grep -qx "uname 0" out && grep -qx "getrusage 0" out &&
	grep -qx "chown 0" out && grep -qx survived out
'

# The kernel logs each SCMP_ACT_LOG call (audit type=SECCOMP, in the
# kernel log or audit.log); importing those records is the next trace.
"$SEXEC" --bpf log.bpf -- "$E" admin >out 2>&1 &
logpid=$!
wait $logpid
sleep 1
{ dmesg 2>/dev/null; cat /var/log/audit/audit.log 2>/dev/null; } |
	grep "type=1326\|type=SECCOMP" | grep " pid=$logpid " >seccomp.log
# one record per logged call (uname, getrusage, chown); the kernel's
# printk rate limit drops some when other suites log at the same time
nlog=$(grep -c "code=0x7ffc0000" seccomp.log)
if [ "$nlog" -ge 3 ]; then
	test_expect_success 'rollout log: the logged calls import as the next trace' '
		cat seccomp.log &&
		cp r.db next.db &&
		syscensus import -q --no-scan -o next.db --format audit seccomp.log &&
		syscensus emit --db next.db --format list --observed-only \
			-o next.list &&
		grep -qx uname next.list && grep -qx getrusage next.list &&
		grep -qx chown next.list &&
		syscensus check --db next.db --policy next.list --strict
	'
elif [ "$nlog" -gt 0 ]; then
	test_skip 'rollout log: the logged calls import as the next trace' \
		"the kernel log kept $nlog of the 3 SECCOMP records (its rate limit dropped the others)"
else
	test_skip 'rollout log: the logged calls import as the next trace' \
		"no seccomp log record readable here (dmesg, audit.log)"
fi

test_expect_success 'rollout errno: the argument run survives, its calls fail' '
	syscensus emit --db r.db --format bpf --rollout errno -o errno.bpf &&
	"$SEXEC" --bpf errno.bpf -- "$E" admin >out &&
	grep -qx "uname -1" out && grep -qx "chown -1" out &&
	grep -qx survived out
'

test_expect_success 'rollout log: anything else still kills' '
	sql r.db "DELETE FROM reach WHERE syscall = '\''getrusage'\''" &&
	syscensus emit --db r.db --format bpf --rollout log -o log2.bpf &&
	"$SEXEC" --bpf log2.bpf -- "$E" admin >out; st=$? &&
	test $st = 159 && grep -qx "uname 0" out && ! grep -q survived out
'

test_done
