#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Discover the policy syscensus confines itself with (issue 15) and write
# it to data/self-policy.list: run the analysis commands of the
# representative workload (scripts/self-workload.sh, the test fixtures)
# under `syscensus record`, one phase per command, then emit the allowlist
# with the knowledge base's siblings, each with its reason as a comment.
# Static reach is left out on purpose: the syscensus binary also holds the
# tracer, so its reach (ptrace, execve, ...) is what confinement must deny.
#
# The recorded commands run with --no-sandbox (else the recording would be
# of the confined run, which stops at the first missing syscall) and with
# ASAN_OPTIONS=detect_leaks=0 (LeakSanitizer cannot run under ptrace).  A
# sanitizer build is refused: its extra syscalls do not belong in the
# policy (sanitizer builds run unconfined).
#
# The result is a reviewed data file, like a lockfile: re-run this script
# when `make check` (t5010) says our code uses a syscall the file lacks,
# review the diff, commit it.
#
# usage: scripts/self-policy.sh [BUILD_DIR]   (default ./build)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
SYSCENSUS=$build/syscensus
[ -x "$SYSCENSUS" ] || { echo "self-policy.sh: no $SYSCENSUS; build first" >&2; exit 2; }
if "$SYSCENSUS" -v --version | grep -q 'sandbox: off'; then
	echo "self-policy.sh: $SYSCENSUS is a sanitizer build; record a normal build" >&2
	exit 2
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/self-policy.XXXXXX")
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS=detect_leaks=0 SYSCENSUS_DATADIR="$top/data"
unset SYSCENSUS_DB
sc() {
	phase=$1
	shift
	"$SYSCENSUS" record -q --no-scan -o "$work/self.db" --phase "$phase" \
		-- "$SYSCENSUS" --no-sandbox "$@" >/dev/null 2>&1 || :
}
. "$top/scripts/self-workload.sh"
self_workload "$top" "$work"
out=$top/data/self-policy.list
{
	echo "# The syscalls syscensus's confined commands (import, diff, check,"
	echo "# emit, report, lint, merge, scan) may make: recorded by"
	echo "# scripts/self-policy.sh on the test fixtures, with the knowledge"
	echo "# base's siblings.  A reviewed data file, like a lockfile: re-run the"
	echo "# script and review the diff when t5010 says a syscall is missing."
	echo "# Compiled into syscensus (common/self-policy.h); see syscensus-sandbox(7)."
	"$SYSCENSUS" --no-sandbox emit --db "$work/self.db" --format list \
		--reach none
} >"$out.tmp"
mv "$out.tmp" "$out"
echo "self-policy.sh: $(grep -c '^[a-z]' "$out") syscalls in $out"
