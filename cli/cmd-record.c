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
 * what the policy does not cover (verify_allow_list(), cmd-verify.c).
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/policy/policy.h"
#include "cli/cmd.h"
#include "tracer/tracer.h"

enum {
	OPT_NO_ERRORS = 256,
	OPT_GUARD,
	OPT_FORMAT,
	OPT_PIN_CPU,
	OPT_NO_SCAN,
};

static const struct option record_options[] = {
	CMD_TRACER_OPTIONS,
	{ "auto-phases", no_argument, NULL, CMD_OPT_AUTO_PHASES },
	{ "no-errors", no_argument, NULL, OPT_NO_ERRORS },
	{ "guard", required_argument, NULL, OPT_GUARD },
	{ "policy-format", required_argument, NULL, OPT_FORMAT },
	{ "pin-cpu", no_argument, NULL, OPT_PIN_CPU },
	{ "no-scan", no_argument, NULL, OPT_NO_SCAN },
	{ NULL, 0, NULL, 0 },
};

static int cmd_record_exec(const struct cmd_entry *self, int argc, char **argv)
{
	struct tracer_opts o = { .status_line = true };
	const char *guard = NULL, *format = "auto";
	struct policy *p = NULL;
	int c, status, *allow = NULL;
	size_t nallow = 0;
	int64_t run = 0;
	bool ran = false, scan = true;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+o:qh", record_options,
				NULL)) != -1) {
		switch (c) {
		case OPT_NO_ERRORS:
			o.no_errors = true;
			break;
		case OPT_GUARD:
			guard = optarg;
			break;
		case OPT_FORMAT:
			format = optarg;
			break;
		case OPT_PIN_CPU:
			o.pin_cpu = true;
			break;
		case OPT_NO_SCAN:
			scan = false;
			break;
		default:
			status = cmd_tracer_option(self, c, argv, &o);
			if (status >= 0)
				return status;
		}
	}
	if (optind >= argc)
		return cmd_usage_error(self, "no command to run");
	cmd_tracer_setup(&o, argv + optind);
	if (guard) {
		if (cmd_tracer_allow(guard, format, &p, &allow, &nallow) < 0)
			return EXIT_USAGE;
		policy_free(p);
		o.allow = allow;
		o.nallow = nallow;
	}
	if (tracer_choose_engine(&o, guard ? "--guard" : o.stacks ?
				 "--stacks" : o.pin_cpu ? "--pin-cpu" :
				 NULL) < 0) {
		free(allow);
		return EXIT_USAGE;
	}
	o.run_out = &run;
	o.ran_out = &ran;
	if (o.engine == TRACER_ENGINE_BPF)
		status = tracer_bpf_record(&o);
	else
		status = tracer_record(&o);
	if (scan && ran)
		cmd_scan_after(o.db_path, run);
	free(allow);
	return status;
}

const struct cmd_entry cmd_record_entry = {
	.name = "record",
	.usage = "[-o|--db DB] [--phase NAME] [--auto-phases] [--stacks] "
		 "[--no-errors] [--pin-cpu] [--no-scan] [--engine E] "
		 "[--guard POLICY "
		 "[--policy-format F]] -- CMD [ARG...]",
	.summary = "run a command and record every syscall of every thread "
		   "and child",
	.help =
	"  -o, --db DB       the database written (default $SYSCENSUS_DB or\n"
	"                    ./syscensus.db); --output DB is the same\n"
	"  --phase NAME      label of the first phase (default \"default\");\n"
	"                    switch it with 'syscensus mark NAME'\n"
	"  --auto-phases     a new phase after each signal a tracee receives\n"
	"                    (after-SIGHUP, after-SIGTERM, ...)\n"
	"  --stacks          store the call stack of the first call of each\n"
	"                    (phase, executable, syscall) (needs libdw)\n"
	"  --no-errors       do not stop at syscall exits: faster, but no\n"
	"                    error counts\n"
	"  --guard POLICY    the syscalls POLICY allows unconditionally run "
	"in the\n"
	"                    kernel at native speed and are NOT recorded; "
	"only the\n"
	"                    others stop and are counted (a fast CI "
	"recorder: 'check'\n"
	"                    against POLICY then shows exactly the new "
	"syscalls)\n"
	"  --policy-format F the format of POLICY (default: auto)\n"
	"  --pin-cpu         run the tracer and the command on one CPU: "
	"several\n"
	"                    times faster for syscall-heavy commands, but "
	"their\n"
	"                    threads share that CPU (and see one CPU)\n"
	CMD_NO_SCAN_HELP
	"  --engine E        auto (default), ptrace or bpf: bpf counts in "
	"the\n"
	"                    kernel at near-native speed (root, a kernel "
	"with BTF);\n"
	"                    auto takes it unless --stacks, --guard or "
	"--pin-cpu\n"
	"                    is given ($SYSCENSUS_ENGINE sets the "
	"default)\n"
	"  -q, --quiet       no status line, no summary line, no notes\n"
	"The command sees SYSCENSUS_CONTROL, the control socket 'syscensus "
	"mark' uses.\n"
	TRACER_FINAL_WRITE_HELP
	"Exit status: the command's (128 + N if killed by signal N); 127 "
	"the command\nis not found, 126 it is not executable (as env(1)); "
	"2 usage; 3 the system\nrefused (ptrace not permitted) or the final "
	"write failed.\n",
	.exec = cmd_record_exec,
};
