/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * store-report.c - what the analysis and report layers read beyond the
 * observed selection: call groups for emit's argument conditions, the
 * report model (runs, executables,
 * phases, syscalls with their errnos and first stacks, problems, kills),
 * facts and unexercised reach for the HTML report, the sets `report
 * --compare` compares, and the first call stack of a syscall.  Each is a
 * typed query on store_walk(); the callers see C structs only.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store-int.h"

/* ------------------------------------------------------ emit: call groups */

struct call_group_walk {
	store_call_group_fn fn;
	void *data;
};

static int call_group_cb(sqlite3_stmt *s, void *data)
{
	struct call_group_walk *w = data;
	struct store_call_group g;

	g.exe = (const char *)sqlite3_column_text(s, 3);
	g.syscall = (const char *)sqlite3_column_text(s, 4);
	if (!g.exe || !g.syscall)
		return 0;
	g.run = sqlite3_column_int64(s, 0);
	g.phase_id = sqlite3_column_int64(s, 1);
	g.exe_id = sqlite3_column_int64(s, 2);
	g.calls = (uint64_t)sqlite3_column_int64(s, 5);
	return w->fn(&g, w->data);
}

int store_each_call_group(struct store *st, const struct observed_filter *f,
			  const char *const *syscalls, size_t n,
			  store_call_group_fn fn, void *data)
{
	struct store_query q = STORE_QUERY_INIT;
	struct store_walk w = { .what = "cannot read observed calls",
				.exe_regex = f ? f->exe_regex : NULL,
				.exe_col = 2 };
	struct call_group_walk cw = { fn, data };
	int ret;

	store_query_sql(&q, "SELECT s.run_id, s.phase_id, s.exe_id, e.path,"
			" s.syscall, sum(s.calls) FROM syscalls AS s"
			" JOIN phases AS p ON p.id = s.phase_id"
			" JOIN exes AS e ON e.id = s.exe_id WHERE 1");
	store_query_in_text(&q, "s.syscall", syscalls, n);
	store_query_selection(&q, "s", f);
	store_query_sql(&q, " GROUP BY s.run_id, s.phase_id, s.exe_id,"
			" s.syscall");
	ret = store_walk(st, &q, &w, call_group_cb, &cw);
	store_query_release(&q);
	return ret;
}

/* ---------------------------------------------------------- report model */

/* Grow a model array by one zeroed element; returns it. */
#define MODEL_PUSH(arr, n, alloc)                                          \
	((arr) = xgrow((arr), sizeof(*(arr)), (n) + 1, &(alloc)),          \
	 memset(&(arr)[(n)++], 0, sizeof(*(arr))))

struct model_load {
	struct store *st;
	struct store_report *m;
	size_t alloc;
	sqlite3_stmt *errnos, *stack, *kill_stack;
	int err;
};

static int load_kill(sqlite3_stmt *s, void *data)
{
	struct model_load *l = data;
	struct store_report_kill *k =
		MODEL_PUSH(l->m->kills, l->m->nkills, l->alloc);

	k->run = store_col_i64n(s, 0);
	k->pid = store_col_i64n(s, 1);
	k->exe = store_col_strdup(s, 2);
	k->arch = store_col_strdup(s, 3);
	k->nr = store_col_i64n(s, 4);
	k->syscall = store_col_strdup(s, 5);
	k->time_ns = store_col_i64n(s, 6);
	k->source = store_col_strdup(s, 7);
	k->file = store_col_strdup(s, 8);
	k->line = store_col_i64n(s, 9);
	k->detail = store_col_strdup(s, 10);
	return 0;
}

/* A kill's stack: the last recorded stack of its syscall in its run and
 * executable (a kill has no phase; the fatal call is the latest one). */
static void kill_stack(struct model_load *l, struct store_report_kill *k)
{
	char buf[SYSCALL_NAME_MAX];
	const char *sc = k->syscall;
	sqlite3_stmt *s = l->kill_stack;

	if (!s || !k->exe || !k->arch)
		return;
	if (!sc || !*sc) {
		uint32_t a = arch_from_name(k->arch);

		if (k->nr == STORE_NULL || k->nr < 0 || !a)
			return;
		sc = syscall_name(a, (int)k->nr, buf);
	}
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, k->run == STORE_NULL ? 0 : k->run);
	sqlite3_bind_text(s, 2, k->exe, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, sc, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, k->arch, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW)
		k->stack = store_col_strdup(s, 0);
	sqlite3_reset(s);
}

