/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-verify.c - `syscensus verify`: run a command under a policy and
 * report every syscall the policy would have denied in the whole run.
 *
 * The launched command installs a filter that lets the policy's
 * unconditionally allowed syscalls (native arch) run in the kernel and
 * traps everything else to the tracer (SECCOMP_RET_TRACE).  At each trap
 * the judge below decides with policy_eval() on the real arguments (the
 * evaluation `check` applies to the argument values a trace shows); a
 * denied call is counted as a violation (a run of kind "verify" whose
 * observed rows are the violations), then proceeds (--action log, the
 * default), fails with the policy's errno without running (--action
 * errno), or is skipped and its process killed with SIGSYS (--action
 * kill).  Also home of the allow list `record --guard` shares
 * (verify_allow_list()): the syscalls the policy allows whatever the
 * arguments.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <linux/seccomp.h>

#include "analyzer/policy/policy.h"
#include "cli/cmd.h"
#include "reports/reports.h"
#include "tracer/tracer.h"

/* Syscall numbers probed on the native arch for the allow list. */
#define MAX_NR 1024
#define X32_SYSCALL_BIT 0x40000000

enum verify_action { ACT_LOG, ACT_ERRNO, ACT_KILL };

struct judge_ctx {
	const struct policy *p;
	enum verify_action action;
};

enum {
	OPT_FORMAT = 256,
	OPT_POLICY,
	OPT_ACTION,
	OPT_LANDLOCK,
};

static const struct option verify_options[] = {
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "policy-format", required_argument, NULL, OPT_FORMAT },
	{ "action", required_argument, NULL, OPT_ACTION },
	{ "landlock", required_argument, NULL, OPT_LANDLOCK },
	CMD_TRACER_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

static int judge(void *arg, uint32_t arch, const char *syscall,
		 const uint64_t *args, int *err)
{
	const struct judge_ctx *c = arg;
	struct action act = c->p->default_action;

	if (c->p->prog) {
		/* a raw BPF policy: its program says exactly, as the kernel */
		struct seccomp_data d;
		int nr = syscall_resolve_name(arch, syscall);
		size_t i;

		if (nr >= 0) {
			memset(&d, 0, sizeof(d));
			d.nr = nr;
			/* x32 calls reach filters as x86_64 numbers with the
			 * x32 bit, which the name resolves to */
			d.arch = arch == arch_from_name("x32") ?
				 arch_from_name("x86_64") : arch;
			for (i = 0; i < 6; i++)
				d.args[i] = args[i];
			action_from_seccomp(bpf_run(c->p->prog,
						    c->p->prog_len, &d, NULL),
					    &act);
			if (action_allows(&act))
				return TRACER_PASS;
			goto deny;
		}
	}

	/*
	 * Every argument is known here.  UNKNOWN can still come back when
	 * allowing and denying rules both match and only libseccomp's rule
	 * order would decide: verify counts such a call as denied (the safe
	 * side), with EPERM under --action errno.
	 */
	if (policy_eval(c->p, arch, syscall, args, 0x3f, &act) ==
	    POLICY_EVAL_ALLOWED)
		return TRACER_PASS;
deny:
	*err = act.kind == ACTION_ERRNO && act.data > 0 ? act.data : EPERM;
	switch (c->action) {
	case ACT_ERRNO: return TRACER_DENY_ERRNO;
	case ACT_KILL: return TRACER_DENY_KILL;
	default: return TRACER_DENY_LOG;
	}
}

int verify_allow_list(const struct policy *p, int **out, size_t *n)
{
	static const uint64_t zero[6];
	uint32_t native = arch_native();
	char name[SYSCALL_NAME_MAX];
	int *list = NULL, nr;
	size_t len = 0, alloc = 0;

	*out = NULL;
	*n = 0;
	if (!policy_admits_arch(p, native))
		return 0;
	for (nr = 0; nr < MAX_NR; nr++) {
		syscall_name(native, nr, name);
		if (!strncmp(name, "syscall_", 8) ||
		    syscall_resolve_name(native, name) != nr)
			continue;
		/* allowed whatever the arguments: no argument known, and
		 * still allowed (a deny list's conditional rules trap) */
		if (policy_eval(p, native, name, zero, 0, NULL) !=
		    POLICY_EVAL_ALLOWED)
			continue;
		list = xgrow(list, sizeof(*list), len + 1, &alloc);
		list[len++] = nr;
	}
	*out = list;
	*n = len;
	return 0;
}

/* The text for one byte string: non-printable bytes as \xNN. */
static void put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch < 0x20 || ch >= 0x7f || ch == '\\')
			fprintf(f, "\\x%02x", ch);
		else
			fputc(ch, f);
	}
}

struct print_ctx {
	uint64_t rows;
	uint64_t calls;
	struct report_stacks *rs; /* the stacks of --stacks, if any */
};

static int print_row(const struct observed_row *r, void *data)
{
	struct print_ctx *pc = data;

	if (!r->calls)
		return 0;
	fputs("denied ", stdout);
	put_escaped(stdout, r->syscall);
	fprintf(stdout, " arch %s phase ", r->arch);
	put_escaped(stdout, r->phase);
	fputs(" exe ", stdout);
	put_escaped(stdout, r->exe ? r->exe : "unknown");
	fprintf(stdout, " calls %llu\n", (unsigned long long)r->calls);
	if (r->exe) {
		char *frames = report_stacks_get(pc->rs, r->phase, r->exe,
						 r->arch, r->syscall);
		struct strbuf sb = STRBUF_INIT;

		if (frames && report_stack_callers(&sb, frames, r->exe)) {
			fputs("    called from: ", stdout);
			put_escaped(stdout, sb.buf);
			fputc('\n', stdout);
		}
		strbuf_release(&sb);
		free(frames);
	}
	pc->rows++;
	pc->calls += r->calls;
	return 0;
}

