# SPDX-License-Identifier: LGPL-2.1-or-later
# import speed (issue 13): tests of the strace importer's hot-path caches
# (included by Makefile.am); the benchmark is bench/import.sh.
TESTS_IMPORT_FAST = tests/integration/t2610-import-fact-memo.sh
TESTS += $(TESTS_IMPORT_FAST)
EXTRA_DIST += $(TESTS_IMPORT_FAST)