static int load_run(sqlite3_stmt *s, void *data)
{
	struct model_load *l = data;
	struct store_report_run *r =
		MODEL_PUSH(l->m->runs, l->m->nruns, l->alloc);

	r->id = store_col_i64n(s, 0);
	r->kind = store_col_strdup(s, 1);
	r->source = store_col_strdup(s, 2);
	r->command = store_col_strdup(s, 3);
	r->started_ns = store_col_i64n(s, 4);
	r->ended_ns = store_col_i64n(s, 5);
	r->status = store_col_i64n(s, 6);
	r->lines = store_col_i64n(s, 7);
	r->bad_lines = store_col_i64n(s, 8);
	r->hostname = store_col_strdup(s, 9);
	r->kernel = store_col_strdup(s, 10);
	r->tool_version = store_col_strdup(s, 11);
	r->files = store_col_i64n(s, 12);
	r->attached = store_col_i64n(s, 13);
	r->attach_failed = store_col_i64n(s, 14);
	r->engine = store_col_strdup(s, 15);
	r->engine_reason = store_col_strdup(s, 16);
	r->engine_missing = store_col_strdup(s, 17);
	r->paths_unreadable = store_col_i64n(s, 18);
	return 0;
}

static int load_unfinished(sqlite3_stmt *s, void *data)
{
	struct model_load *l = data;
	struct store_report_run *r =
		MODEL_PUSH(l->m->unfinished, l->m->nunfinished, l->alloc);

	r->id = store_col_i64n(s, 0);
	r->kind = store_col_strdup(s, 1);
	r->source = store_col_strdup(s, 2);
	r->started_ns = store_col_i64n(s, 3);
	return 0;
}

static void load_group(sqlite3_stmt *s, struct store_report_group *g)
{
	g->name = store_col_strdup(s, 0);
	g->syscalls = store_col_i64n(s, 1);
	g->calls = store_col_i64n(s, 2);
	g->errors = store_col_i64n(s, 3);
	g->other = store_col_i64n(s, 4);
}

static int load_exe(sqlite3_stmt *s, void *data)
{
	struct model_load *l = data;

	load_group(s, MODEL_PUSH(l->m->exes, l->m->nexes, l->alloc));
	return 0;
}

static int load_phase(sqlite3_stmt *s, void *data)
{
	struct model_load *l = data;

	load_group(s, MODEL_PUSH(l->m->phases, l->m->nphases, l->alloc));
	return 0;
}

static int load_phase_order(sqlite3_stmt *s, void *data)
{
	struct model_load *l = data;
	char **p = MODEL_PUSH(l->m->phase_order, l->m->nphase_order,
			      l->alloc);

	*p = store_col_strdup(s, 0);
	return 0;
}

/* A syscall row, with its errnos and the first call's stack. */
static int load_syscall(sqlite3_stmt *s, void *data)
{
	struct model_load *l = data;
	struct store_report_syscall *c =
		MODEL_PUSH(l->m->syscalls, l->m->nsyscalls, l->alloc);
	sqlite3_stmt *e = l->errnos, *k = l->stack;
	size_t ealloc = 0;
	int rc;

	c->phase = store_col_strdup(s, 0);
	c->exe = store_col_strdup(s, 1);
	c->arch = store_col_strdup(s, 2);
	c->syscall = store_col_strdup(s, 3);
	c->calls = store_col_i64n(s, 4);
	c->errors = store_col_i64n(s, 5);
	sqlite3_reset(e);
	sqlite3_bind_int64(e, 1, sqlite3_column_int64(s, 6));
	sqlite3_bind_int64(e, 2, sqlite3_column_int64(s, 7));
	sqlite3_bind_text(e, 3, (const char *)sqlite3_column_text(s, 2), -1,
			  SQLITE_TRANSIENT);
	sqlite3_bind_text(e, 4, (const char *)sqlite3_column_text(s, 3), -1,
			  SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(e)) == SQLITE_ROW) {
		struct store_report_errno *n =
			MODEL_PUSH(c->errnos, c->nerrnos, ealloc);

		n->name = store_col_strdup(e, 0);
		n->count = store_col_i64n(e, 1);
	}
	if (rc != SQLITE_DONE)
		return store_db_error(l->st, "cannot read errno counts");
	/* the first call's stack (bare column of min(first_ns)) */
	if (sqlite3_column_type(s, 8) == SQLITE_INTEGER) {
		sqlite3_reset(k);
		sqlite3_bind_int64(k, 1, sqlite3_column_int64(s, 8));
		if (sqlite3_step(k) == SQLITE_ROW)
			c->stack = store_col_strdup(k, 0);
	}
	return 0;
}

