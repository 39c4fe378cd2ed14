/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * report-md.c - Markdown for pull requests: the result of `diff`/`check`
 * (a table of uncovered syscalls, unused ones folded away) and a compact
 * `syscensus report`.  Every traced string goes through esc_md(): an
 * executable path may hold `|`, backticks or a newline, which would
 * otherwise break the table or inject markup into a review.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "analyzer/policy/policy.h"
#include "reports/reports.h"

/* Escaped texts a, b, c and d (may be NULL: stops there), sep between. */
static void put_cells(FILE *f, const char *sep, const char *a, const char *b,
		      const char *c, const char *d)
{
	const char *v[] = { a, b, c, d };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(v) && v[i]; i++) {
		if (i)
			fputs(sep, f);
		fput_md(f, v[i]);
	}
}

/* Where each uncovered call came from, when a stack was recorded. */
static void md_callers(FILE *f, const struct report_diff_in *in)
{
	struct report_stacks *rs = report_stacks_new(in->st);
	struct strbuf sb = STRBUF_INIT;
	size_t i, n = 0;

	for (i = 0; rs && i < in->r->nuncovered; i++) {
		const struct diff_uncovered *u = &in->r->uncovered[i];
		char *frames = report_stacks_get(rs, u->phase, u->exe, u->arch,
						 u->syscall);

		strbuf_reset(&sb);
		if (frames && report_stack_callers(&sb, frames, u->exe)) {
			if (!n++)
				fputs("First called from:\n\n", f);
			fputs("- ", f);
			fput_md(f, u->syscall);
			fputs(" in ", f);
			fput_md(f, u->phase);
			fputs(": ", f);
			fput_md(f, sb.buf);
			fputc('\n', f);
		}
		free(frames);
	}
	if (n)
		fputc('\n', f);
	strbuf_release(&sb);
	report_stacks_free(rs);
}

int report_diff_md(FILE *f, const struct report_diff_in *in)
{
	const struct diff_result *r = in->r;
	const struct policy *p = in->p;
	char buf[32];
	size_t i;

	fprintf(f, "### syscensus: %zu uncovered syscall%s",
		r->nuncovered_names, r->nuncovered_names == 1 ? "" : "s");
	if (r->nuncovered != r->nuncovered_names)
		fprintf(f, " (in %zu phase/program rows)", r->nuncovered);
	fputs("\n\n", f);
	fputs("Policy ", f);
	fput_md(f, p->source);
	fprintf(f, " (%s, default %s): %zu compared, %zu covered, "
		"%zu uncovered, %zu unused.\n\n", p->format,
		action_name(&p->default_action, buf), r->nrows, r->ncovered,
		r->nuncovered, r->nunused);
	if (p->ndropins) {
		fputs("Drop-ins read after it, in order: ", f);
		for (i = 0; i < p->ndropins; i++) {
			fputs(i ? ", " : "", f);
			fput_md(f, p->dropins[i]);
		}
		fputs(".\n\n", f);
	}
	if (r->nuncovered) {
		fputs("| Syscall | Phase | Executable | Arch | Calls | "
		      "Policy says |\n|---|---|---|---|---:|---|\n", f);
		for (i = 0; i < r->nuncovered; i++) {
			const struct diff_uncovered *u = &r->uncovered[i];

			fputs("| ", f);
			put_cells(f, " | ", u->syscall, u->phase, u->exe,
				  u->arch);
			fprintf(f, " | %" PRIu64 " | ", u->calls);
			if ((u->arch_denied || u->arg) && u->reason)
				fput_md(f, u->reason);
			else
				fputs(action_name(&u->action, buf), f);
			fputs(" |\n", f);
		}
		fputc('\n', f);
		md_callers(f, in);
	}
	if (r->nconditional) {
		fprintf(f, "%zu row%s allowed for some argument values only "
			"could not be judged from the trace:\n\n",
			r->nconditional, r->nconditional == 1 ? "" : "s");
		for (i = 0; i < r->nconditional; i++) {
			const struct diff_conditional *c = &r->conditional[i];

			fputs("- ", f);
			fput_md(f, c->syscall);
			fputs(" (", f);
			put_cells(f, ", ", c->phase, c->exe, c->arch, NULL);
			fprintf(f, ", %" PRIu64 " calls): ", c->calls);
			fput_md(f, c->reason ? c->reason : "");
			fputc('\n', f);
		}
		fputc('\n', f);
	}
	if (r->nunexercised) {
		fprintf(f, "%zu syscall%s the code reaches directly, never "
			"observed and not allowed (unexercised):\n\n"
			"| Unexercised | Executable | Arch | How |\n"
			"|---|---|---|---|\n", r->nunexercised,
			r->nunexercised == 1 ? "" : "s");
		for (i = 0; i < r->nunexercised; i++) {
			const struct diff_unexercised *u = &r->unexercised[i];

			fputs("| ", f);
			put_cells(f, " | ", u->syscall, u->exe, u->arch,
				  u->reason);
			fputs(" |\n", f);
		}
		fputc('\n', f);
	}
	if (r->nflags) {
		fputs("| Flag | Severity | Why |\n|---|---|---|\n", f);
		for (i = 0; i < r->nflags; i++) {
			const struct kb_flag *fl = &r->flags[i];

			fputs("| ", f);
			fput_md(f, fl->syscall ? fl->syscall : "?");
			fputs(" | ", f);
			fput_md(f, fl->severity ? fl->severity : "info");
			fputs(" | ", f);
			fput_md(f, fl->reason ? fl->reason : "");
			fputs(" |\n", f);
		}
		fputc('\n', f);
	} else if (r->kb_error) {
		fputs("Knowledge-base flags unavailable: ", f);
		fput_md(f, r->kb_error);
		fputs("\n\n", f);
	}
	if (r->nunused) {
		fprintf(f, "<details><summary>%zu allowed syscall%s never "
			"observed</summary>\n\n", r->nunused,
			r->nunused == 1 ? "" : "s");
		for (i = 0; i < r->nunused; i++) {
			fputs(i ? ", " : "", f);
			fput_md(f, r->unused[i]);
		}
		fputs("\n\n</details>\n", f);
	}
	return 0;
}

