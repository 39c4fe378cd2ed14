/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * report-text.c - plain text for terminals: the result of `diff`/`check`
 * (every uncovered syscall on its own line, naming phase, executable and
 * arch, so a CI log says what to fix) and `syscensus report` (kills first,
 * each with the policy line that fixes it -- or, when the kill names no
 * syscall, the importer's explanation -- then runs, executables, phases,
 * syscalls and input problems).  Every traced string goes through
 * esc_text(): a path may hold a newline or a terminal escape.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "analyzer/policy/policy.h"
#include "reports/reports.h"

/* --------------------------------------------------------- diff/check */

static void put_arches(FILE *f, const struct policy *p)
{
	size_t i;

	if (!p->narches) {
		fprintf(f, "%s (native)", arch_name(arch_native()));
		return;
	}
	for (i = 0; i < p->narches; i++) {
		const char *n = arch_name(p->arches[i]);

		fprintf(f, "%s%s", i ? " " : "", n ? n : "?");
	}
}

/* "LABEL: SYSCALL in phase 'PHASE' of EXE [ARCH]", escaped. */
static void put_where(FILE *f, const char *label, const char *syscall,
		      const char *phase, const char *exe, const char *arch)
{
	fprintf(f, "%s: ", label);
	fput_text(f, syscall);
	fputs(" in phase '", f);
	fput_text(f, phase);
	fputs("' of ", f);
	fput_text(f, exe);
	fputs(" [", f);
	fput_text(f, arch);
	fputc(']', f);
}

/* "    called from: CALLERS" under a finding, when a stack was recorded. */
static void put_callers(FILE *f, struct report_stacks *rs, const char *phase,
			const char *exe, const char *arch,
			const char *syscall)
{
	char *frames = report_stacks_get(rs, phase, exe, arch, syscall);
	struct strbuf sb = STRBUF_INIT;

	if (frames && report_stack_callers(&sb, frames, exe)) {
		fputs("    called from: ", f);
		fput_text(f, sb.buf);
		fputc('\n', f);
	}
	strbuf_release(&sb);
	free(frames);
}