static int load_problem(sqlite3_stmt *s, void *data)
{
	struct model_load *l = data;
	struct store_report_problem *p =
		MODEL_PUSH(l->m->problems, l->m->nproblems, l->alloc);

	p->run = store_col_i64n(s, 0);
	p->file = store_col_strdup(s, 1);
	p->line = store_col_i64n(s, 2);
	p->reason = store_col_strdup(s, 3);
	return 0;
}

static int load_scalar(sqlite3_stmt *s, void *data)
{
	*(int64_t *)data = sqlite3_column_int64(s, 0);
	return 0;
}

/* Walk sql with fn, counting the model's array from a fresh alloc. */
static int model_walk(struct model_load *l, const char *sql,
		      store_row_fn fn)
{
	l->alloc = 0;
	return store_walk_sql(l->st, sql, "cannot read the report", fn, l);
}

int store_report_load(struct store *st, size_t max_problems,
		      struct store_report *m)
{
	struct model_load l = { .st = st, .m = m };
	struct store_query q = STORE_QUERY_INIT;
	struct store_walk w = { .what = "cannot read the report" };
	size_t i;
	int ret = -1;

	memset(m, 0, sizeof(*m));
	if (model_walk(&l, "SELECT run_id, pid, exe, arch, nr, syscall,"
		       " time_ns, source, file, line, detail FROM kills"
		       " ORDER BY id", load_kill) < 0)
		goto out;
	/* no stack table row for the kill: no stack, not an error */
	if (sqlite3_prepare_v2(st->db, "SELECT k.frames FROM syscalls AS s"
			       " JOIN exes AS x ON x.id = s.exe_id"
			       " JOIN stacks AS k ON k.id = s.first_stack_id"
			       " WHERE s.run_id = ? AND x.path = ?"
			       " AND s.syscall = ? AND s.arch = ?"
			       " ORDER BY s.first_ns DESC LIMIT 1",
			       -1, &l.kill_stack, NULL) != SQLITE_OK) {
		sqlite3_finalize(l.kill_stack);
		l.kill_stack = NULL;
	}
	for (i = 0; i < m->nkills; i++)
		kill_stack(&l, &m->kills[i]);
	if (model_walk(&l, "SELECT id, kind, source, command, started_ns,"
		       " ended_ns, status, lines, bad_lines, hostname,"
		       " kernel, tool_version, (SELECT count(*) FROM"
		       " run_files AS f WHERE f.run_id = runs.id),"
		       " attached, attach_failed, engine, engine_reason,"
		       " engine_missing, paths_unreadable"
		       " FROM runs ORDER BY id", load_run) < 0)
		goto out;
	/* no end recorded: still tracing, or the tracer was killed */
	if (model_walk(&l, "SELECT id, kind, source, started_ns FROM runs"
		       " WHERE ended_ns IS NULL ORDER BY id",
		       load_unfinished) < 0)
		goto out;
	if (model_walk(&l, "SELECT x.path, count(DISTINCT s.syscall),"
		       " sum(s.calls), sum(s.errors),"
		       " count(DISTINCT s.phase_id) FROM syscalls AS s"
		       " JOIN exes AS x ON x.id = s.exe_id"
		       " GROUP BY s.exe_id ORDER BY x.path", load_exe) < 0)
		goto out;
	if (model_walk(&l, "SELECT p.name, count(DISTINCT s.syscall),"
		       " sum(s.calls), sum(s.errors),"
		       " count(DISTINCT s.exe_id) FROM syscalls AS s"
		       " JOIN phases AS p ON p.id = s.phase_id"
		       " GROUP BY s.phase_id ORDER BY p.name", load_phase) < 0)
		goto out;
	/* the matrix's columns: phases in the order the trace first entered
	 * them, names breaking ties */
	if (model_walk(&l, "SELECT p.name FROM syscalls AS s"
		       " JOIN phases AS p ON p.id = s.phase_id"
		       " GROUP BY s.phase_id"
		       " ORDER BY min(s.first_ns), p.name",
		       load_phase_order) < 0)
		goto out;
	if (store_prepare(st, &l.errnos, "SELECT errno, sum(count) FROM"
			  " syscall_errors WHERE phase_id = ? AND exe_id = ?"
			  " AND arch = ? AND syscall = ? GROUP BY errno"
			  " ORDER BY sum(count) DESC, errno",
			  "cannot read the report") < 0 ||
	    store_prepare(st, &l.stack, "SELECT frames FROM stacks WHERE"
			  " id = ?", "cannot read the report") < 0)
		goto out;
	if (model_walk(&l, "SELECT p.name, x.path, s.arch, s.syscall,"
		       " sum(s.calls), sum(s.errors), s.phase_id,"
		       " s.exe_id, s.first_stack_id, min(s.first_ns)"
		       " FROM syscalls AS s"
		       " JOIN phases AS p ON p.id = s.phase_id"
		       " JOIN exes AS x ON x.id = s.exe_id"
		       " GROUP BY s.phase_id, s.exe_id, s.arch,"
		       " s.syscall ORDER BY p.name, x.path,"
		       " sum(s.calls) DESC, s.syscall", load_syscall) < 0)
		goto out;
	l.alloc = 0;
	store_query_sql(&q, "SELECT run_id, file, line, reason FROM problems"
			" ORDER BY id LIMIT ?");
	store_query_i64(&q, (int64_t)max_problems);
	if (store_walk(st, &q, &w, load_problem, &l) < 0)
		goto out;
	if (store_walk_sql(st, "SELECT count(*) FROM problems", w.what,
			   load_scalar, &m->problems_total) < 0 ||
	    store_walk_sql(st, "SELECT count(DISTINCT syscall) FROM syscalls",
			   w.what, load_scalar, &m->distinct_syscalls) < 0 ||
	    store_walk_sql(st, "SELECT coalesce(sum(calls), 0) FROM syscalls",
			   w.what, load_scalar, &m->calls) < 0 ||
	    store_walk_sql(st, "SELECT coalesce(sum(errors), 0) FROM"
			   " syscalls", w.what, load_scalar, &m->errors) < 0)
		goto out;
	ret = 0;
out:
	store_query_release(&q);
	sqlite3_finalize(l.errnos);
	sqlite3_finalize(l.stack);
	sqlite3_finalize(l.kill_stack);
	if (ret < 0)
		store_report_release(m);
	return ret;
}

