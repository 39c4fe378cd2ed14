/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * store.c - the SQLite store.
 *
 * One file in WAL mode so a report can read while a tracer writes; a busy
 * timeout so concurrent writers (two importers, a tracer and `mark`) wait
 * instead of failing.  The schema lives in schema.sql, compiled in, and is
 * applied section by section according to PRAGMA user_version.  All SQL goes
 * through prepared statements: every string written here came from a traced
 * program or a log and is hostile.  The database is created 0600 (SQLite
 * gives the -wal and -shm files the same mode).
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <fcntl.h>
#include <pcre2.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "common.h"

static const char schema_sql[] =
#include "schema-sql.h"
	;

struct store {
	sqlite3 *db;
	char *path;
	int in_tx;
	sqlite3_stmt *upsert_syscall;
	sqlite3_stmt *upsert_errno;
	sqlite3_stmt *intern_phase;
	sqlite3_stmt *select_phase;
	sqlite3_stmt *intern_exe;
	sqlite3_stmt *select_exe;
	sqlite3_stmt *intern_stack;
	sqlite3_stmt *select_stack;
	sqlite3_stmt *add_problem;
	sqlite3_stmt *add_fact;
};

static int db_error(struct store *st, const char *what)
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

struct sqlite3 *store_db(struct store *st)
{
	return st->db;
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

static int exec_sql(struct store *st, const char *sql)
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
 * Like exec_sql(), but a busy database is retried until the busy timeout.
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
			return db_error(st, sql);
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
		db_error(st, "cannot read the schema version");
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
	if (exec_sql(st, "BEGIN IMMEDIATE") < 0)
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
		rc = exec_sql(st, sql);
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
	if (ret == 0 && exec_sql(st, "COMMIT") < 0)
		ret = error("'%s': schema upgrade failed", st->path);
	if (ret < 0 && !sqlite3_get_autocommit(st->db))
		exec_sql(st, "ROLLBACK");
	return ret;
}

static int prepare(struct store *st, sqlite3_stmt **s, const char *sql)
{
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, s,
			       NULL) != SQLITE_OK)
		return db_error(st, "cannot prepare a statement");
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
	if (exec_sql(st, "PRAGMA foreign_keys = ON") < 0)
		goto fail;
	/*
	 * A file we just created holds nothing to lose: switching it to WAL
	 * and writing the schema need not wait for the disk (six fsyncs, a
	 * third of a short `record`'s own run time).  The first checkpoint
	 * syncs all of it.
	 */
	if (created && exec_sql(st, "PRAGMA synchronous = OFF") < 0)
		goto fail;
	if (!readonly && exec_sql_patient(st, "PRAGMA journal_mode = WAL") < 0)
		goto fail;
	if (migrate(st, readonly) < 0)
		goto fail;
	if (!readonly && exec_sql(st, "PRAGMA synchronous = NORMAL") < 0)
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
	return exec_sql(st, "BEGIN IMMEDIATE");
}

int store_commit(struct store *st)
{
	if (st->in_tx <= 0)
		return error("commit without a transaction");
	if (--st->in_tx)
		return 0;
	return exec_sql(st, "COMMIT");
}

void store_rollback(struct store *st)
{
	if (st->in_tx <= 0)
		return;
	st->in_tx = 0;
	exec_sql(st, "ROLLBACK");
}