int report_diff_text(FILE *f, const struct report_diff_in *in)
{
	const struct diff_result *r = in->r;
	const struct policy *p = in->p;
	struct report_stacks *rs = report_stacks_new(in->st);
	char buf[32];
	size_t i, col;

	fputs("policy ", f);
	fput_text(f, p->source);
	fprintf(f, " (%s): %zu rules, default %s, arches ", p->format,
		p->nrules, action_name(&p->default_action, buf));
	put_arches(f, p);
	fputc('\n', f);
	if (p->ndropins) {
		fputs("drop-ins read after it, in order:", f);
		for (i = 0; i < p->ndropins; i++) {
			fputc(' ', f);
			fput_text(f, p->dropins[i]);
		}
		fputc('\n', f);
	}
	for (i = 0; i < r->nuncovered; i++) {
		const struct diff_uncovered *u = &r->uncovered[i];

		put_where(f, "uncovered", u->syscall, u->phase, u->exe,
			  u->arch);
		fprintf(f, ": %" PRIu64 " call%s", u->calls,
			u->calls == 1 ? "" : "s");
		if (u->errors)
			fprintf(f, " (%" PRIu64 " failed)", u->errors);
		fputs("; ", f);
		if (u->reason)
			fput_text(f, u->reason);
		else
			fprintf(f, "the policy says %s",
				action_name(&u->action, buf));
		fputc('\n', f);
		put_callers(f, rs, u->phase, u->exe, u->arch, u->syscall);
	}
	for (i = 0; i < r->nconditional; i++) {
		const struct diff_conditional *c = &r->conditional[i];

		put_where(f, "conditional", c->syscall, c->phase, c->exe,
			  c->arch);
		fprintf(f, ": %" PRIu64 " call%s allowed for some argument "
			"values only, undecided: ", c->calls,
			c->calls == 1 ? "" : "s");
		fput_text(f, c->reason ? c->reason : "?");
		fputc('\n', f);
	}
	for (i = 0; i < r->nunexercised; i++) {
		/* reached by the code, denied, never observed: a warning */
		fputs("unexercised: ", f);
		fput_text(f, r->unexercised[i].syscall);
		fputs(": ", f);
		fput_text(f, r->unexercised[i].reason);
		fputc('\n', f);
	}
	if (r->nunused) {
		fprintf(f, "unused: %zu allowed syscall%s never observed:\n",
			r->nunused, r->nunused == 1 ? "" : "s");
		col = 0;
		for (i = 0; i < r->nunused; i++) {
			size_t n = strlen(r->unused[i]) + 1;

			if (col && col + n > 78) {
				fputc('\n', f);
				col = 0;
			}
			fputs(col ? " " : "  ", f);
			fput_text(f, r->unused[i]);
			col += n + (col ? 0 : 1);
		}
		fputc('\n', f);
	}
	for (i = 0; i < r->nflags; i++) {
		const struct kb_flag *fl = &r->flags[i];

		fputs("flag: ", f);
		fput_text(f, fl->syscall ? fl->syscall : "?");
		fputs(" [", f);
		fput_text(f, fl->severity ? fl->severity : "info");
		fputs("]: ", f);
		if (fl->reason) {
			/* the first sentence; --format json has the rest */
			const char *dot = strstr(fl->reason, ". ");
			char *first = dot ? xstrndup(fl->reason, (size_t)(
						 dot - fl->reason + 1)) :
					    xstrdup(fl->reason);

			fput_text(f, first);
			free(first);
		}
		if (fl->evidence) {
			fputs(" (seen: ", f);
			fput_text(f, fl->evidence);
			fputc(')', f);
		}
		fputc('\n', f);
	}
	if (r->kb_error) {
		fputs("flags: none (knowledge base unavailable: ", f);
		fput_text(f, r->kb_error);
		fputs(")\n", f);
	}
	fprintf(f, "%zu compared, %zu covered, %zu uncovered, %zu unused",
		r->nrows, r->ncovered, r->nuncovered, r->nunused);
	if (r->nuncovered)
		fprintf(f, " (%zu distinct uncovered syscall%s)",
			r->nuncovered_names,
			r->nuncovered_names == 1 ? "" : "s");
	if (r->nargs_judged)
		fprintf(f, ", %zu judged by argument", r->nargs_judged);
	if (r->nconditional)
		fprintf(f, ", %zu conditional undecided", r->nconditional);
	fputc('\n', f);
	report_stacks_free(rs);
	return 0;
}

/* ------------------------------------------------------------- report */

/* A string of the model, "" for NULL. */
static const char *S(const char *s)
{
	return s ? s : "";
}

/* A field that may be null: "-" when it is. */
static void put_str(FILE *f, const char *s)
{
	if (s)
		fput_text(f, s);
	else
		fputc('-', f);
}

static void put_int(FILE *f, int64_t v)
{
	if (v != STORE_NULL)
		fprintf(f, "%" PRId64, v);
	else
		fputc('-', f);
}

/* An integer where the JSON model read a null as 0. */
static int64_t I(int64_t v)
{
	return v == STORE_NULL ? 0 : v;
}

