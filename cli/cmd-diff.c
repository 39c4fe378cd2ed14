/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-diff.c - `syscensus diff`: what was observed against what a policy
 * allows, per phase and executable: uncovered (observed, not allowed),
 * unused (allowed, never observed) and knowledge-base flags.  `check`
 * (cmd-check.c) is the same command with a CI exit status; both run
 * cmd_diff_run() below.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "cli/cmd.h"
#include "reports/reports.h"

struct cmd_diff_opts cmd_diff_opts = {
	.policy_format = "auto",
	.format = "text",
};

/* One warning line for the selected runs that never finished. */
static void warn_unfinished(const struct diff_result *r)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (!r->nunfinished)
		return;
	for (i = 0; i < r->nunfinished && i < 20; i++)
		strbuf_addf(&sb, "%s%lld", i ? ", " : "",
			    (long long)r->unfinished[i]);
	if (i < r->nunfinished)
		strbuf_addstr(&sb, ", ...");
	warning("unfinished run%s %s: no end recorded (the tracer was killed, "
		"or is still running); the counts stop at its last write",
		r->nunfinished == 1 ? "" : "s", sb.buf);
	strbuf_release(&sb);
}

int cmd_diff_run(const struct cmd_entry *self, bool check)
{
	const struct cmd_diff_opts *o = &cmd_diff_opts;
	const struct observed_filter *filter = &cmd_ctx.filter;
	struct policy *p = NULL;
	struct store *st;
	struct diff_result r;
	struct report_diff_in in;
	const struct report_diff_format *fmt;
	FILE *out;
	int rc, status;

	memset(&r, 0, sizeof(r));
	status = cmd_no_operands(self);
	if (status != EXIT_OK)
		goto out;
	status = EXIT_USAGE;
	if (!o->policy) {
		status = cmd_usage_error(self, "--policy FILE is required");
		goto out;
	}
	fmt = report_diff_format_find(o->format);
	if (!fmt) {
		status = cmd_usage_error(self, "unknown --format '%s' ("
					 REPORT_DIFF_FORMATS ")", o->format);
		goto out;
	}
	if (!cmd_in_list(policy_formats, o->policy_format)) {
		status = cmd_usage_error(self, "unknown --policy-format '%s'",
					 o->policy_format);
		goto out;
	}
	if (cmd_policy_load(o->policy, o->policy_format,
			    o->no_drop_ins ? POLICY_READ_NO_DROP_INS : 0,
			    &p) < 0)
		goto out;
	st = cmd_store();
	if (!st)
		goto out;
	if (diff_compute(st, filter, p, &r) < 0)
		goto out;
	warn_unfinished(&r);
	/* the gate never passes on nothing: a mistyped --phase or --exe, a
	 * trace killed before its first write */
	if (!r.nrows && check) {
		struct strbuf why = STRBUF_INIT;

		store_explain_empty(st, filter, &why);
		error("nothing observed in '%s' matches the selection: "
		      "nothing to check%s", store_path(st), why.buf);
		strbuf_release(&why);
		goto out;
	}
	out = cmd_output();
	if (!out) {
		status = EXIT_SYSTEM;
		goto out;
	}
	in.r = &r;
	in.p = p;
	in.st = st;
	in.filter = filter;
	rc = fmt->write(out, &in);
	if (cmd_output_close() < 0 || rc < 0) {
		status = EXIT_SYSTEM;
		goto out;
	}
	if (!r.nrows) {
		struct strbuf why = STRBUF_INIT;

		store_explain_empty(st, filter, &why);
		warning("nothing observed in '%s' matches the selection%s",
			store_path(st), why.buf);
		strbuf_release(&why);
	}
	status = EXIT_OK;
	if (check && r.nuncovered) {
		report_check_summary(stderr, &r);
		status = EXIT_FINDINGS;
	}
	if (check && r.nunexercised) {
		report_check_unexercised(stderr, &r, o->strict);
		if (o->strict)
			status = EXIT_FINDINGS;
	}
	if (check && r.nconditional)
		note("%zu row%s allowed for some argument values only could "
		     "not be judged from the trace (see 'conditional' in the "
		     "output)", r.nconditional,
		     r.nconditional == 1 ? "" : "s");
out:
	diff_result_release(&r);
	policy_free(p);
	return status;
}

static int cmd_diff_exec(const struct cmd_entry *self)
{
	return cmd_diff_run(self, false);
}

static const struct cmd_option diff_options[] = {
	CMD_DIFF_OPTIONS,
	CMD_END,
};

const struct cmd_entry cmd_diff_entry = {
	.name = "diff",
	.usage = "[--db DB] --policy FILE [--policy-format F] "
		 "[--no-drop-ins] [--phase NAME]... [--exe REGEX] "
		 "[--format text|json|md|junit|sarif|github] [-o FILE]",
	.summary = "compare observed syscalls with a policy",
	.options = diff_options,
	.help_col = 23,
	.flags = CMD_DIFF_FLAGS,
	.help =
	"\nReports, per phase and executable, uncovered syscalls (observed but "
	"not\nallowed on their architecture, or made on an architecture the "
	"policy does\nnot admit, which the kernel kills), unused ones "
	"(allowed, never observed)\nand knowledge-base flags.  A syscall "
	"allowed for some argument values only\nis judged from the decisive "
	"argument's values in the trace: a denied value\nis uncovered "
	"(socket(arg0=AF_NETLINK)); without the values of every call\nthe "
	"row stays conditional, with the reason.\n"
	"\nWhen `syscensus scan` stored the static reach of an observed "
	"program, a\nsyscall its code reaches directly (it imports the "
	"wrapper or holds the\nsyscall instruction) that the trace never saw "
	"and the policy denies is\nreported as unexercised, with how it is "
	"reached (JSON: \"unexercised\").\n"
	"\nA systemd unit's drop-ins are read as systemd reads them for a "
	"unit given by\npath: FILE.d/*.conf next to it, in lexical order, "
	"after the unit (no other\ndirectory is searched).  Exits 0, or 2 on "
	"bad input.\n",
	.exec = cmd_diff_exec,
};
