/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-report.c - `syscensus report`: what a database holds, for people
 * (text, md, html) and scripts (json): seccomp kills first (each with the
 * policy line that fixes it), a phase x syscall matrix per executable with
 * the callers of each syscall that has a recorded stack, then runs,
 * executables, phases and bad input lines.  The model is built once
 * (reports/report-model.c, C structs) and rendered by the format's entry in
 * reports/formats.c.  `--compare OLD.db` says what appeared and vanished
 * since a baseline instead (reports/report-compare.c).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "analyzer/analyzer.h"
#include "analyzer/policy/policy.h"
#include "cli/cmd.h"
#include "cli/confine.h"
#include "reports/reports.h"

/* The options, filled by the framework (cmd.c). */
static struct {
	const char *format, *policy, *policy_format, *compare;
	bool long_list;
} report = {
	.format = "text",
	.policy_format = "auto",
};

/* The terminal's width when writing to one, else $COLUMNS, else 80. */
static unsigned term_width(const char *out_path)
{
	struct winsize ws;
	const char *c = getenv("COLUMNS");

	if ((!out_path || !strcmp(out_path, "-")) &&
	    ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		return ws.ws_col;
	if (c && atoi(c) >= 40)
		return (unsigned)atoi(c);
	return 80;
}

static int report_compare(const struct cmd_entry *self, const char *old_path,
			  const char *format)
{
	struct store *old = NULL, *cur = NULL;
	struct report_compare cmp;
	bool loaded = false;
	FILE *out;
	int rc, status = EXIT_USAGE;

	if (!report_compare_format_known(format))
		return cmd_usage_error(self, "--compare writes "
				       REPORT_COMPARE_FORMATS ", not '%s'",
				       format);
	cmd_confine("report", CONFINE_LIST(cmd_db_path(cmd_ctx.db), old_path), CONFINE_NONE, CONFINE_LIST(cmd_ctx.out_path), 0);
	old = store_open(old_path, STORE_READONLY);
	if (!old)
		goto out;
	cur = cmd_store();
	if (!cur)
		goto out;
	if (report_compare_load(old, cur, &cmp) < 0)
		goto out;
	loaded = true;
	out = cmd_output();
	if (!out) {
		status = EXIT_SYSTEM;
		goto out;
	}
	rc = report_compare_write(out, format, &cmp);
	status = cmd_output_close() < 0 || rc < 0 ? EXIT_SYSTEM : EXIT_OK;
out:
	if (loaded)
		report_compare_release(&cmp);
	store_close(old);
	return status;
}

static int cmd_report_exec(const struct cmd_entry *self)
{
	const char *format = report.format, *out_path = cmd_ctx.out_path;
	const char *policy_path = report.policy;
	const char *policy_format = report.policy_format;
	const char *compare = report.compare;
	const struct report_format *fmt;
	struct report_opts o;
	struct diff_result r;
	struct observed_filter all;
	struct policy *p = NULL;
	struct store *st = NULL;
	struct report_model model;
	bool loaded = false;
	FILE *out = NULL;
	int rc, status = EXIT_USAGE;

	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	memset(&all, 0, sizeof(all));
	o.long_list = report.long_list;
	if (cmd_ctx.argc)
		return cmd_no_operands(self);
	if (compare)
		return report_compare(self, compare, format);
	fmt = report_format_find(format);
	if (!fmt)
		return cmd_usage_error(self, "unknown --format '%s' ("
				       REPORT_FORMATS ")", format);
	if (!cmd_in_list(policy_formats, policy_format))
		return cmd_usage_error(self, "unknown --policy-format '%s'",
				       policy_format);
	cmd_confine("report", CONFINE_LIST(cmd_db_path(cmd_ctx.db)), CONFINE_LIST(policy_path), CONFINE_LIST(cmd_ctx.out_path), confine_policy_flags(policy_path, policy_format));
	if (policy_path &&
	    cmd_policy_load(policy_path, policy_format, 0, &p) < 0)
		goto out;
	st = cmd_store();
	if (!st)
		goto out;
	if (report_model_load(st, &model) < 0)
		goto out;
	loaded = true;
	if (p) {
		if (diff_compute(st, &all, p, &r) < 0)
			goto out;
		o.diff = &r;
		o.policy = p;
	}
	o.st = st;
	o.width = term_width(out_path);
	out = cmd_output();
	if (!out) {
		status = EXIT_SYSTEM;
		goto out;
	}
	rc = fmt->write(out, &model, &o);
	status = cmd_output_close() < 0 || rc < 0 ? EXIT_SYSTEM : EXIT_OK;
out:
	diff_result_release(&r);
	policy_free(p);
	if (loaded)
		report_model_release(&model);
	return status;
}

static const struct cmd_option report_options[] = {
	CMD_OPT_DB_READ,
	CMD_STRING(0, "format", "F", &report.format,
		   "text (default), md, html or json"),
	CMD_FLAG(0, "long", &report.long_list,
		 "text: the flat list of phase/program/syscall rows\n"
		 "instead of the matrix"),
	CMD_STRING(0, "policy", "FILE", &report.policy,
		   "html: colour what the policy does not allow and list\n"
		   "uncovered, conditional and unused syscalls"),
	CMD_STRING(0, "policy-format", "F", &report.policy_format,
		   "auto (default), list, systemd, oci, minijail, c, bpf"),
	CMD_STRING(0, "compare", "OLD.db", &report.compare,
		   "what appeared and vanished since the baseline OLD.db:\n"
		   "syscalls, executables, phases, per executable\n"
		   "(text, md or json)"),
	CMD_OPT_OUTPUT,
	CMD_END,
};

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.usage = "[--db DB] [--format text|md|html|json] [--long] "
		 "[--policy FILE [--policy-format F]] [--compare OLD.db] "
		 "[-o FILE]",
	.summary = "summarise a database: kills, matrix, callers, runs",
	.options = report_options,
	.help_col = 23,
	.flags = CMD_NEEDS_DB | CMD_OUTPUT | CMD_CONFINABLE,
	.help =
	"\nText shows, per executable, a phase x syscall matrix (calls, "
	"CALLS/ERRORS\nwhen some failed), sized to the terminal, then the "
	"callers of each syscall\nwith a recorded stack.  html is one "
	"self-contained page (no network;\nJavaScript only sorts and "
	"filters): the matrix first, then kills with the\nfix, the policy's "
	"verdicts, what the knowledge base and static reach add,\nstacks and "
	"facts, runs.  Over 3,000 cells, the matrix is written as\naligned "
	"text rows, made cells by the page's script as they come into view.\n"
	"\nStacks (record --stacks), of each syscall's first call and of "
	"each kill's\nfatal call: text and md show the callers (the "
	"innermost frames in the\nprogram, not libc); json gives every "
	"frame as `stack`: [{function, offset,\nobject}] with the callers "
	"as `caller`; html shows both.  --compare shows\nthe caller of "
	"each new syscall.\n"
	"\nSeccomp kills come first, each with the line to add to the "
	"allowlist; a\nkill that names no syscall (a journal line: "
	"status=31/SYS without its\naudit record, 226/NAMESPACE, a watchdog "
	"timeout) shows the explanation its\nimporter stored instead.  "
	"Then the unexercised syscalls: what a program's\ncode reaches "
	"directly (static reach from `syscensus scan`) that no trace\nsaw "
	"it make, each with how it is reached.\n",
	.exec = cmd_report_exec,
};
