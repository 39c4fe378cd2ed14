# SPDX-License-Identifier: LGPL-2.1-or-later
# tracer area: sources, tests and data (included by Makefile.am).
# The one syscall property table (issue 11): the tracer, the bpf engine,
# the importer and the scanner read it.

# Tracees with exactly known syscalls (no sanitizers: see Makefile.am).
TRACER_TRACEES = tests/tracees/calls tests/tracees/forkexec \
	tests/tracees/int80 tests/tracees/ticker tests/tracees/seccomp-self \
	tests/tracees/stacks
check_PROGRAMS += $(TRACER_TRACEES)
tests_tracees_calls_SOURCES = tests/tracees/calls.c
tests_tracees_calls_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_calls_LDFLAGS =
tests_tracees_calls_LDADD = -lpthread
tests_tracees_forkexec_SOURCES = tests/tracees/forkexec.c
tests_tracees_forkexec_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_forkexec_LDFLAGS =
tests_tracees_int80_SOURCES = tests/tracees/int80.c
tests_tracees_int80_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_int80_LDFLAGS =
tests_tracees_ticker_SOURCES = tests/tracees/ticker.c
tests_tracees_ticker_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_ticker_LDFLAGS =
tests_tracees_seccomp_self_SOURCES = tests/tracees/seccomp-self.c
tests_tracees_seccomp_self_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_seccomp_self_LDFLAGS =
tests_tracees_stacks_SOURCES = tests/tracees/stacks.c
tests_tracees_stacks_CFLAGS = $(TRACEE_CFLAGS) -g -O0 -fno-omit-frame-pointer
tests_tracees_stacks_LDFLAGS =

check_PROGRAMS += tests/unit/t-tracer
tests_unit_t_tracer_SOURCES = tests/unit/t-tracer.c
tests_unit_t_tracer_CFLAGS = $(UNIT_CFLAGS)
tests_unit_t_tracer_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/t-tracer

# Prove (issue 4): seccomp kills named, verify, record --guard.
check_PROGRAMS += tests/tracees/vcalls tests/tracees/sigsys
tests_tracees_vcalls_SOURCES = tests/tracees/vcalls.c
tests_tracees_vcalls_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_vcalls_LDFLAGS =
tests_tracees_vcalls_LDADD = -lpthread
tests_tracees_sigsys_SOURCES = tests/tracees/sigsys.c
tests_tracees_sigsys_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_sigsys_LDFLAGS =
tests_tracees_sigsys_LDADD = -lpthread

# Decisive-argument facts (issue 4: emit --args needs them from record).
check_PROGRAMS += tests/tracees/argcalls
tests_tracees_argcalls_SOURCES = tests/tracees/argcalls.c
tests_tracees_argcalls_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_argcalls_LDFLAGS =
tests_tracees_argcalls_LDADD = -lpthread

# libdw is dlopen()ed by tracer/stacks.c on the first --stacks: linked
# --as-needed, the binary does not load it (and its compression
# libraries) at every start.
syscensus_LDFLAGS = $(AM_LDFLAGS) -Wl,--as-needed

# The kernel's floor for record --guard (bench/tracer.sh): an allow-all
# filter and no tracer.
check_PROGRAMS += tests/tracees/seccomp-allow
tests_tracees_seccomp_allow_SOURCES = tests/tracees/seccomp-allow.c
tests_tracees_seccomp_allow_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_seccomp_allow_LDFLAGS =

# The record-vs-import facts test (issue 11): a tracee making every path
# syscall of the property table; t-sysprop ties its list to the table.
check_PROGRAMS += tests/tracees/pathcalls
tests_tracees_pathcalls_SOURCES = tests/tracees/pathcalls.c \
	tests/tracees/pathcalls-list.h
tests_tracees_pathcalls_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_pathcalls_LDFLAGS =
check_PROGRAMS += tests/unit/t-sysprop
tests_unit_t_sysprop_SOURCES = tests/unit/t-sysprop.c
tests_unit_t_sysprop_CFLAGS = $(UNIT_CFLAGS)
tests_unit_t_sysprop_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/t-sysprop
