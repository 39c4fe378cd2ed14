/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reach-store.c - write a scan into the store (schema.sql, version 3):
 * the `reach` and `reach_unresolved` rows of the executable, which file
 * it was (reach_exes: build-id, linkage), and a copy of each library
 * summary it used (reach_libs, reach_exe_libs) so the store answers
 * without the machine-wide cache.  Also the scan that record, attach and
 * import run after storing a trace.
 */
#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyzer/reach.h"

static int run_sql(sqlite3 *db, const char *sql, int64_t exe)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return error("cannot store a scan: %s", sqlite3_errmsg(db));
	sqlite3_bind_int64(s, 1, exe);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return error("cannot store a scan: %s", sqlite3_errmsg(db));
	return 0;
}

static int prepare(sqlite3 *db, const char *sql, sqlite3_stmt **s)
{
	if (sqlite3_prepare_v2(db, sql, -1, s, NULL) != SQLITE_OK)
		return error("cannot store a scan: %s", sqlite3_errmsg(db));
	return 0;
}

static int step_reset(sqlite3 *db, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE)
		return error("cannot store a scan: %s", sqlite3_errmsg(db));
	return 0;
}

int reach_store(struct store *st, const struct reach_result *r)
{
	sqlite3 *db = store_db(st);
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
	if (run_sql(db, "DELETE FROM reach WHERE exe_id = ?1", exe_id) < 0 ||
	    run_sql(db, "DELETE FROM reach_unresolved WHERE exe_id = ?1",
		    exe_id) < 0 ||
	    run_sql(db, "DELETE FROM reach_exe_libs WHERE exe_id = ?1",
		    exe_id) < 0)
		goto out;
	if (prepare(db, "INSERT OR IGNORE INTO reach (exe_id, arch, syscall, "
		    "level, via) VALUES (?1, ?2, ?3, ?4, ?5)", &row) < 0 ||
	    prepare(db, "INSERT INTO reach_unresolved (exe_id, kind, detail, "
		    "count) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO UPDATE SET "
		    "count = count + excluded.count", &unres) < 0 ||
	    prepare(db, "INSERT OR REPLACE INTO reach_exes (exe_id, build_id, "
		    "arch, linkage, scanner, scanned_ns) VALUES (?1, ?2, ?3, "
		    "?4, ?5, ?6)", &exe) < 0 ||
	    prepare(db, "INSERT OR IGNORE INTO reach_libs (key, scanner, "
		    "soname, path, summary) VALUES (?1, ?2, ?3, ?4, ?5)",
		    &lib) < 0 ||
	    prepare(db, "INSERT OR REPLACE INTO reach_exe_libs (exe_id, "
		    "position, lib_key, path, how) VALUES (?1, ?2, ?3, ?4, ?5)",
		    &use) < 0)
		goto out;
	for (i = 0; i < r->nrows; i++) {
		const struct reach_row *w = &r->rows[i];

		sqlite3_bind_int64(row, 1, exe_id);
		sqlite3_bind_text(row, 2, w->arch, -1, SQLITE_STATIC);
		sqlite3_bind_text(row, 3, w->syscall, -1, SQLITE_STATIC);
		sqlite3_bind_text(row, 4, w->level, -1, SQLITE_STATIC);
		sqlite3_bind_text(row, 5, w->via, -1, SQLITE_STATIC);
		if (step_reset(db, row) < 0)
			goto out;
	}
	for (i = 0; i < r->nunres; i++) {
		const struct reach_unres *u = &r->unres[i];

		sqlite3_bind_int64(unres, 1, exe_id);
		sqlite3_bind_text(unres, 2, u->kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(unres, 3, u->detail, -1, SQLITE_STATIC);
		sqlite3_bind_int64(unres, 4, (int64_t)u->count);
		if (step_reset(db, unres) < 0)
			goto out;
	}
	sqlite3_bind_int64(exe, 1, exe_id);
	if (r->build_id)
		sqlite3_bind_text(exe, 2, r->build_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(exe, 3, r->arch, -1, SQLITE_STATIC);
	sqlite3_bind_text(exe, 4, r->is_static ? "static" : "dynamic", -1,
			  SQLITE_STATIC);
	sqlite3_bind_int(exe, 5, REACH_SCANNER_VERSION);
	sqlite3_bind_int64(exe, 6, time_now_ns());
	if (step_reset(db, exe) < 0)
		goto out;
	for (i = 0; i < r->nlibs; i++) {
		const struct reach_lib *l = &r->libs[i];

		sqlite3_bind_text(lib, 1, l->key, -1, SQLITE_STATIC);
		sqlite3_bind_int(lib, 2, REACH_SCANNER_VERSION);
		sqlite3_bind_text(lib, 3, l->soname, -1, SQLITE_STATIC);
		sqlite3_bind_text(lib, 4, l->path, -1, SQLITE_STATIC);
		sqlite3_bind_text(lib, 5, l->json ? l->json : "{}", -1,
				  SQLITE_STATIC);
		if (step_reset(db, lib) < 0)
			goto out;
		sqlite3_bind_int64(use, 1, exe_id);
		sqlite3_bind_int64(use, 2, (int64_t)i);
		sqlite3_bind_text(use, 3, l->key, -1, SQLITE_STATIC);
		sqlite3_bind_text(use, 4, l->path, -1, SQLITE_STATIC);
		sqlite3_bind_text(use, 5, l->how, -1, SQLITE_STATIC);
		if (step_reset(db, use) < 0)
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

int reach_scan_run(struct store *st, int64_t run)
{
	static const char sql[] =
		"SELECT DISTINCT e.path FROM syscalls AS s JOIN exes AS e "
		"ON e.id = s.exe_id WHERE s.run_id = ?1 ORDER BY e.path";
	struct reach_opts o = { .facts = st };
	sqlite3_stmt *s = NULL;
	char **paths = NULL;
	size_t n = 0, a = 0, i;
	int failed = 0;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK) {
		warning("cannot list the executables to scan: %s",
			sqlite3_errmsg(store_db(st)));
		return 1;
	}
	sqlite3_bind_int64(s, 1, run);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(s, 0);

		if (!p)
			continue;
		paths = xgrow(paths, sizeof(*paths), n + 1, &a);
		paths[n++] = xstrdup(p);
	}
	sqlite3_finalize(s);
	for (i = 0; i < n; i++) {
		struct reach_result r;
		struct stat sb;

		memset(&r, 0, sizeof(r));
		if (!strncmp(paths[i], "/proc/", 6)) {
			/* /proc/self/exe in a trace is the traced program's
			 * own file: here it would be ours */
			warning("not scanned: '%s' names a file of the traced "
				"process, not one here", paths[i]);
			failed++;
		} else if (paths[i][0] != '/' || stat(paths[i], &sb) < 0 ||
		    !S_ISREG(sb.st_mode)) {
			warning("not scanned: '%s' is not a file here (an "
				"absolute path is needed)", paths[i]);
			failed++;
		} else if (reach_scan(paths[i], &o, &r) < 0 ||
			   reach_store(st, &r) < 0) {
			warning("the scan of '%s' failed; the trace is stored",
				paths[i]);
			failed++;
		}
		reach_result_release(&r);
		free(paths[i]);
	}
	free(paths);
	return failed;
}
