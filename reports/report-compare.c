/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * report-compare.c - `report --compare OLD.db`: what changed since a
 * baseline recording, the question a reviewer asks about a release:
 * syscalls, executables and phases that appeared or vanished, and per
 * executable present in both, the syscalls it started or stopped making
 * (a new one with the phases it was seen in and its first caller when a
 * stack was recorded).  The comparison is one JSON object (the json
 * format prints it) which the text and Markdown renderers walk.
 */
#include "config.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "reports/reports.h"

#define KEY_SEP "\x1f"

/* json_string() refuses invalid UTF-8: traced bytes are kept, escaped. */
static json_t *jstr(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *j = json_string(s ? s : "");

	if (j)
		return j;
	esc_text(&sb, s);
	j = json_string(sb.buf);
	strbuf_release(&sb);
	return j ? j : json_string("");
}

/* A set of names of a store (store_name_set()), sorted, as a new array of
 * raw strings (caller frees with strv_free); NULL after error(). */
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

/* {"appeared": [...], "vanished": [...]} of two sorted sets. */
static json_t *set_diff(const struct strv *old, const struct strv *cur)
{
	json_t *o = json_object(), *a = json_array(), *v = json_array();
	size_t i;

	for (i = 0; i < cur->n; i++)
		if (!strv_has(old, cur->v[i]))
			json_array_append_new(a, jstr(cur->v[i]));
	for (i = 0; i < old->n; i++)
		if (!strv_has(cur, old->v[i]))
			json_array_append_new(v, jstr(old->v[i]));
	json_object_set_new(o, "appeared", a);
	json_object_set_new(o, "vanished", v);
	return o;
}

struct where {
	struct report_stacks *rs;
	json_t *e, *phases;
	const char *exe, *syscall;
	bool have_caller;
};

static int where_phase(const char *ph, const char *arch, void *data)
{
	struct where *w = data;
	struct strbuf sb = STRBUF_INIT;
	char *frames;

	json_array_append_new(w->phases, jstr(ph));
	if (w->have_caller || !w->rs)
		return 0;
	frames = report_stacks_get(w->rs, ph, w->exe, arch, w->syscall);
	if (!frames)
		return 0;
	if (report_stack_callers(&sb, frames, w->exe)) {
		json_object_set_new(w->e, "caller", jstr(sb.buf));
		w->have_caller = true;
	}
	strbuf_release(&sb);
	free(frames);
	return 0;
}

/* Phases (and the first caller) of exe's syscall in st. */
static void where(struct store *st, struct report_stacks *rs, json_t *e,
		  const char *exe, const char *syscall)
{
	struct where w = { .rs = rs, .e = e, .phases = json_array(),
			   .exe = exe, .syscall = syscall };

	store_each_syscall_phase(st, exe, syscall, where_phase, &w);
	json_object_set_new(e, "phases", w.phases);
}

json_t *report_compare_model(struct store *old, struct store *cur)
{
	struct strv os = { 0 }, cs = { 0 }, ox = { 0 }, cx = { 0 };
	struct strv op = { 0 }, cp = { 0 }, opr = { 0 }, cpr = { 0 };
	struct report_stacks *rs = NULL;
	json_t *m = NULL, *by = NULL;
	size_t i;

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
	m = json_object();
	json_object_set_new(m, "baseline", jstr(store_path(old)));
	json_object_set_new(m, "current", jstr(store_path(cur)));
	json_object_set_new(m, "syscalls", set_diff(&os, &cs));
	json_object_set_new(m, "executables", set_diff(&ox, &cx));
	json_object_set_new(m, "phases", set_diff(&op, &cp));
	/* per executable in both: pairs that appeared or vanished */
	by = json_array();
	for (i = 0; i < cx.n; i++) {
		const char *exe = cx.v[i];
		size_t len = strlen(exe), k;
		json_t *a = json_array(), *v = json_array();

		if (!strv_has(&ox, exe)) {
			json_decref(a);
			json_decref(v);
			continue;
		}
		for (k = 0; k < cpr.n; k++) {
			const char *p = cpr.v[k];

			if (strncmp(p, exe, len) || p[len] != KEY_SEP[0] ||
			    strv_has(&opr, p))
				continue;
			{
				json_t *e = json_object();

				json_object_set_new(e, "syscall",
						    jstr(p + len + 1));
				where(cur, rs, e, exe, p + len + 1);
				json_array_append_new(a, e);
			}
		}
		for (k = 0; k < opr.n; k++) {
			const char *p = opr.v[k];

			if (strncmp(p, exe, len) || p[len] != KEY_SEP[0] ||
			    strv_has(&cpr, p))
				continue;
			{
				json_t *e = json_object();

				json_object_set_new(e, "syscall",
						    jstr(p + len + 1));
				where(old, NULL, e, exe, p + len + 1);
				json_array_append_new(v, e);
			}
		}
		if (json_array_size(a) || json_array_size(v)) {
			json_t *e = json_object();

			json_object_set_new(e, "exe", jstr(exe));
			json_object_set_new(e, "appeared", a);
			json_object_set_new(e, "vanished", v);
			json_array_append_new(by, e);
		} else {
			json_decref(a);
			json_decref(v);
		}
	}
	json_object_set_new(m, "by_executable", by);
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
	return m;
}

