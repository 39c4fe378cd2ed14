# SPDX-License-Identifier: LGPL-2.1-or-later
# The declarative CLI (issue 11, step 2): the logic that moved out of cli/
# into its layer, and the tests of the command framework.

# The framework's tests link every command (not main.c): they read the
# command table.
check_PROGRAMS += tests/unit/t-cmd
tests_unit_t_cmd_SOURCES = tests/unit/t-cmd.c cli/cmd.c cli/cmd-util.c \
	cli/cmd-record.c cli/cmd-attach.c cli/cmd-mark.c cli/cmd-import.c \
	cli/cmd-diff.c cli/cmd-check.c cli/cmd-emit.c cli/cmd-report.c \
	cli/cmd-verify.c cli/cmd-verify-landlock.c cli/cmd-inspect.c \
	cli/cmd-lint.c cli/cmd-merge.c cli/cmd-scan.c
tests_unit_t_cmd_CFLAGS = $(UNIT_CFLAGS)
tests_unit_t_cmd_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/t-cmd
