/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-merge.c - `syscensus merge`: not built yet.  It is listed so --help shows
 * the whole command line of DESIGN.md, and says plainly that it is missing.
 */
#include "config.h"

#include <string.h>

#include "cli/cmd.h"

static int cmd_merge_exec(const struct cmd_entry *self, int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		cmd_print_help(self, stdout);
		return EXIT_OK;
	}
	error("'syscensus %s' is not implemented yet", self->name);
	return EXIT_USAGE;
}

const struct cmd_entry cmd_merge_entry = {
	.name = "merge",
	.usage = "",
	.summary = "(not implemented yet)",
	.help = NULL,
	.exec = cmd_merge_exec,
};
