/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * store-query.c - the selections every analysis command reads: observed
 * syscalls, facts and static reach of the phases, runs and executables a
 * command selects (struct observed_filter), the executable matcher of
 * --exe, the runs that never ended or ran under bpf, and why a selection
 * came back empty.  Each query is a typed iterator on store_walk().
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"

struct run_ids {
	const struct observed_filter *f;
	int64_t *ids;
	size_t n, alloc;
};

static int add_run_id(sqlite3_stmt *row, void *data)
{
	struct run_ids *r = data;
	int64_t id = sqlite3_column_int64(row, 0);
	size_t i;

	for (i = 0; r->f && i < r->f->nrun_ids; i++)
		if (r->f->run_ids[i] == id)
			break;
	if (r->f && r->f->nrun_ids && i == r->f->nrun_ids)
		return 0;
	r->ids = xgrow(r->ids, sizeof(*r->ids), r->n + 1, &r->alloc);
	r->ids[r->n++] = id;
	return 0;
}

/* The ids of the runs f selects (all when it names none) that sql, a
 * "SELECT id FROM runs WHERE ... ORDER BY id", returns. */
static int select_runs(struct store *st, const struct observed_filter *f,
		       const char *sql, int64_t **ids, size_t *n)
{
	struct run_ids r = { .f = f };

	*ids = NULL;
	*n = 0;
	if (store_walk_sql(st, sql, "cannot read the runs", add_run_id,
			   &r) < 0) {
		free(r.ids);
		return -1;
	}
	*ids = r.ids;
	*n = r.n;
	return 0;
}

int store_unfinished_runs(struct store *st, const struct observed_filter *f,
			  int64_t **ids, size_t *n)
{
	return select_runs(st, f, "SELECT id FROM runs WHERE ended_ns IS NULL"
			   " ORDER BY id", ids, n);
}

int store_bpf_runs(struct store *st, const struct observed_filter *f,
		   int64_t **ids, size_t *n)
{
	return select_runs(st, f, "SELECT id FROM runs WHERE engine = 'bpf'"
			   " ORDER BY id", ids, n);
}

struct name_list {
	struct strbuf *sb;
	int n;
};

static int add_name(sqlite3_stmt *row, void *data)
{
	struct name_list *l = data;
	const char *v = (const char *)sqlite3_column_text(row, 0);

	if (l->n++ == 20) {
		strbuf_addstr(l->sb, ", ...");
		return 1;
	}
	strbuf_addf(l->sb, "%s%s", l->n > 1 ? ", " : "", v ? v : "?");
	return 0;
}

/* Append "a, b, c" from the first column of sql (at most 20). */
static int list_names(struct store *st, const char *sql, struct strbuf *sb)
{
	struct name_list l = { .sb = sb };

	if (store_walk_sql(st, sql, "cannot read the store", add_name,
			   &l) < 0)
		return -1;
	if (!l.n)
		strbuf_addstr(sb, "none");
	return 0;
}

static int found_row(sqlite3_stmt *s, void *data)
{
	(void)s;
	*(bool *)data = true;
	return 1;
}

int store_explain_empty(struct store *st, const struct observed_filter *f,
			struct strbuf *sb)
{
	struct store_walk w = { .what = "cannot read the phases" };
	size_t i;
	bool any = false;

	for (i = 0; f && f->phases && f->phases[i]; i++) {
		struct store_query q = STORE_QUERY_INIT;
		bool seen = false;
		int rc;

		store_query_sql(&q, "SELECT 1 FROM syscalls AS s JOIN"
				" phases AS p ON p.id = s.phase_id WHERE"
				" p.name = ? LIMIT 1");
		store_query_text(&q, f->phases[i]);
		rc = store_walk(st, &q, &w, found_row, &seen);
		store_query_release(&q);
		if (rc < 0)
			return -1;
		if (!seen)
			strbuf_addf(sb, "\n  no syscall was observed in phase "
				    "'%s'", f->phases[i]);
	}
	if (store_walk_sql(st, "SELECT 1 FROM syscalls LIMIT 1",
			   "cannot read the store", found_row, &any) < 0)
		return -1;
	if (!any) {
		strbuf_addstr(sb, "\n  the database holds no observed "
			      "syscall at all");
		return 0;
	}
	strbuf_addstr(sb, "\n  phases observed: ");
	if (list_names(st, "SELECT DISTINCT p.name FROM syscalls AS s JOIN"
		       " phases AS p ON p.id = s.phase_id ORDER BY p.name",
		       sb) < 0)
		return -1;
	strbuf_addstr(sb, "\n  executables observed: ");
	return list_names(st, "SELECT DISTINCT e.path FROM syscalls AS s JOIN"
			  " exes AS e ON e.id = s.exe_id ORDER BY e.path", sb);
}

struct observed_walk {
	observed_fn fn;
	void *data;
};

