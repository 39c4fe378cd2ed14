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

# test_expect_success DESC BODY: run BODY in a subshell with set -e off;
# its exit status decides.  Output of a failing test is shown as comments.
test_expect_success() {
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
	if [ "$test_failed" -eq 0 ]; then
		cd / && rm -rf "$TRASH"
	fi
	exit 0
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

# require_tracing: skip the whole test unless the sqlite3 tool is there
# and this kernel lets `syscensus record` trace (it exits 3 naming the
# refusal otherwise); sets T to the tracees' directory.
require_tracing() {
	have sqlite3 ||
		skip_all "the sqlite3 command-line tool is not installed"
	T="$top_builddir/tests/tracees"
	syscensus record -q -o probe.db -- "$T/calls" getppid 1 2>probe.err
	if [ $? -eq 3 ] && grep -q "refused\|not permitted" probe.err; then
		skip_all "ptrace is refused here: $(head -n 1 probe.err)"
	fi
}