static void run_release(struct store_report_run *r)
{
	free(r->kind);
	free(r->source);
	free(r->command);
	free(r->hostname);
	free(r->kernel);
	free(r->tool_version);
	free(r->engine);
	free(r->engine_reason);
	free(r->engine_missing);
}

void store_report_release(struct store_report *m)
{
	size_t i, j;

	for (i = 0; i < m->nkills; i++) {
		struct store_report_kill *k = &m->kills[i];

		free(k->exe);
		free(k->arch);
		free(k->syscall);
		free(k->source);
		free(k->file);
		free(k->detail);
		free(k->stack);
	}
	free(m->kills);
	for (i = 0; i < m->nruns; i++)
		run_release(&m->runs[i]);
	free(m->runs);
	for (i = 0; i < m->nunfinished; i++)
		run_release(&m->unfinished[i]);
	free(m->unfinished);
	for (i = 0; i < m->nexes; i++)
		free(m->exes[i].name);
	free(m->exes);
	for (i = 0; i < m->nphases; i++)
		free(m->phases[i].name);
	free(m->phases);
	for (i = 0; i < m->nphase_order; i++)
		free(m->phase_order[i]);
	free(m->phase_order);
	for (i = 0; i < m->nsyscalls; i++) {
		struct store_report_syscall *c = &m->syscalls[i];

		free(c->phase);
		free(c->exe);
		free(c->arch);
		free(c->syscall);
		for (j = 0; j < c->nerrnos; j++)
			free(c->errnos[j].name);
		free(c->errnos);
		free(c->stack);
	}
	free(m->syscalls);
	for (i = 0; i < m->nproblems; i++) {
		free(m->problems[i].file);
		free(m->problems[i].reason);
	}
	free(m->problems);
	memset(m, 0, sizeof(*m));
}

