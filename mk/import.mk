# SPDX-License-Identifier: LGPL-2.1-or-later
# import area: sources, tests and data (included by Makefile.am).
analyzer_libanalyzer_a_SOURCES += analyzer/import.c \
	analyzer/import-strace.c analyzer/strace-parse.c \
	analyzer/strace-parse.h
