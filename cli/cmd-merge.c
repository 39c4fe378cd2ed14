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
#include "cli/confine.h"

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

static int cmd_merge_exec(const struct cmd_entry *self, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "db", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct merge_stats stats;
	const char *output = NULL;
	struct store *st;
	struct stat sb;
	bool existed;
	int c, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'q':
			log_quiet = 1;
			break;
		case 'h':
			cmd_print_help(self, stdout);
			return EXIT_OK;
		case ':':
			return cmd_usage_error(self, "'%s' needs a value",
					       argv[optind - 1]);
		default:
			return cmd_usage_error(self, "unknown option '%s'",
					       argv[optind - 1]);
		}
	}
	if (!output || !*output)
		return cmd_usage_error(self, "name the output with -o DB");
	if (optind >= argc)
		return cmd_usage_error(self, "name at least one input store");

	existed = lstat(output, &sb) == 0;
	st = store_open(output, STORE_CREATE);
	if (!st)
		return EXIT_USAGE;
	cmd_confine("merge", (const char *const *)argv + optind, CONFINE_NONE, CONFINE_LIST(output), 0);
	ret = merge_stores(st, argv + optind, (size_t)(argc - optind),
			   cmd_line, &stats);
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

const struct cmd_entry cmd_merge_entry = {
	.name = "merge",
	.usage = "-o|--db DB [--quiet] IN.db...",
	.summary = "copy the runs of several stores into one",
	.help = "  -o, --db DB      the store to merge into (created 0600 if "
		"missing;\n"
		"                   --output DB is the same);\n"
		"                   it must not be one of the inputs\n"
		"  -q, --quiet      no summary on stderr\n"
		"  IN.db...         stores written by record, attach, import "
		"or merge;\n"
		"                   opened read-only, each merged in one "
		"transaction\n"
		"\nRuns get new ids; phases, executables and call stacks are "
		"matched by name.\nExit status: 0 merged, 2 a bad input or "
		"usage (nothing of that input\nis written).\n",
	.exec = cmd_merge_exec,
};
