/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * store-inspect.c - the store's read queries for the commands that
 * summarise or decode what it holds: the distinct syscalls of a run
 * (import's summary line) and the seccomp filters tracees installed
 * (`inspect --db`).  Prepared statements only; every rc checked.
 */
#include "config.h"

#include <string.h>

#include "common/store-inspect.h"
#include "store-int.h"

long store_run_distinct_syscalls(struct store *st, int64_t run)
{
	sqlite3_stmt *s = NULL;
	long n = -1;

	if (sqlite3_prepare_v2(st->db,
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

	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM filters",
			       -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

struct filter_walk {
	int (*fn)(int64_t id, const struct store_filter *f, void *data);
	void *data;
};

static int filter_cb(sqlite3_stmt *s, void *data)
{
	struct filter_walk *w = data;
	struct store_filter f = { 0 };

	f.run = sqlite3_column_int64(s, 1);
	f.pid = sqlite3_column_int64(s, 2);
	f.tid = sqlite3_column_int64(s, 3);
	f.exe = (const char *)sqlite3_column_text(s, 4);
	f.how = (const char *)sqlite3_column_text(s, 5);
	f.flags = (uint64_t)sqlite3_column_int64(s, 6);
	f.threads = sqlite3_column_int(s, 7);
	f.prog = sqlite3_column_blob(s, 8);
	f.prog_len = (size_t)sqlite3_column_bytes(s, 8);
	return w->fn(sqlite3_column_int64(s, 0), &f, w->data) ? 1 : 0;
}

int store_each_filter(struct store *st, int64_t id,
		      int (*fn)(int64_t id, const struct store_filter *f,
				void *data),
		      void *data)
{
	struct store_query q = STORE_QUERY_INIT;
	struct store_walk w = { .what = "cannot read filters" };
	struct filter_walk fw = { fn, data };
	int ret;

	store_query_sql(&q, "SELECT id, run_id, pid, tid, exe, how, flags,"
			" threads, program FROM filters"
			" WHERE ?1 = 0 OR id = ?1 ORDER BY id");
	store_query_i64(&q, id);
	ret = store_walk(st, &q, &w, filter_cb, &fw);
	store_query_release(&q);
	return ret < 0 ? -1 : 0;
}
