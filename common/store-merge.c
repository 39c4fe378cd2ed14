/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * store-merge.c - `syscensus merge`: copy every run of other stores into
 * one.
 *
 * Teams trace on several machines or CI jobs and want one store to diff,
 * check and emit from.  Each input is opened read-only through its own
 * connection (store_open(STORE_READONLY), which refuses files that are not
 * syscensus stores and stores of a newer schema) and read inside one read
 * transaction, so a store a tracer is still writing gives a consistent
 * snapshot.  Everything an input holds is written to the output in one
 * transaction: an input that fails leaves nothing behind.
 *
 * Ids are the output's own: runs get new ids; phases, executables and call
 * stacks are interned by name (store_intern_*), so the same phase in two
 * inputs becomes one phase; every per-run table (runs, run_files, syscalls,
 * syscall_errors, problems, kills, filters, facts) is copied with the ids
 * remapped; a run keeps every column (attach counts, engine, unreadable
 * paths).  Values are copied as SQLite values through prepared
 * statements: an input is as hostile as any log.  The merge itself is one
 * run of kind "merge" whose run_files name the inputs.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store-int.h"

/* An input id and the output id it became; sorted by in. */
struct id_pair {
	int64_t in;
	int64_t out;
};

struct id_map {
	struct id_pair *v;
	size_t n, alloc;
};

struct merge_input {
	const char *path;
	struct store *st;
	sqlite3 *db;
	struct id_map phases, exes, stacks;
};

static void id_map_release(struct id_map *m)
{
	free(m->v);
	memset(m, 0, sizeof(*m));
}

static int id_pair_cmp(const void *a, const void *b)
{
	const struct id_pair *x = a, *y = b;

	return x->in < y->in ? -1 : x->in > y->in;
}

/* The output id of in, or -1 if the input never defined it. */
static int64_t id_map_get(const struct id_map *m, int64_t in)
{
	struct id_pair key = { .in = in }, *p;

	p = bsearch(&key, m->v, m->n, sizeof(*m->v), id_pair_cmp);
	return p ? p->out : -1;
}

static int src_error(struct merge_input *in, const char *what)
{
	return error("%s: %s: %s", in->path, what, sqlite3_errmsg(in->db));
}

static int out_error(struct store *out, const char *what)
{
	return store_db_error(out, what);
}

typedef int64_t (*intern_fn)(struct store *st, const char *name);

/*
 * Intern every name of an input's phases, exes or stacks table in the
 * output and remember the id mapping.
 */
static int load_map(struct store *out, struct merge_input *in,
		    const char *sql, intern_fn intern, struct id_map *m)
{
	sqlite3_stmt *s = NULL;
	int rc, ret = -1;

	if (sqlite3_prepare_v2(in->db, sql, -1, &s, NULL) != SQLITE_OK) {
		src_error(in, "cannot read names");
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 1);
		int64_t id;

		if (!name) {
			error("%s: a name is NULL; not a store syscensus "
			      "wrote", in->path);
			goto out;
		}
		id = intern(out, name);
		if (id < 0)
			goto out;
		m->v = xgrow(m->v, sizeof(*m->v), m->n + 1, &m->alloc);
		m->v[m->n].in = sqlite3_column_int64(s, 0);
		m->v[m->n].out = id;
		m->n++;
	}
	if (rc != SQLITE_DONE) {
		src_error(in, "cannot read names");
		goto out;
	}
	/* ORDER BY id made it sorted already; sort anyway, it is cheap. */
	if (m->n)
		qsort(m->v, m->n, sizeof(*m->v), id_pair_cmp);
	ret = 0;
out:
	sqlite3_finalize(s);
	return ret;
}

/* How one column of a copied row is written. */
enum col_kind {
	COL_COPY,   /* the value as it is */
	COL_RUN,    /* the new run id */
	COL_PHASE,  /* remapped through the phase map */
	COL_EXE,    /* remapped through the exe map */
	COL_STACK,  /* remapped through the stack map; NULL stays NULL */
};

/*
 * One per-run table: `select` reads the rows of run ?1 from the input,
 * `insert` writes them to the output with one parameter per selected
 * column, kinds[i] saying how column i is remapped.
 */
