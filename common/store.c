/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * store.c - the SQLite store: open, schema, transactions, the row walker.
 *
 * One file in WAL mode so a report can read while a tracer writes; a busy
 * timeout so concurrent writers (two importers, a tracer and `mark`) wait
 * instead of failing.  The schema lives in schema.sql, compiled in, and is
 * applied section by section according to PRAGMA user_version.  All SQL goes
 * through prepared statements: every string written here came from a traced
 * program or a log and is hostile.  The database is created 0600 (SQLite
 * gives the -wal and -shm files the same mode).
 *
 * The store owns all SQL of syscensus: the other store-*.c files hold the
 * writes (store-write.c), the selections (store-query.c), the report model
 * (store-report.c), static reach (store-reach.c) and merging
 * (store-merge.c), each through store_walk() below; nothing outside them
 * includes sqlite3.h.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store-int.h"

static const char schema_sql[] =
#include "schema-sql.h"
	;

int store_db_error(struct store *st, const char *what)
{
	return error("%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

int store_busy_timeout_ms(void)
{
	const char *env = getenv("SYSCENSUS_BUSY_TIMEOUT");
	char *end;
	long v;

	if (!env || !*env)
		return STORE_BUSY_TIMEOUT_MS;
	errno = 0;
	v = strtol(env, &end, 10);
	if (errno || *end || v < 0 || v > 3600000)
		return STORE_BUSY_TIMEOUT_MS;
	return (int)v;
}

const char *store_default_path(void)
{
	const char *env = getenv("SYSCENSUS_DB");

	return env && *env ? env : "syscensus.db";
}

const char *store_path(const struct store *st)
{
	return st->path;
}

/* Highest "-- version N" in the schema. */
int store_schema_version(void)
{
	const char *p = schema_sql;
	int v = 0;

	while ((p = strstr(p, "\n-- version ")) != NULL) {
		int n = atoi(p + 12);

		if (n > v)
			v = n;
		p++;
	}
	return v;
}

int store_exec(struct store *st, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		error("%s: %s", st->path, msg ? msg : "sqlite error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/*
 * Like store_exec(), but a busy database is retried until the busy timeout.
 * Switching a new file to WAL needs its exclusive lock, and SQLite gives
 * up at once, without the busy handler, when another process is opening
 * the same new file (8 parallel imports into one new database failed
 * with "database is locked" about once in 80).
 */
static int exec_sql_patient(struct store *st, const char *sql)
{
	long waited_ms = 0, limit_ms = store_busy_timeout_ms();

	for (;;) {
		int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

		if (rc == SQLITE_OK)
			return 0;
		if ((rc & 0xff) != SQLITE_BUSY || waited_ms >= limit_ms)
			return store_db_error(st, sql);
		sqlite3_sleep(10);
		waited_ms += 10;
	}
}

/*
 * The schema version and the number of schema objects, read in one
 * statement so that both come from the same snapshot: a process creating
 * the file at the same moment is seen either before or after, never half
 * (a version 0 with its tables would look like another program's file).
 */
static int get_state(struct store *st, int *v, int *ntables)
{
	sqlite3_stmt *s = NULL;
	int ret = -1;

	if (sqlite3_prepare_v2(st->db, "SELECT (SELECT user_version FROM"
			       " pragma_user_version), (SELECT count(*) FROM"
			       " sqlite_master)", -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW) {
		store_db_error(st, "cannot read the schema version");
		goto out;
	}
	*v = sqlite3_column_int(s, 0);
	*ntables = sqlite3_column_int(s, 1);
	ret = 0;
out:
	sqlite3_finalize(s);
	return ret;
}

/*
 * Bring the schema up to date.  Several processes may open a new file at
 * once (parallel imports in CI): the version is read again under the write
 * lock (BEGIN IMMEDIATE), so only the first applies the sections and the
 * others find them applied and change nothing.  Every missing section is
 * applied in that one transaction.
 */
static int migrate(struct store *st, bool readonly)
{
	int have, want = store_schema_version(), ntables, ret = -1;
	const char *p;

	if (get_state(st, &have, &ntables) < 0)
		return -1;
	if (have > want)
		return error("'%s' was written by a newer syscensus (schema %d, "
			     "this one knows %d)", st->path, have, want);
	if (have == want)
		return 0;
	if (have == 0 && ntables)
		return error("'%s' is not a syscensus database", st->path);
	if (readonly)
		return error("'%s' needs a schema upgrade (%d to %d); open it "
			     "once with a writing command", st->path, have,
			     want);
	if (store_exec(st, "BEGIN IMMEDIATE") < 0)
		return error("'%s': cannot lock it for a schema upgrade",
			     st->path);
	if (get_state(st, &have, &ntables) < 0)
		goto out;
	if (have >= want) { /* another process did it meanwhile */
		ret = 0;
		goto out;
	}
	if (have == 0 && ntables) {
		error("'%s' is not a syscensus database", st->path);
		goto out;
	}
	for (p = strstr(schema_sql, "\n-- version "); p;) {
		int v = atoi(p + 12);
		const char *next = strstr(p + 1, "\n-- version ");
		char *section, *sql;
		int rc;

		if (v <= have) {
			p = next;
			continue;
		}
		section = next ? xstrndup(p, (size_t)(next - p)) : xstrdup(p);
		sql = xasprintf("%s\nPRAGMA user_version = %d;", section, v);
		rc = store_exec(st, sql);
		free(sql);
		free(section);
		if (rc < 0) {
			error("'%s': schema upgrade to %d failed", st->path, v);
			goto out;
		}
		p = next;
	}
	ret = 0;
out:
	if (ret == 0 && store_exec(st, "COMMIT") < 0)
		ret = error("'%s': schema upgrade failed", st->path);
	if (ret < 0 && !sqlite3_get_autocommit(st->db))
		store_exec(st, "ROLLBACK");
	return ret;
}

static int prepare(struct store *st, sqlite3_stmt **s, const char *sql)
{
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, s,
			       NULL) != SQLITE_OK)
		return store_db_error(st, "cannot prepare a statement");
	return 0;
}

static int prepare_all(struct store *st)
{
	return prepare(st, &st->upsert_syscall,
		       "INSERT INTO syscalls (run_id, phase_id, exe_id, arch,"
		       " syscall, nr, calls, errors, first_ns, last_ns,"
		       " first_tid, first_stack_id)"
		       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
		       " ?12)"
		       " ON CONFLICT (run_id, phase_id, exe_id, arch, syscall)"
		       " DO UPDATE SET calls = calls + excluded.calls,"
		       " errors = errors + excluded.errors,"
		       " first_ns = coalesce(first_ns, excluded.first_ns),"
		       " last_ns = coalesce(excluded.last_ns, last_ns),"
		       " first_tid = coalesce(first_tid, excluded.first_tid),"
		       " first_stack_id = coalesce(first_stack_id,"
		       " excluded.first_stack_id)") ||
	       prepare(st, &st->upsert_errno,
		       "INSERT INTO syscall_errors (run_id, phase_id, exe_id,"
		       " arch, syscall, errno, count)"
		       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
		       " ON CONFLICT (run_id, phase_id, exe_id, arch, syscall,"
		       " errno) DO UPDATE SET count = count + excluded.count") ||
	       prepare(st, &st->intern_phase,
		       "INSERT INTO phases (name) VALUES (?1)"
		       " ON CONFLICT (name) DO NOTHING") ||
	       prepare(st, &st->select_phase,
		       "SELECT id FROM phases WHERE name = ?1") ||
	       prepare(st, &st->intern_exe,
		       "INSERT INTO exes (path) VALUES (?1)"
		       " ON CONFLICT (path) DO NOTHING") ||
	       prepare(st, &st->select_exe,
		       "SELECT id FROM exes WHERE path = ?1") ||
	       prepare(st, &st->intern_stack,
		       "INSERT INTO stacks (frames) VALUES (?1)"
		       " ON CONFLICT (frames) DO NOTHING") ||
	       prepare(st, &st->select_stack,
		       "SELECT id FROM stacks WHERE frames = ?1") ||
	       prepare(st, &st->add_problem,
		       "INSERT INTO problems (run_id, file, line, reason)"
		       " VALUES (?1, ?2, ?3, ?4)") ||
	       prepare(st, &st->add_fact,
		       "INSERT INTO facts (run_id, phase_id, exe_id, kind,"
		       " value, syscall, count) VALUES (?1, ?2, ?3, ?4, ?5,"
		       " ?6, ?7) ON CONFLICT (run_id, phase_id, exe_id, kind,"
		       " value, syscall) DO UPDATE SET count = count +"
		       " excluded.count");
}

struct store *store_open(const char *path, unsigned flags)
{
	struct store *st;
	struct stat sb;
	bool readonly = flags & STORE_READONLY;
	bool created = false;
	int oflags;

	if (!path)
		path = store_default_path();
	if (stat(path, &sb) < 0) {
		int fd;

		if (errno != ENOENT || !(flags & STORE_CREATE)) {
			if (errno == ENOENT)
				error("no database at '%s' (create one with "
				      "'syscensus import' or 'syscensus "
				      "record', or name it with --db)", path);
			else
				error_errno("cannot open '%s'", path);
			return NULL;
		}
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST) {
			error_errno("cannot create '%s'", path);
			return NULL;
		}
		if (fd >= 0) {
			created = true;
			close(fd);
		}
	} else if (!S_ISREG(sb.st_mode)) {
		error("'%s' is not a regular file", path);
		return NULL;
	}

	/* whatever this command writes must never replace its database */
	output_add_input(path);
	st = xcalloc(1, sizeof(*st));
	st->path = xstrdup(path);
	oflags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOFOLLOW,
			    NULL) != SQLITE_OK) {
		error("cannot open '%s': %s", path,
		      st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(st->db, store_busy_timeout_ms());
	sqlite3_extended_result_codes(st->db, 1);
	if (store_exec(st, "PRAGMA foreign_keys = ON") < 0)
		goto fail;
	/*
	 * A file we just created holds nothing to lose: switching it to WAL
	 * and writing the schema need not wait for the disk (six fsyncs, a
	 * third of a short `record`'s own run time).  The first checkpoint
	 * syncs all of it.
	 */
	if (created && store_exec(st, "PRAGMA synchronous = OFF") < 0)
		goto fail;
	if (!readonly && exec_sql_patient(st, "PRAGMA journal_mode = WAL") < 0)
		goto fail;
	if (migrate(st, readonly) < 0)
		goto fail;
	if (!readonly && store_exec(st, "PRAGMA synchronous = NORMAL") < 0)
		goto fail;
	if (!readonly && prepare_all(st) < 0)
		goto fail;
	return st;
fail:
	store_close(st);
	return NULL;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	if (st->in_tx)
		store_rollback(st);
	sqlite3_finalize(st->upsert_syscall);
	sqlite3_finalize(st->upsert_errno);
	sqlite3_finalize(st->intern_phase);
	sqlite3_finalize(st->select_phase);
	sqlite3_finalize(st->intern_exe);
	sqlite3_finalize(st->select_exe);
	sqlite3_finalize(st->intern_stack);
	sqlite3_finalize(st->select_stack);
	sqlite3_finalize(st->add_problem);
	sqlite3_finalize(st->add_fact);
	if (st->db && sqlite3_close(st->db) != SQLITE_OK)
		error("%s: close: %s", st->path, sqlite3_errmsg(st->db));
	free(st->path);
	free(st);
}

int store_begin(struct store *st)
{
	if (st->in_tx++)
		return 0;
	return store_exec(st, "BEGIN IMMEDIATE");
}

int store_commit(struct store *st)
{
	if (st->in_tx <= 0)
		return error("commit without a transaction");
	if (--st->in_tx)
		return 0;
	return store_exec(st, "COMMIT");
}

void store_rollback(struct store *st)
{
	if (st->in_tx <= 0)
		return;
	st->in_tx = 0;
	store_exec(st, "ROLLBACK");
}

void store_bind_text_or_null(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

void store_bind_i64_or_null(sqlite3_stmt *s, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

/* Step a statement that returns no rows, then reset it. */
int store_step_done(struct store *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE)
		return store_db_error(st, what);
	return 0;
}

int store_prepare(struct store *st, sqlite3_stmt **s, const char *sql,
		  const char *what)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, s, NULL) != SQLITE_OK) {
		sqlite3_finalize(*s);
		*s = NULL;
		return store_db_error(st, what);
	}
	return 0;
}