/* ------------------------------------------------------ the HTML report */

struct fact_sum_walk {
	store_fact_sum_fn fn;
	void *data;
};

static int fact_sum_cb(sqlite3_stmt *s, void *data)
{
	struct fact_sum_walk *w = data;
	struct store_fact_sum f;

	f.phase = (const char *)sqlite3_column_text(s, 0);
	f.exe = (const char *)sqlite3_column_text(s, 1);
	f.syscall = (const char *)sqlite3_column_text(s, 2);
	f.kind = (const char *)sqlite3_column_text(s, 3);
	f.value = (const char *)sqlite3_column_text(s, 4);
	f.count = sqlite3_column_int64(s, 5);
	return w->fn(&f, w->data);
}

int store_each_fact_sum(struct store *st, store_fact_sum_fn fn, void *data)
{
	struct fact_sum_walk fw = { fn, data };

	return store_walk_sql(st, "SELECT p.name, x.path, f.syscall, f.kind,"
			      " f.value, sum(f.count) FROM facts AS f"
			      " JOIN phases AS p ON p.id = f.phase_id"
			      " JOIN exes AS x ON x.id = f.exe_id"
			      " WHERE f.syscall != ''"
			      " GROUP BY p.name, x.path, f.syscall, f.kind,"
			      " f.value ORDER BY 1, 2, 3, 6 DESC, 4, 5",
			      "cannot read facts", fact_sum_cb, &fw);
}

struct unexercised_walk {
	store_reach_fn fn;
	void *data;
};

static int unexercised_cb(sqlite3_stmt *s, void *data)
{
	struct unexercised_walk *w = data;
	struct store_reach_row row;

	row.exe = (const char *)sqlite3_column_text(s, 0);
	row.arch = (const char *)sqlite3_column_text(s, 1);
	row.syscall = (const char *)sqlite3_column_text(s, 2);
	row.level = (const char *)sqlite3_column_text(s, 3);
	row.via = (const char *)sqlite3_column_text(s, 4);
	return w->fn(&row, w->data);
}

int store_each_unexercised_reach(struct store *st, size_t limit,
				 store_reach_fn fn, void *data)
{
	struct store_query q = STORE_QUERY_INIT;
	struct store_walk w = { .what = "cannot read the reach of executables" };
	struct unexercised_walk uw = { fn, data };
	int ret;

	store_query_sql(&q, "SELECT r.exe, r.arch, r.syscall, r.level,"
			" group_concat(r.via, '; ') FROM reachable AS r"
			" WHERE NOT EXISTS (SELECT 1 FROM observed AS o"
			" WHERE o.exe = r.exe AND o.syscall = r.syscall)"
			" GROUP BY r.exe, r.arch, r.syscall, r.level"
			" ORDER BY r.exe, r.level, r.syscall LIMIT ?");
	store_query_i64(&q, (int64_t)limit);
	ret = store_walk(st, &q, &w, unexercised_cb, &uw);
	store_query_release(&q);
	return ret;
}

/* -------------------------------------------------------- report compare */

struct name_vec {
	char **v;
	size_t n, alloc;
};

