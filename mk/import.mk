# SPDX-License-Identifier: LGPL-2.1-or-later
# import area: sources, tests and data (included by Makefile.am).

# Tracees of the import tests (no sanitizers: see Makefile.am).
IMPORT_TRACEES = tests/tracees/imp-mix tests/tracees/imp-thread-exec \
	tests/tracees/imp-sqlite tests/tracees/imp-seccomp
check_PROGRAMS += $(IMPORT_TRACEES)
tests_tracees_imp_mix_SOURCES = tests/tracees/imp-mix.c
tests_tracees_imp_mix_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_imp_mix_LDFLAGS =
tests_tracees_imp_mix_LDADD = -lpthread
tests_tracees_imp_thread_exec_SOURCES = tests/tracees/imp-thread-exec.c
tests_tracees_imp_thread_exec_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_imp_thread_exec_LDFLAGS =
tests_tracees_imp_thread_exec_LDADD = -lpthread
tests_tracees_imp_sqlite_SOURCES = tests/tracees/imp-sqlite.c
tests_tracees_imp_sqlite_CFLAGS = $(TRACEE_CFLAGS) $(SQLITE_CFLAGS)
tests_tracees_imp_sqlite_LDFLAGS =
tests_tracees_imp_sqlite_LDADD = $(SQLITE_LIBS) -lpthread
tests_tracees_imp_seccomp_SOURCES = tests/tracees/imp-seccomp.c
tests_tracees_imp_seccomp_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_imp_seccomp_LDFLAGS =

EXTRA_DIST += tests/integration/import-lib.sh

check_PROGRAMS += tests/unit/t-import-strace
tests_unit_t_import_strace_SOURCES = tests/unit/t-import-strace.c
tests_unit_t_import_strace_CFLAGS = $(UNIT_CFLAGS)
tests_unit_t_import_strace_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/t-import-strace

check_PROGRAMS += tests/unit/t-import-lines
tests_unit_t_import_lines_SOURCES = tests/unit/t-import-lines.c
tests_unit_t_import_lines_CFLAGS = $(UNIT_CFLAGS)
tests_unit_t_import_lines_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/t-import-lines

# AF_UNIX socket addresses as path facts (sd-notify, dbus, journald rules).
check_PROGRAMS += tests/tracees/imp-unix
tests_tracees_imp_unix_SOURCES = tests/tracees/imp-unix.c
tests_tracees_imp_unix_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_imp_unix_LDFLAGS =
EXTRA_DIST += fixtures/strace/unix-sockets.log \
	fixtures/strace/unix-sockets.facts
