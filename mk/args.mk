# SPDX-License-Identifier: LGPL-2.1-or-later
# args area (issue 4): sources, tests and data (included by Makefile.am).
analyzer_libanalyzer_a_SOURCES += analyzer/emit-args.c

# Unit tests of the conditions (emit-args.c, emit-seccomp.c).
check_PROGRAMS += tests/unit/t-emit-args
tests_unit_t_emit_args_SOURCES = tests/unit/t-emit-args.c
tests_unit_t_emit_args_CFLAGS = $(UNIT_CFLAGS)
tests_unit_t_emit_args_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/t-emit-args