/* Print the violations of run; returns how many (rows), or -1. */
static int64_t print_violations(const char *db_path, int64_t run)
{
	struct observed_filter f = { .run_ids = &run, .nrun_ids = 1 };
	struct print_ctx pc = { 0, 0, NULL };
	struct store *st = store_open(db_path, 0);

	if (!st)
		return -1;
	pc.rs = report_stacks_new(st);
	if (store_each_observed(st, &f, print_row, &pc) < 0) {
		report_stacks_free(pc.rs);
		store_close(st);
		return -1;
	}
	report_stacks_free(pc.rs);
	store_close(st);
	if (pc.rows && !log_quiet)
		fprintf(stderr, "syscensus: %llu denied syscall(s), %llu "
			"call(s)\n", (unsigned long long)pc.rows,
			(unsigned long long)pc.calls);
	return (int64_t)pc.rows;
}

static int cmd_verify_exec(const struct cmd_entry *self, int argc, char **argv)
{
	struct tracer_opts o = { .status_line = false };
	struct judge_ctx jc = { .action = ACT_LOG };
	struct policy *p = NULL;
	const char *policy = NULL, *format = "auto", *landlock = NULL;
	int *allow = NULL, c, status;
	size_t nallow = 0;
	int64_t run = -1, n;
	bool ran = false;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+o:qh", verify_options,
				NULL)) != -1) {
		switch (c) {
		case OPT_POLICY:
			policy = optarg;
			break;
		case OPT_FORMAT:
			format = optarg;
			break;
		case OPT_LANDLOCK:
			landlock = optarg;
			break;
		case OPT_ACTION:
			if (!strcmp(optarg, "log"))
				jc.action = ACT_LOG;
			else if (!strcmp(optarg, "errno"))
				jc.action = ACT_ERRNO;
			else if (!strcmp(optarg, "kill"))
				jc.action = ACT_KILL;
			else
				return cmd_usage_error(self, "bad action '%s' "
						       "(kill, errno or log)",
						       optarg);
			break;
		default:
			status = cmd_tracer_option(self, c, argv, &o);
			if (status >= 0)
				return status;
		}
	}
	if (policy && landlock)
		return cmd_usage_error(self, "--policy and --landlock verify "
				       "one layer each: run verify twice");
	if (!policy && !landlock)
		return cmd_usage_error(self, "--policy FILE or --landlock "
				       "RULESET is required");
	if (optind >= argc)
		return cmd_usage_error(self, "no command to run");
	if (landlock)
		return verify_landlock(self, landlock, &o, argv + optind);
	if (cmd_tracer_allow(policy, format, &p, &allow, &nallow) < 0)
		return EXIT_USAGE;
	jc.p = p;
	cmd_tracer_setup(&o, argv + optind);
	o.allow = allow;
	o.nallow = nallow;
	o.kind = "verify";
	o.judge = judge;
	o.judge_arg = &jc;
	o.run_out = &run;
	o.ran_out = &ran;
	status = tracer_record(&o);
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
	n = print_violations(o.db_path, run);
	if (n < 0)
		status = EXIT_SYSTEM;
	else
		status = n ? EXIT_FINDINGS : EXIT_OK;
out:
	free(allow);
	policy_free(p);
	return status;
}

const struct cmd_entry cmd_verify_entry = {
	.name = "verify",
	.usage = "(--policy FILE [--policy-format F] [--action log|errno|kill] "
		 "| --landlock RULESET) [-o DB] [--phase NAME] [--stacks] -- "
		 "CMD [ARG...]",
	.summary = "run a command under a policy and report every syscall it "
		   "denies",
	.help =
	"  --policy FILE         the policy (any format policy_read knows)\n"
	"  --policy-format F     its format (default: auto)\n"
	"  --action log          denied calls run anyway (default): see all "
	"the\n"
	"                        workload needs\n"
	"  --action errno        denied calls fail with the policy's errno\n"
	"                        (EPERM when it has none) without running\n"
	"  --action kill         the first denied call kills its process with "
	"SIGSYS\n"
	"  --landlock RULESET    instead of a seccomp policy, a Landlock "
	"ruleset (the C\n"
	"                        or JSON that emit --format landlock[-json] "
	"writes):\n"
	"                        compiled with cc ($CC) into a launcher that "
	"applies it\n"
	"                        before exec; prints every access refused "
	"with EACCES\n"
	"                        or EPERM:\n"
	"  denied PATH how HOW syscall SC phase P exe E calls N[: outside the "
	"rules]\n"
	"  -o, --db DB           the database written (default $SYSCENSUS_DB "
	"or\n                        ./syscensus.db; --output DB is the "
	"same):\n"
	"                        a run of kind \"verify\" whose syscalls are "
	"the\n"
	"                        violations\n"
	"  --phase NAME          label of the first phase ('syscensus mark' "
	"switches)\n"
	"  --stacks              store the call stack of each violation's "
	"first call\n"
	"  -q, --quiet           no notes\n"
	"Prints one line per denied (syscall, arch, phase, executable):\n"
	"  denied SYSCALL arch ARCH phase PHASE exe EXE calls N\n"
	"and with --stacks, under it, where the first such call came from:\n"
	"      called from: FUNCTION+0xOFF <- CALLER+0xOFF ...\n"
	"Exit status: 0 nothing denied; 1 some call denied; 2 usage or bad "
	"policy;\n3 the system refused (ptrace, seccomp).\n",
	.exec = cmd_verify_exec,
};
