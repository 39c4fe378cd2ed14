/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * report-compare.c - `report --compare OLD.db`: what changed since a
 * baseline recording, the question a reviewer asks about a release:
 * syscalls, executables and phases that appeared or vanished, and per
 * executable present in both, the syscalls it started or stopped making
 * (a new one with the phases it was seen in and its first caller when a
 * stack was recorded).  The comparison is C structs (struct
 * report_compare, reports.h) which the text and Markdown renderers here
 * and the json one (report-json.c) walk.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "reports/reports.h"

#define KEY_SEP "\x1f"

/* A copy of s for the model: "" for NULL, bytes kept. */
static char *mstr(const char *s)
{
	return xstrdup(s ? s : "");
}

/* A set of names of a store (store_name_set()), sorted (caller frees
 * with strv_free). */
struct strv {
	char **v;
	size_t n, alloc;
};

static void strv_free(struct strv *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_set(struct store *st, enum store_name_set which,
		    struct strv *out)
{
	memset(out, 0, sizeof(*out));
	return store_name_set(st, which, &out->v, &out->n);
}

static bool strv_has(const struct strv *s, const char *v)
{
	return s->n && bsearch(&v, s->v, s->n, sizeof(char *), cmp_str);
}

/* What is in cur and not in old, as a new vector of model strings. */
static char **only_in(const struct strv *cur, const struct strv *old,
		      size_t *n)
{
	char **v = xcalloc(cur->n + 1, sizeof(char *));
	size_t i;

	*n = 0;
	for (i = 0; i < cur->n; i++)
		if (!strv_has(old, cur->v[i]))
			v[(*n)++] = mstr(cur->v[i]);
	return v;
}

static void set_diff(const struct strv *old, const struct strv *cur,
		     struct report_compare_set *s)
{
	s->appeared = only_in(cur, old, &s->nappeared);
	s->vanished = only_in(old, cur, &s->nvanished);
}

struct where {
	struct report_stacks *rs;
	struct report_compare_call *e;
	size_t alloc;
	const char *exe, *syscall;
};

static int where_phase(const char *ph, const char *arch, void *data)
{
	struct where *w = data;
	struct report_compare_call *e = w->e;
	struct strbuf sb = STRBUF_INIT;
	char *frames;

	e->phases = xgrow(e->phases, sizeof(char *), e->nphases + 1,
			  &w->alloc);
	e->phases[e->nphases++] = mstr(ph);
	if (e->caller || !w->rs)
		return 0;
	frames = report_stacks_get(w->rs, ph, w->exe, arch, w->syscall);
	if (!frames)
		return 0;
	if (report_stack_callers(&sb, frames, w->exe))
		e->caller = mstr(sb.buf);
	strbuf_release(&sb);
	free(frames);
	return 0;
}

/* The calls of exe in pairs (sorted "exe\x1fsyscall") that are not in
 * other, each with its phases in st (and its first caller when rs). */
static struct report_compare_call *
calls_only_in(const struct strv *pairs, const struct strv *other,
	      const char *exe, struct store *st, struct report_stacks *rs,
	      size_t *n)
{
	struct report_compare_call *v = NULL;
	size_t len = strlen(exe), alloc = 0, k;

	*n = 0;
	for (k = 0; k < pairs->n; k++) {
		const char *p = pairs->v[k];
		struct where w = { .rs = rs, .exe = exe,
				   .syscall = p + len + 1 };

		if (strncmp(p, exe, len) || p[len] != KEY_SEP[0] ||
		    strv_has(other, p))
			continue;
		v = xgrow(v, sizeof(*v), *n + 1, &alloc);
		w.e = &v[*n];
		memset(w.e, 0, sizeof(*w.e));
		w.e->syscall = mstr(p + len + 1);
		store_each_syscall_phase(st, exe, p + len + 1, where_phase, &w);
		(*n)++;
	}
	return v;
}

static void calls_free(struct report_compare_call *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].syscall);
		free(v[i].caller);
		report_strv_free(v[i].phases, v[i].nphases);
	}
	free(v);
}

int report_compare_load(struct store *old, struct store *cur,
			struct report_compare *c)
{
	struct strv os = { 0 }, cs = { 0 }, ox = { 0 }, cx = { 0 };
	struct strv op = { 0 }, cp = { 0 }, opr = { 0 }, cpr = { 0 };
	struct report_stacks *rs = NULL;
	size_t i, alloc = 0;
	int ret = -1;

