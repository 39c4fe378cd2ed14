/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-record.c - `syscensus record`: not built yet.  It is listed so --help shows
 * the whole command line of DESIGN.md, and says plainly that it is missing.
 */
#include "config.h"

#include <string.h>

#include "cli/cmd.h"

static int cmd_record_exec(const struct cmd_entry *self, int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		cmd_print_help(self, stdout);
		return EXIT_OK;
	}
	error("'syscensus %s' is not implemented yet", self->name);
	return EXIT_USAGE;
}

const struct cmd_entry cmd_record_entry = {
	.name = "record",
	.usage = "",
	.summary = "(not implemented yet)",
	.help = NULL,
	.exec = cmd_record_exec,
};