static int observed_cb(sqlite3_stmt *s, void *data)
{
	struct observed_walk *w = data;
	struct observed_row row;

	row.run_id = sqlite3_column_int64(s, 0);
	row.phase = (const char *)sqlite3_column_text(s, 1);
	row.exe = (const char *)sqlite3_column_text(s, 2);
	row.arch = (const char *)sqlite3_column_text(s, 3);
	row.syscall = (const char *)sqlite3_column_text(s, 4);
	row.nr = sqlite3_column_int(s, 5);
	row.calls = (uint64_t)sqlite3_column_int64(s, 6);
	row.errors = (uint64_t)sqlite3_column_int64(s, 7);
	/* the database is input too (merged, copied, edited) */
	if (!syscall_name_ok(row.syscall))
		return store_bad_syscall_name("observed syscalls",
					      row.syscall);
	return w->fn(&row, w->data);
}

int store_each_observed(struct store *st, const struct observed_filter *f,
			observed_fn fn, void *data)
{
	struct store_query q = STORE_QUERY_INIT;
	struct store_walk w = { .what = "cannot query observed syscalls",
				.exe_regex = f ? f->exe_regex : NULL,
				.exe_col = 8 };
	struct observed_walk ow = { fn, data };
	int ret;

	store_query_sql(&q, "SELECT s.run_id, p.name, e.path, s.arch,"
			" s.syscall, s.nr, s.calls, s.errors, s.exe_id"
			" FROM syscalls AS s"
			" JOIN phases AS p ON p.id = s.phase_id"
			" JOIN exes AS e ON e.id = s.exe_id WHERE 1");
	store_query_selection(&q, "s", f);
	store_query_sql(&q, " ORDER BY p.name, e.path, s.arch, s.syscall,"
			" s.run_id");
	ret = store_walk(st, &q, &w, observed_cb, &ow);
	store_query_release(&q);
	return ret;
}

struct fact_walk {
	fact_fn fn;
	void *data;
};

static int fact_cb(sqlite3_stmt *s, void *data)
{
	struct fact_walk *w = data;
	sqlite3_int64 count = sqlite3_column_int64(s, 8);
	struct fact_row row;

	row.run_id = sqlite3_column_int64(s, 0);
	row.phase_id = sqlite3_column_int64(s, 1);
	row.exe_id = sqlite3_column_int64(s, 2);
	row.phase = (const char *)sqlite3_column_text(s, 3);
	row.exe = (const char *)sqlite3_column_text(s, 4);
	row.kind = (const char *)sqlite3_column_text(s, 5);
	row.value = (const char *)sqlite3_column_text(s, 6);
	row.syscall = (const char *)sqlite3_column_text(s, 7);
	row.count = count > 0 ? (uint64_t)count : 0;
	if (!row.phase || !row.exe || !row.kind || !row.value)
		return 0;
	if (!row.syscall)
		row.syscall = "";
	return w->fn(&row, w->data);
}

int store_each_fact(struct store *st, const struct observed_filter *f,
		    const char *kind, fact_fn fn, void *data)
{
	struct store_query q = STORE_QUERY_INIT;
	struct store_walk w = { .what = "cannot read facts",
				.exe_regex = f ? f->exe_regex : NULL,
				.exe_col = 2 };
	struct fact_walk fw = { fn, data };
	int ret;

	store_query_sql(&q, "SELECT f.run_id, f.phase_id, f.exe_id, p.name,"
			" e.path, f.kind, f.value, f.syscall, f.count"
			" FROM facts AS f"
			" JOIN phases AS p ON p.id = f.phase_id"
			" JOIN exes AS e ON e.id = f.exe_id WHERE 1");
	if (kind) {
		store_query_sql(&q, " AND f.kind = ?");
		store_query_text(&q, kind);
	}
	store_query_selection(&q, "f", f);
	ret = store_walk(st, &q, &w, fact_cb, &fw);
	store_query_release(&q);
	return ret;
}

struct reach_walk {
	store_reach_fn fn;
	void *data;
};

static int reach_cb(sqlite3_stmt *s, void *data)
{
	struct reach_walk *w = data;
	struct store_reach_row row;

	row.exe = (const char *)sqlite3_column_text(s, 0);
	row.arch = (const char *)sqlite3_column_text(s, 1);
	row.syscall = (const char *)sqlite3_column_text(s, 2);
	row.level = (const char *)sqlite3_column_text(s, 3);
	row.via = (const char *)sqlite3_column_text(s, 4);
	if (!row.exe || !row.arch || !row.syscall || !row.level || !row.via)
		return 0;
	return w->fn(&row, w->data);
}

