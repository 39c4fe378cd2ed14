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
#include "cli/confine.h"
#include "reports/reports.h"

/* Shared with cmd-check.c, which declares it the same way. */
int cmd_diff_run(const struct cmd_entry *self, int argc, char **argv,
		 bool check);

enum {
	OPT_DB = 256,
	OPT_POLICY,
	OPT_POLICY_FORMAT,
	OPT_PHASE,
	OPT_EXE,
	OPT_FORMAT,
	OPT_NO_DROP_INS,
	OPT_STRICT,
};

static const struct option diff_options[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "policy-format", required_argument, NULL, OPT_POLICY_FORMAT },
	{ "phase", required_argument, NULL, OPT_PHASE },
	{ "exe", required_argument, NULL, OPT_EXE },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "no-drop-ins", no_argument, NULL, OPT_NO_DROP_INS },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/*
 * After a name in check's line, the argument values denied for it, once
 * each: "(arg0=AF_NETLINK, arg0=AF_PACKET)"; nothing when every row of
 * the name is denied whatever its arguments.
 */
static void put_denied_args(FILE *f, const struct diff_result *r,
			    const char *name)
{
	size_t i, j, n = 0;

	for (i = 0; i < r->nuncovered; i++)
		if (!r->uncovered[i].arg &&
		    !strcmp(r->uncovered[i].syscall, name))
			return;
	for (i = 0; i < r->nuncovered; i++) {
		const struct diff_uncovered *u = &r->uncovered[i];

		if (strcmp(u->syscall, name))
			continue;
		for (j = 0; j < i; j++)
			if (r->uncovered[j].arg &&
			    !strcmp(r->uncovered[j].syscall, name) &&
			    !strcmp(r->uncovered[j].arg, u->arg))
				break;
		if (j < i)
			continue;
		fprintf(f, "%s%s", n++ ? ", " : "(", u->arg);
	}
	if (n)
		fputc(')', f);
}

/*
 * The line `check` ends with on stderr: each distinct uncovered syscall
 * once (the rows say where), how many phase/program rows they fill when
 * that is more, and the arches the policy does not admit.
 */
static void check_summary(FILE *f, const struct diff_result *r)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	fprintf(f, "syscensus check: %zu uncovered syscall%s",
		r->nuncovered_names, r->nuncovered_names == 1 ? "" : "s");
	if (r->nuncovered != r->nuncovered_names)
		fprintf(f, " (in %zu phase/program rows)", r->nuncovered);
	fputc(':', f);
	for (i = 0; i < r->nuncovered_names; i++) {
		strbuf_reset(&sb);
		esc_text(&sb, r->uncovered_names[i]);
		fprintf(f, " %s", sb.buf);
		put_denied_args(f, r, r->uncovered_names[i]);
	}
	if (r->ndenied_arches) {
		fputs("; architecture not allowed by the policy:", f);
		for (i = 0; i < r->ndenied_arches; i++) {
			strbuf_reset(&sb);
			esc_text(&sb, r->denied_arches[i]);
			fprintf(f, " %s", sb.buf);
		}
	}
	fputc('\n', f);
	strbuf_release(&sb);
}

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

/*
 * The line naming the unexercised syscalls once each (reached by the
 * code, denied, never observed): a warning, or with --strict a failure.
 */
static void unexercised_summary(FILE *f, const struct diff_result *r,
				bool strict)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, j, n = 0;

	for (i = 0; i < r->nunexercised; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(r->unexercised[j].syscall,
				    r->unexercised[i].syscall))
				break;
		if (j < i)
			continue;
		strbuf_addch(&sb, ' ');
		esc_text(&sb, r->unexercised[i].syscall);
		n++;
	}
	fprintf(f, "syscensus check: %s: %zu unexercised syscall%s (the "
		"code reaches %s, the trace never saw %s, the policy denies "
		"%s)%s:%s\n", strict ? "error" : "warning", n,
		n == 1 ? "" : "s", n == 1 ? "it" : "them",
		n == 1 ? "it" : "them", n == 1 ? "it" : "them",
		strict ? "" : n == 1 ? "; --strict fails on it" :
		"; --strict fails on them", sb.buf);
	strbuf_release(&sb);
}