struct table_copy {
	const char *name;
	const char *select;
	const char *insert;
	const enum col_kind *kinds;
	int ncols;
};

static const enum col_kind run_files_kinds[] = {
	COL_RUN, COL_COPY, COL_COPY, COL_COPY, COL_COPY,
};
static const enum col_kind syscalls_kinds[] = {
	COL_RUN, COL_PHASE, COL_EXE, COL_COPY, COL_COPY, COL_COPY,
	COL_COPY, COL_COPY, COL_COPY, COL_COPY, COL_COPY, COL_STACK,
};
static const enum col_kind syscall_errors_kinds[] = {
	COL_RUN, COL_PHASE, COL_EXE, COL_COPY, COL_COPY, COL_COPY, COL_COPY,
};
static const enum col_kind problems_kinds[] = {
	COL_RUN, COL_COPY, COL_COPY, COL_COPY,
};
static const enum col_kind kills_kinds[] = {
	COL_RUN, COL_COPY, COL_COPY, COL_COPY, COL_COPY, COL_COPY,
	COL_COPY, COL_COPY, COL_COPY, COL_COPY, COL_COPY,
};
static const enum col_kind filters_kinds[] = {
	COL_RUN, COL_COPY, COL_COPY, COL_COPY, COL_COPY, COL_COPY,
	COL_COPY, COL_COPY, COL_COPY,
};
static const enum col_kind facts_kinds[] = {
	COL_RUN, COL_PHASE, COL_EXE, COL_COPY, COL_COPY, COL_COPY, COL_COPY,
};

#define TABLE(n, cols, order, k)                                            \
	{ #n, "SELECT " cols " FROM " #n " WHERE run_id = ?1 ORDER BY " order, \
	  "INSERT INTO " #n " (" cols ") VALUES (", k, (int)ARRAY_SIZE(k) }

/*
 * The per-run tables of schema version 1 (common/schema.sql), read in the
 * order they were written (rowid) or, for WITHOUT ROWID tables, key order.
 */
static const struct table_copy tables[] = {
	TABLE(run_files, "run_id, path, pid_hint, lines, bad_lines", "rowid",
	      run_files_kinds),
	TABLE(syscalls, "run_id, phase_id, exe_id, arch, syscall, nr, calls,"
			" errors, first_ns, last_ns, first_tid,"
			" first_stack_id",
	      "phase_id, exe_id, arch, syscall", syscalls_kinds),
	TABLE(syscall_errors, "run_id, phase_id, exe_id, arch, syscall,"
			      " errno, count",
	      "phase_id, exe_id, arch, syscall, errno", syscall_errors_kinds),
	TABLE(problems, "run_id, file, line, reason", "id", problems_kinds),
	TABLE(kills, "run_id, pid, exe, arch, nr, syscall, time_ns, source,"
		     " file, line, detail",
	      "id", kills_kinds),
	TABLE(filters, "run_id, pid, tid, exe, time_ns, how, flags, threads,"
		       " program",
	      "id", filters_kinds),
	TABLE(facts, "run_id, phase_id, exe_id, kind, value, syscall, count",
	      "phase_id, exe_id, kind, value, syscall", facts_kinds),
};

/* Remap one column; returns 0, or -1 if the input refers to an id it
 * never defined. */
static int bind_col(sqlite3_stmt *ins, int i, enum col_kind kind,
		    sqlite3_stmt *sel, int64_t run, struct merge_input *in,
		    const char *table)
{
	const struct id_map *m = NULL;
	const char *what = NULL;
	int64_t id;

	switch (kind) {
	case COL_COPY:
		sqlite3_bind_value(ins, i + 1, sqlite3_column_value(sel, i));
		return 0;
	case COL_RUN:
		sqlite3_bind_int64(ins, i + 1, run);
		return 0;
	case COL_PHASE:
		m = &in->phases;
		what = "phase";
		break;
	case COL_EXE:
		m = &in->exes;
		what = "executable";
		break;
	case COL_STACK:
		if (sqlite3_column_type(sel, i) == SQLITE_NULL) {
			sqlite3_bind_null(ins, i + 1);
			return 0;
		}
		m = &in->stacks;
		what = "stack";
		break;
	}
	id = id_map_get(m, sqlite3_column_int64(sel, i));
	if (id < 0)
		return error("%s: %s refers to %s id %lld, which it does not "
			     "define", in->path, table, what,
			     (long long)sqlite3_column_int64(sel, i));
	sqlite3_bind_int64(ins, i + 1, id);
	return 0;
}

/* Copy the rows of one table for input run old_run as output run run. */
static int copy_table(struct store *out, struct merge_input *in,
		      const struct table_copy *t, int64_t old_run,
		      int64_t run, uint64_t *rows)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *sel = NULL, *ins = NULL;
	int i, rc, ret = -1;

	strbuf_addstr(&sql, t->insert);
	for (i = 0; i < t->ncols; i++)
		strbuf_addf(&sql, i ? ", ?%d" : "?%d", i + 1);
	strbuf_addch(&sql, ')');
	if (sqlite3_prepare_v2(in->db, t->select, -1, &sel, NULL) !=
	    SQLITE_OK) {
		src_error(in, "cannot read a table");
		goto out;
	}
	if (sqlite3_column_count(sel) != t->ncols) {
		error("%s: unexpected columns in '%s'", in->path, t->name);
		goto out;
	}
	if (sqlite3_prepare_v2(out->db, sql.buf, -1, &ins, NULL) !=
	    SQLITE_OK) {
		out_error(out, "cannot prepare a copy");
		goto out;
	}
	sqlite3_bind_int64(sel, 1, old_run);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		for (i = 0; i < t->ncols; i++)
			if (bind_col(ins, i, t->kinds[i], sel, run, in,
				     t->name) < 0)
				goto out;
		if (sqlite3_step(ins) != SQLITE_DONE) {
			error("%s: cannot copy a row of '%s' from '%s': %s",
			      store_path(out), t->name, in->path,
			      sqlite3_errmsg(out->db));
			goto out;
		}
		sqlite3_reset(ins);
		sqlite3_clear_bindings(ins);
		(*rows)++;
	}
	if (rc != SQLITE_DONE) {
		src_error(in, "cannot read a table");
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	strbuf_release(&sql);
	return ret;
}