static void bind_text_or_null(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

static void bind_i64_or_null(sqlite3_stmt *s, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

/* Step a statement that returns no rows, then reset it. */
static int step_done(struct store *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE)
		return db_error(st, what);
	return 0;
}

int64_t store_run_begin(struct store *st, const struct store_run *run)
{
	sqlite3_stmt *s = NULL;
	struct utsname u;
	int64_t id = -1;
	char *kernel = NULL;

	if (uname(&u) == 0)
		kernel = xasprintf("%s %s %s", u.sysname, u.release,
				   u.machine);
	if (sqlite3_prepare_v2(st->db,
			       "INSERT INTO runs (kind, source, command,"
			       " started_ns, hostname, kernel, tool_version)"
			       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
			       -1, &s, NULL) != SQLITE_OK) {
		db_error(st, "cannot create a run");
		goto out;
	}
	bind_text_or_null(s, 1, run->kind);
	bind_text_or_null(s, 2, run->source);
	bind_text_or_null(s, 3, run->command);
	sqlite3_bind_int64(s, 4, time_now_ns());
	bind_text_or_null(s, 5, kernel ? u.nodename : NULL);
	bind_text_or_null(s, 6, kernel);
	bind_text_or_null(s, 7, PACKAGE_VERSION);
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_error(st, "cannot create a run");
		goto out;
	}
	id = sqlite3_last_insert_rowid(st->db);
out:
	sqlite3_finalize(s);
	free(kernel);
	return id;
}

int store_run_end(struct store *st, int64_t run, int status, uint64_t lines,
		  uint64_t bad_lines)
{
	sqlite3_stmt *s = NULL;
	int ret = -1;

	if (sqlite3_prepare_v2(st->db,
			       "UPDATE runs SET ended_ns = ?2, status = ?3,"
			       " lines = ?4, bad_lines = ?5 WHERE id = ?1",
			       -1, &s, NULL) != SQLITE_OK) {
		db_error(st, "cannot finish a run");
		goto out;
	}
	sqlite3_bind_int64(s, 1, run);
	sqlite3_bind_int64(s, 2, time_now_ns());
	sqlite3_bind_int(s, 3, status);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)lines);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)bad_lines);
	ret = step_done(st, s, "cannot finish a run");
out:
	sqlite3_finalize(s);
	return ret;
}

/* The ids of the runs f selects (all when it names none) that sql, a
 * "SELECT id FROM runs WHERE ... ORDER BY id", returns. */
static int select_runs(struct store *st, const struct observed_filter *f,
		       const char *sql, int64_t **ids, size_t *n)
{
	sqlite3_stmt *s = NULL;
	size_t alloc = 0, i;
	int rc, ret = -1;

	*ids = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		db_error(st, "cannot read the runs");
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);

		for (i = 0; f && i < f->nrun_ids; i++)
			if (f->run_ids[i] == id)
				break;
		if (f && f->nrun_ids && i == f->nrun_ids)
			continue;
		*ids = xgrow(*ids, sizeof(**ids), *n + 1, &alloc);
		(*ids)[(*n)++] = id;
	}
	if (rc != SQLITE_DONE) {
		db_error(st, "cannot read the runs");
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(s);
	return ret;
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

/* Append "a, b, c" from the first column of sql (at most 20). */
static int list_names(struct store *st, const char *sql, struct strbuf *sb)
{
	sqlite3_stmt *s = NULL;
	int n = 0, rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return db_error(st, "cannot read the store");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(s, 0);

		if (n++ == 20) {
			strbuf_addstr(sb, ", ...");
			break;
		}
		strbuf_addf(sb, "%s%s", n > 1 ? ", " : "", v ? v : "?");
	}
	sqlite3_finalize(s);
	if (!n)
		strbuf_addstr(sb, "none");
	return 0;
}

int store_explain_empty(struct store *st, const struct observed_filter *f,
			struct strbuf *sb)
{
	sqlite3_stmt *s = NULL;
	size_t i;
	bool any = false;

	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM syscalls AS s JOIN"
			       " phases AS p ON p.id = s.phase_id WHERE"
			       " p.name = ?1 LIMIT 1", -1, &s,
			       NULL) != SQLITE_OK)
		return db_error(st, "cannot read the phases");
	for (i = 0; f && f->phases && f->phases[i]; i++) {
		sqlite3_bind_text(s, 1, f->phases[i], -1, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_ROW)
			strbuf_addf(sb, "\n  no syscall was observed in phase "
				    "'%s'", f->phases[i]);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM syscalls LIMIT 1", -1,
			       &s, NULL) != SQLITE_OK)
		return db_error(st, "cannot read the store");
	any = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
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

