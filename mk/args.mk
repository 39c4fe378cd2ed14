# SPDX-License-Identifier: LGPL-2.1-or-later
# args area (issue 4): sources, tests and data (included by Makefile.am).
analyzer_libanalyzer_a_SOURCES += analyzer/emit-args.c