/*
 * Every column of runs but its id, in every schema version (an input has
 * the current one: store_open() refuses older ones read-only).
 */
#define RUN_COLS \
	"kind, source, command, started_ns, ended_ns, status, lines," \
	" bad_lines, hostname, kernel, tool_version," \
	" attached, attach_failed," /* version 2 */ \
	" engine, engine_reason, engine_missing, paths_unreadable" /* 4 */
#define RUN_NCOLS 17

/* Insert a copy of the input's current runs row; returns the new id. */
static int64_t copy_run_row(struct store *out, sqlite3_stmt *sel)
{
	sqlite3_stmt *ins = NULL;
	int64_t id = -1;
	int i;

	if (sqlite3_prepare_v2(out->db,
			       "INSERT INTO runs (" RUN_COLS ") VALUES (?1,"
			       " ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
			       " ?12, ?13, ?14, ?15, ?16, ?17)",
			       -1, &ins, NULL) != SQLITE_OK) {
		out_error(out, "cannot prepare a copy");
		goto out;
	}
	/* Column 0 of sel is the old id; 1.. are the columns above. */
	for (i = 0; i < RUN_NCOLS; i++)
		sqlite3_bind_value(ins, i + 1,
				   sqlite3_column_value(sel, i + 1));
	if (sqlite3_step(ins) != SQLITE_DONE) {
		out_error(out, "cannot copy a run");
		goto out;
	}
	id = sqlite3_last_insert_rowid(out->db);
out:
	sqlite3_finalize(ins);
	return id;
}

/* Everything of one input, in the caller's transaction. */
static int merge_one(struct store *out, struct merge_input *in,
		     struct merge_stats *stats)
{
	sqlite3_stmt *runs = NULL;
	uint64_t nruns = 0, nrows = 0, nsyscalls = 0;
	int rc, ret = -1;
	size_t t;

