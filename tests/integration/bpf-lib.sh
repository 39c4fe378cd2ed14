# SPDX-License-Identifier: LGPL-2.1-or-later
# bpf-lib.sh - what the bpf engine tests (t13xx) share.  Sourced after
# lib.sh.
#
# require_bpf: skip the whole test, naming the reason, unless this build
# has the bpf engine and the kernel lets this process load it (BTF, root
# or CAP_BPF+CAP_PERFMON).  Until lib.sh declares a BPF prerequisite
# (test_lazy_prereq BPF), this probe is the one place that decides.
#
# crosscheck NAME CMD...: record CMD under both engines into NAME-bpf.db
# and NAME-ptrace.db and write the rows that must be equal into
# NAME-bpf.rows and NAME-ptrace.rows: (phase, exe, arch, syscall, calls,
# errors), the errors per errno, and the facts (paths and unix socket
# addresses, arguments, handlers, threads, signals); succeeds when they
# are equal.
# futex is left out: pthread_join() waits only when the thread still runs,
# a race of the workload that two ptrace runs lose differently too.
# With CROSSCHECK_ONLY set (a grep -E pattern), only matching rows count.
require_bpf() {
	have sqlite3 ||
		skip_all "the sqlite3 command-line tool is not installed"
	T="$top_builddir/tests/tracees"
	syscensus record -q --engine bpf -o bpf-probe.db -- "$T/calls" \
		getppid 1 2>bpf-probe.err
	st=$?
	if [ $st -ne 0 ]; then
		skip_all "the bpf engine cannot run here (exit $st): $(head -n 1 bpf-probe.err)"
	fi
}

rows_of() {
	sql "$1" "SELECT 'row', phase, exe, arch, syscall, calls, errors
		FROM observed ORDER BY 2, 3, 4, 5"
	sql "$1" "SELECT 'errno', p.name, e.path, x.arch, x.syscall, x.errno,
		x.count FROM syscall_errors x JOIN phases p ON p.id = x.phase_id
		JOIN exes e ON e.id = x.exe_id ORDER BY 2, 3, 4, 5, 6"
	sql "$1" "SELECT 'fact', p.name, e.path, f.kind, f.value, f.syscall,
		f.count FROM facts f JOIN phases p ON p.id = f.phase_id
		JOIN exes e ON e.id = f.exe_id
		-- the path census is the ptrace engine's alone (TRACER_BPF_MISSING)
		WHERE f.kind NOT IN ('access', 'denied', 'notify')
		ORDER BY 2, 3, 4, 5, 6"
}

crosscheck() {
	name=$1
	shift
	# a workload may run syscensus itself (mark): a sanitizer build's
	# LeakSanitizer cannot run under ptrace and would spin at its exit
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
	export ASAN_OPTIONS
	syscensus record -q --engine bpf -o "$name-bpf.db" -- "$@" \
		>"$name-bpf.out" 2>&1
	echo $? >"$name-bpf.status"
	syscensus record -q --engine ptrace -o "$name-ptrace.db" -- "$@" \
		>"$name-ptrace.out" 2>&1
	echo $? >"$name-ptrace.status"
	rows_of "$name-bpf.db" | grep -v "|futex|" |
		grep -E "${CROSSCHECK_ONLY:-.}" >"$name-bpf.rows"
	rows_of "$name-ptrace.db" | grep -v "|futex|" |
		grep -E "${CROSSCHECK_ONLY:-.}" >"$name-ptrace.rows"
	test_cmp "$name-ptrace.status" "$name-bpf.status" &&
	test_cmp "$name-ptrace.rows" "$name-bpf.rows" &&
	test -s "$name-bpf.rows"
}