/* A table cell: the string escaped, "-" for NULL. */
static void cell_s(FILE *f, const char *s)
{
	fputs("| ", f);
	if (s)
		fput_md(f, s);
	else
		fputc('-', f);
	fputc(' ', f);
}

static void cell_i(FILE *f, int64_t v)
{
	fputs("| ", f);
	if (v != STORE_NULL)
		fprintf(f, "%" PRId64, v);
	else
		fputc('-', f);
	fputc(' ', f);
}

static void table_head(FILE *f, const char *const *heads)
{
	size_t k;

	for (k = 0; heads[k]; k++)
		fprintf(f, "| %s ", heads[k]);
	fputs("|\n", f);
	for (k = 0; heads[k]; k++)
		fputs("|---", f);
	fputs("|\n", f);
}

static void md_kills(FILE *f, const struct report_model *m)
{
	static const char *const head[] = {
		"Syscall", "PID", "Executable", "Arch", "Seen by", NULL };
	size_t i;

	fputs("### Killed by seccomp\n\n", f);
	table_head(f, head);
	for (i = 0; i < m->s.nkills; i++) {
		const struct store_report_kill *k = &m->s.kills[i];

		cell_s(f, k->syscall);
		cell_i(f, k->pid);
		cell_s(f, k->exe);
		cell_s(f, k->arch);
		cell_s(f, k->source);
		fputs("|\n", f);
	}
	fputc('\n', f);
	for (i = 0; i < m->s.nkills; i++) {
		const struct store_report_kill *k = &m->s.kills[i];

		if (k->syscall && *k->syscall) {
			fputs("- fix: add ", f);
			fput_md(f, k->syscall);
			fputs(" to the allowlist\n", f);
		} else if (k->detail && *k->detail) {
			/* no syscall: what the importer found */
			fputs("- ", f);
			fput_md(f, k->exe ? k->exe : "-");
			fputs(": ", f);
			fput_md(f, k->detail);
			fputc('\n', f);
		} else {
			fputs("- fix: find the syscall and add it to "
			      "the allowlist\n", f);
		}
	}
	fputc('\n', f);
}

