/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-report.c - `syscensus report`: what a database holds, for people
 * (text, md) and scripts (json): seccomp kills first (each with the policy
 * line that fixes it), then runs, executables, phases, syscalls with their
 * counts and errors per errno, and bad input lines.  The model is built
 * once (reports/report-json.c) and rendered in the format asked for.
 */
#include "config.h"

#include <jansson.h>
#include <string.h>

#include "cli/cmd.h"
#include "reports/reports.h"

enum {
	OPT_DB = 256,
	OPT_FORMAT,
};

static const struct option report_options[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int cmd_report_exec(const struct cmd_entry *self, int argc, char **argv)
{
	const char *db = NULL, *format = "text", *out_path = NULL;
	struct store *st = NULL;
	json_t *model = NULL;
	FILE *out = NULL;
	int c, rc, status = EXIT_USAGE;

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
		default:
			return cmd_getopt_error(self, c, argv);
		}
	}
	if (optind < argc)
		return cmd_no_operands(self, argc, argv);
	if (!strcmp(format, "html"))
		return cmd_usage_error(self, "--format html is not "
				       "implemented yet (text, md or json)");
	if (strcmp(format, "text") && strcmp(format, "json") &&
	    strcmp(format, "md"))
		return cmd_usage_error(self, "unknown --format '%s' (text, md "
				       "or json)", format);
	st = store_open(cmd_db_path(db), STORE_READONLY);
	if (!st)
		goto out;
	model = report_model(st);
	if (!model)
		goto out;
	out = output_open(out_path);
	if (!out) {
		status = EXIT_SYSTEM;
		goto out;
	}
	if (!strcmp(format, "json"))
		rc = report_write_json(out, model);
	else if (!strcmp(format, "md"))
		rc = report_write_md(out, model);
	else
		rc = report_write_text(out, model);
	status = output_close(out, out_path) < 0 || rc < 0 ? EXIT_SYSTEM :
							      EXIT_OK;
out:
	json_decref(model);
	store_close(st);
	return status;
}

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.usage = "[--db DB] [--format text|md|json] [-o FILE]",
	.summary = "summarise a database: kills, runs, programs, syscalls",
	.help =
	"  --db DB              the database (default ./syscensus.db or "
	"$SYSCENSUS_DB)\n"
	"  --format F           text (default), md or json\n"
	CMD_OUTPUT_HELP
	"\nSeccomp kills come first, each with the line to add to the "
	"allowlist; a\nkill that names no syscall (a journal line: "
	"status=31/SYS without its\naudit record, 226/NAMESPACE, a watchdog "
	"timeout) shows the explanation its\nimporter stored instead.  "
	"Then the unexercised syscalls: what a program's\ncode reaches "
	"directly (static reach from `syscensus scan`) that no trace\nsaw "
	"it make, each with how it is reached.\n",
	.exec = cmd_report_exec,
};
