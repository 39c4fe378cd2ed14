# SPDX-License-Identifier: LGPL-2.1-or-later
# analyzer/ as sub-libraries (issue 11, step 3): the public header of each
# (import/, policy/, emit/ and analyzer/ itself) and the sources the split
# added.  The sources that were already there stay in their areas' fragments.

TESTS += tests/integration/t2600-import-line-loop.sh \
	tests/integration/t2601-import-scan-proc.sh
EXTRA_DIST += tests/integration/t2600-import-line-loop.sh \
	tests/integration/t2601-import-scan-proc.sh
