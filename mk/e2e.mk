# SPDX-License-Identifier: LGPL-2.1-or-later
# end-to-end area: proof by enforcement tests and their helpers.
#
# seccomp-exec loads a raw BPF program and execs a command under it;
# one-extra makes a known set of syscalls and one more on request.  Both
# are tracees (no sanitizers: see Makefile.am).  c-filter-main.c is built
# by t9102 itself, with the emitted C file and libseccomp.
E2E_TRACEES = tests/tracees/seccomp-exec tests/tracees/one-extra
check_PROGRAMS += $(E2E_TRACEES)
tests_tracees_seccomp_exec_SOURCES = tests/tracees/seccomp-exec.c
tests_tracees_seccomp_exec_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_seccomp_exec_LDFLAGS =
tests_tracees_one_extra_SOURCES = tests/tracees/one-extra.c
tests_tracees_one_extra_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_one_extra_LDFLAGS =
EXTRA_DIST += tests/tracees/seccomp-exec.c tests/tracees/one-extra.c \
	tests/tracees/c-filter-main.c tests/tracees/exec-util.h

# Shell helpers the tests source (next to lib.sh).
EXTRA_DIST += tests/integration/e2e-lib.sh tests/integration/attach-lib.sh \
	tests/integration/store-lib.sh