int store_run_set_attach(struct store *st, int64_t run, size_t attached,
			 size_t failed)
{
	sqlite3_stmt *s = NULL;
	int ret = -1;

	if (sqlite3_prepare_v2(st->db,
			       "UPDATE runs SET attached = ?2, attach_failed ="
			       " ?3 WHERE id = ?1",
			       -1, &s, NULL) != SQLITE_OK) {
		db_error(st, "cannot record the attach counts");
		goto out;
	}
	sqlite3_bind_int64(s, 1, run);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)attached);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)failed);
	ret = step_done(st, s, "cannot record the attach counts");
out:
	sqlite3_finalize(s);
	return ret;
}

int store_run_set_engine(struct store *st, int64_t run, const char *engine,
			 const char *reason, const char *missing)
{
	sqlite3_stmt *s = NULL;
	int ret = -1;

	if (sqlite3_prepare_v2(st->db,
			       "UPDATE runs SET engine = ?2, engine_reason = ?3,"
			       " engine_missing = ?4 WHERE id = ?1",
			       -1, &s, NULL) != SQLITE_OK) {
		db_error(st, "cannot record the engine of a run");
		goto out;
	}
	sqlite3_bind_int64(s, 1, run);
	bind_text_or_null(s, 2, engine);
	bind_text_or_null(s, 3, reason);
	bind_text_or_null(s, 4, missing);
	ret = step_done(st, s, "cannot record the engine of a run");
out:
	sqlite3_finalize(s);
	return ret;
}

int store_run_set_unreadable(struct store *st, int64_t run, uint64_t paths)
{
	sqlite3_stmt *s = NULL;
	int ret = -1;

	if (sqlite3_prepare_v2(st->db,
			       "UPDATE runs SET paths_unreadable = ?2"
			       " WHERE id = ?1", -1, &s, NULL) != SQLITE_OK) {
		db_error(st, "cannot record unreadable paths");
		goto out;
	}
	sqlite3_bind_int64(s, 1, run);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)paths);
	ret = step_done(st, s, "cannot record unreadable paths");
out:
	sqlite3_finalize(s);
	return ret;
}

int store_run_add_file(struct store *st, int64_t run, const char *path,
		       int64_t pid_hint, uint64_t lines, uint64_t bad_lines)
{
	sqlite3_stmt *s = NULL;
	int ret = -1;

	if (sqlite3_prepare_v2(st->db,
			       "INSERT INTO run_files (run_id, path, pid_hint,"
			       " lines, bad_lines) VALUES (?1, ?2, ?3, ?4, ?5)",
			       -1, &s, NULL) != SQLITE_OK) {
		db_error(st, "cannot record a source file");
		goto out;
	}
	sqlite3_bind_int64(s, 1, run);
	bind_text_or_null(s, 2, path);
	bind_i64_or_null(s, 3, pid_hint);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)lines);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)bad_lines);
	ret = step_done(st, s, "cannot record a source file");
out:
	sqlite3_finalize(s);
	return ret;
}

