#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# import of real strace -f -o logs, in every flag combination, gives
# exactly strace's own per-syscall counts of the same run: the -C table
# that strace appends to the same file (and which must not be counted).
# Tracees: threads + fork/exec/vfork + signals + errors (imp-mix), exec
# from a non-leader thread, SQLite in WAL mode with reader threads.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/import-lib.sh"

have sqlite3 || skip_all "the sqlite3 command-line tool is not installed"
test_require STRACE
[ "$(uname -m)" = x86_64 ] ||
	skip_all "the expected counts assume an x86_64 host (personality blocks)"

T="$top_builddir/tests/tracees"
i=0
# one strace run per flag set and tracee; the import must equal the table
check_flags() {
	flags=$1
	for prog in imp-mix imp-thread-exec imp-sqlite; do
		i=$((i + 1))
		case "$prog $flags" in
		# strace 6.1 -k loses libunwind when a thread execs, and
		# stops tracing: no table to compare with
		"imp-thread-exec "*-k*) continue ;;
		esac
		args=
		[ "$prog" = imp-sqlite ] && args="w$i.db 60"
		test_expect_success "strace -f -C $flags: $prog counts equal strace's table" "
			strace -f -C $flags -o log$i $T/$prog $args >/dev/null &&
			grep -q '^% time' log$i &&
			syscensus import -q -o db$i log$i &&
			strace_counts log$i >expect &&
			our_counts db$i >actual &&
			test -s expect &&
			test_cmp expect actual
		"
	done
}

for flags in "" "-tt -T" "-t" "-ttt" "-r" "-ttt -r" "-i" "-n" "-y" "-yy" \
	"-Y" "-k" "-X verbose" "-X raw" "-e raw=all" "-s 256 -x" "-xx" "-v" \
	"-a0" "-e quiet=none" \
	"-Y -yy -ttt -T -i -n -k -v -s 64 -X verbose -e quiet=none"; do
	check_flags "$flags"
done

test_expect_success INT80 'personality switches: int 0x80 is x86, the x32 bit is x32 (-e quiet=none)' '
	IMP_PERSONALITY=1 strace -f -C -e quiet=none -o plog $T/imp-mix &&
	syscensus import -q -o p.db plog &&
	strace_counts plog >expect && our_counts p.db >actual &&
	test_cmp expect actual &&
	grep -q "^x86 getpid 1 0$" actual &&
	grep -q "^x32 getpid 1 1$" actual
'

test_expect_success INT80 'personality from -n numbers when strace hid the switch lines' '
	IMP_PERSONALITY=1 strace -f -C -n -o nlog $T/imp-mix &&
	! grep -q "runs in" nlog &&
	syscensus import -q -o n.db nlog &&
	our_counts n.db >actual &&
	grep -q "^x86 getpid 1 0$" actual &&
	grep -q "^x32 getpid 1 1$" actual
'

test_expect_success 'executables are tracked across fork, exec and vfork' '
	sql db1 "SELECT DISTINCT exe FROM observed ORDER BY 1" >exes &&
	grep -q "imp-mix$" exes &&
	grep -qx "/bin/true" exes &&
	grep -qx "/proc/self/exe" exes &&
	! grep -qx unknown exes &&
	test "$(sql db1 "SELECT calls FROM observed
		WHERE exe = '\''/proc/self/exe'\'' AND syscall = '\''getpid'\''")" = 1
'

test_expect_success 'exec from a non-leader thread: the new program gets the calls' '
	test "$(sql db2 "SELECT count(*) FROM observed WHERE exe = '\''/bin/true'\''
		AND syscall = '\''brk'\''")" = 1 &&
	test "$(sql db2 "SELECT sum(calls) FROM observed
		WHERE syscall = '\''execve'\''")" = 2
'

test_expect_success 'errors are counted per errno' '
	test "$(sql db1 "SELECT count FROM syscall_errors
		WHERE syscall = '\''openat'\'' AND errno = '\''ENOENT'\''")" -ge 1 &&
	test "$(sql db1 "SELECT count FROM syscall_errors
		WHERE syscall = '\''close'\'' AND errno = '\''EBADF'\''")" = 1 &&
	test "$(sql db1 "SELECT sum(count) FROM syscall_errors
		WHERE syscall = '\''clock_nanosleep'\''")" = 1
'

test_expect_success 'facts: paths, clone flags, signals, handlers, arguments' '
	sql db1 "SELECT kind, value, syscall FROM facts" >facts &&
	grep -qx "path|/nonexistent/imp-mix|openat" facts &&
	grep -qx "flag|CLONE_THREAD|clone3" facts &&
	grep -qx "signal|SIGHUP|" facts &&
	grep -qx "signal|SIGUSR1|" facts &&
	grep -qx "handler|SIGHUP|rt_sigaction" facts &&
	! grep -q "handler|SIGPIPE" facts &&
	grep -qx "arg|0=AF_UNIX|socket" facts &&
	grep -qx "arg|1=FIONREAD|ioctl" facts &&
	grep -qx "arg|0=PR_SET_NAME|prctl" facts
'

test_expect_success 'the databases pass integrity_check' '
	for d in db*; do
		test "$(sql $d "PRAGMA integrity_check")" = ok || exit 1
	done
'

test_done
