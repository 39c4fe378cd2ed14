/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * main.c - entry point: find the subcommand in the table and run it
 * (cmd_run(): its options parsed, its store and output opened and closed
 * by the framework in cmd.c), then check that everything written to
 * stdout really got there (git's run_builtin): a full disk is an error,
 * not a silently short report.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd.h"

static void print_overview(FILE *f)
{
	size_t i;

	fprintf(f, "usage: syscensus [--version] [--help] COMMAND [ARGS]\n\n"
		   "Find the seccomp syscall allowlist a program really needs, "
		   "explain it,\nemit a minimal filter that works, and gate CI "
		   "on it.\n\nCommands:\n");
	for (i = 0; cmd_table[i]; i++)
		fprintf(f, "  %-9s %s\n", cmd_table[i]->name,
			cmd_table[i]->summary);
	fprintf(f, "\nThe database is ./syscensus.db unless -o/--db or "
		   "$SYSCENSUS_DB say otherwise.\n"
		   "'syscensus COMMAND --help' and syscensus(1) say more.\n");
}

int main(int argc, char **argv)
{
	const struct cmd_entry *e;
	int status;

	if (argc < 2) {
		print_overview(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("syscensus %s\n", PACKAGE_VERSION);
		return output_close(stdout, "-") ? EXIT_SYSTEM : EXIT_OK;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		if (argc > 2 && (e = cmd_find(argv[2])) != NULL)
			cmd_print_help(e, stdout);
		else
			print_overview(stdout);
		return output_close(stdout, "-") ? EXIT_SYSTEM : EXIT_OK;
	}
	e = cmd_find(argv[1]);
	if (!e) {
		fprintf(stderr, "syscensus: '%s' is not a command; see "
				"'syscensus --help'\n", argv[1]);
		return EXIT_USAGE;
	}
	cmd_line = argv_join(argc, argv);
	status = cmd_run(e, argc - 1, argv + 1);
	if (output_close(stdout, "-") < 0 && status == EXIT_OK)
		status = EXIT_SYSTEM;
	free(cmd_line);
	return status;
}
