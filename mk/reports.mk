# SPDX-License-Identifier: LGPL-2.1-or-later
# reports area (stacks in every output, the text matrix, html, junit,
# sarif, github annotations, report --compare): sources and tests
# (included by Makefile.am).

REPORTS_TESTS = \
	tests/integration/t4003-report-matrix-stacks.sh \
	tests/integration/t4004-check-junit.sh \
	tests/integration/t4005-check-sarif-github.sh \
	tests/integration/t4006-report-html.sh \
	tests/integration/t4007-report-compare.sh \
	tests/integration/t4008-reports-unexercised.sh
TESTS += $(REPORTS_TESTS)
EXTRA_DIST += $(REPORTS_TESTS) tests/integration/reports-lib.sh \
	doc/report-html.png

check_PROGRAMS += tests/unit/t-reports
tests_unit_t_reports_SOURCES = tests/unit/t-reports.c
tests_unit_t_reports_CFLAGS = $(UNIT_CFLAGS)
tests_unit_t_reports_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/t-reports
