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

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "analyzer/reach.h"
#include "cli/cmd.h"
#include "cli/confine.h"

enum { OPT_FORMAT = 256, OPT_PHASE, OPT_STRICT, OPT_NO_SCAN };

static const struct option import_options[] = {
	{ "db", required_argument, NULL, 'o' },
	{ "output", required_argument, NULL, 'o' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "phase", required_argument, NULL, OPT_PHASE },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "no-scan", no_argument, NULL, OPT_NO_SCAN },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Distinct (arch, syscall) pairs of the run, for the summary line. */
static long distinct_syscalls(struct store *st, int64_t run)
{
	sqlite3_stmt *s = NULL;
	long n = -1;

	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT count(*) FROM (SELECT DISTINCT arch,"
			       " syscall FROM syscalls WHERE run_id = ?1)",
			       -1, &s, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_int64(s, 1, run);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
out:
	sqlite3_finalize(s);
	return n;
}

static int cmd_import_exec(const struct cmd_entry *self, int argc, char **argv)
{
	struct import_opts o = {
		.format = "auto", .phase = "default", .max_reports = 10,
	};
	struct import_stats stats = { 0 };
	const char *db = NULL;
	struct store *st = NULL;
	struct store_run r = { 0 };
	char *source = NULL;
	bool quiet = false, scan = true;
	int64_t run;
	int c, status = EXIT_USAGE;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+o:qh", import_options,
				NULL)) != -1) {
		switch (c) {
		case 'o':
			db = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "auto") &&
			    strcmp(optarg, "strace") &&
			    strcmp(optarg, "audit") &&
			    strcmp(optarg, "journal"))
				return cmd_usage_error(self, "unknown "
						       "format '%s'", optarg);
			o.format = optarg;
			break;
		case OPT_PHASE:
			if (!*optarg)
				return cmd_usage_error(self,
						       "empty phase name");
			o.phase = optarg;
			break;
		case OPT_STRICT:
			o.strict = true;
			break;
		case OPT_NO_SCAN:
			scan = false;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			cmd_print_help(self, stdout);
			return EXIT_OK;
		default:
			return cmd_usage_error(self, "unknown option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cmd_usage_error(self, "nothing to import (name a file, "
				       "a directory or -)");
	if (quiet)
		log_quiet = 1;
	st = store_open(cmd_db_path(db), STORE_CREATE);
	if (!st)
		return EXIT_USAGE;
	cmd_confine("import", CONFINE_LIST(cmd_db_path(db)), (const char *const *)argv + optind, CONFINE_NONE, scan ? CONFINE_READ_ANYWHERE | CONFINE_SCAN_CACHE : 0);
	source = argv_join(argc - optind, argv + optind);
	r.kind = "import";
	r.source = source;
	r.command = cmd_line;
	if (store_begin(st) < 0)
		goto out;
	run = store_run_begin(st, &r);
	if (run < 0 ||
	    import_paths(st, run, &o, argv + optind,
			 (size_t)(argc - optind), &stats) < 0 ||
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
			distinct_syscalls(st, run),
			(unsigned long long)stats.bad_lines,
			stats.kills ? ", seccomp kills found" : "");
	status = EXIT_OK;
	/* Logs may come from another machine: a path that is not a file
	 * here is a warning of the scan, not an import error. */
	if (scan)
		reach_scan_run(st, run);
out:
	store_close(st);
	free(source);
	return status;
}

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = "[-o|--db DB] [--format auto|strace|audit|journal] "
		 "[--phase NAME] [--strict] [--no-scan] [-q] FILE|DIR|-...",
	.summary = "import saved strace, audit or journal logs",
	.help =
	"  -o, --db DB        the database written (default ./syscensus.db "
	"or\n                     $SYSCENSUS_DB); --output DB is the same\n"
	"      --format F     auto (default), strace, audit or journal\n"
	"      --phase NAME   label everything imported with phase NAME "
	"(default)\n"
	"      --strict       the first bad line is fatal; nothing is "
	"imported\n"
	"      --no-scan      do not scan the executables the logs name "
	"(static\n"
	"                     reach, 'syscensus scan'); those not here are "
	"skipped\n"
	"  -q, --quiet        no summary line, no bad-line reports\n"
	"  -h, --help         this help\n"
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
