/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-record.c - `syscensus record`: run a command under the tracer and
 * record every syscall of every thread and child into the store, against
 * the phase label of the moment (see tracer/launch.c).  Exits with the
 * command's exit status, or 128 + the signal that killed it.
 *
 * --guard POLICY is the fast CI recorder: the syscalls the policy allows
 * unconditionally run in the kernel without a stop (and are not counted);
 * only the others stop and are recorded, so the database holds exactly
 * what the policy does not cover (policy_allow_list(),
 * analyzer/policy/policy-judge.c).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/policy/policy.h"
#include "cli/cmd.h"
#include "tracer/tracer.h"

/* The options, filled by the framework (cmd.c). */
static struct {
	const char *guard, *format;
	bool no_errors, pin_cpu, no_scan;
} record = {
	.format = "auto",
};

static int cmd_record_exec(const struct cmd_entry *self)
{
	struct tracer_opts *o = &cmd_tracer;
	const char *guard = record.guard, *format = record.format;
	struct policy *p = NULL;
	int status, *allow = NULL;
	size_t nallow = 0;
	int64_t run = 0;
	bool ran = false;

	o->status_line = true;
	o->no_errors = record.no_errors;
	o->pin_cpu = record.pin_cpu;
	if (!cmd_ctx.argc)
		return cmd_usage_error(self, "no command to run");
	cmd_tracer_setup(o, cmd_ctx.argv);
	if (guard) {
		if (cmd_tracer_allow(guard, format, &p, &allow, &nallow) < 0)
			return EXIT_USAGE;
		policy_free(p);
		o->allow = allow;
		o->nallow = nallow;
	}
	if (tracer_choose_engine(o, guard ? "--guard" : o->stacks ?
				 "--stacks" : o->pin_cpu ? "--pin-cpu" :
				 NULL) < 0) {
		free(allow);
		return EXIT_USAGE;
	}
	o->run_out = &run;
	o->ran_out = &ran;
	if (o->engine == TRACER_ENGINE_BPF)
		status = tracer_bpf_record(o);
	else
		status = tracer_record(o);
	if (!record.no_scan && ran)
		cmd_scan_after(o->db_path, run);
	free(allow);
	return status;
}

static const struct cmd_option record_options[] = {
	CMD_TRACER_DB,
	CMD_TRACER_PHASE("label of the first phase (default \"default\");\n"
			 "switch it with 'syscensus mark NAME'"),
	CMD_FLAG(0, "auto-phases", &cmd_tracer_auto_phases,
		 "a new phase after each signal a tracee receives\n"
		 "(after-SIGHUP, after-SIGTERM, ...)"),
	CMD_TRACER_STACKS("store the call stack of the first call of each\n"
			  "(phase, executable, syscall) (needs libdw)"),
	CMD_FLAG(0, "no-errors", &record.no_errors,
		 "do not stop at syscall exits: faster, but no\n"
		 "error counts"),
	CMD_STRING(0, "guard", "POLICY", &record.guard,
		   "the syscalls POLICY allows unconditionally run in the\n"
		   "kernel at native speed and are NOT recorded; only the\n"
		   "others stop and are counted (a fast CI recorder: 'check'\n"
		   "against POLICY then shows exactly the new syscalls)"),
	CMD_STRING(0, "policy-format", "F", &record.format,
		   "the format of POLICY (default: auto)"),
	CMD_FLAG(0, "pin-cpu", &record.pin_cpu,
		 "run the tracer and the command on one CPU: several\n"
		 "times faster for syscall-heavy commands, but their\n"
		 "threads share that CPU (and see one CPU)"),
	CMD_OPT_NO_SCAN(&record.no_scan),
	CMD_TRACER_ENGINE("auto (default), ptrace or bpf: bpf counts in the\n"
			  "kernel at near-native speed (root, a kernel with "
			  "BTF);\nauto takes it unless --stacks, --guard or "
			  "--pin-cpu\nis given ($SYSCENSUS_ENGINE sets the "
			  "default)"),
	CMD_QUIET("no status line, no summary line, no notes"),
	CMD_END,
};

const struct cmd_entry cmd_record_entry = {
	.name = "record",
	.usage = "[-o|--db DB] [--phase NAME] [--auto-phases] [--stacks] "
		 "[--no-errors] [--pin-cpu] [--no-scan] [--engine E] "
		 "[--guard POLICY "
		 "[--policy-format F]] -- CMD [ARG...]",
	.summary = "run a command and record every syscall of every thread "
		   "and child",
	.options = record_options,
	.help_col = 20,
	.flags = CMD_STOP_AT_OPERAND,
	.help =
	"The command sees SYSCENSUS_CONTROL, the control socket 'syscensus "
	"mark' uses.\n"
	TRACER_FINAL_WRITE_HELP
	"Exit status: the command's (128 + N if killed by signal N); 127 "
	"the command\nis not found, 126 it is not executable (as env(1)); "
	"2 usage; 3 the system\nrefused (ptrace not permitted) or the final "
	"write failed.\n",
	.exec = cmd_record_exec,
};