int cmd_diff_run(const struct cmd_entry *self, int argc, char **argv,
		 bool check)
{
	const char *db = NULL, *policy_path = NULL, *policy_format = "auto";
	const char *format = "text", *out_path = NULL;
	struct observed_filter filter;
	const char **phases = NULL;
	size_t nphases = 0;
	struct policy *p = NULL;
	struct store *st = NULL;
	struct diff_result r;
	struct report_diff_in in;
	const struct report_diff_format *fmt;
	FILE *out = NULL;
	unsigned read_flags = 0;
	bool strict = false;
	int c, rc, status = EXIT_USAGE;

	memset(&filter, 0, sizeof(filter));
	memset(&r, 0, sizeof(r));
	phases = xcalloc((size_t)argc + 1, sizeof(*phases));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ho:", diff_options, NULL)) !=
	       -1) {
		switch (c) {
		case 'h':
			cmd_print_help(self, stdout);
			status = EXIT_OK;
			goto out;
		case OPT_DB: db = optarg; break;
		case OPT_POLICY: policy_path = optarg; break;
		case OPT_POLICY_FORMAT: policy_format = optarg; break;
		case OPT_PHASE: phases[nphases++] = optarg; break;
		case OPT_EXE: filter.exe_regex = optarg; break;
		case OPT_FORMAT: format = optarg; break;
		case OPT_NO_DROP_INS:
			read_flags |= POLICY_READ_NO_DROP_INS;
			break;
		case OPT_STRICT:
			if (!check) {
				status = cmd_usage_error(self, "--strict is "
							 "check's option");
				goto out;
			}
			strict = true;
			break;
		case 'o': out_path = optarg; break;
		default:
			status = cmd_getopt_error(self, c, argv);
			goto out;
		}
	}
	status = cmd_no_operands(self, argc, argv);
	if (status != EXIT_OK)
		goto out;
	status = EXIT_USAGE;
	if (!policy_path) {
		status = cmd_usage_error(self, "--policy FILE is required");
		goto out;
	}
	fmt = report_diff_format_find(format);
	if (!fmt) {
		status = cmd_usage_error(self, "unknown --format '%s' ("
					 REPORT_DIFF_FORMATS ")", format);
		goto out;
	}
	if (!cmd_in_list(policy_formats, policy_format)) {
		status = cmd_usage_error(self, "unknown --policy-format '%s'",
					 policy_format);
		goto out;
	}
	if (nphases)
		filter.phases = phases;
	cmd_confine(check ? "check" : "diff", CONFINE_LIST(cmd_db_path(db)), CONFINE_LIST(policy_path), CONFINE_LIST(out_path), confine_policy_flags(policy_path, policy_format));
	if (cmd_policy_load(policy_path, policy_format, read_flags, &p) < 0)
		goto out;
	st = store_open(cmd_db_path(db), STORE_READONLY);
	if (!st)
		goto out;
	if (diff_compute(st, &filter, p, &r) < 0)
		goto out;
	warn_unfinished(&r);
	/* the gate never passes on nothing: a mistyped --phase or --exe, a
	 * trace killed before its first write */
	if (!r.nrows && check) {
		struct strbuf why = STRBUF_INIT;

		store_explain_empty(st, &filter, &why);
		error("nothing observed in '%s' matches the selection: "
		      "nothing to check%s", store_path(st), why.buf);
		strbuf_release(&why);
		goto out;
	}
	out = output_open(out_path);
	if (!out) {
		status = EXIT_SYSTEM;
		goto out;
	}
	in.r = &r;
	in.p = p;
	in.st = st;
	in.filter = &filter;
	rc = fmt->write(out, &in);
	if (output_close(out, out_path) < 0 || rc < 0) {
		out = NULL;
		status = EXIT_SYSTEM;
		goto out;
	}
	out = NULL;
	if (!r.nrows) {
		struct strbuf why = STRBUF_INIT;

		store_explain_empty(st, &filter, &why);
		warning("nothing observed in '%s' matches the selection%s",
			store_path(st), why.buf);
		strbuf_release(&why);
	}
	status = EXIT_OK;
	if (check && r.nuncovered) {
		check_summary(stderr, &r);
		status = EXIT_FINDINGS;
	}
	if (check && r.nunexercised) {
		unexercised_summary(stderr, &r, strict);
		if (strict)
			status = EXIT_FINDINGS;
	}
	if (check && r.nconditional)
		note("%zu row%s allowed for some argument values only could "
		     "not be judged from the trace (see 'conditional' in the "
		     "output)", r.nconditional,
		     r.nconditional == 1 ? "" : "s");
out:
	output_abort(out);
	diff_result_release(&r);
	store_close(st);
	policy_free(p);
	free(phases);
	return status;
}

static int cmd_diff_exec(const struct cmd_entry *self, int argc, char **argv)
{
	return cmd_diff_run(self, argc, argv, false);
}

const struct cmd_entry cmd_diff_entry = {
	.name = "diff",
	.usage = "[--db DB] --policy FILE [--policy-format F] "
		 "[--no-drop-ins] [--phase NAME]... [--exe REGEX] "
		 "[--format text|json|md|junit|sarif|github] [-o FILE]",
	.summary = "compare observed syscalls with a policy",
	.help =
	CMD_DIFF_OPTIONS_HELP
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
