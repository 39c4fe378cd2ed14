# SPDX-License-Identifier: LGPL-2.1-or-later
# merge command area.
TESTS += tests/integration/t3101-merge.sh \
	tests/integration/t3020-merge-run-columns.sh
EXTRA_DIST += tests/integration/t3101-merge.sh \
	tests/integration/t3020-merge-run-columns.sh
