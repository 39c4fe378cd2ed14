/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-report.c - `syscensus report`: what a database holds, for people
 * (text, md, html) and scripts (json): seccomp kills first (each with the
 * policy line that fixes it), a phase x syscall matrix per executable with
 * the callers of each syscall that has a recorded stack, then runs,
 * executables, phases and bad input lines.  The model is built once
 * (reports/report-json.c) and rendered by the format's entry in
 * reports/formats.c.  `--compare OLD.db` says what appeared and vanished
 * since a baseline instead (reports/report-compare.c).
 */
#include "config.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "analyzer/analyzer.h"
#include "cli/cmd.h"
#include "reports/reports.h"

enum {
	OPT_DB = 256,
	OPT_FORMAT,
	OPT_LONG,
	OPT_POLICY,
	OPT_POLICY_FORMAT,
	OPT_COMPARE,
};

static const struct option report_options[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, 'o' },
	{ "long", no_argument, NULL, OPT_LONG },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "policy-format", required_argument, NULL, OPT_POLICY_FORMAT },
	{ "compare", required_argument, NULL, OPT_COMPARE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
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

static int report_compare(const struct cmd_entry *self, const char *db,
			  const char *old_path, const char *format,
			  const char *out_path)
{
	struct store *old = NULL, *cur = NULL;
	json_t *cmp = NULL;
	FILE *out;
	int rc, status = EXIT_USAGE;

	if (!report_compare_format_known(format))
		return cmd_usage_error(self, "--compare writes "
				       REPORT_COMPARE_FORMATS ", not '%s'",
				       format);
	old = store_open(old_path, STORE_READONLY);
	if (!old)
		goto out;
	cur = store_open(cmd_db_path(db), STORE_READONLY);
	if (!cur)
		goto out;
	cmp = report_compare_model(old, cur);
	if (!cmp)
		goto out;
	out = output_open(out_path);
	if (!out) {
		status = EXIT_SYSTEM;
		goto out;
	}
	rc = report_compare_write(out, format, cmp);
	status = output_close(out, out_path) < 0 || rc < 0 ? EXIT_SYSTEM :
							      EXIT_OK;
out:
	json_decref(cmp);
	store_close(old);
	store_close(cur);
	return status;
}

static int cmd_report_exec(const struct cmd_entry *self, int argc, char **argv)
{
	const char *db = NULL, *format = "text", *out_path = NULL;
	const char *policy_path = NULL, *policy_format = "auto";
	const char *compare = NULL;
	const struct report_format *fmt;
	struct report_opts o;
	struct diff_result r;
	struct observed_filter all;
	struct policy *p = NULL;
	struct store *st = NULL;
	json_t *model = NULL;
	FILE *out = NULL;
	int c, rc, status = EXIT_USAGE;

	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	memset(&all, 0, sizeof(all));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ho:", report_options, NULL)) !=
	       -1) {
		switch (c) {
		case 'h':
			cmd_print_help(self, stdout);
			return EXIT_OK;
		case OPT_DB: db = optarg; break;
		case OPT_FORMAT: format = optarg; break;
		case 'o': out_path = optarg; break;
		case OPT_LONG: o.long_list = true; break;
		case OPT_POLICY: policy_path = optarg; break;
		case OPT_POLICY_FORMAT: policy_format = optarg; break;
		case OPT_COMPARE: compare = optarg; break;
		default:
			return cmd_getopt_error(self, c, argv);
		}
	}
	if (optind < argc)
		return cmd_no_operands(self, argc, argv);
	if (compare)
		return report_compare(self, db, compare, format, out_path);
	fmt = report_format_find(format);
	if (!fmt)
		return cmd_usage_error(self, "unknown --format '%s' ("
				       REPORT_FORMATS ")", format);
	if (!cmd_in_list(policy_formats, policy_format))
		return cmd_usage_error(self, "unknown --policy-format '%s'",
				       policy_format);
	if (policy_path &&
	    cmd_policy_load(policy_path, policy_format, 0, &p) < 0)
		goto out;
	st = store_open(cmd_db_path(db), STORE_READONLY);
	if (!st)
		goto out;
	model = report_model(st);
	if (!model)
		goto out;
	if (p) {
		if (diff_compute(st, &all, p, &r) < 0)
			goto out;
		o.diff = &r;
		o.policy = p;
	}
	o.st = st;
	o.width = term_width(out_path);
	out = output_open(out_path);
	if (!out) {
		status = EXIT_SYSTEM;
		goto out;
	}
	rc = fmt->write(out, model, &o);
	status = output_close(out, out_path) < 0 || rc < 0 ? EXIT_SYSTEM :
							      EXIT_OK;
out:
	diff_result_release(&r);
	policy_free(p);
	json_decref(model);
	store_close(st);
	return status;
}

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.usage = "[--db DB] [--format text|md|html|json] [--long] "
		 "[--policy FILE [--policy-format F]] [--compare OLD.db] "
		 "[-o FILE]",
	.summary = "summarise a database: kills, matrix, callers, runs",
	.help =
	"  --db DB              the database (default ./syscensus.db or "
	"$SYSCENSUS_DB)\n"
	"  --format F           text (default), md, html or json\n"
	"  --long               text: the flat list of phase/program/"
	"syscall rows\n"
	"                       instead of the matrix\n"
	"  --policy FILE        html: colour what the policy does not allow "
	"and list\n"
	"                       uncovered, conditional and unused syscalls\n"
	"  --policy-format F    auto (default), list, systemd, oci, "
	"minijail, c, bpf\n"
	"  --compare OLD.db     what appeared and vanished since the "
	"baseline OLD.db:\n"
	"                       syscalls, executables, phases, per "
	"executable\n"
	"                       (text, md or json)\n"
	CMD_OUTPUT_HELP
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
