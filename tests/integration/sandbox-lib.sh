# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=sh
# Shared by the sandbox tests (t50xx, issue 15): lib.sh, the test build
# with the hook (tests/syscensus-hooked, tests/sandbox-hook.c) and the
# SANDBOX prerequisite.
. "$top_srcdir/tests/integration/lib.sh"

HOOKED="$top_builddir/tests/syscensus-hooked"
unset SYSCENSUS_NO_SANDBOX SYSCENSUS_TEST_HOOK

# hooked ARGS...: the test build of syscensus
hooked() { "$HOOKED" "$@"; }

# A small strace log with known calls.
write_log() {
	printf '%s\n' \
		'100 openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3' \
		'100 read(3, "root:x:0:0"..., 4096) = 1024' \
		'100 close(3) = 0' \
		'100 exit_group(0) = ?' >"$1"
}
