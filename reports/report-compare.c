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
#include <sqlite3.h>
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

/* The first column of sql's rows, sorted and unique, as a new array of
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

static int load_set(struct store *st, const char *sql, struct strv *out)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
		error("%s: %s", store_path(st), sqlite3_errmsg(db));
		sqlite3_finalize(s);
		return -1;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(s, 0);

		out->v = xgrow(out->v, sizeof(char *), out->n + 1,
			       &out->alloc);
		out->v[out->n++] = xstrdup(v ? v : "");
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		strv_free(out);
		return error("%s: %s", store_path(st), sqlite3_errmsg(db));
	}
	/* strcmp order, whatever the SQL collation did */
	if (out->n)
		qsort(out->v, out->n, sizeof(char *), cmp_str);
	return 0;
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

/* Phases (and the first caller) of exe's syscall in st. */
static void where(struct store *st, struct report_stacks *rs, json_t *e,
		  const char *exe, const char *syscall)
{
	sqlite3_stmt *s = NULL;
	json_t *phases = json_array();
	bool have_caller = false;

	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT p.name, s.arch FROM syscalls AS s"
			       " JOIN phases AS p ON p.id = s.phase_id"
			       " JOIN exes AS x ON x.id = s.exe_id"
			       " WHERE x.path = ? AND s.syscall = ?"
			       " GROUP BY p.name, s.arch"
			       " ORDER BY min(s.first_ns), p.name",
			       -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_text(s, 1, exe, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, syscall, -1, SQLITE_STATIC);
		while (sqlite3_step(s) == SQLITE_ROW) {
			const char *ph = (const char *)sqlite3_column_text(s,
									   0);
			const char *arch = (const char *)sqlite3_column_text(
				s, 1);
			char *frames;

			json_array_append_new(phases, jstr(ph));
			if (have_caller || !rs)
				continue;
			frames = report_stacks_get(rs, ph, exe, arch, syscall);
			if (frames) {
				struct strbuf sb = STRBUF_INIT;

				if (report_stack_callers(&sb, frames, exe)) {
					json_object_set_new(e, "caller",
							    jstr(sb.buf));
					have_caller = true;
				}
				strbuf_release(&sb);
				free(frames);
			}
		}
	}
	sqlite3_finalize(s);
	json_object_set_new(e, "phases", phases);
}

#define SQL_SYSCALLS "SELECT DISTINCT syscall FROM syscalls"
#define SQL_EXES "SELECT path FROM exes WHERE id IN " \
	"(SELECT exe_id FROM syscalls)"
#define SQL_PHASES "SELECT name FROM phases WHERE id IN " \
	"(SELECT phase_id FROM syscalls)"
#define SQL_PAIRS "SELECT DISTINCT x.path || char(31) || s.syscall " \
	"FROM syscalls AS s JOIN exes AS x ON x.id = s.exe_id"

json_t *report_compare_model(struct store *old, struct store *cur)
{
	struct strv os = { 0 }, cs = { 0 }, ox = { 0 }, cx = { 0 };
	struct strv op = { 0 }, cp = { 0 }, opr = { 0 }, cpr = { 0 };
	struct report_stacks *rs = NULL;
	json_t *m = NULL, *by = NULL;
	size_t i;

	if (load_set(old, SQL_SYSCALLS, &os) < 0 ||
	    load_set(cur, SQL_SYSCALLS, &cs) < 0 ||
	    load_set(old, SQL_EXES, &ox) < 0 ||
	    load_set(cur, SQL_EXES, &cx) < 0 ||
	    load_set(old, SQL_PHASES, &op) < 0 ||
	    load_set(cur, SQL_PHASES, &cp) < 0 ||
	    load_set(old, SQL_PAIRS, &opr) < 0 ||
	    load_set(cur, SQL_PAIRS, &cpr) < 0)
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
