/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-check.c - `syscensus check`: `diff` as a CI gate.  The same options
 * and output as diff (cmd-diff.c runs both); the exit status is 1 when any
 * observed syscall is not covered by the policy (or was called with an
 * argument value the policy denies), and every uncovered syscall is named
 * on stderr too, so a CI log says what to fix.
 */
#include "config.h"

#include "cli/cmd.h"

static int cmd_check_exec(const struct cmd_entry *self)
{
	return cmd_diff_run(self, true);
}

static const struct cmd_option check_options[] = {
	CMD_DIFF_OPTIONS,
	CMD_FLAG(0, "strict", &cmd_diff_opts.strict,
		 "unexercised syscalls fail the gate too"),
	CMD_END,
};

const struct cmd_entry cmd_check_entry = {
	.name = "check",
	.usage = "[--db DB] --policy FILE [--policy-format F] "
		 "[--no-drop-ins] [--phase NAME]... [--exe REGEX] "
		 "[--format text|json|md|junit|sarif|github] [--strict] "
		 "[-o FILE]",
	.summary = "fail (exit 1) when observed syscalls are not in the policy",
	.options = check_options,
	.help_col = 23,
	.flags = CMD_DIFF_FLAGS,
	.help =
	"\nThe output is diff's.  Then, on stderr, one line naming each "
	"distinct\nuncovered syscall once (with the number of phase/program "
	"rows when a\nsyscall is uncovered in several) and the architectures "
	"the policy does not\nadmit (calls made on them are uncovered: the "
	"kernel kills them).\n"
	"\nA syscall the policy allows for some argument values only "
	"(socket domains,\nioctl/fcntl/prctl commands, clone flags) is "
	"judged from the values the\ntrace shows: a denied value is "
	"uncovered and named, e.g.\nsocket(arg0=AF_NETLINK).  When the trace "
	"does not show the value of every\ncall, the row stays conditional "
	"(covered) and the output says why.\n"
	"\nUnexercised syscalls (static reach from `syscensus scan`: the "
	"program's code\nreaches them directly, the trace never saw them, "
	"the policy denies them)\nare a warning, named on stderr too; "
	"--strict makes them fail the gate.\n"
	"\nExit status: 0 everything observed is covered; 1 something is "
	"uncovered\n(each named with its phase and executable), or with "
	"--strict unexercised;\n2 bad input "
	"(an unreadable\npolicy, an unknown syscall name at FILE:LINE:COL, "
	"also in a drop-in, no\ndatabase) or nothing to check: the "
	"selection holds no observed syscall\n(the phases and executables "
	"held are listed).  An unfinished run (no end\nrecorded: a killed "
	"tracer) is a warning and the json unfinished_runs.\n",
	.exec = cmd_check_exec,
};
