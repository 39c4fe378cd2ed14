# SPDX-License-Identifier: LGPL-2.1-or-later
# scan area (issue 10, static reach): the scanner engine, `syscensus scan`,
# its tracees and tests (included by Makefile.am).

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

# Unit tests on a small compiled fixture library (plain $(CC), no
# sanitizers: it is read, never run).
check_PROGRAMS += tests/unit/t-reach
tests_unit_t_reach_SOURCES = tests/unit/t-reach.c
tests_unit_t_reach_CFLAGS = $(UNIT_CFLAGS) \
	-DREACH_FIXTURE='"$(abs_top_builddir)/tests/unit/libreachfix.so"'
tests_unit_t_reach_LDADD = $(UNIT_LDADD)
EXTRA_tests_unit_t_reach_DEPENDENCIES = tests/unit/libreachfix.so
tests/unit/libreachfix.so: tests/unit/reach-fix.c tests/unit/reach-fix.map
	$(AM_V_CC)$(MKDIR_P) tests/unit && $(CC) -shared -fPIC -O1 \
		-Wl,--version-script=$(srcdir)/tests/unit/reach-fix.map \
		-Wl,-soname,libreachfix.so.1 -o $@ $(srcdir)/tests/unit/reach-fix.c
CLEANFILES += tests/unit/libreachfix.so
EXTRA_DIST += tests/unit/reach-fix.c tests/unit/reach-fix.map
TESTS += tests/unit/t-reach

# Fuzz target of the ELF reader (tests/fuzz/README.md): the replay binary
# always builds; t2506 feeds it the built ELF files, their truncations and
# mutations.  With --enable-fuzzing, also the libFuzzer binary.
check_PROGRAMS += tests/fuzz/regress-elf
tests_fuzz_regress_elf_SOURCES = $(FUZZ_DRIVER) tests/fuzz/fuzz-elf.c
tests_fuzz_regress_elf_LDADD = $(SYSCENSUS_LIBS)
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz-elf
tests_fuzz_fuzz_elf_SOURCES = tests/fuzz/fuzz-elf.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_elf_LDFLAGS = $(FUZZ_BIN_LDFLAGS)
tests_fuzz_fuzz_elf_LDADD = $(SYSCENSUS_LIBS)
endif
