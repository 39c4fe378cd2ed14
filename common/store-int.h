/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * store-int.h - private to the store's files (common/store*.c), the only
 * code that speaks SQL: the store handle, the error and binding helpers,
 * and the one generic row walker every query of the store goes through.
 *
 * A query is built as SQL text plus its parameters, appended in the order
 * of their "?" (store_query_*), so a selection (phases, runs, a list of
 * syscalls) adds its clause and its values in one call; store_walk()
 * prepares it, binds every value, steps it and calls one function per
 * row.  Everything else of the store is typed: callers outside common/
 * see rows as C structs (common/store.h), never a statement.
 */
#ifndef SYSCENSUS_STORE_INT_H
#define SYSCENSUS_STORE_INT_H

#include <sqlite3.h>

#include "common.h"

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

/* error("PATH: what: sqlite's message"); returns -1. */
int store_db_error(struct store *st, const char *what);
/* Run SQL without results (sqlite3_exec); 0 or -1 after error(). */
int store_exec(struct store *st, const char *sql);
/* sqlite3_prepare_v2(); 0, or -1 after store_db_error(st, what). */
int store_prepare(struct store *st, sqlite3_stmt **s, const char *sql,
		  const char *what);
/* Bind v, or NULL when v is NULL (text) or 0 (integer). */
void store_bind_text_or_null(sqlite3_stmt *s, int i, const char *v);
void store_bind_i64_or_null(sqlite3_stmt *s, int i, int64_t v);
/* Step a statement that returns no rows, then reset it; 0 or -1. */
int store_step_done(struct store *st, sqlite3_stmt *s, const char *what);
/* Column i as an integer, STORE_NULL when it is NULL. */
int64_t store_col_i64n(sqlite3_stmt *s, int i);
/* Column i as a copy (caller frees), NULL when it is NULL. */
char *store_col_strdup(sqlite3_stmt *s, int i);
/* error() saying name is not a syscall name, escaped to one line. */
int store_bad_syscall_name(const char *what, const char *name);
/* Does the store have this table (a file older than its schema)? */
bool store_has_table(struct store *st, const char *name);

/* ------------------------------------------------------------ the walker */

struct store_param {
	enum { STORE_PARAM_TEXT, STORE_PARAM_I64 } type;
	const char *text; /* borrowed: must outlive the walk */
	int64_t i64;
};

/* SQL text and its parameters, one per "?", in order. */
struct store_query {
	struct strbuf sql;
	struct store_param *params;
	size_t nparams, alloc;
};
#define STORE_QUERY_INIT { STRBUF_INIT, NULL, 0, 0 }

void store_query_release(struct store_query *q);
/* Append SQL text. */
void store_query_sql(struct store_query *q, const char *sql);
/* Append one parameter (the caller wrote its "?"). */
void store_query_text(struct store_query *q, const char *v);
void store_query_i64(struct store_query *q, int64_t v);
/* " AND col IN (?, ...)" with the n values; nothing when n is 0. */
void store_query_in_text(struct store_query *q, const char *col,
			 const char *const *v, size_t n);
/*
 * The part f selects: " AND p.name IN (...)" (the query joins phases as
 * p) and " AND <alias>.run_id IN (...)", with their values.
 */
void store_query_selection(struct store_query *q, const char *alias,
			   const struct observed_filter *f);

typedef int (*store_row_fn)(sqlite3_stmt *row, void *data);

/* How store_walk() reports and filters. */
struct store_walk {
	const char *what;      /* the error: "cannot read facts" */
	const char *exe_regex; /* --exe: rows of other executables skipped */
	int exe_col;           /* the column holding exes.id, for exe_regex */
};

/*
 * The one row walker: prepare q, bind its parameters, and call fn for
 * each row (those whose exe_col column matches w->exe_regex, when one is
 * given).  Column values are valid only during the callback.  Returns 0
 * when every row was seen, what fn returned when that was non-zero (it
 * stops the walk), or -1 after error().
 */
int store_walk(struct store *st, const struct store_query *q,
	       const struct store_walk *w, store_row_fn fn, void *data);
/* store_walk() of fixed SQL without parameters, every row. */
int store_walk_sql(struct store *st, const char *sql, const char *what,
		   store_row_fn fn, void *data);

#endif
