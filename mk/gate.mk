# SPDX-License-Identifier: LGPL-2.1-or-later
# The gate's hardening (issue 9): data kept when the final write fails,
# concurrent first use, output files, empty selections, executable names,
# exit codes and the summary line of record/attach.
GATE_TESTS = tests/integration/t0030-output-files.sh \
	tests/integration/t0031-check-empty-selection.sh \
	tests/integration/t1020-record-exit-codes.sh \
	tests/integration/t1021-record-final-write.sh \
	tests/integration/t1022-record-exe-names.sh \
	tests/integration/t1110-attach-many.sh \
	tests/integration/t3010-store-concurrent-create.sh
TESTS += $(GATE_TESTS)
EXTRA_DIST += $(GATE_TESTS)
