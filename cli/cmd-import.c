/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-import.c - `syscensus import`: stream saved logs (strace in every
 * flag combination, -ff directories, audit and journal records) into the
 * store.  Each invocation is one run, so importing the same file twice
 * makes two runs instead of silently doubling counts.  The whole import is
 * one transaction: a failure (unreadable input, --strict and a bad line)
 * leaves the database as it was.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/import/import.h"
#include "analyzer/reach.h"
#include "cli/cmd.h"
#include "cli/confine.h"
#include "common/store-inspect.h"

/* The options, filled by the framework (cmd.c). */
static struct import_opts opts = {
	.format = "auto", .phase = "default", .max_reports = 10,
};
static bool no_scan;

static int opt_format(const struct cmd_entry *self, const char *arg, void *v)
{
	(void)v;
	if (strcmp(arg, "auto") && strcmp(arg, "strace") &&
	    strcmp(arg, "audit") && strcmp(arg, "journal"))
		return cmd_usage_error(self, "unknown format '%s'", arg);
	opts.format = arg;
	return 0;
}

static int opt_phase(const struct cmd_entry *self, const char *arg, void *v)
{
	(void)v;
	if (!*arg)
		return cmd_usage_error(self, "empty phase name");
	opts.phase = arg;
	return 0;
}

static int cmd_import_exec(const struct cmd_entry *self)
{
	struct import_opts o = opts;
	struct import_stats stats = { 0 };
	struct store *st = NULL;
	struct store_run r = { 0 };
	char *source = NULL;
	bool quiet = log_quiet;
	int64_t run;
	int status = EXIT_USAGE;

	if (!cmd_ctx.argc)
		return cmd_usage_error(self, "nothing to import (name a file, "
				       "a directory or -)");
	st = cmd_store();
	if (!st)
		return EXIT_USAGE;
	cmd_inputs_open();
	import_lines_prepare();
	cmd_confine("import", CONFINE_LIST(cmd_db_path(cmd_ctx.db)), (const char *const *)cmd_ctx.argv, CONFINE_NONE, no_scan ? 0 : CONFINE_READ_ANYWHERE | CONFINE_SCAN_CACHE);
	source = argv_join(cmd_ctx.argc, cmd_ctx.argv);
	r.kind = "import";
	r.source = source;
	r.command = cmd_line;
	if (store_begin(st) < 0)
		goto out;
	run = store_run_begin(st, &r);
	if (run < 0 ||
	    import_paths(st, run, &o, cmd_ctx.argv, (size_t)cmd_ctx.argc,
			 &stats) < 0 ||
	    store_run_end(st, run, 0, stats.lines, stats.bad_lines) < 0) {
		store_rollback(st);
		if (o.strict && stats.bad_lines)
			error("--strict: nothing imported");
		goto out;
	}
	if (store_commit(st) < 0)
		goto out;
	if (stats.bad_lines > o.max_reports)
		note("... and %llu more bad lines (all are in the problems "
		     "table of run %lld)",
		     (unsigned long long)(stats.bad_lines - o.max_reports),
		     (long long)run);
	if (!quiet)
		fprintf(stderr, "syscensus: run %lld: %llu files, %llu lines, "
			"%llu calls, %ld distinct syscalls, %llu bad lines"
			"%s\n", (long long)run,
			(unsigned long long)stats.files,
			(unsigned long long)stats.lines,
			(unsigned long long)stats.calls,
			store_run_distinct_syscalls(st, run),
			(unsigned long long)stats.bad_lines,
			stats.kills ? ", seccomp kills found" : "");
	status = EXIT_OK;
	/* Logs may come from another machine: a path that is not a file
	 * here is a warning of the scan, not an import error. */
	if (!no_scan)
		reach_scan_run(st, run);
out:
	free(source);
	return status;
}

static const struct cmd_option import_options[] = {
	{ .kind = CMD_OPT_STRING, .short_name = 'o', .long_name = "db",
	  .alias = "output", .arg = "DB", .value = &cmd_ctx.db,
	  .help = "the database written (default ./syscensus.db or\n"
		  "$SYSCENSUS_DB); --output DB is the same" },
	CMD_CALL(0, "format", "F", opt_format, NULL,
		 "auto (default), strace, audit or journal"),
	CMD_CALL(0, "phase", "NAME", opt_phase, NULL,
		 "label everything imported with phase NAME (default)"),
	CMD_FLAG(0, "strict", &opts.strict,
		 "the first bad line is fatal; nothing is imported"),
	CMD_FLAG(0, "no-scan", &no_scan,
		 "do not scan the executables the logs name (static\n"
		 "reach, 'syscensus scan'); those not here are skipped"),
	CMD_QUIET("no summary line, no bad-line reports"),
	{ .kind = CMD_OPT_HELP, .short_name = 'h', .long_name = "help",
	  .help = "this help" },
	CMD_END,
};

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = "[-o|--db DB] [--format auto|strace|audit|journal] "
		 "[--phase NAME] [--strict] [--no-scan] [-q] FILE|DIR|-...",
	.summary = "import saved strace, audit or journal logs",
	.options = import_options,
	.help_col = 21,
	.flags = CMD_NEEDS_DB | CMD_DB_CREATE | CMD_CONFINABLE |
		 CMD_STOP_AT_OPERAND | CMD_HELP_ALIGN_LONG,
	.help =
	"\nA directory means every regular file in it (strace -ff output;"
	" each\nfile's pid comes from its name, PREFIX.PID).  '-' reads "
	"standard input.\nEvery import is a new run; bad lines are "
	"reported as FILE:LINE and stored.\n"
	"\nInputs are regular files or streams: '-', a pipe (<(cmd), "
	"/dev/stdin), a FIFO;\na device such as /dev/zero is refused.  "
	"The format of a stream is sniffed\nfrom its first 8 KiB without "
	"seeking.  Line limit: a line longer than 1 MiB\n(strace), 64 KiB "
	"(audit) or 256 KiB (journal) is a bad line in a file, and\nends "
	"a stream with an error (it may never end).\n",
	.exec = cmd_import_exec,
};
