/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-util.c - small pieces the analysis commands (diff, check, emit,
 * lint, report, inspect) share: the getopt error messages, the "no
 * operands" check, membership in a NULL-terminated list of names and
 * reading a policy with its parse error reported.  Also what the tracing
 * commands (record, attach, verify) share: their common options, setting
 * up the tracer run and the allow list of a policy.
 */
#include "config.h"

#include <string.h>

#include "analyzer/policy/policy.h"
#include "cli/cmd.h"
#include "tracer/tracer.h"

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
	output_add_input(path);
	if (policy_read_flags(path, format, flags, out, &pe) < 0) {
		parse_error_report(&pe);
		return -1;
	}
	return 0;
}

int cmd_tracer_option(const struct cmd_entry *self, int c, char **argv,
		      struct tracer_opts *o)
{
	switch (c) {
	case 'o':
		o->db_path = optarg;
		break;
	case CMD_OPT_PHASE:
		if (!tracer_phase_name_ok(optarg))
			return cmd_usage_error(self, "bad phase name '%s'",
					       optarg);
		o->phase = optarg;
		break;
	case CMD_OPT_AUTO_PHASES:
		o->auto_phases = true;
		break;
	case CMD_OPT_ENGINE:
		if (!strcmp(optarg, "auto"))
			o->engine = TRACER_ENGINE_AUTO;
		else if (!strcmp(optarg, "ptrace"))
			o->engine = TRACER_ENGINE_PTRACE;
		else if (!strcmp(optarg, "bpf"))
			o->engine = TRACER_ENGINE_BPF;
		else
			return cmd_usage_error(self, "bad engine '%s' (auto, "
					       "ptrace or bpf)", optarg);
		break;
	case CMD_OPT_STACKS:
		if (!tracer_have_stacks()) {
			error("--stacks is unavailable: this syscensus was "
			      "built without libdw (elfutils), or cannot "
			      "load libdw.so.1");
			return EXIT_USAGE;
		}
		o->stacks = true;
		break;
	case 'q':
		log_quiet = 1;
		break;
	case 'h':
	case CMD_OPT_HELP:
		cmd_print_help(self, stdout);
		return EXIT_OK;
	default:
		return cmd_usage_error(self, "unknown option '%s'",
				       argv[optind - 1]);
	}
	return -1;
}

void cmd_tracer_setup(struct tracer_opts *o, char *const *argv)
{
	o->db_path = cmd_db_path(o->db_path);
	o->command = cmd_line;
	o->argv = argv;
}

int cmd_tracer_allow(const char *path, const char *format, struct policy **p,
		     int **allow, size_t *nallow)
{
	struct parse_error pe;

	output_add_input(path);
	if (policy_read(path, format, p, &pe) < 0) {
		parse_error_report(&pe);
		return -1;
	}
	verify_allow_list(*p, allow, nallow);
	return 0;
}
