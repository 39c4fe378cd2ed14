# SPDX-License-Identifier: LGPL-2.1-or-later
# reports area (stacks in every output, the text matrix, html, junit,
# sarif, github annotations, report --compare): sources and tests
# (included by Makefile.am).

EXTRA_DIST += $(REPORTS_TESTS) tests/integration/reports-lib.sh \
	doc/report-html.png

check_PROGRAMS += tests/unit/t-reports
tests_unit_t_reports_SOURCES = tests/unit/t-reports.c
tests_unit_t_reports_CFLAGS = $(UNIT_CFLAGS)
tests_unit_t_reports_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/t-reports

# The report model as C structs (issue 11), walked by every renderer.
reports_libreports_a_SOURCES += reports/report-model.c \
	reports/report-verify.c
