# SPDX-License-Identifier: LGPL-2.1-or-later
# policy area (list and systemd readers, diff/check, emit, report):
# sources, tests and data (included by Makefile.am).
dist_pkgdata_DATA += data/systemd-groups.txt
EXTRA_DIST += scripts/gen-systemd-groups.sh

TESTS += tests/integration/t2101-policy-list.sh
EXTRA_DIST += tests/integration/t2101-policy-list.sh
TESTS += tests/integration/t2102-policy-systemd.sh
EXTRA_DIST += tests/integration/t2102-policy-systemd.sh
TESTS += tests/integration/t4001-report-text-json.sh \
	tests/integration/t4002-report-md-escape.sh
EXTRA_DIST += tests/integration/t4001-report-text-json.sh \
	tests/integration/t4002-report-md-escape.sh
TESTS += tests/integration/t9001-gate-strace-emit-check.sh
EXTRA_DIST += tests/integration/t9001-gate-strace-emit-check.sh

check_PROGRAMS += tests/unit/t-policy
tests_unit_t_policy_SOURCES = tests/unit/t-policy.c
tests_unit_t_policy_CFLAGS = $(UNIT_CFLAGS)
tests_unit_t_policy_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/t-policy