static void md_unexercised(FILE *f, const struct report_model *m)
{
	static const char *const head[] = {
		"Unexercised", "Executable", "Arch", "How", NULL };
	size_t i;

	fputs("### Unexercised: the code reaches them, the trace "
	      "never saw them\n\n", f);
	table_head(f, head);
	for (i = 0; i < m->nunexercised; i++) {
		const struct diff_unexercised *u = &m->unexercised[i];

		cell_s(f, u->syscall);
		cell_s(f, u->exe);
		cell_s(f, u->arch);
		cell_s(f, u->reason);
		fputs("|\n", f);
	}
	fputc('\n', f);
}

static void md_runs(FILE *f, const struct report_model *m)
{
	static const char *const head[] = {
		"Run", "Kind", "Source", "Started", "Lines", "Bad", NULL };
	size_t i;

	fputs("### Runs\n\n", f);
	table_head(f, head);
	for (i = 0; i < m->s.nruns; i++) {
		const struct store_report_run *r = &m->s.runs[i];
		char buf[64];

		cell_i(f, r->id);
		cell_s(f, r->kind);
		cell_s(f, r->source);
		cell_s(f, report_time(r->started_ns, buf, sizeof(buf)) ?
			  buf : NULL);
		cell_i(f, r->lines);
		cell_i(f, r->bad_lines);
		fputs("|\n", f);
	}
	fputc('\n', f);
}

static void md_exes(FILE *f, const struct report_model *m)
{
	static const char *const head[] = {
		"Executable", "Syscalls", "Calls", "Errors", NULL };
	size_t i;

	fputs("### Executables\n\n", f);
	table_head(f, head);
	for (i = 0; i < m->s.nexes; i++) {
		const struct store_report_group *g = &m->s.exes[i];

		cell_s(f, g->name);
		cell_i(f, g->syscalls);
		cell_i(f, g->calls);
		cell_i(f, g->errors);
		fputs("|\n", f);
	}
	fputc('\n', f);
}

static void md_syscalls(FILE *f, const struct report_model *m)
{
	static const char *const head[] = {
		"Phase", "Executable", "Arch", "Syscall", "Calls", "Errors",
		"First called from", NULL };
	size_t i;

	fputs("### Syscalls\n\n", f);
	table_head(f, head);
	for (i = 0; i < m->s.nsyscalls; i++) {
		const struct store_report_syscall *c = &m->s.syscalls[i];

		cell_s(f, c->phase);
		cell_s(f, c->exe);
		cell_s(f, c->arch);
		cell_s(f, c->syscall);
		cell_i(f, c->calls);
		cell_i(f, c->errors);
		cell_s(f, c->stack && *c->stack ? m->caller[i] : NULL);
		fputs("|\n", f);
	}
	fputc('\n', f);
}

static void md_problems(FILE *f, const struct report_model *m)
{
	static const char *const head[] = { "File", "Line", "Reason", NULL };
	size_t i;

	fputs("### Problems in the input\n\n", f);
	table_head(f, head);
	for (i = 0; i < m->s.nproblems; i++) {
		const struct store_report_problem *p = &m->s.problems[i];

		cell_s(f, p->file);
		cell_i(f, p->line);
		cell_s(f, p->reason);
		fputs("|\n", f);
	}
	fputc('\n', f);
}

int report_write_md(FILE *f, const struct report_model *m)
{
	size_t i;

	fputs("## syscensus report\n\n", f);
	for (i = 0; i < m->s.nunfinished; i++) {
		const struct store_report_run *r = &m->s.unfinished[i];

		fprintf(f, "> **Unfinished run %" PRId64 "** (",
			r->id == STORE_NULL ? 0 : r->id);
		fput_md(f, r->kind ? r->kind : "");
		fputs("): no end recorded (the tracer was killed, or is still "
		      "running); its counts stop at its last write.\n\n", f);
	}
	if (m->s.nkills)
		md_kills(f, m);
	if (m->nunexercised)
		md_unexercised(f, m);
	md_runs(f, m);
	md_exes(f, m);
	md_syscalls(f, m);
	if (m->s.nproblems)
		md_problems(f, m);
	return 0;
}
