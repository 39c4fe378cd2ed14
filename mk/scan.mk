# SPDX-License-Identifier: LGPL-2.1-or-later
# scan area (issue 10, static reach): the scanner engine, `syscensus scan`,
# its tracees and tests (included by Makefile.am).
analyzer_libanalyzer_a_SOURCES += analyzer/reach.h analyzer/reach-int.h \
	analyzer/reach.c analyzer/reach-elf.c analyzer/reach-x86.c \
	analyzer/reach-sum.c analyzer/reach-store.c
syscensus_SOURCES += cli/cmd-scan.c