/* ---------------------------------------------------------- renderers */

typedef void (*put_fn)(FILE *f, const char *s);

static void put_names(FILE *f, json_t *arr, put_fn put)
{
	json_t *e;
	size_t i;

	json_array_foreach(arr, i, e) {
		fputs(i ? ", " : " ", f);
		put(f, json_string_value(e));
	}
	fputc('\n', f);
}

static void put_entry(FILE *f, json_t *e, put_fn put, bool md)
{
	json_t *ph;
	size_t i;

	put(f, json_string_value(json_object_get(e, "syscall")));
	fputs(md ? " in " : "  in ", f);
	json_array_foreach(json_object_get(e, "phases"), i, ph) {
		fputs(i ? ", " : "", f);
		put(f, json_string_value(ph));
	}
	if (json_is_string(json_object_get(e, "caller"))) {
		fputs(md ? ", called from " : "  called from ", f);
		put(f, json_string_value(json_object_get(e, "caller")));
	}
	fputc('\n', f);
}

static int write_text(FILE *f, json_t *c, bool md)
{
	static const char *const keys[] = {
		"syscalls", "executables", "phases", NULL };
	put_fn put = md ? fput_md : fput_text;
	json_t *x, *e;
	size_t i, j, k;

	fputs(md ? "## syscensus: changes since " : "syscensus report "
	      "--compare: changes since ", f);
	put(f, json_string_value(json_object_get(c, "baseline")));
	fputs(md ? "\n\n" : "\n", f);
	for (k = 0; keys[k]; k++) {
		static const char *const what[] = { "appeared", "vanished" };

		for (j = 0; j < 2; j++) {
			json_t *arr = json_object_get(json_object_get(
				c, keys[k]), what[j]);

			fprintf(f, "%s%s %s (%zu):", md ? "- " : "", keys[k],
				what[j], json_array_size(arr));
			if (json_array_size(arr))
				put_names(f, arr, put);
			else
				fputs(" none\n", f);
		}
	}
	json_array_foreach(json_object_get(c, "by_executable"), i, x) {
		fputs(md ? "\n### " : "\n", f);
		put(f, json_string_value(json_object_get(x, "exe")));
		fputs(md ? "\n\n" : "\n", f);
		json_array_foreach(json_object_get(x, "appeared"), j, e) {
			fputs(md ? "- new: " : "  + ", f);
			put_entry(f, e, put, md);
		}
		json_array_foreach(json_object_get(x, "vanished"), j, e) {
			fputs(md ? "- gone: " : "  - ", f);
			put_entry(f, e, put, md);
		}
	}
	return 0;
}

static int write_plain(FILE *f, json_t *c)
{
	return write_text(f, c, false);
}

static int write_md(FILE *f, json_t *c)
{
	return write_text(f, c, true);
}

static const struct {
	const char *name;
	int (*write)(FILE *f, json_t *c);
} compare_formats[] = {
	{ "text", write_plain },
	{ "md", write_md },
	{ "json", report_write_json },
};

bool report_compare_format_known(const char *format)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(compare_formats); i++)
		if (!strcmp(compare_formats[i].name, format))
			return true;
	return false;
}

int report_compare_write(FILE *f, const char *format, json_t *c)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(compare_formats); i++)
		if (!strcmp(compare_formats[i].name, format))
			return compare_formats[i].write(f, c);
	return error("unknown format '%s'", format);
}
