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

KB_TESTS = tests/integration/t2300-lint-cli.sh \
	tests/integration/t2301-lint-list.sh \
	tests/integration/t2302-lint-systemd.sh \
	tests/integration/t2303-lint-oci.sh \
	tests/integration/t2304-lint-minijail.sh \
	tests/integration/t2305-lint-c.sh \
	tests/integration/t2306-lint-bpf.sh \
	tests/integration/t2310-import-audit-kills.sh \
	tests/integration/t2311-import-journal-kills.sh \
	tests/integration/t2320-lint-db-filters.sh \
	tests/integration/t2330-kb-diff-emit.sh \
	tests/integration/t2331-kb-real-trace.sh
TESTS += $(KB_TESTS)
EXTRA_DIST += $(KB_TESTS)

