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

TESTS += tests/integration/t2210-emit-args.sh
EXTRA_DIST += tests/integration/t2210-emit-args.sh fixtures/args/mixed.log \
	fixtures/args/bad-value.log fixtures/args/audit-log.log \
	fixtures/args/clone-ns.log
TESTS += tests/integration/t9110-e2e-args-enforce.sh
EXTRA_DIST += tests/integration/t9110-e2e-args-enforce.sh
TESTS += tests/integration/t9111-e2e-args-daemon.sh
EXTRA_DIST += tests/integration/t9111-e2e-args-daemon.sh
TESTS += tests/integration/t2211-oci-big-values.sh
EXTRA_DIST += tests/integration/t2211-oci-big-values.sh \
	fixtures/args/oci-quote-key.json fixtures/args/oci-marker.json