	if (load_map(out, in, "SELECT id, name FROM phases ORDER BY id",
		     store_intern_phase, &in->phases) < 0 ||
	    load_map(out, in, "SELECT id, path FROM exes ORDER BY id",
		     store_intern_exe, &in->exes) < 0 ||
	    load_map(out, in, "SELECT id, frames FROM stacks ORDER BY id",
		     store_intern_stack, &in->stacks) < 0)
		goto out;
	if (sqlite3_prepare_v2(in->db,
			       "SELECT id, " RUN_COLS " FROM runs ORDER BY id",
			       -1, &runs, NULL) != SQLITE_OK) {
		src_error(in, "cannot read runs");
		goto out;
	}
	while ((rc = sqlite3_step(runs)) == SQLITE_ROW) {
		int64_t old = sqlite3_column_int64(runs, 0);
		int64_t run = copy_run_row(out, runs);

		if (run < 0)
			goto out;
		for (t = 0; t < ARRAY_SIZE(tables); t++) {
			uint64_t n = 0;

			if (copy_table(out, in, &tables[t], old, run, &n) < 0)
				goto out;
			nrows += n;
			if (!strcmp(tables[t].name, "syscalls"))
				nsyscalls += n;
		}
		nruns++;
	}
	if (rc != SQLITE_DONE) {
		src_error(in, "cannot read runs");
		goto out;
	}
	stats->runs += nruns;
	stats->rows += nrows;
	stats->syscalls += nsyscalls;
	ret = 0;
out:
	sqlite3_finalize(runs);
	return ret;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Open every input and check it before anything is written. */
static int open_inputs(struct store *out, char *const paths[], size_t n,
		       struct merge_input *ins)
{
	struct stat osb, sb;
	size_t i;

	if (stat(store_path(out), &osb) < 0)
		return error_errno("cannot stat '%s'", store_path(out));
	for (i = 0; i < n; i++) {
		ins[i].path = paths[i];
		if (stat(paths[i], &sb) < 0)
			return error_errno("cannot open '%s'", paths[i]);
		if (same_file(&sb, &osb))
			return error("'%s' is the output of the merge; it "
				     "cannot also be an input", paths[i]);
		ins[i].st = store_open(paths[i], STORE_READONLY);
		if (!ins[i].st)
			return -1;
		ins[i].db = ins[i].st->db;
	}
	return 0;
}

int merge_stores(struct store *out, char *const paths[], size_t n,
		 const char *command, struct merge_stats *stats)
{
	struct store_run r = { .kind = "merge", .command = command };
	struct merge_input *ins = xcalloc(n ? n : 1, sizeof(*ins));
	char *source = argv_join((int)n, paths);
	int64_t run = -1;
	int ret = -1;
	size_t i;

	memset(stats, 0, sizeof(*stats));
	if (open_inputs(out, paths, n, ins) < 0)
		goto out;
	r.source = source;
	if (store_begin(out) < 0)
		goto out;
	run = store_run_begin(out, &r);
	if (run < 0 || store_commit(out) < 0) {
		store_rollback(out);
		run = -1;
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct merge_input *in = &ins[i];
		struct merge_stats one = { 0 };
		char *msg = NULL;

		/* One read snapshot of the input, one write transaction. */
		if (sqlite3_exec(in->db, "BEGIN", NULL, NULL, &msg) !=
		    SQLITE_OK) {
			error("%s: %s", in->path, msg ? msg : "cannot read");
			sqlite3_free(msg);
			goto out;
		}
		if (store_begin(out) < 0 || merge_one(out, in, &one) < 0 ||
		    store_run_add_file(out, run, in->path, 0, one.rows, 0) <
			    0 ||
		    store_commit(out) < 0) {
			store_rollback(out);
			sqlite3_exec(in->db, "ROLLBACK", NULL, NULL, NULL);
			error("'%s' was not merged (nothing of it was written)",
			      in->path);
			goto out;
		}
		sqlite3_exec(in->db, "COMMIT", NULL, NULL, NULL);
		stats->inputs++;
		stats->runs += one.runs;
		stats->rows += one.rows;
		stats->syscalls += one.syscalls;
	}
	ret = 0;
out:
	if (run > 0)
		store_run_end(out, run, ret < 0 ? EXIT_USAGE : EXIT_OK,
			      stats->rows, 0);
	for (i = 0; i < n; i++) {
		store_close(ins[i].st);
		id_map_release(&ins[i].phases);
		id_map_release(&ins[i].exes);
		id_map_release(&ins[i].stacks);
	}
	free(ins);
	free(source);
	return ret;
}
