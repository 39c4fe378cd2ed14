#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# record and attach store the decisive argument of socket, fcntl, ioctl,
# prctl and clone as "arg" facts ("0=AF_UNIX"), one per counted call: for
# each of those syscalls the fact counts add up to its calls, in seccomp
# mode, in the PTRACE_SYSCALL fallback, with threads, under attach, and
# under --guard (where covered calls are neither counted nor facts), and
# for a call the tracee's own filter kills.
. "$top_srcdir/tests/integration/lib.sh"

require_tracing

# facts DB: "syscall value count" of the argcalls executable's arg facts
# (clone's value shortened to its exit signal: the flags vary with libc)
facts() {
	sql "$1" "SELECT sc || ' ' || v || ' ' || sum(n) FROM (
		SELECT f.syscall AS sc, f.count AS n, CASE WHEN f.syscall =
		'clone' AND f.value LIKE '0=%|SIGCHLD' THEN '0=...|SIGCHLD'
		ELSE f.value END AS v
		FROM facts f JOIN exes e ON e.id = f.exe_id
		WHERE f.kind = 'arg' AND e.path LIKE '%/argcalls')
		GROUP BY sc, v ORDER BY sc, v"
}

# expect N: the facts of argcalls with N threads
expect() {
	printf "%s\n" "clone 0=...|SIGCHLD 1" "fcntl 1=F_GETFL $(($1 * 2))" \
		"ioctl 1=TCGETS $1" "prctl 0=PR_SET_NAME $1" \
		"socket 0=AF_INET $1" "socket 0=AF_UNIX $(($1 * 3))"
}

# mismatches DB: syscalls with a decisive argument whose arg facts do not
# add up to their calls, per run, phase and exe ("" when all add up)
mismatches() {
	sql "$1" "SELECT o.syscall || ' calls ' || o.calls || ' facts ' ||
		coalesce(f.n, 0)
		FROM (SELECT s.run_id, s.phase_id, s.exe_id, s.syscall,
			sum(s.calls) AS calls FROM syscalls s
			WHERE s.syscall IN ('socket', 'socketpair', 'fcntl',
			'fcntl64', 'ioctl', 'prctl', 'clone')
			GROUP BY 1, 2, 3, 4) o
		LEFT JOIN (SELECT run_id, phase_id, exe_id, syscall,
			sum(count) AS n FROM facts WHERE kind = 'arg'
			GROUP BY 1, 2, 3, 4) f
		USING (run_id, phase_id, exe_id, syscall)
		WHERE coalesce(f.n, 0) != o.calls"
}

test_expect_success 'record: each decisive value with its exact count' '
	syscensus record -q -o r.db -- "$T/argcalls" &&
	facts r.db >actual &&
	expect 1 >expected &&
	test_cmp expected actual
'

test_expect_success 'record: arg facts add up to the calls of each syscall' '
	test "$(sql r.db "SELECT count(*) FROM syscalls WHERE syscall IN
		('\''socket'\'', '\''ioctl'\'', '\''clone'\'')")" -ge 3 &&
	mismatches r.db >bad &&
	test_cmp /dev/null bad
'

test_expect_success 'the failing ioctl is counted, and so is its fact' '
	test "$(sql r.db "SELECT o.calls || '\'' '\'' || o.errors
		FROM observed o WHERE o.syscall = '\''ioctl'\''
		AND o.exe LIKE '\''%/argcalls'\''")" = "1 1"
'

test_expect_success 'clone: the whole flags word is stored' '
	sql r.db "SELECT value FROM facts WHERE kind = '\''arg'\''
		AND syscall = '\''clone'\''" >clone &&
	grep -q "^0=CLONE_[A-Z_|]*|SIGCHLD$" clone
'

test_expect_success 'threads: 3 threads, three times the values' '
	syscensus record -q -o t.db -- "$T/argcalls" -t 3 &&
	facts t.db >actual &&
	expect 3 >expected &&
	test_cmp expected actual &&
	mismatches t.db >bad &&
	test_cmp /dev/null bad
'

test_expect_success 'PTRACE_SYSCALL fallback: the same facts' '
	SYSCENSUS_NO_SECCOMP=1 syscensus record -q -o f.db -- \
		"$T/argcalls" -t 2 &&
	facts f.db >actual &&
	expect 2 >expected &&
	test_cmp expected actual &&
	mismatches f.db >bad &&
	test_cmp /dev/null bad
'

test_expect_success 'attach: the facts of the calls made while attached' '
	mkdir w &&
	"$T/argcalls" -t 2 -w "$PWD/w" &
	tracee=$!
	for i in $(seq 200); do [ -s w/pid ] && break; sleep 0.05; done
	syscensus attach -q -o a.db -p "$(cat w/pid)" &
	tracer=$!
	for i in $(seq 200); do
		grep -q "^TracerPid:[[:space:]]*[1-9]" /proc/$tracee/status &&
			break
		sleep 0.05
	done
	touch w/go
	wait $tracee && wait $tracer &&
	facts a.db >actual &&
	expect 2 >expected &&
	test_cmp expected actual &&
	mismatches a.db >bad &&
	test_cmp /dev/null bad
'

test_expect_success 'a call its own filter kills is counted with its fact' '
	for mode in seccomp fallback; do
		rm -f k.db* &&
		if [ $mode = seccomp ]; then
			syscensus record -q -o k.db -- "$T/argcalls" -k
		else
			SYSCENSUS_NO_SECCOMP=1 syscensus record -q -o k.db -- \
				"$T/argcalls" -k
		fi
		test $? -eq 159 || exit 1
		sql k.db "SELECT value || '\'' '\'' || count FROM facts
			WHERE kind = '\''arg'\'' ORDER BY 1" >actual &&
		printf "%s\n" "0=PR_SET_NAME 1" "0=PR_SET_NO_NEW_PRIVS 1" \
			>expected &&
		test_cmp expected actual &&
		test "$(sql k.db "SELECT syscall FROM kills")" = prctl &&
		mismatches k.db >bad &&
		test_cmp /dev/null bad || exit 1
	done
'

test_expect_success 'guard: calls the policy covers make no facts' '
	syscensus emit --db r.db --format list --no-siblings -o all.list &&
	grep -vx "socket\|fcntl" all.list >nosock.list &&
	syscensus record -q -o g.db --guard nosock.list -- "$T/argcalls" &&
	sql g.db "SELECT syscall || '\'' '\'' || value || '\'' '\'' || count
		FROM facts WHERE kind = '\''arg'\'' ORDER BY 1" >actual &&
	printf "%s\n" "fcntl 1=F_GETFL 2" "socket 0=AF_INET 1" \
		"socket 0=AF_UNIX 3" >expected &&
	test_cmp expected actual &&
	mismatches g.db >bad &&
	test_cmp /dev/null bad
'

test_expect_success 'verify: calls the policy allows make no facts' '
	grep -vx "ioctl" all.list >noioctl.list &&
	test_expect_code 1 syscensus verify -q -o v.db --policy noioctl.list \
		-- "$T/argcalls" &&
	sql v.db "SELECT syscall || '\'' '\'' || value || '\'' '\'' || count
		FROM facts WHERE kind = '\''arg'\''" >actual &&
	echo "ioctl 1=TCGETS 1" >expected &&
	test_cmp expected actual
'

test_done
