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
#include <jansson.h>
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

static void cell(FILE *f, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	fputs("| ", f);
	if (json_is_string(v))
		fput_md(f, json_string_value(v));
	else if (json_is_integer(v))
		fprintf(f, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else
		fputc('-', f);
	fputc(' ', f);
}

static void table(FILE *f, json_t *arr, const char *const *keys,
		  const char *const *heads)
{
	json_t *e;
	size_t i, k;

	for (k = 0; heads[k]; k++)
		fprintf(f, "| %s ", heads[k]);
	fputs("|\n", f);
	for (k = 0; heads[k]; k++)
		fputs("|---", f);
	fputs("|\n", f);
	json_array_foreach(arr, i, e) {
		for (k = 0; keys[k]; k++)
			cell(f, e, keys[k]);
		fputs("|\n", f);
	}
	fputc('\n', f);
}

int report_write_md(FILE *f, json_t *m)
{
	static const char *const kill_k[] = {
		"syscall", "pid", "exe", "arch", "source", NULL };
	static const char *const kill_h[] = {
		"Syscall", "PID", "Executable", "Arch", "Seen by", NULL };
	static const char *const run_k[] = {
		"id", "kind", "source", "started", "lines", "bad_lines", NULL };
	static const char *const run_h[] = {
		"Run", "Kind", "Source", "Started", "Lines", "Bad", NULL };
	static const char *const exe_k[] = {
		"exe", "syscalls", "calls", "errors", NULL };
	static const char *const exe_h[] = {
		"Executable", "Syscalls", "Calls", "Errors", NULL };
	static const char *const sc_k[] = {
		"phase", "exe", "arch", "syscall", "calls", "errors",
		"caller", NULL };
	static const char *const sc_h[] = {
		"Phase", "Executable", "Arch", "Syscall", "Calls", "Errors",
		"First called from", NULL };
	static const char *const pr_k[] = { "file", "line", "reason", NULL };
	static const char *const pr_h[] = { "File", "Line", "Reason", NULL };
	json_t *kills = json_object_get(m, "kills"), *k;
	size_t i;

	fputs("## syscensus report\n\n", f);
	json_array_foreach(json_object_get(m, "unfinished_runs"), i, k) {
		fprintf(f, "> **Unfinished run %" JSON_INTEGER_FORMAT "** (",
			json_integer_value(json_object_get(k, "id")));
		fput_md(f, json_string_value(json_object_get(k, "kind")));
		fputs("): no end recorded (the tracer was killed, or is still "
		      "running); its counts stop at its last write.\n\n", f);
	}
	if (json_array_size(kills)) {
		fputs("### Killed by seccomp\n\n", f);
		table(f, kills, kill_k, kill_h);
		json_array_foreach(kills, i, k) {
			const char *sc = json_string_value(
				json_object_get(k, "syscall"));
			const char *detail = json_string_value(
				json_object_get(k, "detail"));
			const char *exe = json_string_value(
				json_object_get(k, "exe"));

			if (sc && *sc) {
				fputs("- fix: add ", f);
				fput_md(f, sc);
				fputs(" to the allowlist\n", f);
			} else if (detail && *detail) {
				/* no syscall: what the importer found */
				fputs("- ", f);
				fput_md(f, exe ? exe : "-");
				fputs(": ", f);
				fput_md(f, detail);
				fputc('\n', f);
			} else {
				fputs("- fix: find the syscall and add it to "
				      "the allowlist\n", f);
			}
		}
		fputc('\n', f);
	}
	if (json_array_size(json_object_get(m, "unexercised"))) {
		static const char *const un_k[] = {
			"syscall", "exe", "arch", "reason", NULL };
		static const char *const un_h[] = {
			"Unexercised", "Executable", "Arch", "How", NULL };

		fputs("### Unexercised: the code reaches them, the trace "
		      "never saw them\n\n", f);
		table(f, json_object_get(m, "unexercised"), un_k, un_h);
	}
	fputs("### Runs\n\n", f);
	table(f, json_object_get(m, "runs"), run_k, run_h);
	fputs("### Executables\n\n", f);
	table(f, json_object_get(m, "executables"), exe_k, exe_h);
	fputs("### Syscalls\n\n", f);
	table(f, json_object_get(m, "syscalls"), sc_k, sc_h);
	if (json_array_size(json_object_get(m, "problems"))) {
		fputs("### Problems in the input\n\n", f);
		table(f, json_object_get(m, "problems"), pr_k, pr_h);
	}
	return 0;
}
