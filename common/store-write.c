/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * store-write.c - what the tracer and the importers write into the store:
 * runs and their provenance, interned names (phases, executables, call
 * stacks), the aggregated syscall counts, facts, input problems, seccomp
 * kills and installed filters.  Hot-path writes use the statements
 * store_open() prepared once (struct store); the rest prepare their own.
 * Every string written here is traced data: bound, never formatted into
 * SQL, and kept on one line where it can reach a report.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "store-int.h"

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
		store_db_error(st, "cannot create a run");
		goto out;
	}
	store_bind_text_or_null(s, 1, run->kind);
	store_bind_text_or_null(s, 2, run->source);
	store_bind_text_or_null(s, 3, run->command);
	sqlite3_bind_int64(s, 4, time_now_ns());
	store_bind_text_or_null(s, 5, kernel ? u.nodename : NULL);
	store_bind_text_or_null(s, 6, kernel);
	store_bind_text_or_null(s, 7, PACKAGE_VERSION);
	if (sqlite3_step(s) != SQLITE_DONE) {
		store_db_error(st, "cannot create a run");
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
		store_db_error(st, "cannot finish a run");
		goto out;
	}
	sqlite3_bind_int64(s, 1, run);
	sqlite3_bind_int64(s, 2, time_now_ns());
	sqlite3_bind_int(s, 3, status);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)lines);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)bad_lines);
	ret = store_step_done(st, s, "cannot finish a run");
out:
	sqlite3_finalize(s);
	return ret;
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
		store_db_error(st, "cannot record the attach counts");
		goto out;
	}
	sqlite3_bind_int64(s, 1, run);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)attached);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)failed);
	ret = store_step_done(st, s, "cannot record the attach counts");
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
		store_db_error(st, "cannot record the engine of a run");
		goto out;
	}
	sqlite3_bind_int64(s, 1, run);
	store_bind_text_or_null(s, 2, engine);
	store_bind_text_or_null(s, 3, reason);
	store_bind_text_or_null(s, 4, missing);
	ret = store_step_done(st, s, "cannot record the engine of a run");
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
		store_db_error(st, "cannot record unreadable paths");
		goto out;
	}
	sqlite3_bind_int64(s, 1, run);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)paths);
	ret = store_step_done(st, s, "cannot record unreadable paths");
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
		store_db_error(st, "cannot record a source file");
		goto out;
	}
	sqlite3_bind_int64(s, 1, run);
	store_bind_text_or_null(s, 2, path);
	store_bind_i64_or_null(s, 3, pid_hint);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)lines);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)bad_lines);
	ret = store_step_done(st, s, "cannot record a source file");
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
	if (store_step_done(st, ins, what) < 0)
		return -1;
	sqlite3_bind_text(sel, 1, value, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(sel);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(sel, 0);
	else
		store_db_error(st, what);
	sqlite3_reset(sel);
	sqlite3_clear_bindings(sel);
	return id;
}

int64_t store_intern_phase(struct store *st, const char *name)
{
	return intern(st, st->intern_phase, st->select_phase, name,
		      "cannot record a phase");
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
		store_db_error(st, "cannot record an executable's name");
		goto out;
	}
	sqlite3_bind_int64(s, 1, exe);
	/* a traced name is kept on one line, as for store_intern_exe() */
	if (str_has_ctl(name)) {
		strbuf_add_escaped_ctl(&sb, name);
		name = sb.buf;
	}
	sqlite3_bind_text(s, 2, name, -1, SQLITE_TRANSIENT);
	ret = store_step_done(st, s, "cannot record an executable's name");
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
	store_bind_i64_or_null(s, 9, e->first_ns);
	store_bind_i64_or_null(s, 10, e->last_ns);
	store_bind_i64_or_null(s, 11, e->first_tid);
	store_bind_i64_or_null(s, 12, e->first_stack);
	if (store_step_done(st, s, "cannot write syscall counts") < 0)
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
		if (store_step_done(st, s, "cannot write errno counts") < 0)
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
	store_bind_text_or_null(s, 2, file);
	store_bind_i64_or_null(s, 3, (int64_t)line);
	sqlite3_bind_text(s, 4, reason, -1, SQLITE_TRANSIENT);
	return store_step_done(st, s, "cannot record a problem");
}

int store_add_fact(struct store *st, int64_t run, int64_t phase, int64_t exe,
		   const char *kind, const char *value, const char *syscall,
		   uint64_t count)
{
	sqlite3_stmt *s = st->add_fact;
	struct strbuf sb = STRBUF_INIT;
	int ret;

	if (syscall && *syscall && !syscall_name_ok(syscall))
		return store_bad_syscall_name("cannot record a fact", syscall);
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
	ret = store_step_done(st, s, "cannot record a fact");
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
		return store_bad_syscall_name("cannot record a kill", sc);
	if (sqlite3_prepare_v2(st->db,
			       "INSERT INTO kills (run_id, pid, exe, arch, nr,"
			       " syscall, time_ns, source, file, line, detail)"
			       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
			       " ?10, ?11)",
			       -1, &s, NULL) != SQLITE_OK) {
		store_db_error(st, "cannot record a kill");
		goto out;
	}
	sqlite3_bind_int64(s, 1, k->run);
	store_bind_i64_or_null(s, 2, k->pid);
	store_bind_text_or_null(s, 3, k->exe);
	store_bind_text_or_null(s, 4, k->arch ? arch_name(k->arch) : NULL);
	if (k->nr >= 0)
		sqlite3_bind_int(s, 5, k->nr);
	store_bind_text_or_null(s, 6, sc);
	store_bind_i64_or_null(s, 7, k->time_ns);
	store_bind_text_or_null(s, 8, k->source ? k->source : "unknown");
	store_bind_text_or_null(s, 9, k->file);
	store_bind_i64_or_null(s, 10, (int64_t)k->line);
	store_bind_text_or_null(s, 11, k->detail);
	ret = store_step_done(st, s, "cannot record a kill");
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
		store_db_error(st, "cannot record a filter");
		goto out;
	}
	sqlite3_bind_int64(s, 1, f->run);
	store_bind_i64_or_null(s, 2, f->pid);
	store_bind_i64_or_null(s, 3, f->tid);
	store_bind_text_or_null(s, 4, f->exe);
	store_bind_i64_or_null(s, 5, f->time_ns);
	store_bind_text_or_null(s, 6, f->how ? f->how : "seccomp");
	sqlite3_bind_int64(s, 7, (sqlite3_int64)f->flags);
	sqlite3_bind_int(s, 8, f->threads);
	sqlite3_bind_blob(s, 9, f->prog ? f->prog : "", (int)f->prog_len,
			  SQLITE_TRANSIENT);
	ret = store_step_done(st, s, "cannot record a filter");
out:
	sqlite3_finalize(s);
	return ret;
}