static void text_kills(FILE *f, const struct report_model *m)
{
	size_t i;

	if (!m->s.nkills)
		return;
	fprintf(f, "KILLED BY SECCOMP (%zu)\n", m->s.nkills);
	for (i = 0; i < m->s.nkills; i++) {
		const struct store_report_kill *k = &m->s.kills[i];
		const char *sc = S(k->syscall), *detail = S(k->detail);

		fputs("  ", f);
		if (*sc) {
			fput_text(f, sc);
			fputs(" killed pid ", f);
			put_int(f, k->pid);
			fputs(" (", f);
			put_str(f, k->exe);
			fputs(", ", f);
			put_str(f, k->arch);
			fputc(')', f);
		} else {
			/* a journal kill: a unit, no syscall named */
			put_str(f, k->exe);
			if (k->pid != STORE_NULL) {
				fputs(" pid ", f);
				put_int(f, k->pid);
			}
			fputs(" (no syscall named)", f);
		}
		fputs(" seen by ", f);
		put_str(f, k->source);
		if (k->file) {
			fputs(" at ", f);
			put_str(f, k->file);
			fputc(':', f);
			put_int(f, k->line);
		}
		if (k->stack && *k->stack && m->kill_caller[i]) {
			fputs("\n    called from: ", f);
			fput_text(f, m->kill_caller[i]);
		}
		if (*sc || !*detail) {
			fputs("\n    fix: ", f);
			fput_text(f, m->kill_fix[i]);
		} else {
			fputs("\n    why: ", f);
			fput_text(f, detail);
		}
		fputc('\n', f);
	}
	fputc('\n', f);
}

/* Runs with no end recorded: their counts stop at the last write. */
static void text_unfinished(FILE *f, const struct report_model *m)
{
	size_t i;

	for (i = 0; i < m->s.nunfinished; i++) {
		const struct store_report_run *r = &m->s.unfinished[i];

		fprintf(f, "UNFINISHED run #%" PRId64 " ", I(r->id));
		put_str(f, r->kind);
		fputc(' ', f);
		put_str(f, r->source);
		fputs(": no end recorded (the tracer was killed, or is still "
		      "running); its counts stop at its last write\n", f);
	}
	if (m->s.nunfinished)
		fputc('\n', f);
}

/* A time of the model as the JSON model wrote it, or "-". */
static void put_time(FILE *f, int64_t ns)
{
	char buf[64];

	if (report_time(ns, buf, sizeof(buf)))
		fputs(buf, f);
	else
		fputc('-', f);
}

static void text_runs(FILE *f, const struct report_model *m)
{
	size_t i;

	fprintf(f, "RUNS (%zu)\n", m->s.nruns);
	for (i = 0; i < m->s.nruns; i++) {
		const struct store_report_run *r = &m->s.runs[i];

		fprintf(f, "  #%" PRId64 " ", I(r->id));
		put_str(f, r->kind);
		fputc(' ', f);
		put_str(f, r->source);
		fputs("  at ", f);
		put_time(f, r->started_ns);
		fprintf(f, "  %" PRId64 " lines, %" PRId64 " bad\n",
			I(r->lines), I(r->bad_lines));
		if (!r->engine)
			continue;
		/* what this trace can and cannot tell */
		fputs("    engine ", f);
		put_str(f, r->engine);
		fputs(" (", f);
		put_str(f, r->engine_reason);
		fputc(')', f);
		if (r->engine_missing) {
			fputs("; not recorded: ", f);
			put_str(f, r->engine_missing);
		}
		if (I(r->paths_unreadable) > 0)
			fprintf(f, "; %" PRId64 " path%s not readable at entry",
				r->paths_unreadable,
				r->paths_unreadable == 1 ? "" : "s");
		fputc('\n', f);
	}
	fputc('\n', f);
}

static void text_groups(FILE *f, const struct store_report_group *g,
			size_t n, const char *title, const char *other)
{
	size_t i;

	fprintf(f, "%s (%zu)\n", title, n);
	for (i = 0; i < n; i++) {
		fputs("  ", f);
		put_str(f, g[i].name);
		fprintf(f, "  %" PRId64 " syscalls, %" PRId64 " calls, %"
			PRId64 " errors, %" PRId64 " %s\n", I(g[i].syscalls),
			I(g[i].calls), I(g[i].errors), I(g[i].other), other);
	}
	fputc('\n', f);
}

