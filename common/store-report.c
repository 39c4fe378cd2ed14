/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * store-report.c - what the analysis and report layers read beyond the
 * observed selection: call groups for emit's argument conditions, the
 * filters tracees installed (lint), the report model (runs, executables,
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

/* ------------------------------------------------------- lint: filters */

struct filter_walk {
	store_filter_fn fn;
	void *data;
};

static int filter_cb(sqlite3_stmt *s, void *data)
{
	struct filter_walk *w = data;
	struct store_filter f = { 0 };

	f.pid = sqlite3_column_int64(s, 1);
	f.tid = sqlite3_column_int64(s, 2);
	f.exe = (const char *)sqlite3_column_text(s, 3);
	f.how = (const char *)sqlite3_column_text(s, 4);
	f.flags = (uint64_t)sqlite3_column_int64(s, 5);
	f.threads = sqlite3_column_int(s, 6);
	f.prog = sqlite3_column_blob(s, 7);
	f.prog_len = (size_t)sqlite3_column_bytes(s, 7);
	return w->fn(sqlite3_column_int64(s, 0), &f, w->data);
}

int store_each_filter(struct store *st, store_filter_fn fn, void *data)
{
	struct filter_walk fw = { fn, data };

	return store_walk_sql(st, "SELECT id, pid, tid, exe, how, flags,"
			      " threads, program FROM filters ORDER BY id",
			      "cannot read filters", filter_cb, &fw);
}
