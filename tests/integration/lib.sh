# SPDX-License-Identifier: LGPL-2.1-or-later
# lib.sh - a small TAP library for integration tests, after git's t/README:
#
#   . "$top_srcdir/tests/integration/lib.sh"
#   test_expect_success 'what it checks' '
#           syscensus import ... &&
#           test_cmp expect actual
#   '
#   test_done
#
# Each test runs in a fresh trash directory (its working directory).  A test
# that cannot run at all calls skip_all "reason" (TAP "1..0 # SKIP").
# The binary under test is $SYSCENSUS; `syscensus` is a function calling it.
#
# What a test needs from the kernel or the machine is a prerequisite,
# declared once below with test_lazy_prereq (as git's t/test-lib.sh does)
# and probed lazily, once per script, the first time a test names it:
#
#   test_expect_success INT80,PTRACE 'int 0x80 calls are x86' '...'
#   test_require PTRACE SECCOMP          # the whole script, or 1..0 # SKIP
#   if test_have_prereq STRACE; then ...
#
# A missing one prints "ok N - title # SKIP missing INT80 (reason)", the
# reason being what the probe found.  SYSCENSUS_TEST_NO_<NAME>=1 makes a
# prerequisite missing on a machine that has it.  See tests/README.md.

set -u
: "${top_srcdir:?run through make check}"
: "${top_builddir:?run through make check}"
: "${SYSCENSUS:=$top_builddir/syscensus}"
FIXTURES="$top_srcdir/fixtures"
export LC_ALL=C

test_count=0
test_failed=0
test_name=$(basename "$0" .sh)
TRASH="$top_builddir/tests/integration/trash-$test_name"
rm -rf "$TRASH"
mkdir -p "$TRASH" || exit 1
cd "$TRASH" || exit 1
umask 022

syscensus() { "$SYSCENSUS" "$@"; }

say() { printf '# %s\n' "$*"; }

skip_all() {
	printf '1..0 # SKIP %s\n' "$*"
	cd / && rm -rf "$TRASH"
	exit 0
}