static int add_set_name(sqlite3_stmt *s, void *data)
{
	struct name_vec *l = data;
	const char *v = (const char *)sqlite3_column_text(s, 0);

	l->v = xgrow(l->v, sizeof(*l->v), l->n + 1, &l->alloc);
	l->v[l->n++] = xstrdup(v ? v : "");
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int store_name_set(struct store *st, enum store_name_set which, char ***v,
		   size_t *n)
{
	static const char *const sql[] = {
		[STORE_SYSCALL_NAMES] = "SELECT DISTINCT syscall FROM syscalls",
		[STORE_EXE_NAMES] = "SELECT path FROM exes WHERE id IN"
				    " (SELECT exe_id FROM syscalls)",
		[STORE_PHASE_NAMES] = "SELECT name FROM phases WHERE id IN"
				      " (SELECT phase_id FROM syscalls)",
		[STORE_EXE_SYSCALLS] = "SELECT DISTINCT x.path || char(31) ||"
				       " s.syscall FROM syscalls AS s"
				       " JOIN exes AS x ON x.id = s.exe_id",
	};
	struct name_vec l = { 0 };
	size_t i;

	*v = NULL;
	*n = 0;
	if (store_walk_sql(st, sql[which], "cannot read the store",
			   add_set_name, &l) < 0) {
		for (i = 0; i < l.n; i++)
			free(l.v[i]);
		free(l.v);
		return -1;
	}
	/* strcmp order, whatever the SQL collation did */
	if (l.n)
		qsort(l.v, l.n, sizeof(*l.v), cmp_str);
	*v = l.v;
	*n = l.n;
	return 0;
}

struct where_walk {
	store_where_fn fn;
	void *data;
};

static int where_cb(sqlite3_stmt *s, void *data)
{
	struct where_walk *w = data;

	return w->fn((const char *)sqlite3_column_text(s, 0),
		     (const char *)sqlite3_column_text(s, 1), w->data);
}

int store_each_syscall_phase(struct store *st, const char *exe,
			     const char *syscall, store_where_fn fn,
			     void *data)
{
	struct store_query q = STORE_QUERY_INIT;
	struct store_walk w = { .what = "cannot read observed syscalls" };
	struct where_walk ww = { fn, data };
	int ret;

	store_query_sql(&q, "SELECT p.name, s.arch FROM syscalls AS s"
			" JOIN phases AS p ON p.id = s.phase_id"
			" JOIN exes AS x ON x.id = s.exe_id"
			" WHERE x.path = ? AND s.syscall = ?"
			" GROUP BY p.name, s.arch"
			" ORDER BY min(s.first_ns), p.name");
	store_query_text(&q, exe);
	store_query_text(&q, syscall);
	ret = store_walk(st, &q, &w, where_cb, &ww);
	store_query_release(&q);
	return ret;
}

/* ---------------------------------------------------------------- stacks */

struct store_stacks {
	struct store *st;
	sqlite3_stmt *by_row; /* NULL: a store without stacks */
};

struct store_stacks *store_stacks_new(struct store *st)
{
	struct store_stacks *ss;

	if (!st)
		return NULL;
	ss = xcalloc(1, sizeof(*ss));
	ss->st = st;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT k.frames FROM syscalls AS s"
			       " JOIN phases AS p ON p.id = s.phase_id"
			       " JOIN exes AS x ON x.id = s.exe_id"
			       " JOIN stacks AS k ON k.id = s.first_stack_id"
			       " WHERE p.name = ?1 AND x.path = ?2"
			       " AND s.arch = ?3 AND s.syscall = ?4"
			       " ORDER BY s.first_ns IS NULL, s.first_ns,"
			       " s.run_id LIMIT 1",
			       -1, &ss->by_row, NULL) != SQLITE_OK) {
		/* an old store without stacks: no stacks, not an error */
		sqlite3_finalize(ss->by_row);
		ss->by_row = NULL;
	}
	return ss;
}

char *store_stacks_get(struct store_stacks *ss, const char *phase,
		       const char *exe, const char *arch, const char *syscall)
{
	char *ret = NULL;

	if (!ss || !ss->by_row)
		return NULL;
	sqlite3_reset(ss->by_row);
	sqlite3_bind_text(ss->by_row, 1, phase, -1, SQLITE_STATIC);
	sqlite3_bind_text(ss->by_row, 2, exe, -1, SQLITE_STATIC);
	sqlite3_bind_text(ss->by_row, 3, arch, -1, SQLITE_STATIC);
	sqlite3_bind_text(ss->by_row, 4, syscall, -1, SQLITE_STATIC);
	if (sqlite3_step(ss->by_row) == SQLITE_ROW)
		ret = store_col_strdup(ss->by_row, 0);
	sqlite3_reset(ss->by_row);
	return ret;
}

void store_stacks_free(struct store_stacks *ss)
{
	if (!ss)
		return;
	sqlite3_finalize(ss->by_row);
	free(ss);
}