static int64_t intern(struct store *st, sqlite3_stmt *ins, sqlite3_stmt *sel,
		      const char *value, const char *what)
{
	int64_t id = -1;
	int rc;

	sqlite3_bind_text(ins, 1, value, -1, SQLITE_TRANSIENT);
	if (step_done(st, ins, what) < 0)
		return -1;
	sqlite3_bind_text(sel, 1, value, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(sel);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(sel, 0);
	else
		db_error(st, what);
	sqlite3_reset(sel);
	sqlite3_clear_bindings(sel);
	return id;
}

int64_t store_intern_phase(struct store *st, const char *name)
{
	return intern(st, st->intern_phase, st->select_phase, name,
		      "cannot record a phase");
}

/* A syscall name that is not one (from a hostile log or database): an
 * error naming it escaped, so the message keeps to one line. */
static int bad_syscall_name(const char *what, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	strbuf_add_escaped_ctl(&sb, name ? name : "(null)");
	ret = error("%s: '%s' is not a syscall name", what, sb.buf);
	strbuf_release(&sb);
	return ret;
}

int64_t store_intern_exe(struct store *st, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	int64_t id;

	if (!str_has_ctl(path))
		return intern(st, st->intern_exe, st->select_exe,
			      path ? path : "?", "cannot record an executable");
	/* a traced path is kept on one line, as strace prints it */
	strbuf_add_escaped_ctl(&sb, path);
	id = intern(st, st->intern_exe, st->select_exe, sb.buf,
		    "cannot record an executable");
	strbuf_release(&sb);
	return id;
}

int store_add_exe_name(struct store *st, int64_t exe, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	sqlite3_stmt *s = NULL;
	int ret = -1;

	if (sqlite3_prepare_v2(st->db,
			       "INSERT INTO exe_names (exe_id, name)"
			       " VALUES (?1, ?2) ON CONFLICT DO NOTHING",
			       -1, &s, NULL) != SQLITE_OK) {
		db_error(st, "cannot record an executable's name");
		goto out;
	}
	sqlite3_bind_int64(s, 1, exe);
	/* a traced name is kept on one line, as for store_intern_exe() */
	if (str_has_ctl(name)) {
		strbuf_add_escaped_ctl(&sb, name);
		name = sb.buf;
	}
	sqlite3_bind_text(s, 2, name, -1, SQLITE_TRANSIENT);
	ret = step_done(st, s, "cannot record an executable's name");
out:
	sqlite3_finalize(s);
	strbuf_release(&sb);
	return ret;
}

int64_t store_intern_stack(struct store *st, const char *frames)
{
	return intern(st, st->intern_stack, st->select_stack, frames,
		      "cannot record a call stack");
}

static int flush_entry(struct store *st, int64_t run, struct agg_entry *e)
{
	char name[SYSCALL_NAME_MAX], ebuf[ERRNO_NAME_MAX];
	const char *arch = arch_name(e->key.arch);
	sqlite3_stmt *s = st->upsert_syscall;
	size_t i;

	if (!arch)
		arch = "unknown";
	syscall_name(e->key.arch, e->key.nr, name);
	sqlite3_bind_int64(s, 1, run);
	sqlite3_bind_int64(s, 2, e->key.phase);
	sqlite3_bind_int64(s, 3, e->key.exe);
	sqlite3_bind_text(s, 4, arch, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 6, e->key.nr);
	sqlite3_bind_int64(s, 7, (sqlite3_int64)e->calls);
	sqlite3_bind_int64(s, 8, (sqlite3_int64)e->errors);
	bind_i64_or_null(s, 9, e->first_ns);
	bind_i64_or_null(s, 10, e->last_ns);
	bind_i64_or_null(s, 11, e->first_tid);
	bind_i64_or_null(s, 12, e->first_stack);
	if (step_done(st, s, "cannot write syscall counts") < 0)
		return -1;
	for (i = 0; i < e->nerrnos; i++) {
		s = st->upsert_errno;
		sqlite3_bind_int64(s, 1, run);
		sqlite3_bind_int64(s, 2, e->key.phase);
		sqlite3_bind_int64(s, 3, e->key.exe);
		sqlite3_bind_text(s, 4, arch, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 6, errno_name(e->errnos[i].err, ebuf),
				  -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 7, (sqlite3_int64)e->errnos[i].count);
		if (step_done(st, s, "cannot write errno counts") < 0)
			return -1;
	}
	return 0;
}

int store_flush_agg(struct store *st, int64_t run, struct agg *a)
{
	if (store_write_agg(st, run, a) < 0)
		return -1;
	/* Only now: a failed flush leaves the counts for the next one. */
	agg_clear_dirty(a);
	return 0;
}

int store_write_agg(struct store *st, int64_t run, struct agg *a)
{
	size_t i;

	if (store_begin(st) < 0)
		return -1;
	for (i = 0; i < a->cap; i++) {
		struct agg_entry *e = &a->slots[i];

		if (!e->used || !e->dirty)
			continue;
		if (flush_entry(st, run, e) < 0) {
			store_rollback(st);
			return -1;
		}
	}
	if (store_commit(st) < 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int store_add_problem(struct store *st, int64_t run, const char *file,
		      uint64_t line, const char *reason)
{
	sqlite3_stmt *s = st->add_problem;

	sqlite3_bind_int64(s, 1, run);
	bind_text_or_null(s, 2, file);
	bind_i64_or_null(s, 3, (int64_t)line);
	sqlite3_bind_text(s, 4, reason, -1, SQLITE_TRANSIENT);
	return step_done(st, s, "cannot record a problem");
}

int store_add_fact(struct store *st, int64_t run, int64_t phase, int64_t exe,
		   const char *kind, const char *value, const char *syscall,
		   uint64_t count)
{
	sqlite3_stmt *s = st->add_fact;
	struct strbuf sb = STRBUF_INIT;
	int ret;

	if (syscall && *syscall && !syscall_name_ok(syscall))
		return bad_syscall_name("cannot record a fact", syscall);
	/* paths are traced data: control characters escaped, so no value
	 * can add a line to a policy, a comment or a report */
	if (str_has_ctl(value)) {
		strbuf_add_escaped_ctl(&sb, value);
		value = sb.buf;
	}
	sqlite3_bind_int64(s, 1, run);
	sqlite3_bind_int64(s, 2, phase);
	sqlite3_bind_int64(s, 3, exe);
	sqlite3_bind_text(s, 4, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 5, value, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 6, syscall ? syscall : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 7, (sqlite3_int64)count);
	ret = step_done(st, s, "cannot record a fact");
	strbuf_release(&sb);
	return ret;
}

int store_add_kill(struct store *st, const struct store_kill *k)
{
	sqlite3_stmt *s = NULL;
	char name[SYSCALL_NAME_MAX];
	const char *sc = k->syscall;
	int ret = -1;

	if (!sc && k->nr >= 0 && k->arch)
		sc = syscall_name(k->arch, k->nr, name);
	if (sc && !syscall_name_ok(sc))
		return bad_syscall_name("cannot record a kill", sc);
	if (sqlite3_prepare_v2(st->db,
			       "INSERT INTO kills (run_id, pid, exe, arch, nr,"
			       " syscall, time_ns, source, file, line, detail)"
			       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
			       " ?10, ?11)",
			       -1, &s, NULL) != SQLITE_OK) {
		db_error(st, "cannot record a kill");
		goto out;
	}
	sqlite3_bind_int64(s, 1, k->run);
	bind_i64_or_null(s, 2, k->pid);
	bind_text_or_null(s, 3, k->exe);
	bind_text_or_null(s, 4, k->arch ? arch_name(k->arch) : NULL);
	if (k->nr >= 0)
		sqlite3_bind_int(s, 5, k->nr);
	bind_text_or_null(s, 6, sc);
	bind_i64_or_null(s, 7, k->time_ns);
	bind_text_or_null(s, 8, k->source ? k->source : "unknown");
	bind_text_or_null(s, 9, k->file);
	bind_i64_or_null(s, 10, (int64_t)k->line);
	bind_text_or_null(s, 11, k->detail);
	ret = step_done(st, s, "cannot record a kill");
out:
	sqlite3_finalize(s);
	return ret;
}

int store_add_filter(struct store *st, const struct store_filter *f)
{
	sqlite3_stmt *s = NULL;
	int ret = -1;

	if (sqlite3_prepare_v2(st->db,
			       "INSERT INTO filters (run_id, pid, tid, exe,"
			       " time_ns, how, flags, threads, program)"
			       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
			       -1, &s, NULL) != SQLITE_OK) {
		db_error(st, "cannot record a filter");
		goto out;
	}
	sqlite3_bind_int64(s, 1, f->run);
	bind_i64_or_null(s, 2, f->pid);
	bind_i64_or_null(s, 3, f->tid);
	bind_text_or_null(s, 4, f->exe);
	bind_i64_or_null(s, 5, f->time_ns);
	bind_text_or_null(s, 6, f->how ? f->how : "seccomp");
	sqlite3_bind_int64(s, 7, (sqlite3_int64)f->flags);
	sqlite3_bind_int(s, 8, f->threads);
	sqlite3_bind_blob(s, 9, f->prog ? f->prog : "", (int)f->prog_len,
			  SQLITE_TRANSIENT);
	ret = step_done(st, s, "cannot record a filter");
out:
	sqlite3_finalize(s);
	return ret;
}

/*
 * The part of a query that f selects: " AND p.name IN (?...)" and
 * " AND <alias>.run_id IN (?...)", bound by bind_selection() from *bind.
 */
static void sql_selection(struct strbuf *sql, const char *alias,
			  const struct observed_filter *f)
{
	size_t i, n = 0;

	if (f && f->phases)
		while (f->phases[n])
			n++;
	if (n) {
		strbuf_addstr(sql, " AND p.name IN (");
		for (i = 0; i < n; i++)
			strbuf_addstr(sql, i ? ", ?" : "?");
		strbuf_addch(sql, ')');
	}
	if (f && f->nrun_ids) {
		strbuf_addf(sql, " AND %s.run_id IN (", alias);
		for (i = 0; i < f->nrun_ids; i++)
			strbuf_addstr(sql, i ? ", ?" : "?");
		strbuf_addch(sql, ')');
	}
}

static void bind_selection(sqlite3_stmt *s, int *bind,
			   const struct observed_filter *f)
{
	size_t i;

	for (i = 0; f && f->phases && f->phases[i]; i++)
		sqlite3_bind_text(s, (*bind)++, f->phases[i], -1,
				  SQLITE_STATIC);
	for (i = 0; f && i < f->nrun_ids; i++)
		sqlite3_bind_int64(s, (*bind)++, f->run_ids[i]);
}

int store_each_observed(struct store *st, const struct observed_filter *f,
			observed_fn fn, void *data)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s = NULL;
	struct exe_match em = { 0 };
	int ret = -1, rc, bind = 1;

	strbuf_addstr(&sql,
		      "SELECT s.run_id, p.name, e.path, s.arch, s.syscall,"
		      " s.nr, s.calls, s.errors, s.exe_id FROM syscalls AS s"
		      " JOIN phases AS p ON p.id = s.phase_id"
		      " JOIN exes AS e ON e.id = s.exe_id WHERE 1");
	sql_selection(&sql, "s", f);
	strbuf_addstr(&sql, " ORDER BY p.name, e.path, s.arch, s.syscall,"
			    " s.run_id");
	if (sqlite3_prepare_v2(st->db, sql.buf, -1, &s, NULL) != SQLITE_OK) {
		db_error(st, "cannot query observed syscalls");
		goto out;
	}
	bind_selection(s, &bind, f);
	if (exe_match_init(&em, st, f ? f->exe_regex : NULL) < 0)
		goto out;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct observed_row row;
		int r;

		row.run_id = sqlite3_column_int64(s, 0);
		row.phase = (const char *)sqlite3_column_text(s, 1);
		row.exe = (const char *)sqlite3_column_text(s, 2);
		row.arch = (const char *)sqlite3_column_text(s, 3);
		row.syscall = (const char *)sqlite3_column_text(s, 4);
		row.nr = sqlite3_column_int(s, 5);
		row.calls = (uint64_t)sqlite3_column_int64(s, 6);
		row.errors = (uint64_t)sqlite3_column_int64(s, 7);
		/* the database is input too (merged, copied, edited) */
		if (!syscall_name_ok(row.syscall)) {
			bad_syscall_name("observed syscalls", row.syscall);
			goto out;
		}
		if (!exe_match(&em, sqlite3_column_int64(s, 8)))
			continue;
		r = fn(&row, data);
		if (r) {
			ret = r;
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		db_error(st, "cannot query observed syscalls");
		goto out;
	}
	ret = 0;
out:
	exe_match_release(&em);
	sqlite3_finalize(s);
	strbuf_release(&sql);
	return ret;
}

int store_each_fact(struct store *st, const struct observed_filter *f,
		    const char *kind, fact_fn fn, void *data)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s = NULL;
	struct exe_match em = { 0 };
	int ret = -1, rc, bind = 1;

	strbuf_addstr(&sql,
		      "SELECT f.run_id, f.phase_id, f.exe_id, p.name, e.path,"
		      " f.kind, f.value, f.syscall, f.count FROM facts AS f"
		      " JOIN phases AS p ON p.id = f.phase_id"
		      " JOIN exes AS e ON e.id = f.exe_id WHERE 1");
	if (kind)
		strbuf_addstr(&sql, " AND f.kind = ?");
	sql_selection(&sql, "f", f);
	if (sqlite3_prepare_v2(st->db, sql.buf, -1, &s, NULL) != SQLITE_OK) {
		db_error(st, "cannot read facts");
		goto out;
	}
	if (kind)
		sqlite3_bind_text(s, bind++, kind, -1, SQLITE_STATIC);
	bind_selection(s, &bind, f);
	if (exe_match_init(&em, st, f ? f->exe_regex : NULL) < 0)
		goto out;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct fact_row row;
		sqlite3_int64 count = sqlite3_column_int64(s, 8);
		int r;

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
			continue;
		if (!row.syscall)
			row.syscall = "";
		if (!exe_match(&em, row.exe_id))
			continue;
		r = fn(&row, data);
		if (r) {
			ret = r;
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		db_error(st, "cannot read facts");
		goto out;
	}
	ret = 0;
out:
	exe_match_release(&em);
	sqlite3_finalize(s);
	strbuf_release(&sql);
	return ret;
}

int store_each_reach(struct store *st, const struct observed_filter *f,
		     const char *level, store_reach_fn fn, void *data)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s = NULL;
	struct exe_match em = { 0 };
	int ret = -1, rc, bind = 1;

	/* the executables the selection observed: reach is per program,
	 * phases and runs select which programs */
	strbuf_addstr(&sql,
		      "SELECT e.path, r.arch, r.syscall, r.level, r.via, e.id"
		      " FROM reach AS r JOIN exes AS e ON e.id = r.exe_id"
		      " WHERE r.exe_id IN (SELECT s.exe_id FROM syscalls AS s"
		      " JOIN phases AS p ON p.id = s.phase_id WHERE 1");
	sql_selection(&sql, "s", f);
	strbuf_addch(&sql, ')');
	if (level)
		strbuf_addstr(&sql, " AND r.level = ?");
	strbuf_addstr(&sql, " ORDER BY e.path, r.arch, r.syscall, r.level,"
			    " r.via");
	if (sqlite3_prepare_v2(st->db, sql.buf, -1, &s, NULL) != SQLITE_OK) {
		db_error(st, "cannot read the reach of executables");
		goto out;
	}
	bind_selection(s, &bind, f);
	if (level)
		sqlite3_bind_text(s, bind++, level, -1, SQLITE_STATIC);
	if (exe_match_init(&em, st, f ? f->exe_regex : NULL) < 0)
		goto out;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_reach_row row;
		int r;

		row.exe = (const char *)sqlite3_column_text(s, 0);
		row.arch = (const char *)sqlite3_column_text(s, 1);
		row.syscall = (const char *)sqlite3_column_text(s, 2);
		row.level = (const char *)sqlite3_column_text(s, 3);
		row.via = (const char *)sqlite3_column_text(s, 4);
		if (!row.exe || !row.arch || !row.syscall || !row.level ||
		    !row.via)
			continue;
		if (!exe_match(&em, sqlite3_column_int64(s, 5)))
			continue;
		r = fn(&row, data);
		if (r) {
			ret = r;
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		db_error(st, "cannot read the reach of executables");
		goto out;
	}
	ret = 0;
out:
	exe_match_release(&em);
	sqlite3_finalize(s);
	strbuf_release(&sql);
	return ret;
}

