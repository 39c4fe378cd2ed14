# SPDX-License-Identifier: LGPL-2.1-or-later
# kb area: sources, tests and data (included by Makefile.am).
analyzer_libanalyzer_a_SOURCES += analyzer/import-audit.c analyzer/import-journal.c
analyzer_libanalyzer_a_SOURCES += analyzer/kb.c
