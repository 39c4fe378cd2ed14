# SPDX-License-Identifier: LGPL-2.1-or-later
# policy area (list and systemd readers, diff/check, emit, report):
# sources, tests and data (included by Makefile.am).
analyzer_libanalyzer_a_SOURCES += analyzer/policy.c analyzer/policy-list.c \
	analyzer/policy-systemd.c analyzer/emit.c analyzer/emit-list.c
