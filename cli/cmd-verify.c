/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-verify.c - `syscensus verify`: run a command under a policy and
 * report every syscall the policy would have denied in the whole run.
 *
 * The launched command installs a filter that lets the policy's
 * unconditionally allowed syscalls (native arch, policy_allow_list())
 * run in the kernel and traps everything else to the tracer
 * (SECCOMP_RET_TRACE).  At each trap judge() asks policy_judge()
 * (analyzer/policy/policy-judge.c) about the real arguments; a denied call is
 * counted as a violation (a run of kind "verify" whose observed rows are
 * the violations), then proceeds (--action log, the default), fails with
 * the policy's errno without running (--action errno), or is skipped and
 * its process killed with SIGSYS (--action kill).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/policy/policy.h"
#include "analyzer/policy/policy-judge.h"
#include "cli/cmd.h"
#include "reports/reports.h"
#include "tracer/tracer.h"

/* The options, filled by the framework (cmd.c). */
static struct {
	const char *policy, *format, *landlock;
	int action; /* what a denied call gets: TRACER_DENY_* */
} verify = {
	.format = "auto",
	.action = TRACER_DENY_LOG,
};

static int judge(void *arg, uint32_t arch, const char *syscall,
		 const uint64_t *args, int *err)
{
	const struct policy *p = arg;

	return policy_judge(p, arch, syscall, args, err) ? TRACER_PASS :
							   verify.action;
}

static int opt_action(const struct cmd_entry *self, const char *arg, void *v)
{
	(void)v;
	if (!strcmp(arg, "log"))
		verify.action = TRACER_DENY_LOG;
	else if (!strcmp(arg, "errno"))
		verify.action = TRACER_DENY_ERRNO;
	else if (!strcmp(arg, "kill"))
		verify.action = TRACER_DENY_KILL;
	else
		return cmd_usage_error(self, "bad action '%s' (kill, errno or "
				       "log)", arg);
	return 0;
}

/* Print the violations of run (reports/report-verify.c); returns how
 * many (rows), or -1. */
static int64_t print_violations(const char *db_path, int64_t run)
{
	struct report_verify_in in = { .run = run };
	struct store *st = store_open(db_path, 0);
	int rc;

	if (!st)
		return -1;
	in.st = st;
	rc = report_verify_format_find("text")->write(stdout, &in);
	store_close(st);
	if (rc < 0)
		return -1;
	if (!log_quiet)
		report_verify_summary(stderr, &in);
	return (int64_t)in.rows;
}

static int cmd_verify_exec(const struct cmd_entry *self)
{
	struct tracer_opts *o = &cmd_tracer;
	struct policy *p = NULL;
	const char *policy = verify.policy, *format = verify.format;
	const char *landlock = verify.landlock;
	int *allow = NULL, status;
	size_t nallow = 0;
	int64_t run = -1, n;
	bool ran = false;

	o->status_line = false;
	if (policy && landlock)
		return cmd_usage_error(self, "--policy and --landlock verify "
				       "one layer each: run verify twice");
	if (!policy && !landlock)
		return cmd_usage_error(self, "--policy FILE or --landlock "
				       "RULESET is required");
	if (!cmd_ctx.argc)
		return cmd_usage_error(self, "no command to run");
	if (landlock)
		return verify_landlock(self, landlock, o, cmd_ctx.argv);
	if (cmd_tracer_allow(policy, format, &p, &allow, &nallow) < 0)
		return EXIT_USAGE;
	cmd_tracer_setup(o, cmd_ctx.argv);
	o->allow = allow;
	o->nallow = nallow;
	o->kind = "verify";
	o->judge = judge;
	o->judge_arg = p;
	o->run_out = &run;
	o->ran_out = &ran;
	status = tracer_record(o);
	if (!ran || run < 0) {
		/* verify keeps its 0-3 statuses: a missing command is usage */
		if (status == TRACER_EXIT_NOT_FOUND ||
		    status == TRACER_EXIT_CANNOT_RUN)
			status = EXIT_USAGE;
		else if (status != EXIT_USAGE)
			status = EXIT_SYSTEM;
		goto out;
	}
	if (!log_quiet && status)
		note("the command exited with status %d", status);
	n = print_violations(o->db_path, run);
	if (n < 0)
		status = EXIT_SYSTEM;
	else
		status = n ? EXIT_FINDINGS : EXIT_OK;
out:
	free(allow);
	policy_free(p);
	return status;
}

static const struct cmd_option verify_options[] = {
	CMD_STRING(0, "policy", "FILE", &verify.policy,
		   "the policy (any format policy_read knows)"),
	CMD_STRING(0, "policy-format", "F", &verify.format,
		   "its format (default: auto)"),
	CMD_CALL(0, "action", "log", opt_action, NULL,
		 "denied calls run anyway (default): see all the\n"
		 "workload needs"),
	CMD_OPERAND("--action errno", "denied calls fail with the policy's "
		    "errno\n(EPERM when it has none) without running"),
	CMD_OPERAND("--action kill", "the first denied call kills its "
		    "process with SIGSYS"),
	CMD_STRING(0, "landlock", "RULESET", &verify.landlock,
		   "instead of a seccomp policy, a Landlock ruleset (the C\n"
		   "or JSON that emit --format landlock[-json] writes):\n"
		   "compiled with cc ($CC) into a launcher that applies it\n"
		   "before exec; prints every access refused with EACCES\n"
		   "or EPERM:"),
	CMD_TEXT("  denied PATH how HOW syscall SC phase P exe E calls N[: "
		 "outside the rules]\n"),
	{ .kind = CMD_OPT_STRING, .short_name = 'o', .long_name = "db",
	  .alias = "output", .arg = "DB", .value = &cmd_ctx.db,
	  .help = "the database written (default $SYSCENSUS_DB or\n"
		  "./syscensus.db; --output DB is the same):\n"
		  "a run of kind \"verify\" whose syscalls are the\n"
		  "violations" },
	CMD_TRACER_PHASE("label of the first phase ('syscensus mark' "
			 "switches)"),
	CMD_TRACER_STACKS("store the call stack of each violation's first "
			  "call"),
	CMD_TRACER_ENGINE("accepted as record takes it; verify always "
			  "traces\nwith ptrace (it judges each call)"),
	CMD_QUIET("no notes"),
	CMD_END,
};

const struct cmd_entry cmd_verify_entry = {
	.name = "verify",
	.usage = "(--policy FILE [--policy-format F] [--action log|errno|kill] "
		 "| --landlock RULESET) [-o DB] [--phase NAME] [--stacks] -- "
		 "CMD [ARG...]",
	.summary = "run a command under a policy and report every syscall it "
		   "denies",
	.options = verify_options,
	.help_col = 24,
	.flags = CMD_STOP_AT_OPERAND,
	.help =
	"Prints one line per denied (syscall, arch, phase, executable):\n"
	"  denied SYSCALL arch ARCH phase PHASE exe EXE calls N\n"
	"and with --stacks, under it, where the first such call came from:\n"
	"      called from: FUNCTION+0xOFF <- CALLER+0xOFF ...\n"
	"Exit status: 0 nothing denied; 1 some call denied; 2 usage or bad "
	"policy;\n3 the system refused (ptrace, seccomp).\n",
	.exec = cmd_verify_exec,
};
