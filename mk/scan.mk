# SPDX-License-Identifier: LGPL-2.1-or-later
# scan area (issue 10, static reach): the scanner engine, `syscensus scan`,
# its tracees and tests (included by Makefile.am).
analyzer_libanalyzer_a_SOURCES += analyzer/reach.h analyzer/reach-int.h \
	analyzer/reach.c analyzer/reach-elf.c analyzer/reach-x86.c \
	analyzer/reach-sum.c analyzer/reach-store.c
syscensus_SOURCES += cli/cmd-scan.c
dist_man_MANS += man/syscensus-scan.1

# Tracees: the same program dynamic, static and with raw syscalls (no
# sanitizers; see Makefile.am).
SCAN_TRACEES = tests/tracees/reach tests/tracees/reach-static \
	tests/tracees/reach-raw
check_PROGRAMS += $(SCAN_TRACEES)
tests_tracees_reach_SOURCES = tests/tracees/reach.c
tests_tracees_reach_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_reach_LDFLAGS =
tests_tracees_reach_static_SOURCES = tests/tracees/reach.c
tests_tracees_reach_static_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_reach_static_LDFLAGS = -static
tests_tracees_reach_raw_SOURCES = tests/tracees/reach.c
tests_tracees_reach_raw_CFLAGS = $(TRACEE_CFLAGS) -DRAW_SYSCALL
tests_tracees_reach_raw_LDFLAGS =

SCAN_TESTS = tests/integration/t2500-scan-basics.sh \
	tests/integration/t2501-scan-cache.sh \
	tests/integration/t2502-scan-hostile.sh \
	tests/integration/t2503-scan-record.sh \
	tests/integration/t2504-scan-attach.sh
TESTS += $(SCAN_TESTS)
EXTRA_DIST += $(SCAN_TESTS)