/* Does the store have this table (a file older than its schema)? */
static bool has_table(struct store *st, const char *name)
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

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

#define EXE_LIST_MAX 20

/*
 * The executables the store holds, for an error when --exe matches none:
 * each path, with its other names.
 */
static void list_exes(struct store *st, struct strbuf *sb)
{
	bool names = has_table(st, "exe_names");
	sqlite3_stmt *s = NULL;
	int n = 0;

	if (sqlite3_prepare_v2(st->db, names ?
			       "SELECT e.path, (SELECT group_concat(n.name,"
			       " ', ') FROM exe_names AS n WHERE n.exe_id ="
			       " e.id) FROM exes AS e ORDER BY e.path" :
			       "SELECT path, NULL FROM exes ORDER BY path",
			       -1, &s, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(s, 0);
		const char *other = (const char *)sqlite3_column_text(s, 1);

		if (n++ == EXE_LIST_MAX) {
			strbuf_addstr(sb, "\n  ...");
			break;
		}
		strbuf_addf(sb, "\n  %s", path ? path : "?");
		if (other)
			strbuf_addf(sb, " (also %s)", other);
	}
	if (!n)
		strbuf_addstr(sb, " none");
	sqlite3_finalize(s);
}

int exe_match_init(struct exe_match *m, struct store *st, const char *regex)
{
	pcre2_code *re;
	pcre2_match_data *md;
	sqlite3_stmt *s = NULL;
	size_t alloc = 0;
	int errcode, ret = -1;
	PCRE2_SIZE off;

	memset(m, 0, sizeof(*m));
	if (!regex)
		return 0;
	re = pcre2_compile((PCRE2_SPTR)regex, PCRE2_ZERO_TERMINATED,
			   PCRE2_UTF, &errcode, &off, NULL);
	if (!re) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(errcode, msg, sizeof(msg));
		return error("--exe '%s': column %zu: %s", regex,
			     (size_t)off + 1, (char *)msg);
	}
	md = pcre2_match_data_create_from_pattern(re, NULL);
	if (!md)
		die("out of memory");
	m->active = true;
	/* every name of each executable: its path and its other names */
	if (sqlite3_prepare_v2(st->db, has_table(st, "exe_names") ?
			       "SELECT id, path FROM exes UNION ALL"
			       " SELECT exe_id, name FROM exe_names" :
			       "SELECT id, path FROM exes", -1, &s,
			       NULL) != SQLITE_OK) {
		db_error(st, "cannot read the executables");
		goto out;
	}
	while (sqlite3_step(s) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		const char *name = (const char *)sqlite3_column_text(s, 1);

		if (!name || pcre2_match(re, (PCRE2_SPTR)name,
					 PCRE2_ZERO_TERMINATED, 0, 0, md,
					 NULL) < 0)
			continue;
		m->ids = xgrow(m->ids, sizeof(*m->ids), m->nids + 1, &alloc);
		m->ids[m->nids++] = id;
	}
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
	sqlite3_finalize(s);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
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
