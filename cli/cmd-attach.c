/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-attach.c - `syscensus attach`: trace running processes (by pid, or
 * every process whose command line matches a regex) until a signal, a
 * duration or their exit, then detach leaving them as they were (see
 * tracer/attach.c).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "tracer/tracer.h"

/* The options, filled by the framework (cmd.c). */
static struct {
	struct cmd_list pids;
	bool no_scan;
} attach;

/* A pid as -p takes it: 0 (its value in *pid), or -1. */
static int parse_pid(const char *arg, pid_t *pid)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || *end || end == arg || v <= 0 || v > 0x7fffffff)
		return -1;
	*pid = (pid_t)v;
	return 0;
}

static int opt_pid(const struct cmd_entry *self, const char *arg, void *v)
{
	pid_t pid;

	(void)v;
	if (parse_pid(arg, &pid) < 0)
		return cmd_usage_error(self, "bad pid '%s'", arg);
	return 0;
}

static int opt_duration(const struct cmd_entry *self, const char *arg,
			void *v)
{
	char *end;

	(void)v;
	errno = 0;
	cmd_tracer.duration = strtod(arg, &end);
	if (errno || *end || end == arg || !(cmd_tracer.duration > 0))
		return cmd_usage_error(self, "bad duration '%s' (seconds)",
				       arg);
	return 0;
}

static const char *match;

static int cmd_attach_exec(const struct cmd_entry *self)
{
	struct tracer_opts *o = &cmd_tracer;
	pid_t *pids = NULL;
	size_t i, npids = attach.pids.n;
	int64_t run = 0;
	int ret;

	o->status_line = true;
	o->match = match;
	if (cmd_ctx.argc) {
		ret = cmd_usage_error(self, "unexpected argument '%s'",
				      cmd_ctx.argv[0]);
		goto out;
	}
	if (!npids && !o->match) {
		ret = cmd_usage_error(self, "nothing to attach to: give -p "
				      "PID or --match REGEX");
		goto out;
	}
	pids = xcalloc(npids + 1, sizeof(*pids));
	for (i = 0; i < npids; i++)
		parse_pid(attach.pids.v[i], &pids[i]);
	cmd_tracer_setup(o, NULL);
	o->pids = pids;
	o->npids = npids;
	if (tracer_choose_engine(o, o->stacks ? "--stacks" : NULL) < 0) {
		ret = EXIT_USAGE;
		goto out;
	}
	o->run_out = &run;
	if (o->engine == TRACER_ENGINE_BPF)
		ret = tracer_bpf_attach(o);
	else
		ret = tracer_attach(o);
	if (!attach.no_scan && ret == EXIT_OK)
		cmd_scan_after(o->db_path, run);
out:
	free(pids);
	return ret;
}

static const struct cmd_option attach_options[] = {
	CMD_TRACER_DB,
	CMD_LIST_CHECKED('p', "pid", "PID", opt_pid, &attach.pids,
		 "a process to trace, with all its threads (repeatable)"),
	CMD_STRING(0, "match", "REGEX", &match,
		   "also every process whose command line (arguments\n"
		   "joined by spaces, as pgrep -f) matches (PCRE2),\n"
		   "except syscensus itself and its ancestors (the\n"
		   "shell or harness whose command line holds REGEX)"),
	CMD_CALL(0, "duration", "SEC", opt_duration, NULL,
		 "stop after SEC seconds (default: at SIGINT,\n"
		 "SIGTERM, SIGHUP or when every tracee is gone)"),
	CMD_TRACER_PHASE("label of the first phase (default \"default\")"),
	CMD_OPT_AUTO_PHASES,
	CMD_TRACER_STACKS("store the call stack of each first sighting"),
	CMD_OPT_NO_SCAN(&attach.no_scan),
	CMD_TRACER_ENGINE("auto (default), ptrace or bpf: bpf counts in the\n"
			  "kernel and never stops the processes (root, BTF);"
			  "\nauto takes it unless --stacks is given"),
	CMD_QUIET("no status line, no summary line, no notes"),
	CMD_END,
};

const struct cmd_entry cmd_attach_entry = {
	.name = "attach",
	.usage = "[-o|--db DB] (-p PID)... [--match REGEX] [--duration SEC] "
		 "[--phase NAME] [--auto-phases] [--stacks] [--no-scan] "
		 "[--engine E]",
	.summary = "trace running processes, then detach leaving them as they "
		   "were",
	.options = attach_options,
	.help_col = 20,
	.help =
	TRACER_FINAL_WRITE_HELP
	"The summary line counts the processes attached and those that could "
	"not be\n(a --match process that refuses is said and skipped; a -p "
	"PID must be traced).\n"
	"Once every target is counted, one line on stderr: 'syscensus: "
	"attached\n"
	"N processes (M threads)'.\n"
	"Exit status: 0 traced and detached; 2 usage; 3 no such process,\n"
	"ptrace not permitted, or the final write failed.\n",
	.exec = cmd_attach_exec,
};
