# SPDX-License-Identifier: LGPL-2.1-or-later
# The declarative CLI (issue 11, step 2): the logic that moved out of cli/
# into its layer, and the tests of the command framework.
analyzer_libanalyzer_a_SOURCES += analyzer/policy-judge.h \
	analyzer/policy-judge.c
reports_libreports_a_SOURCES += reports/report-lint.c
reports_libreports_a_SOURCES += reports/report-inspect.c
tracer_libtracer_a_SOURCES += tracer/inspect.h tracer/inspect.c
analyzer_libanalyzer_a_SOURCES += analyzer/emit-items.h \
	analyzer/emit-items.c
reports_libreports_a_SOURCES += reports/report-check.c