# test_expect_success [PREREQS] DESC BODY: run BODY in a subshell with
# set -e off; its exit status decides.  Output of a failing test is shown
# as comments.  PREREQS (comma-separated) missing: the test is skipped.
test_expect_success() {
	if [ $# -eq 3 ]; then
		if ! test_have_prereq "$1"; then
			test_skip "$2" "missing $prereq_missing ($prereq_reason)"
			return 0
		fi
		shift
	fi
	test_count=$((test_count + 1))
	if (eval "$2") >"$TRASH/.out" 2>&1; then
		printf 'ok %d - %s\n' "$test_count" "$1"
	else
		test_failed=$((test_failed + 1))
		printf 'not ok %d - %s\n' "$test_count" "$1"
		sed -e 's/^/#   /' "$TRASH/.out" | head -n 60
	fi
}

# test_skip DESC REASON: a test that cannot run here, said why.
test_skip() {
	test_count=$((test_count + 1))
	printf 'ok %d - %s # SKIP %s\n' "$test_count" "$1" "$2"
}

test_done() {
	printf '1..%d\n' "$test_count"
	[ -z "${SHORT_DIR_MADE:-}" ] || rm -rf "$SHORT_DIR_MADE"
	if [ "$test_failed" -eq 0 ]; then
		cd / && rm -rf "$TRASH"
	fi
	exit 0
}

# test_short_dir: set SHORT_DIR to a directory where unix socket paths fit
# in sun_path (108 bytes): the trash directory when its path is short,
# else a private one under /tmp (make distcheck builds deep down in
# syscensus-VERSION/_build/sub), removed by test_done.
test_short_dir() {
	if [ ${#TRASH} -le 60 ]; then
		SHORT_DIR=$TRASH
	else
		SHORT_DIR=$(mktemp -d "/tmp/sc-$test_name.XXXXXX") || exit 1
		SHORT_DIR_MADE=$SHORT_DIR
	fi
}

# test_cmp EXPECTED ACTUAL: equal files, with a diff when not.
test_cmp() { diff -u "$1" "$2"; }

# test_must_fail CMD...: CMD fails with exit status 1..125 (not a crash).
test_must_fail() {
	"$@"
	st=$?
	if [ "$st" -eq 0 ]; then
		echo "test_must_fail: '$*' succeeded" >&2
		return 1
	elif [ "$st" -gt 125 ]; then
		echo "test_must_fail: '$*' died (status $st)" >&2
		return 1
	fi
	return 0
}

# test_expect_code N CMD...: CMD exits with exactly N.
test_expect_code() {
	want=$1
	shift
	"$@"
	st=$?
	if [ "$st" -ne "$want" ]; then
		echo "test_expect_code: '$*' exited $st, want $want" >&2
		return 1
	fi
	return 0
}

# sql DB QUERY: run a query with the sqlite3 CLI (as users do).
sql() { sqlite3 -batch -noheader "$1" "$2"; }

have() { command -v "$1" >/dev/null 2>&1; }

# test_lazy_prereq NAME SCRIPT: declare prerequisite NAME.  SCRIPT runs
# (in a subshell, in its own scratch directory under the trash directory)
# the first time a test asks for NAME; exit 0 means satisfied, otherwise
# the last line it printed (stdout or stderr) says why not.
test_lazy_prereq() {
	eval "prereq_script_$1=\$2"
}

# test_have_prereq NAME[,NAME...]: true when every one is satisfied; else
# sets prereq_missing to the first missing one and prereq_reason to why.
test_have_prereq() {
	prereq_missing= prereq_reason=
	_save_ifs=$IFS
	IFS=,
	# shellcheck disable=SC2086
	set -- $1
	IFS=$_save_ifs
	for _p in "$@"; do
		eval "_state=\${prereq_state_$_p:-}"
		if [ -z "$_state" ]; then
			prereq_probe_ "$_p"
			eval "_state=\$prereq_state_$_p"
		fi
		if [ "$_state" != ok ]; then
			prereq_missing=$_p
			eval "prereq_reason=\$prereq_reason_$_p"
			return 1
		fi
	done
	return 0
}

prereq_probe_() {
	eval "_script=\${prereq_script_$1-}"
	eval "_off=\${SYSCENSUS_TEST_NO_$1:-}"
	if [ -n "$_off" ] && [ "$_off" != 0 ]; then
		_st=no _why="SYSCENSUS_TEST_NO_$1 is set"
	elif [ -z "$_script" ]; then
		echo "lib.sh: unknown prerequisite '$1'" >&2
		_st=no _why="unknown prerequisite"
	else
		_dir="$TRASH/.prereq-$1"
		mkdir -p "$_dir"
		if (cd "$_dir" && eval "$_script") >"$_dir.out" 2>&1; then
			_st=ok _why=
		else
			_st=no
			_why=$(sed -e '/^[[:space:]]*$/d' "$_dir.out" | tail -n 1)
			: "${_why:=the probe failed}"
		fi
		rm -rf "$_dir" "$_dir.out"
	fi
	eval "prereq_state_$1=\$_st"
	eval "prereq_reason_$1=\$_why"
}

# test_require NAME...: skip the whole script unless each prerequisite
# is satisfied ("1..0 # SKIP missing NAME (reason)").
test_require() {
	for _r in "$@"; do
		test_have_prereq "$_r" ||
			skip_all "missing $prereq_missing ($prereq_reason)"
	done
}

TRACEES="$top_builddir/tests/tracees"

# PTRACE: `syscensus record` can trace a child here (it exits 3 naming
# the refusal otherwise).
test_lazy_prereq PTRACE '
	"$SYSCENSUS" record -q -o probe.db -- "$TRACEES/calls" getppid 1 \
		2>probe.err
	st=$?
	[ $st -eq 0 ] && exit 0
	echo "syscensus record exits $st: $(head -n 1 probe.err)"
	exit 1
'

# SECCOMP: the kernel loads a seccomp filter (tests/tracees/seccomp-exec
# --probe says why not).
test_lazy_prereq SECCOMP '
	"$TRACEES/seccomp-exec" --probe
'

# INT80: 32-bit syscalls through int $0x80 work (IA32 emulation).  The
# probe runs tests/tracees/int80, which dies of SIGSEGV (or exits 3) when
# the kernel refuses the 32-bit entry.
test_lazy_prereq INT80 '
	[ "$(uname -m)" = x86_64 ] ||
		{ echo "int 0x80 needs an x86_64 machine, this is $(uname -m)"
		  exit 1; }
	"$TRACEES/int80" 1 2>/dev/null
	st=$?
	[ $st -eq 0 ] && exit 0
	if [ $st -gt 128 ]; then
		echo "int 0x80 kills the caller with signal $((st - 128)): no IA32 emulation in this kernel"
	else
		echo "int 0x80 fails (int80 exits $st): no IA32 emulation in this kernel"
	fi
	exit 1
'

# X32: the x32 ABI (syscall numbers with bit 30 set) is enabled.
test_lazy_prereq X32 '
	[ "$(uname -m)" = x86_64 ] ||
		{ echo "x32 needs an x86_64 machine, this is $(uname -m)"
		  exit 1; }
	"$TRACEES/x32-probe" && exit 0
	echo "x32 syscalls fail with ENOSYS: no x32 ABI in this kernel"
	exit 1
'

# STRACE: strace is installed and may trace a child here.
test_lazy_prereq STRACE '
	command -v strace >/dev/null ||
		{ echo "strace is not installed"; exit 1; }
	strace -f -o /dev/null true >/dev/null 2>err && exit 0
	echo "strace cannot trace here: $(head -n 1 err)"
	exit 1
'

# STACKS: --stacks works (syscensus built with libdw, and ptrace allowed).
test_lazy_prereq STACKS '
	"$SYSCENSUS" record -q --stacks -o probe.db -- "$TRACEES/calls" \
		getppid 1 2>probe.err && exit 0
	echo "record --stacks fails: $(head -n 1 probe.err)"
	exit 1
'

# LANDLOCK: the kernel has Landlock enabled (landlock_create_ruleset with
# LANDLOCK_CREATE_RULESET_VERSION returns the ABI version).
test_lazy_prereq LANDLOCK '
	/usr/bin/python3 -c "
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
abi = libc.syscall(444, None, 0, 1)
if abi < 0:
    print(\"landlock_create_ruleset: \" + os.strerror(ctypes.get_errno()))
    sys.exit(1)
"
'

# SANDBOX: this build confines itself (a sanitizer build does not:
# `syscensus --version -v` says "sandbox: off: WHY").
test_lazy_prereq SANDBOX '
	"$SYSCENSUS" -v --version >v || exit 1
	grep -q "^sandbox: off" v || exit 0
	sed -n "s/^sandbox: off: //p" v
	exit 1
'

# BPF: this process may load BPF programs (bpftool can list them: root or
# CAP_BPF) and the kernel exports BTF.
test_lazy_prereq BPF '
	[ -r /sys/kernel/btf/vmlinux ] ||
		{ echo "the kernel exports no BTF (/sys/kernel/btf/vmlinux)"
		  exit 1; }
	command -v bpftool >/dev/null ||
		{ echo "bpftool is not installed"; exit 1; }
	bpftool prog list >/dev/null 2>err && exit 0
	echo "bpftool prog list: $(head -n 1 err)"
	exit 1
'

# CHROMIUM: a headless Chromium can load a page.
test_lazy_prereq CHROMIUM '
	for c in chromium chromium-browser google-chrome; do
		command -v $c >/dev/null && break
	done
	command -v $c >/dev/null ||
		{ echo "chromium is not installed"; exit 1; }
	echo "<p>ok</p>" >p.html
	timeout 60 $c --headless --no-sandbox --disable-gpu --dump-dom \
		"file://$PWD/p.html" 2>err >dom
	grep -q "<p>ok</p>" dom && exit 0
	echo "headless $c cannot load a page: $(tail -n 1 err)"
	exit 1
'

# require_tracing: skip the whole test unless the sqlite3 tool is there
# and this kernel lets `syscensus record` trace; sets T to the tracees'
# directory.
require_tracing() {
	have sqlite3 ||
		skip_all "the sqlite3 command-line tool is not installed"
	T=$TRACEES
	test_require PTRACE
}