static void text_syscalls(FILE *f, const struct report_model *m)
{
	const char *last_phase = NULL, *last_exe = NULL;
	struct strbuf sb = STRBUF_INIT;
	size_t i, j;

	fprintf(f, "SYSCALLS (%zu rows)\n", m->s.nsyscalls);
	for (i = 0; i < m->s.nsyscalls; i++) {
		const struct store_report_syscall *e = &m->s.syscalls[i];
		const char *ph = S(e->phase), *exe = S(e->exe);

		if (!last_phase || strcmp(ph, last_phase) ||
		    strcmp(exe, last_exe)) {
			fputs("  phase '", f);
			fput_text(f, ph);
			fputs("' of ", f);
			fput_text(f, exe);
			fputc('\n', f);
			last_phase = ph;
			last_exe = exe;
		}
		fputs("    ", f);
		fput_text(f, S(e->syscall));
		fprintf(f, " [%s] %" PRId64 " calls", S(e->arch), I(e->calls));
		if (I(e->errors))
			fprintf(f, ", %" PRId64 " errors", e->errors);
		for (j = 0; j < e->nerrnos; j++) {
			/* the name as the JSON model keys it, then escaped
			 * for the terminal */
			strbuf_reset(&sb);
			esc_text(&sb, e->errnos[j].name ? e->errnos[j].name :
				 "?");
			fputs(j ? ", " : " (", f);
			fput_text(f, sb.buf);
			fprintf(f, " %" PRId64, I(e->errnos[j].count));
		}
		fputs(e->nerrnos ? ")\n" : "\n", f);
		if (e->stack && *e->stack && m->caller[i]) {
			fputs("      called from: ", f);
			fput_text(f, m->caller[i]);
			fputc('\n', f);
		}
	}
	fputc('\n', f);
	strbuf_release(&sb);
}

static void text_problems(FILE *f, const struct report_model *m)
{
	size_t i;

	fprintf(f, "PROBLEMS (%" PRId64 " bad input lines", m->s.problems_total);
	if (m->s.problems_total > (int64_t)m->s.nproblems)
		fprintf(f, ", first %zu shown", m->s.nproblems);
	fputs(")\n", f);
	for (i = 0; i < m->s.nproblems; i++) {
		const struct store_report_problem *e = &m->s.problems[i];

		fputs("  ", f);
		put_str(f, e->file);
		fputc(':', f);
		put_int(f, e->line);
		fputs(": ", f);
		put_str(f, e->reason);
		fputc('\n', f);
	}
}

/* Static reach the trace never saw: the paths no test ran. */
static void text_unexercised(FILE *f, const struct report_model *m)
{
	size_t i;

	if (!m->nunexercised)
		return;
	fprintf(f, "UNEXERCISED (%zu): the code reaches them directly, the "
		"trace never saw them\n", m->nunexercised);
	for (i = 0; i < m->nunexercised; i++) {
		fputs("  ", f);
		fput_text(f, S(m->unexercised[i].syscall));
		fputs(": ", f);
		fput_text(f, S(m->unexercised[i].reason));
		fputc('\n', f);
	}
	fputc('\n', f);
}

/* ------------------------------------------------------------- matrix */

struct mrow {
	char *label; /* escaped: "name" or "name [arch]" off the native arch */
	uint64_t *calls, *errors;
	bool *seen;
};

static int cmp_mrow(const void *a, const void *b)
{
	return strcmp(((const struct mrow *)a)->label,
		      ((const struct mrow *)b)->label);
}

/* The cell text of row r, column c: "." never, "N", or "N/E". */
static void cell_text(char *buf, size_t len, const struct mrow *r, size_t c)
{
	if (!r->seen[c])
		snprintf(buf, len, ".");
	else if (r->errors[c])
		snprintf(buf, len, "%" PRIu64 "/%" PRIu64, r->calls[c],
			 r->errors[c]);
	else
		snprintf(buf, len, "%" PRIu64, r->calls[c]);
}

