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
#include <jansson.h>
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

static const char *jget_s(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static json_int_t jget_i(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* A field that may be null: "-" when it is. */
static void put_field(FILE *f, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (json_is_string(v))
		fput_text(f, json_string_value(v));
	else if (json_is_integer(v))
		fprintf(f, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else
		fputc('-', f);
}

static void text_kills(FILE *f, json_t *m)
{
	json_t *kills = json_object_get(m, "kills"), *k;
	size_t i;

	if (!json_array_size(kills))
		return;
	fprintf(f, "KILLED BY SECCOMP (%zu)\n", json_array_size(kills));
	json_array_foreach(kills, i, k) {
		const char *sc = jget_s(k, "syscall");
		const char *detail = jget_s(k, "detail");

		fputs("  ", f);
		if (*sc) {
			fput_text(f, sc);
			fputs(" killed pid ", f);
			put_field(f, k, "pid");
			fputs(" (", f);
			put_field(f, k, "exe");
			fputs(", ", f);
			put_field(f, k, "arch");
			fputc(')', f);
		} else {
			/* a journal kill: a unit, no syscall named */
			put_field(f, k, "exe");
			if (json_is_integer(json_object_get(k, "pid"))) {
				fputs(" pid ", f);
				put_field(f, k, "pid");
			}
			fputs(" (no syscall named)", f);
		}
		fputs(" seen by ", f);
		put_field(f, k, "source");
		if (json_is_string(json_object_get(k, "file"))) {
			fputs(" at ", f);
			put_field(f, k, "file");
			fputc(':', f);
			put_field(f, k, "line");
		}
		if (json_is_string(json_object_get(k, "caller"))) {
			fputs("\n    called from: ", f);
			fput_text(f, jget_s(k, "caller"));
		}
		if (*sc || !*detail) {
			fputs("\n    fix: ", f);
			fput_text(f, jget_s(k, "fix"));
		} else {
			fputs("\n    why: ", f);
			fput_text(f, detail);
		}
		fputc('\n', f);
	}
	fputc('\n', f);
}

/* Runs with no end recorded: their counts stop at the last write. */
static void text_unfinished(FILE *f, json_t *m)
{
	json_t *runs = json_object_get(m, "unfinished_runs"), *r;
	size_t i;

	json_array_foreach(runs, i, r) {
		fprintf(f, "UNFINISHED run #%" JSON_INTEGER_FORMAT " ",
			jget_i(r, "id"));
		put_field(f, r, "kind");
		fputc(' ', f);
		put_field(f, r, "source");
		fputs(": no end recorded (the tracer was killed, or is still "
		      "running); its counts stop at its last write\n", f);
	}
	if (json_array_size(runs))
		fputc('\n', f);
}

static void text_runs(FILE *f, json_t *m)
{
	json_t *runs = json_object_get(m, "runs"), *r;
	size_t i;

	fprintf(f, "RUNS (%zu)\n", json_array_size(runs));
	json_array_foreach(runs, i, r) {
		fprintf(f, "  #%" JSON_INTEGER_FORMAT " ", jget_i(r, "id"));
		put_field(f, r, "kind");
		fputc(' ', f);
		put_field(f, r, "source");
		fputs("  at ", f);
		put_field(f, r, "started");
		fprintf(f, "  %" JSON_INTEGER_FORMAT " lines, %"
			JSON_INTEGER_FORMAT " bad\n", jget_i(r, "lines"),
			jget_i(r, "bad_lines"));
		if (!json_is_string(json_object_get(r, "engine")))
			continue;
		/* what this trace can and cannot tell */
		fputs("    engine ", f);
		put_field(f, r, "engine");
		fputs(" (", f);
		put_field(f, r, "engine_reason");
		fputc(')', f);
		if (json_is_string(json_object_get(r, "engine_missing"))) {
			fputs("; not recorded: ", f);
			put_field(f, r, "engine_missing");
		}
		if (jget_i(r, "paths_unreadable") > 0)
			fprintf(f, "; %" JSON_INTEGER_FORMAT " path%s not "
				"readable at entry", jget_i(r,
							    "paths_unreadable"),
				jget_i(r, "paths_unreadable") == 1 ? "" : "s");
		fputc('\n', f);
	}
	fputc('\n', f);
}

static void text_groups(FILE *f, json_t *m, const char *key,
			const char *title, const char *name, const char *other)
{
	json_t *arr = json_object_get(m, key), *e;
	size_t i;

	fprintf(f, "%s (%zu)\n", title, json_array_size(arr));
	json_array_foreach(arr, i, e) {
		fputs("  ", f);
		put_field(f, e, name);
		fprintf(f, "  %" JSON_INTEGER_FORMAT " syscalls, %"
			JSON_INTEGER_FORMAT " calls, %" JSON_INTEGER_FORMAT
			" errors, %" JSON_INTEGER_FORMAT " %s\n",
			jget_i(e, "syscalls"), jget_i(e, "calls"),
			jget_i(e, "errors"), jget_i(e, other),
			!strcmp(other, "phases") ? "phases" : "executables");
	}
	fputc('\n', f);
}

static void text_syscalls(FILE *f, json_t *m)
{
	json_t *arr = json_object_get(m, "syscalls"), *e;
	const char *last_phase = NULL, *last_exe = NULL;
	size_t i;

	fprintf(f, "SYSCALLS (%zu rows)\n", json_array_size(arr));
	json_array_foreach(arr, i, e) {
		const char *ph = jget_s(e, "phase"), *exe = jget_s(e, "exe");
		json_t *errs = json_object_get(e, "errnos"), *v;
		const char *en;
		bool first = true;

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
		fput_text(f, jget_s(e, "syscall"));
		fprintf(f, " [%s] %" JSON_INTEGER_FORMAT " calls",
			jget_s(e, "arch"), jget_i(e, "calls"));
		if (jget_i(e, "errors"))
			fprintf(f, ", %" JSON_INTEGER_FORMAT " errors",
				jget_i(e, "errors"));
		json_object_foreach(errs, en, v) {
			fputs(first ? " (" : ", ", f);
			fput_text(f, en);
			fprintf(f, " %" JSON_INTEGER_FORMAT,
				json_integer_value(v));
			first = false;
		}
		fputs(first ? "\n" : ")\n", f);
		if (json_is_string(json_object_get(e, "caller"))) {
			fputs("      called from: ", f);
			fput_text(f, jget_s(e, "caller"));
			fputc('\n', f);
		}
	}
	fputc('\n', f);
}

static void text_problems(FILE *f, json_t *m)
{
	json_t *arr = json_object_get(m, "problems"), *e;
	json_t *t = json_object_get(m, "totals");
	size_t i;

	fprintf(f, "PROBLEMS (%" JSON_INTEGER_FORMAT " bad input lines",
		jget_i(t, "problems"));
	if (jget_i(t, "problems") > (json_int_t)json_array_size(arr))
		fprintf(f, ", first %zu shown", json_array_size(arr));
	fputs(")\n", f);
	json_array_foreach(arr, i, e) {
		fputs("  ", f);
		put_field(f, e, "file");
		fputc(':', f);
		put_field(f, e, "line");
		fputs(": ", f);
		put_field(f, e, "reason");
		fputc('\n', f);
	}
}

/* Static reach the trace never saw: the paths no test ran. */
static void text_unexercised(FILE *f, json_t *m)
{
	json_t *arr = json_object_get(m, "unexercised"), *e;
	size_t i;

	if (!json_array_size(arr))
		return;
	fprintf(f, "UNEXERCISED (%zu): the code reaches them directly, the "
		"trace never saw them\n", json_array_size(arr));
	json_array_foreach(arr, i, e) {
		fputs("  ", f);
		fput_text(f, jget_s(e, "syscall"));
		fputs(": ", f);
		fput_text(f, jget_s(e, "reason"));
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
static void text_matrix_exe(FILE *f, json_t *m, const char *exe,
			    unsigned width)
{
	json_t *order = json_object_get(m, "phase_order");
	json_t *rows = json_object_get(m, "syscalls"), *e, *ph;
	const char *native = arch_name(arch_native());
	char **cols = NULL, buf[64];
	size_t *colw = NULL, ncols = 0, nrows = 0, alloc = 0, i, j;
	size_t labelw = strlen("syscall"), start;
	struct mrow *r = NULL;
	struct strbuf sb = STRBUF_INIT;

	/* the phases this executable was seen in, in trace order */
	cols = xcalloc(json_array_size(order) + 1, sizeof(*cols));
	json_array_foreach(order, i, ph) {
		json_array_foreach(rows, j, e)
			if (!strcmp(jget_s(e, "exe"), exe) &&
			    !strcmp(jget_s(e, "phase"),
				    json_string_value(ph) ?
					    json_string_value(ph) : ""))
				break;
		if (j < json_array_size(rows)) {
			strbuf_reset(&sb);
			esc_text(&sb, json_string_value(ph));
			cols[ncols++] = strbuf_detach(&sb, NULL);
		}
	}
	json_array_foreach(rows, i, e) {
		const char *arch = jget_s(e, "arch");
		size_t c, k;

		if (strcmp(jget_s(e, "exe"), exe))
			continue;
		strbuf_reset(&sb);
		esc_text(&sb, jget_s(e, "syscall"));
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
		esc_text(&sb, jget_s(e, "phase"));
		for (c = 0; c < ncols && strcmp(cols[c], sb.buf); c++)
			;
		if (c == ncols)
			continue;
		r[k].calls[c] += (uint64_t)jget_i(e, "calls");
		r[k].errors[c] += (uint64_t)jget_i(e, "errors");
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

static void text_matrix(FILE *f, json_t *m, unsigned width)
{
	json_t *exes = json_object_get(m, "executables"), *x;
	size_t i;

	fprintf(f, "MATRIX (calls per phase; CALLS/ERRORS when some failed; "
		". never called)\n");
	json_array_foreach(exes, i, x)
		text_matrix_exe(f, m, jget_s(x, "exe"), width);
}

/* The callers of every syscall with a recorded stack, per executable. */
static void text_callers(FILE *f, json_t *m)
{
	json_t *exes = json_object_get(m, "executables"), *x, *e;
	json_t *rows = json_object_get(m, "syscalls");
	size_t i, j, n = 0;

	json_array_foreach(rows, i, e)
		if (json_is_string(json_object_get(e, "caller")))
			n++;
	if (!n)
		return;
	fprintf(f, "CALLERS (%zu rows with a stack: the innermost frames in "
		"the program; --format json has whole stacks)\n", n);
	json_array_foreach(exes, i, x) {
		const char *exe = jget_s(x, "exe");
		bool head = false;
		json_t *ph;
		size_t k;

		/* phases in trace order; in each, the most calls first */
		json_array_foreach(json_object_get(m, "phase_order"), k, ph)
		json_array_foreach(rows, j, e) {
			if (strcmp(jget_s(e, "exe"), exe) ||
			    !json_is_string(ph) ||
			    strcmp(jget_s(e, "phase"),
				   json_string_value(ph)) ||
			    !json_is_string(json_object_get(e, "caller")))
				continue;
			if (!head) {
				fputs("  ", f);
				fput_text(f, exe);
				fputc('\n', f);
				head = true;
			}
			fputs("    ", f);
			fput_text(f, jget_s(e, "phase"));
			fputc('/', f);
			fput_text(f, jget_s(e, "syscall"));
			fputs("  ", f);
			fput_text(f, jget_s(e, "caller"));
			fputc('\n', f);
		}
	}
	fputc('\n', f);
}

int report_write_text_opts(FILE *f, json_t *m, const struct report_opts *o)
{
	json_t *t = json_object_get(m, "totals");
	unsigned width = o && o->width >= 40 ? o->width : 80;

	fputs("syscensus report of ", f);
	fput_text(f, jget_s(m, "database"));
	fprintf(f, "\n%" JSON_INTEGER_FORMAT " runs, %" JSON_INTEGER_FORMAT
		" executables, %" JSON_INTEGER_FORMAT " distinct syscalls, %"
		JSON_INTEGER_FORMAT " calls, %" JSON_INTEGER_FORMAT
		" errors, %" JSON_INTEGER_FORMAT " kills\n\n",
		jget_i(t, "runs"), jget_i(t, "executables"),
		jget_i(t, "distinct_syscalls"), jget_i(t, "calls"),
		jget_i(t, "errors"), jget_i(t, "kills"));
	text_unfinished(f, m);
	text_kills(f, m);
	text_unexercised(f, m);
	text_runs(f, m);
	text_groups(f, m, "executables", "EXECUTABLES", "exe", "phases");
	text_groups(f, m, "phases", "PHASES", "phase", "executables");
	if (o && o->long_list) {
		text_syscalls(f, m);
	} else {
		text_matrix(f, m, width);
		text_callers(f, m);
	}
	text_problems(f, m);
	return 0;
}

int report_write_text(FILE *f, json_t *m)
{
	return report_write_text_opts(f, m, NULL);
}
