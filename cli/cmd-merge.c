/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-merge.c - `syscensus merge -o DB IN.db...`: copy every run of the
 * input stores into DB (created 0600 if missing), so traces from several
 * machines or CI jobs can be diffed, checked and emitted from together.
 * The work is analyzer/merge.c; this file parses options and reports.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/analyzer.h"
#include "cli/cmd.h"

static void remove_store(const char *path)
{
	static const char *const suffixes[] = { "-wal", "-shm", "" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(suffixes); i++) {
		char *p = xasprintf("%s%s", path, suffixes[i]);

		unlink(p);
		free(p);
	}
}

static int cmd_merge_exec(const struct cmd_entry *self)
{
	struct merge_stats stats;
	const char *output = cmd_ctx.db;
	struct store *st;
	struct stat sb;
	bool existed;
	int ret;

	if (!output || !*output)
		return cmd_usage_error(self, "name the output with -o DB");
	if (!cmd_ctx.argc)
		return cmd_usage_error(self, "name at least one input store");

	existed = lstat(output, &sb) == 0;
	st = store_open(output, STORE_CREATE);
	if (!st)
		return EXIT_USAGE;
	cmd_inputs_open();
	ret = merge_stores(st, cmd_ctx.argv, (size_t)cmd_ctx.argc, cmd_line,
			   &stats);
	store_close(st);
	if (ret < 0) {
		/* Do not leave behind an empty store this command made. */
		if (!existed && !stats.inputs)
			remove_store(output);
		return EXIT_USAGE;
	}
	note("merged %llu run%s (%llu syscall rows) from %llu store%s into "
	     "'%s'", (unsigned long long)stats.runs, stats.runs == 1 ? "" : "s",
	     (unsigned long long)stats.syscalls,
	     (unsigned long long)stats.inputs, stats.inputs == 1 ? "" : "s",
	     output);
	return EXIT_OK;
}

static const struct cmd_option merge_options[] = {
	{ .kind = CMD_OPT_STRING, .short_name = 'o', .long_name = "db",
	  .alias = "output", .arg = "DB", .value = &cmd_ctx.db,
	  .help = "the store to merge into (created 0600 if missing;\n"
		  "--output DB is the same);\n"
		  "it must not be one of the inputs" },
	CMD_QUIET("no summary on stderr"),
	CMD_OPERAND("IN.db...", "stores written by record, attach, import or "
		    "merge;\nopened read-only, each merged in one "
		    "transaction"),
	CMD_END,
};

const struct cmd_entry cmd_merge_entry = {
	.name = "merge",
	.usage = "-o|--db DB [--quiet] IN.db...",
	.summary = "copy the runs of several stores into one",
	.options = merge_options,
	.help_col = 19,
	.flags = CMD_CONFINABLE,
	.help =
		"\nRuns get new ids; phases, executables and call stacks are "
		"matched by name.\nExit status: 0 merged, 2 a bad input or "
		"usage (nothing of that input\nis written).\n",
	.exec = cmd_merge_exec,
};
