# SPDX-License-Identifier: LGPL-2.1-or-later
# kb area: sources, tests and data (included by Makefile.am).

dist_pkgdata_DATA += data/README data/durability.rules data/events.rules \
	data/families.rules data/inotify.rules data/process.rules \
	data/signals.rules data/sqlite.rules data/systemd.rules \
	data/threads.rules

check_PROGRAMS += tests/unit/t-kb
tests_unit_t_kb_SOURCES = tests/unit/t-kb.c
tests_unit_t_kb_CFLAGS = $(UNIT_CFLAGS)
tests_unit_t_kb_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/t-kb

