/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd.c - the table of subcommands and the helpers they share for usage
 * and help text.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/confine.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_record_entry,
	&cmd_attach_entry,
	&cmd_mark_entry,
	&cmd_import_entry,
	&cmd_diff_entry,
	&cmd_check_entry,
	&cmd_emit_entry,
	&cmd_report_entry,
	&cmd_verify_entry,
	&cmd_inspect_entry,
	&cmd_lint_entry,
	&cmd_merge_entry,
	&cmd_scan_entry,
	NULL,
};

char *cmd_line;

const struct cmd_entry *cmd_find(const char *name)
{
	size_t i;

	for (i = 0; cmd_table[i]; i++)
		if (!strcmp(cmd_table[i]->name, name))
			return cmd_table[i];
	return NULL;
}

void cmd_print_help(const struct cmd_entry *e, FILE *f)
{
	fprintf(f, "usage: syscensus %s %s\n\n%s\n", e->name, e->usage,
		e->summary);
	if (e->help && *e->help)
		fprintf(f, "\n%s", e->help);
	confine_print_help(e->name, f);
	fprintf(f, "\nSee syscensus-%s(1).\n", e->name);
}

int cmd_usage_error(const struct cmd_entry *e, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "syscensus %s: %s\nusage: syscensus %s %s\n"
		"Try 'syscensus %s --help' for more.\n", e->name, msg,
		e->name, e->usage, e->name);
	return EXIT_USAGE;
}

const char *cmd_db_path(const char *opt)
{
	return opt ? opt : store_default_path();
}
