# SPDX-License-Identifier: LGPL-2.1-or-later
# args area (issue 4): sources, tests and data (included by Makefile.am).

# Unit tests of the conditions (emit-args.c, emit-seccomp.c).
check_PROGRAMS += tests/unit/t-emit-args
tests_unit_t_emit_args_SOURCES = tests/unit/t-emit-args.c
tests_unit_t_emit_args_CFLAGS = $(UNIT_CFLAGS)
tests_unit_t_emit_args_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/t-emit-args

# The tracee of the --args enforcement tests (no sanitizers: see
# Makefile.am); the tests also build it with an emitted C filter.
check_PROGRAMS += tests/tracees/args-calls
tests_tracees_args_calls_SOURCES = tests/tracees/args-calls.c
tests_tracees_args_calls_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_args_calls_LDFLAGS =
EXTRA_DIST += tests/tracees/args-calls.c

EXTRA_DIST += fixtures/args/mixed.log fixtures/args/bad-value.log \
	fixtures/args/audit-log.log fixtures/args/clone-ns.log
EXTRA_DIST += fixtures/args/oci-quote-key.json fixtures/args/oci-marker.json
