/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-util.c - small pieces the analysis commands (diff, check, emit,
 * lint, report, inspect) share: the getopt error messages, the "no
 * operands" check, membership in a NULL-terminated list of names and
 * reading a policy with its parse error reported.
 */
#include "config.h"

#include <string.h>

#include "analyzer/analyzer.h"
#include "cli/cmd.h"

bool cmd_in_list(const char *const *list, const char *s)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (!strcmp(list[i], s))
			return true;
	return false;
}

int cmd_getopt_error(const struct cmd_entry *self, int c, char **argv)
{
	if (c == ':')
		return cmd_usage_error(self, "option '%s' needs a value",
				       argv[optind - 1]);
	return cmd_usage_error(self, "unknown option '%s'", argv[optind - 1]);
}

int cmd_no_operands(const struct cmd_entry *self, int argc, char **argv)
{
	if (optind < argc)
		return cmd_usage_error(self, "unexpected argument '%s'",
				       argv[optind]);
	return EXIT_OK;
}

int cmd_policy_load(const char *path, const char *format, unsigned flags,
		    struct policy **out)
{
	struct parse_error pe;

	memset(&pe, 0, sizeof(pe));
	if (policy_read_flags(path, format, flags, out, &pe) < 0) {
		parse_error_report(&pe);
		return -1;
	}
	return 0;
}
