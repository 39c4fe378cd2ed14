# SPDX-License-Identifier: LGPL-2.1-or-later
# policy area (list and systemd readers, diff/check, emit, report):
# sources, tests and data (included by Makefile.am).
dist_pkgdata_DATA += data/systemd-groups.txt
EXTRA_DIST += scripts/gen-systemd-groups.sh

check_PROGRAMS += tests/unit/t-policy
tests_unit_t_policy_SOURCES = tests/unit/t-policy.c
tests_unit_t_policy_CFLAGS = $(UNIT_CFLAGS)
tests_unit_t_policy_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/t-policy
