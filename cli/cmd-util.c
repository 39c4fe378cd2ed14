/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-util.c - small pieces the analysis commands (diff, check, emit,
 * lint, report, inspect) share: membership in a NULL-terminated list of
 * names and reading a policy with its parse error reported.  Also what
 * the tracing commands (record, attach, verify) share: their common
 * options (the tracer_opts they fill), setting up the tracer run and the
 * allow list of a policy.
 */
#include "config.h"

#include <string.h>

#include "analyzer/policy/policy.h"
#include "analyzer/policy/policy-judge.h"
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

struct tracer_opts cmd_tracer;
bool cmd_tracer_auto_phases;

int cmd_tracer_phase(const struct cmd_entry *self, const char *arg, void *v)
{
	(void)v;
	if (!tracer_phase_name_ok(arg))
		return cmd_usage_error(self, "bad phase name '%s'", arg);
	cmd_tracer.phase = arg;
	return 0;
}

int cmd_tracer_engine(const struct cmd_entry *self, const char *arg, void *v)
{
	(void)v;
	if (!strcmp(arg, "auto"))
		cmd_tracer.engine = TRACER_ENGINE_AUTO;
	else if (!strcmp(arg, "ptrace"))
		cmd_tracer.engine = TRACER_ENGINE_PTRACE;
	else if (!strcmp(arg, "bpf"))
		cmd_tracer.engine = TRACER_ENGINE_BPF;
	else
		return cmd_usage_error(self, "bad engine '%s' (auto, ptrace or "
				       "bpf)", arg);
	return 0;
}

int cmd_tracer_stacks(const struct cmd_entry *self, const char *arg, void *v)
{
	(void)self;
	(void)arg;
	(void)v;
	if (!tracer_have_stacks()) {
		error("--stacks is unavailable: this syscensus was built "
		      "without libdw (elfutils), or cannot load libdw.so.1");
		return EXIT_USAGE;
	}
	cmd_tracer.stacks = true;
	return 0;
}

void cmd_tracer_setup(struct tracer_opts *o, char *const *argv)
{
	o->db_path = cmd_db_path(cmd_ctx.db);
	o->auto_phases = cmd_tracer_auto_phases;
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
	policy_allow_list(*p, allow, nallow);
	return 0;
}