	memset(c, 0, sizeof(*c));
	if (load_set(old, STORE_SYSCALL_NAMES, &os) < 0 ||
	    load_set(cur, STORE_SYSCALL_NAMES, &cs) < 0 ||
	    load_set(old, STORE_EXE_NAMES, &ox) < 0 ||
	    load_set(cur, STORE_EXE_NAMES, &cx) < 0 ||
	    load_set(old, STORE_PHASE_NAMES, &op) < 0 ||
	    load_set(cur, STORE_PHASE_NAMES, &cp) < 0 ||
	    load_set(old, STORE_EXE_SYSCALLS, &opr) < 0 ||
	    load_set(cur, STORE_EXE_SYSCALLS, &cpr) < 0)
		goto out;
	rs = report_stacks_new(cur);
	c->baseline = mstr(store_path(old));
	c->current = mstr(store_path(cur));
	set_diff(&os, &cs, &c->syscalls);
	set_diff(&ox, &cx, &c->executables);
	set_diff(&op, &cp, &c->phases);
	/* per executable in both: pairs that appeared or vanished */
	for (i = 0; i < cx.n; i++) {
		struct report_compare_exe x = { 0 };

		if (!strv_has(&ox, cx.v[i]))
			continue;
		x.appeared = calls_only_in(&cpr, &opr, cx.v[i], cur, rs,
					   &x.nappeared);
		x.vanished = calls_only_in(&opr, &cpr, cx.v[i], old, NULL,
					   &x.nvanished);
		if (!x.nappeared && !x.nvanished) {
			free(x.appeared);
			free(x.vanished);
			continue;
		}
		x.exe = mstr(cx.v[i]);
		c->by_exe = xgrow(c->by_exe, sizeof(*c->by_exe), c->nby_exe + 1,
				  &alloc);
		c->by_exe[c->nby_exe++] = x;
	}
	ret = 0;
out:
	report_stacks_free(rs);
	strv_free(&os);
	strv_free(&cs);
	strv_free(&ox);
	strv_free(&cx);
	strv_free(&op);
	strv_free(&cp);
	strv_free(&opr);
	strv_free(&cpr);
	if (ret < 0)
		report_compare_release(c);
	return ret;
}

static void set_release(struct report_compare_set *s)
{
	report_strv_free(s->appeared, s->nappeared);
	report_strv_free(s->vanished, s->nvanished);
}

void report_compare_release(struct report_compare *c)
{
	size_t i;

	free(c->baseline);
	free(c->current);
	set_release(&c->syscalls);
	set_release(&c->executables);
	set_release(&c->phases);
	for (i = 0; i < c->nby_exe; i++) {
		free(c->by_exe[i].exe);
		calls_free(c->by_exe[i].appeared, c->by_exe[i].nappeared);
		calls_free(c->by_exe[i].vanished, c->by_exe[i].nvanished);
	}
	free(c->by_exe);
	memset(c, 0, sizeof(*c));
}

/* ---------------------------------------------------------- renderers */

typedef void (*put_fn)(FILE *f, const char *s);

static void put_names(FILE *f, char **v, size_t n, put_fn put)
{
	size_t i;

	for (i = 0; i < n; i++) {
		fputs(i ? ", " : " ", f);
		put(f, v[i]);
	}
	fputc('\n', f);
}

static void put_entry(FILE *f, const struct report_compare_call *e,
		      put_fn put, bool md)
{
	size_t i;

	put(f, e->syscall);
	fputs(md ? " in " : "  in ", f);
	for (i = 0; i < e->nphases; i++) {
		fputs(i ? ", " : "", f);
		put(f, e->phases[i]);
	}
	if (e->caller) {
		fputs(md ? ", called from " : "  called from ", f);
		put(f, e->caller);
	}
	fputc('\n', f);
}

static int write_text(FILE *f, const struct report_compare *c, bool md)
{
	const struct {
		const char *name;
		const struct report_compare_set *set;
	} sets[] = {
		{ "syscalls", &c->syscalls },
		{ "executables", &c->executables },
		{ "phases", &c->phases },
	};
	put_fn put = md ? fput_md : fput_text;
	size_t i, j;

	fputs(md ? "## syscensus: changes since " : "syscensus report "
	      "--compare: changes since ", f);
	put(f, c->baseline);
	fputs(md ? "\n\n" : "\n", f);
	for (i = 0; i < ARRAY_SIZE(sets); i++) {
		const struct report_compare_set *s = sets[i].set;

		fprintf(f, "%s%s appeared (%zu):", md ? "- " : "",
			sets[i].name, s->nappeared);
		if (s->nappeared)
			put_names(f, s->appeared, s->nappeared, put);
		else
			fputs(" none\n", f);
		fprintf(f, "%s%s vanished (%zu):", md ? "- " : "",
			sets[i].name, s->nvanished);
		if (s->nvanished)
			put_names(f, s->vanished, s->nvanished, put);
		else
			fputs(" none\n", f);
	}
	for (i = 0; i < c->nby_exe; i++) {
		const struct report_compare_exe *x = &c->by_exe[i];

		fputs(md ? "\n### " : "\n", f);
		put(f, x->exe);
		fputs(md ? "\n\n" : "\n", f);
		for (j = 0; j < x->nappeared; j++) {
			fputs(md ? "- new: " : "  + ", f);
			put_entry(f, &x->appeared[j], put, md);
		}
		for (j = 0; j < x->nvanished; j++) {
			fputs(md ? "- gone: " : "  - ", f);
			put_entry(f, &x->vanished[j], put, md);
		}
	}
	return 0;
}

static int write_plain(FILE *f, const struct report_compare *c)
{
	return write_text(f, c, false);
}

static int write_md(FILE *f, const struct report_compare *c)
{
	return write_text(f, c, true);
}

static const struct {
	const char *name;
	int (*write)(FILE *f, const struct report_compare *c);
} compare_formats[] = {
	{ "text", write_plain },
	{ "md", write_md },
	{ "json", report_compare_json },
};

bool report_compare_format_known(const char *format)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(compare_formats); i++)
		if (!strcmp(compare_formats[i].name, format))
			return true;
	return false;
}

int report_compare_write(FILE *f, const char *format,
			 const struct report_compare *c)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(compare_formats); i++)
		if (!strcmp(compare_formats[i].name, format))
			return compare_formats[i].write(f, c);
	return error("unknown format '%s'", format);
}