/*
 * One executable's phase x syscall matrix: a row per syscall (and arch,
 * when not the native one), a column per phase in the order the trace
 * entered them, split into blocks of columns that fit width.
 */
static void text_matrix_exe(FILE *f, const struct report_model *m,
			    const char *exe, unsigned width)
{
	const struct store_report *s = &m->s;
	const char *native = arch_name(arch_native());
	char **cols = NULL, buf[64];
	size_t *colw = NULL, ncols = 0, nrows = 0, alloc = 0, i, j;
	size_t labelw = strlen("syscall"), start;
	struct mrow *r = NULL;
	struct strbuf sb = STRBUF_INIT;

	/* the phases this executable was seen in, in trace order */
	cols = xcalloc(s->nphase_order + 1, sizeof(*cols));
	for (i = 0; i < s->nphase_order; i++) {
		const char *ph = S(s->phase_order[i]);

		for (j = 0; j < s->nsyscalls; j++)
			if (!strcmp(S(s->syscalls[j].exe), exe) &&
			    !strcmp(S(s->syscalls[j].phase), ph))
				break;
		if (j < s->nsyscalls) {
			strbuf_reset(&sb);
			esc_text(&sb, ph);
			cols[ncols++] = strbuf_detach(&sb, NULL);
		}
	}
	for (i = 0; i < s->nsyscalls; i++) {
		const struct store_report_syscall *e = &s->syscalls[i];
		const char *arch = S(e->arch);
		size_t c, k;

		if (strcmp(S(e->exe), exe))
			continue;
		strbuf_reset(&sb);
		esc_text(&sb, S(e->syscall));
		if (native && strcmp(arch, native)) {
			strbuf_addstr(&sb, " [");
			esc_text(&sb, arch);
			strbuf_addch(&sb, ']');
		}
		for (k = 0; k < nrows && strcmp(r[k].label, sb.buf); k++)
			;
		if (k == nrows) {
			r = xgrow(r, sizeof(*r), nrows + 1, &alloc);
			r[k].label = xstrdup(sb.buf);
			r[k].calls = xcalloc(ncols + 1, sizeof(uint64_t));
			r[k].errors = xcalloc(ncols + 1, sizeof(uint64_t));
			r[k].seen = xcalloc(ncols + 1, sizeof(bool));
			nrows++;
		}
		strbuf_reset(&sb);
		esc_text(&sb, S(e->phase));
		for (c = 0; c < ncols && strcmp(cols[c], sb.buf); c++)
			;
		if (c == ncols)
			continue;
		r[k].calls[c] += (uint64_t)I(e->calls);
		r[k].errors[c] += (uint64_t)I(e->errors);
		r[k].seen[c] = true;
	}
	if (nrows)
		qsort(r, nrows, sizeof(*r), cmp_mrow);
	colw = xcalloc(ncols + 1, sizeof(*colw));
	for (j = 0; j < ncols; j++) {
		colw[j] = strlen(cols[j]);
		for (i = 0; i < nrows; i++) {
			cell_text(buf, sizeof(buf), &r[i], j);
			if (strlen(buf) > colw[j])
				colw[j] = strlen(buf);
		}
	}
	for (i = 0; i < nrows; i++)
		if (strlen(r[i].label) > labelw)
			labelw = strlen(r[i].label);
	fputs("  ", f);
	fput_text(f, exe);
	fprintf(f, "  (%zu syscalls x %zu phases)\n", nrows, ncols);
	for (start = 0; start < ncols || (!ncols && !start);) {
		size_t end = start, used = 4 + labelw;

		/* as many columns as fit, at least one */
		while (end < ncols &&
		       (end == start || used + 2 + colw[end] <= width))
			used += 2 + colw[end++];
		fprintf(f, "    %-*s", (int)labelw, "syscall");
		for (j = start; j < end; j++)
			fprintf(f, "  %*s", (int)colw[j], cols[j]);
		fputc('\n', f);
		for (i = 0; i < nrows; i++) {
			fprintf(f, "    %-*s", (int)labelw, r[i].label);
			for (j = start; j < end; j++) {
				cell_text(buf, sizeof(buf), &r[i], j);
				fprintf(f, "  %*s", (int)colw[j], buf);
			}
			fputc('\n', f);
		}
		if (end >= ncols)
			break;
		fputc('\n', f);
		start = end;
	}
	fputc('\n', f);
	for (i = 0; i < nrows; i++) {
		free(r[i].label);
		free(r[i].calls);
		free(r[i].errors);
		free(r[i].seen);
	}
	free(r);
	for (j = 0; j < ncols; j++)
		free(cols[j]);
	free(cols);
	free(colw);
	strbuf_release(&sb);
}