int64_t store_col_i64n(sqlite3_stmt *s, int i)
{
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return STORE_NULL;
	return sqlite3_column_int64(s, i);
}

char *store_col_strdup(sqlite3_stmt *s, int i)
{
	const char *v = (const char *)sqlite3_column_text(s, i);

	return v ? xstrdup(v) : NULL;
}

/* A syscall name that is not one (from a hostile log or database): an
 * error naming it escaped, so the message keeps to one line. */
int store_bad_syscall_name(const char *what, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	strbuf_add_escaped_ctl(&sb, name ? name : "(null)");
	ret = error("%s: '%s' is not a syscall name", what, sb.buf);
	strbuf_release(&sb);
	return ret;
}

bool store_has_table(struct store *st, const char *name)
{
	sqlite3_stmt *s = NULL;
	bool ret = false;

	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM sqlite_master WHERE"
			       " type = 'table' AND name = ?1", -1, &s,
			       NULL) == SQLITE_OK) {
		sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
		ret = sqlite3_step(s) == SQLITE_ROW;
	}
	sqlite3_finalize(s);
	return ret;
}

/* ------------------------------------------------------------ the walker */

void store_query_release(struct store_query *q)
{
	strbuf_release(&q->sql);
	free(q->params);
	q->params = NULL;
	q->nparams = q->alloc = 0;
}