int store_each_reach(struct store *st, const struct observed_filter *f,
		     const char *level, store_reach_fn fn, void *data)
{
	struct store_query q = STORE_QUERY_INIT;
	struct store_walk w = { .what = "cannot read the reach of executables",
				.exe_regex = f ? f->exe_regex : NULL,
				.exe_col = 5 };
	struct reach_walk rw = { fn, data };
	int ret;

	/* the executables the selection observed: reach is per program,
	 * phases and runs select which programs */
	store_query_sql(&q, "SELECT e.path, r.arch, r.syscall, r.level,"
			" r.via, e.id FROM reach AS r"
			" JOIN exes AS e ON e.id = r.exe_id"
			" WHERE r.exe_id IN (SELECT s.exe_id FROM syscalls AS s"
			" JOIN phases AS p ON p.id = s.phase_id WHERE 1");
	store_query_selection(&q, "s", f);
	store_query_sql(&q, ")");
	if (level) {
		store_query_sql(&q, " AND r.level = ?");
		store_query_text(&q, level);
	}
	store_query_sql(&q, " ORDER BY e.path, r.arch, r.syscall, r.level,"
			" r.via");
	ret = store_walk(st, &q, &w, reach_cb, &rw);
	store_query_release(&q);
	return ret;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

#define EXE_LIST_MAX 20

struct exe_list {
	struct strbuf *sb;
	int n;
};

static int add_exe(sqlite3_stmt *s, void *data)
{
	struct exe_list *l = data;
	const char *path = (const char *)sqlite3_column_text(s, 0);
	const char *other = (const char *)sqlite3_column_text(s, 1);

	if (l->n++ == EXE_LIST_MAX) {
		strbuf_addstr(l->sb, "\n  ...");
		return 1;
	}
	strbuf_addf(l->sb, "\n  %s", path ? path : "?");
	if (other)
		strbuf_addf(l->sb, " (also %s)", other);
	return 0;
}

/*
 * The executables the store holds, for an error when --exe matches none:
 * each path, with its other names.
 */
static void list_exes(struct store *st, struct strbuf *sb)
{
	struct exe_list l = { .sb = sb };

	if (store_walk_sql(st, store_has_table(st, "exe_names") ?
			   "SELECT e.path, (SELECT group_concat(n.name,"
			   " ', ') FROM exe_names AS n WHERE n.exe_id ="
			   " e.id) FROM exes AS e ORDER BY e.path" :
			   "SELECT path, NULL FROM exes ORDER BY path",
			   "cannot read the executables", add_exe, &l) < 0)
		return;
	if (!l.n)
		strbuf_addstr(sb, " none");
}

struct exe_regex {
	struct exe_match *m;
	pcre2_code *re;
	pcre2_match_data *md;
	size_t alloc;
};

static int match_exe(sqlite3_stmt *s, void *data)
{
	struct exe_regex *x = data;
	int64_t id = sqlite3_column_int64(s, 0);
	const char *name = (const char *)sqlite3_column_text(s, 1);

	if (!name || pcre2_match(x->re, (PCRE2_SPTR)name,
				 PCRE2_ZERO_TERMINATED, 0, 0, x->md,
				 NULL) < 0)
		return 0;
	x->m->ids = xgrow(x->m->ids, sizeof(*x->m->ids), x->m->nids + 1,
			  &x->alloc);
	x->m->ids[x->m->nids++] = id;
	return 0;
}

int exe_match_init(struct exe_match *m, struct store *st, const char *regex)
{
	struct exe_regex x = { .m = m };
	int errcode, ret = -1;
	PCRE2_SIZE off;

	memset(m, 0, sizeof(*m));
	if (!regex)
		return 0;
	x.re = pcre2_compile((PCRE2_SPTR)regex, PCRE2_ZERO_TERMINATED,
			     PCRE2_UTF, &errcode, &off, NULL);
	if (!x.re) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(errcode, msg, sizeof(msg));
		return error("--exe '%s': column %zu: %s", regex,
			     (size_t)off + 1, (char *)msg);
	}
	x.md = pcre2_match_data_create_from_pattern(x.re, NULL);
	if (!x.md)
		die("out of memory");
	m->active = true;
	/* every name of each executable: its path and its other names */
	if (store_walk_sql(st, store_has_table(st, "exe_names") ?
			   "SELECT id, path FROM exes UNION ALL"
			   " SELECT exe_id, name FROM exe_names" :
			   "SELECT id, path FROM exes",
			   "cannot read the executables", match_exe, &x) < 0)
		goto out;
	if (m->nids) {
		qsort(m->ids, m->nids, sizeof(*m->ids), cmp_i64);
		ret = 0;
	} else {
		struct strbuf sb = STRBUF_INIT;

		list_exes(st, &sb);
		error("--exe '%s' matches no executable in '%s'; it holds:%s",
		      regex, st->path, sb.buf);
		strbuf_release(&sb);
	}
out:
	pcre2_match_data_free(x.md);
	pcre2_code_free(x.re);
	return ret;
}

bool exe_match(const struct exe_match *m, int64_t exe_id)
{
	if (!m->active)
		return true;
	return bsearch(&exe_id, m->ids, m->nids, sizeof(*m->ids),
		       cmp_i64) != NULL;
}

void exe_match_release(struct exe_match *m)
{
	free(m->ids);
	memset(m, 0, sizeof(*m));
}
