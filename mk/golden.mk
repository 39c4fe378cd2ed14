# SPDX-License-Identifier: LGPL-2.1-or-later
# Golden outputs (issue 11): the JSON of diff, check, emit and report on the
# fixtures stays byte-identical across refactoring.
EXTRA_DIST += tests/golden

# The human formats (report text, md, html; report --compare): t0036.
GOLDEN_TESTS = tests/integration/t0036-golden-reports.sh
TESTS += $(GOLDEN_TESTS)
EXTRA_DIST += $(GOLDEN_TESTS)