static void text_matrix(FILE *f, const struct report_model *m,
			unsigned width)
{
	size_t i;

	fprintf(f, "MATRIX (calls per phase; CALLS/ERRORS when some failed; "
		". never called)\n");
	for (i = 0; i < m->s.nexes; i++)
		text_matrix_exe(f, m, S(m->s.exes[i].name), width);
}

/* Does row i of m have a callers line? */
static bool has_caller(const struct report_model *m, size_t i)
{
	return m->s.syscalls[i].stack && *m->s.syscalls[i].stack &&
	       m->caller[i];
}

/* The callers of every syscall with a recorded stack, per executable. */
static void text_callers(FILE *f, const struct report_model *m)
{
	const struct store_report *s = &m->s;
	size_t i, j, k, n = 0;

	for (i = 0; i < s->nsyscalls; i++)
		if (has_caller(m, i))
			n++;
	if (!n)
		return;
	fprintf(f, "CALLERS (%zu rows with a stack: the innermost frames in "
		"the program; --format json has whole stacks)\n", n);
	for (i = 0; i < s->nexes; i++) {
		const char *exe = S(s->exes[i].name);
		bool head = false;

		/* phases in trace order; in each, the most calls first */
		for (k = 0; k < s->nphase_order; k++)
		for (j = 0; j < s->nsyscalls; j++) {
			const struct store_report_syscall *e = &s->syscalls[j];

			if (strcmp(S(e->exe), exe) || !s->phase_order[k] ||
			    strcmp(S(e->phase), s->phase_order[k]) ||
			    !has_caller(m, j))
				continue;
			if (!head) {
				fputs("  ", f);
				fput_text(f, exe);
				fputc('\n', f);
				head = true;
			}
			fputs("    ", f);
			fput_text(f, S(e->phase));
			fputc('/', f);
			fput_text(f, S(e->syscall));
			fputs("  ", f);
			fput_text(f, m->caller[j]);
			fputc('\n', f);
		}
	}
	fputc('\n', f);
}

int report_write_text_opts(FILE *f, const struct report_model *m,
			   const struct report_opts *o)
{
	const struct store_report *s = &m->s;
	unsigned width = o && o->width >= 40 ? o->width : 80;

	fputs("syscensus report of ", f);
	fput_text(f, S(m->database));
	fprintf(f, "\n%zu runs, %zu executables, %" PRId64 " distinct "
		"syscalls, %" PRId64 " calls, %" PRId64 " errors, %zu "
		"kills\n\n", s->nruns, s->nexes, s->distinct_syscalls,
		s->calls, s->errors, s->nkills);
	text_unfinished(f, m);
	text_kills(f, m);
	text_unexercised(f, m);
	text_runs(f, m);
	text_groups(f, s->exes, s->nexes, "EXECUTABLES", "phases");
	text_groups(f, s->phases, s->nphases, "PHASES", "executables");
	if (o && o->long_list) {
		text_syscalls(f, m);
	} else {
		text_matrix(f, m, width);
		text_callers(f, m);
	}
	text_problems(f, m);
	return 0;
}

int report_write_text(FILE *f, const struct report_model *m)
{
	return report_write_text_opts(f, m, NULL);
}
