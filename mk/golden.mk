# SPDX-License-Identifier: LGPL-2.1-or-later
# Golden outputs (issue 11): the JSON of diff, check, emit and report on the
# fixtures stays byte-identical across refactoring.
EXTRA_DIST += tests/golden