void store_query_sql(struct store_query *q, const char *sql)
{
	strbuf_addstr(&q->sql, sql);
}

static struct store_param *new_param(struct store_query *q)
{
	q->params = xgrow(q->params, sizeof(*q->params), q->nparams + 1,
			  &q->alloc);
	return memset(&q->params[q->nparams++], 0, sizeof(*q->params));
}

void store_query_text(struct store_query *q, const char *v)
{
	struct store_param *p = new_param(q);

	p->type = STORE_PARAM_TEXT;
	p->text = v;
}

void store_query_i64(struct store_query *q, int64_t v)
{
	struct store_param *p = new_param(q);

	p->type = STORE_PARAM_I64;
	p->i64 = v;
}

void store_query_in_text(struct store_query *q, const char *col,
			 const char *const *v, size_t n)
{
	size_t i;

	if (!n)
		return;
	strbuf_addf(&q->sql, " AND %s IN (", col);
	for (i = 0; i < n; i++) {
		strbuf_addstr(&q->sql, i ? ", ?" : "?");
		store_query_text(q, v[i]);
	}
	strbuf_addch(&q->sql, ')');
}

void store_query_selection(struct store_query *q, const char *alias,
			   const struct observed_filter *f)
{
	size_t i, n = 0;

	if (f && f->phases)
		while (f->phases[n])
			n++;
	store_query_in_text(q, "p.name", f ? f->phases : NULL, n);
	if (f && f->nrun_ids) {
		strbuf_addf(&q->sql, " AND %s.run_id IN (", alias);
		for (i = 0; i < f->nrun_ids; i++) {
			strbuf_addstr(&q->sql, i ? ", ?" : "?");
			store_query_i64(q, f->run_ids[i]);
		}
		strbuf_addch(&q->sql, ')');
	}
}

