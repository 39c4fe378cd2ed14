/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * store-inspect.c - the store's read queries for the commands that
 * summarise or decode what it holds: the distinct syscalls of a run
 * (import's summary line) and the seccomp filters tracees installed
 * (`inspect --db`).  Prepared statements only; every rc checked.
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "common/store-inspect.h"

long store_run_distinct_syscalls(struct store *st, int64_t run)
{
	sqlite3_stmt *s = NULL;
	long n = -1;

	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT count(*) FROM (SELECT DISTINCT arch,"
			       " syscall FROM syscalls WHERE run_id = ?1)",
			       -1, &s, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_int64(s, 1, run);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
out:
	sqlite3_finalize(s);
	return n;
}

int64_t store_count_filters(struct store *st)
{
	sqlite3_stmt *s = NULL;
	int64_t n = -1;

	if (sqlite3_prepare_v2(store_db(st), "SELECT count(*) FROM filters",
			       -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

int store_each_filter(struct store *st, int64_t id,
		      int (*fn)(int64_t id, const struct store_filter *f,
				void *data),
		      void *data)
{
	static const char sql[] =
		"SELECT id, run_id, pid, exe, how, program FROM filters "
		"WHERE ?1 = 0 OR id = ?1 ORDER BY id";
	sqlite3_stmt *s = NULL;
	struct store_filter f;
	int rc, ret = -1;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) !=
	    SQLITE_OK) {
		error("cannot read filters from '%s': %s", store_path(st),
		      sqlite3_errmsg(store_db(st)));
		goto out;
	}
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&f, 0, sizeof(f));
		f.run = sqlite3_column_int64(s, 1);
		f.pid = sqlite3_column_int64(s, 2);
		f.exe = (const char *)sqlite3_column_text(s, 3);
		f.how = (const char *)sqlite3_column_text(s, 4);
		f.prog = sqlite3_column_blob(s, 5);
		f.prog_len = (size_t)sqlite3_column_bytes(s, 5);
		if (fn(sqlite3_column_int64(s, 0), &f, data)) {
			ret = 0;
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		error("cannot read filters from '%s': %s", store_path(st),
		      sqlite3_errmsg(store_db(st)));
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(s);
	return ret;
}
