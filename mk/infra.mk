# SPDX-License-Identifier: LGPL-2.1-or-later
# test infrastructure area: the probes behind the prerequisites that
# tests/integration/lib.sh declares (test_lazy_prereq), their tests, and
# the test-suite README.  Probe tracees build without sanitizers like every
# tracee (see Makefile.am).
INFRA_TRACEES = tests/tracees/x32-probe
check_PROGRAMS += $(INFRA_TRACEES)
tests_tracees_x32_probe_SOURCES = tests/tracees/x32-probe.c
tests_tracees_x32_probe_CFLAGS = $(TRACEE_CFLAGS)
tests_tracees_x32_probe_LDFLAGS =

INFRA_TESTS = tests/integration/t0010-test-prereqs.sh \
	tests/integration/t0011-hostile-names.sh \
	tests/integration/t1011-control-socket.sh
TESTS += $(INFRA_TESTS)
EXTRA_DIST += $(INFRA_TESTS) tests/README.md

INFRA_ATTACH_TESTS = tests/integration/t1106-attach-match-ancestors.sh
TESTS += $(INFRA_ATTACH_TESTS)
EXTRA_DIST += $(INFRA_ATTACH_TESTS)