int store_walk(struct store *st, const struct store_query *q,
	       const struct store_walk *w, store_row_fn fn, void *data)
{
	struct exe_match em = { 0 };
	sqlite3_stmt *s = NULL;
	int ret = -1, rc;
	size_t i;

	if (store_prepare(st, &s, q->sql.buf, w->what) < 0)
		goto out;
	for (i = 0; i < q->nparams; i++) {
		const struct store_param *p = &q->params[i];

		if (p->type == STORE_PARAM_TEXT)
			store_bind_text_or_null(s, (int)i + 1, p->text);
		else
			sqlite3_bind_int64(s, (int)i + 1, p->i64);
	}
	if (w->exe_regex && exe_match_init(&em, st, w->exe_regex) < 0)
		goto out;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int r;

		if (w->exe_regex &&
		    !exe_match(&em, sqlite3_column_int64(s, w->exe_col)))
			continue;
		r = fn(s, data);
		if (r) {
			ret = r;
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		store_db_error(st, w->what);
		goto out;
	}
	ret = 0;
out:
	exe_match_release(&em);
	sqlite3_finalize(s);
	return ret;
}

int store_walk_sql(struct store *st, const char *sql, const char *what,
		   store_row_fn fn, void *data)
{
	struct store_query q = STORE_QUERY_INIT;
	struct store_walk w = { .what = what };
	int ret;

	store_query_sql(&q, sql);
	ret = store_walk(st, &q, &w, fn, data);
	store_query_release(&q);
	return ret;
}
