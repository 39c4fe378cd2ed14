/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * store-reach.c - static reach in the store (schema.sql, version 3): a
 * scan's rows replace what an earlier scan of the same executable stored
 * (reach, reach_unresolved, reach_exe_libs), with which file it was
 * (reach_exes: build-id, linkage) and a copy of each library summary it
 * used (reach_libs), so the store answers without the machine-wide cache.
 * Also the two lists the scanner reads: the executables of a run (the
 * scan after record, attach and import) and the libraries a trace saw an
 * executable open.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store-int.h"

#define SCAN_ERR "cannot store a scan"

static int delete_rows(struct store *st, const char *sql, int64_t exe)
{
	sqlite3_stmt *s = NULL;

	if (store_prepare(st, &s, sql, SCAN_ERR) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, exe);
	if (store_step_done(st, s, SCAN_ERR) < 0) {
		sqlite3_finalize(s);
		return -1;
	}
	sqlite3_finalize(s);
	return 0;
}

int store_put_reach(struct store *st, const struct reach_result *r,
		    int scanner)
{
	sqlite3_stmt *row = NULL, *unres = NULL, *exe = NULL, *lib = NULL,
		     *use = NULL;
	int64_t exe_id;
	size_t i;
	int ret = -1;

	if (store_begin(st) < 0)
		return -1;
	exe_id = store_intern_exe(st, r->exe);
	if (exe_id < 0)
		goto out;
	if (delete_rows(st, "DELETE FROM reach WHERE exe_id = ?1", exe_id) <
		    0 ||
	    delete_rows(st, "DELETE FROM reach_unresolved WHERE exe_id = ?1",
			exe_id) < 0 ||
	    delete_rows(st, "DELETE FROM reach_exe_libs WHERE exe_id = ?1",
			exe_id) < 0)
		goto out;
	if (store_prepare(st, &row, "INSERT OR IGNORE INTO reach (exe_id,"
			  " arch, syscall, level, via) VALUES (?1, ?2, ?3,"
			  " ?4, ?5)", SCAN_ERR) < 0 ||
	    store_prepare(st, &unres, "INSERT INTO reach_unresolved (exe_id,"
			  " kind, detail, count) VALUES (?1, ?2, ?3, ?4)"
			  " ON CONFLICT DO UPDATE SET"
			  " count = count + excluded.count", SCAN_ERR) < 0 ||
	    store_prepare(st, &exe, "INSERT OR REPLACE INTO reach_exes"
			  " (exe_id, build_id, arch, linkage, scanner,"
			  " scanned_ns) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			  SCAN_ERR) < 0 ||
	    store_prepare(st, &lib, "INSERT OR IGNORE INTO reach_libs (key,"
			  " scanner, soname, path, summary) VALUES (?1, ?2,"
			  " ?3, ?4, ?5)", SCAN_ERR) < 0 ||
	    store_prepare(st, &use, "INSERT OR REPLACE INTO reach_exe_libs"
			  " (exe_id, position, lib_key, path, how) VALUES"
			  " (?1, ?2, ?3, ?4, ?5)", SCAN_ERR) < 0)
		goto out;
	for (i = 0; i < r->nrows; i++) {
		const struct reach_row *w = &r->rows[i];

		sqlite3_bind_int64(row, 1, exe_id);
		sqlite3_bind_text(row, 2, w->arch, -1, SQLITE_STATIC);
		sqlite3_bind_text(row, 3, w->syscall, -1, SQLITE_STATIC);
		sqlite3_bind_text(row, 4, w->level, -1, SQLITE_STATIC);
		sqlite3_bind_text(row, 5, w->via, -1, SQLITE_STATIC);
		if (store_step_done(st, row, SCAN_ERR) < 0)
			goto out;
	}
	for (i = 0; i < r->nunres; i++) {
		const struct reach_unres *u = &r->unres[i];

		sqlite3_bind_int64(unres, 1, exe_id);
		sqlite3_bind_text(unres, 2, u->kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(unres, 3, u->detail, -1, SQLITE_STATIC);
		sqlite3_bind_int64(unres, 4, (int64_t)u->count);
		if (store_step_done(st, unres, SCAN_ERR) < 0)
			goto out;
	}
	sqlite3_bind_int64(exe, 1, exe_id);
	if (r->build_id)
		sqlite3_bind_text(exe, 2, r->build_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(exe, 3, r->arch, -1, SQLITE_STATIC);
	sqlite3_bind_text(exe, 4, r->is_static ? "static" : "dynamic", -1,
			  SQLITE_STATIC);
	sqlite3_bind_int(exe, 5, scanner);
	sqlite3_bind_int64(exe, 6, time_now_ns());
	if (store_step_done(st, exe, SCAN_ERR) < 0)
		goto out;
	for (i = 0; i < r->nlibs; i++) {
		const struct reach_lib *l = &r->libs[i];

		sqlite3_bind_text(lib, 1, l->key, -1, SQLITE_STATIC);
		sqlite3_bind_int(lib, 2, scanner);
		sqlite3_bind_text(lib, 3, l->soname, -1, SQLITE_STATIC);
		sqlite3_bind_text(lib, 4, l->path, -1, SQLITE_STATIC);
		sqlite3_bind_text(lib, 5, l->json ? l->json : "{}", -1,
				  SQLITE_STATIC);
		if (store_step_done(st, lib, SCAN_ERR) < 0)
			goto out;
		sqlite3_bind_int64(use, 1, exe_id);
		sqlite3_bind_int64(use, 2, (int64_t)i);
		sqlite3_bind_text(use, 3, l->key, -1, SQLITE_STATIC);
		sqlite3_bind_text(use, 4, l->path, -1, SQLITE_STATIC);
		sqlite3_bind_text(use, 5, l->how, -1, SQLITE_STATIC);
		if (store_step_done(st, use, SCAN_ERR) < 0)
			goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(row);
	sqlite3_finalize(unres);
	sqlite3_finalize(exe);
	sqlite3_finalize(lib);
	sqlite3_finalize(use);
	if (ret < 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st);
}

struct path_list {
	char **v;
	size_t n, alloc;
	bool absolute; /* keep only absolute paths */
};

static int add_path(sqlite3_stmt *s, void *data)
{
	struct path_list *l = data;
	const char *p = (const char *)sqlite3_column_text(s, 0);

	if (!p || (l->absolute && *p != '/'))
		return 0;
	l->v = xgrow(l->v, sizeof(*l->v), l->n + 1, &l->alloc);
	l->v[l->n++] = xstrdup(p);
	return 0;
}

static int path_query(struct store *st, struct store_query *q,
		      const char *what, bool absolute, char ***paths,
		      size_t *n)
{
	struct path_list l = { .absolute = absolute };
	struct store_walk w = { .what = what };
	size_t i;

	*paths = NULL;
	*n = 0;
	if (store_walk(st, q, &w, add_path, &l) < 0) {
		for (i = 0; i < l.n; i++)
			free(l.v[i]);
		free(l.v);
		return -1;
	}
	*paths = l.v;
	*n = l.n;
	return 0;
}

int store_run_exes(struct store *st, int64_t run, char ***paths, size_t *n)
{
	struct store_query q = STORE_QUERY_INIT;
	int ret;

	store_query_sql(&q, "SELECT DISTINCT e.path FROM syscalls AS s"
			" JOIN exes AS e ON e.id = s.exe_id"
			" WHERE s.run_id = ? ORDER BY e.path");
	store_query_i64(&q, run);
	ret = path_query(st, &q, "cannot list the executables to scan",
			 false, paths, n);
	store_query_release(&q);
	return ret;
}

int store_exe_lib_paths(struct store *st, const char *exe, char ***paths,
			size_t *n)
{
	struct store_query q = STORE_QUERY_INIT;
	int ret;

	store_query_sql(&q, "SELECT DISTINCT f.value FROM facts AS f"
			" JOIN exes AS e ON e.id = f.exe_id"
			" WHERE e.path = ? AND f.kind = 'path'"
			" AND (f.value LIKE '%.so' OR f.value LIKE '%.so.%')"
			" ORDER BY f.value");
	store_query_text(&q, exe);
	ret = path_query(st, &q, "cannot read the libraries a trace saw",
			 true, paths, n);
	store_query_release(&q);
	return ret;
}
