# SPDX-License-Identifier: LGPL-2.1-or-later
# analyzer/ as sub-libraries (issue 11, step 3): the public header of each
# (import/, policy/, emit/ and analyzer/ itself) and the sources the split
# added.  The sources that were already there stay in their areas' fragments.
analyzer_libanalyzer_a_SOURCES += analyzer/import/import.h \
	analyzer/policy/policy.h analyzer/emit/emit.h \
	analyzer/policy/const-eval.c analyzer/observed.c
analyzer_libanalyzer_a_SOURCES += analyzer/import/lines.c \
	analyzer/import/strace-int.h analyzer/import/strace-tasks.c \
	analyzer/import/strace-facts.c

TESTS += tests/integration/t2600-import-line-loop.sh \
	tests/integration/t2601-import-scan-proc.sh
EXTRA_DIST += tests/integration/t2600-import-line-loop.sh \
	tests/integration/t2601-import-scan-proc.sh
