/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * report-json.c - JSON for scripts, always through jansson: the result of
 * `diff`/`check` (an object with arrays `uncovered`, `unused` and `flags`,
 * a DESIGN.md contract), and the model of `syscensus report`, which the
 * text and Markdown renderers walk too, so all three say the same thing.
 *
 * The report model is read from the store with prepared statements:
 * runs, executables, phases, syscalls (summed over runs, with per-errno
 * counts from syscall_errors), the first input problems and the seccomp
 * kills (each with the policy line that would have prevented it, or,
 * for a kill that names no syscall, the importer's explanation).
 */
#include "config.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyzer/analyzer.h"
#include "analyzer/policy/policy.h"
#include "reports/reports.h"

/* How many problems (bad input lines) the report lists; all are counted. */
#define REPORT_MAX_PROBLEMS "20"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* json_string() refuses invalid UTF-8: traced bytes are kept, escaped. */
static json_t *jstr(const char *s)
{
	json_t *j;
	struct strbuf sb = STRBUF_INIT;

	if (!s)
		return json_null();
	j = json_string(s);
	if (j)
		return j;
	esc_text(&sb, s);
	j = json_string(sb.buf);
	strbuf_release(&sb);
	return j ? j : json_string("");
}

static int dump(FILE *f, json_t *j)
{
	int rc = json_dumpf(j, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	if (rc == 0)
		fputc('\n', f);
	return rc ? error("cannot write JSON") : 0;
}

/*
 * New keys "caller" (the innermost frames in the program, for people) and
 * "stack" (every frame) on o, when frames holds a stack.
 */
static void stack_set(json_t *o, const char *frames, const char *exe)
{
	struct strbuf sb = STRBUF_INIT;

	if (!frames || !*frames)
		return;
	if (report_stack_callers(&sb, frames, exe))
		json_object_set_new(o, "caller", jstr(sb.buf));
	json_object_set_new(o, "stack", report_stack_json(frames));
	strbuf_release(&sb);
}

/* --------------------------------------------------------- diff/check */

static json_t *policy_json(const struct policy *p)
{
	json_t *o = json_object(), *arches = json_array();
	char buf[32];
	size_t i;

	json_object_set_new(o, "source", jstr(p->source));
	json_object_set_new(o, "format", jstr(p->format));
	json_object_set_new(o, "default_action",
			    json_string(action_name(&p->default_action, buf)));
	for (i = 0; i < p->narches; i++)
		json_array_append_new(arches, str_or_null(arch_name(
							p->arches[i])));
	if (!p->narches)
		json_array_append_new(arches,
				      str_or_null(arch_name(arch_native())));
	json_object_set_new(o, "arches", arches);
	json_object_set_new(o, "rules", json_integer((json_int_t)p->nrules));
	if (p->dropins) {
		json_t *d = json_array();

		for (i = 0; i < p->ndropins; i++)
			json_array_append_new(d, jstr(p->dropins[i]));
		json_object_set_new(o, "drop_ins", d);
	}
	return o;
}

int report_diff_json(FILE *f, const struct report_diff_in *in)
{
	const struct diff_result *r = in->r;
	const struct policy *p = in->p;
	struct report_stacks *rs = report_stacks_new(in->st);
	json_t *o = json_object(), *a;
	char buf[32];
	size_t i;
	int ret;

	json_object_set_new(o, "policy", policy_json(p));
	a = json_array();
	for (i = 0; i < r->nunfinished; i++)
		json_array_append_new(a, json_integer((json_int_t)
						      r->unfinished[i]));
	json_object_set_new(o, "unfinished_runs", a);
	a = json_array();
	for (i = 0; i < r->nuncovered; i++) {
		const struct diff_uncovered *u = &r->uncovered[i];
		json_t *e = json_object();

		json_object_set_new(e, "syscall", jstr(u->syscall));
		json_object_set_new(e, "phase", jstr(u->phase));
		json_object_set_new(e, "exe", jstr(u->exe));
		json_object_set_new(e, "arch", jstr(u->arch));
		json_object_set_new(e, "calls", json_integer((json_int_t)
							     u->calls));
		json_object_set_new(e, "errors", json_integer((json_int_t)
							      u->errors));
		json_object_set_new(e, "action",
				    json_string(action_name(&u->action, buf)));
		json_object_set_new(e, "arch_denied",
				    json_boolean(u->arch_denied));
		json_object_set_new(e, "reason", jstr(u->reason));
		if (u->arg)
			json_object_set_new(e, "arg", jstr(u->arg));
		{
			char *frames = report_stacks_get(rs, u->phase, u->exe,
							 u->arch, u->syscall);

			stack_set(e, frames, u->exe);
			free(frames);
		}
		json_array_append_new(a, e);
	}
	json_object_set_new(o, "uncovered", a);
	a = json_array();
	for (i = 0; i < r->nconditional; i++) {
		const struct diff_conditional *c = &r->conditional[i];
		json_t *e = json_object();

		json_object_set_new(e, "syscall", jstr(c->syscall));
		json_object_set_new(e, "phase", jstr(c->phase));
		json_object_set_new(e, "exe", jstr(c->exe));
		json_object_set_new(e, "arch", jstr(c->arch));
		json_object_set_new(e, "calls", json_integer((json_int_t)
							     c->calls));
		json_object_set_new(e, "calls_with_arg",
				    json_integer((json_int_t)c->known));
		json_object_set_new(e, "reason", jstr(c->reason));
		json_array_append_new(a, e);
	}
	json_object_set_new(o, "conditional", a);
	a = json_array();
	for (i = 0; i < r->nunused; i++) {
		json_t *e = json_object();

		json_object_set_new(e, "syscall", jstr(r->unused[i]));
		json_array_append_new(a, e);
	}
	json_object_set_new(o, "unused", a);
	a = json_array();
	for (i = 0; i < r->nflags; i++) {
		const struct kb_flag *fl = &r->flags[i];
		json_t *e = json_object();

		json_object_set_new(e, "syscall", jstr(fl->syscall));
		json_object_set_new(e, "severity", jstr(fl->severity));
		json_object_set_new(e, "reason", jstr(fl->reason));
		json_object_set_new(e, "evidence", jstr(fl->evidence));
		json_object_set_new(e, "reference", jstr(fl->reference));
		json_object_set_new(e, "rule", jstr(fl->rule));
		if (fl->advice.kind != ACTION_NONE)
			json_object_set_new(e, "advice", json_string(
					action_name(&fl->advice, buf)));
		json_array_append_new(a, e);
	}
	json_object_set_new(o, "flags", a);
	a = json_array();
	for (i = 0; i < r->nunexercised; i++) {
		const struct diff_unexercised *u = &r->unexercised[i];
		json_t *e = json_object(), *via = json_array();
		size_t j;

		for (j = 0; j < u->nvia; j++)
			json_array_append_new(via, jstr(u->via[j]));
		json_object_set_new(e, "syscall", jstr(u->syscall));
		json_object_set_new(e, "exe", jstr(u->exe));
		json_object_set_new(e, "arch", jstr(u->arch));
		json_object_set_new(e, "level", jstr(u->level));
		json_object_set_new(e, "via", via);
		json_object_set_new(e, "action",
				    json_string(action_name(&u->action, buf)));
		json_object_set_new(e, "reason", jstr(u->reason));
		json_array_append_new(a, e);
	}
	json_object_set_new(o, "unexercised", a);
	a = json_object();
	json_object_set_new(a, "compared", json_integer((json_int_t)r->nrows));
	json_object_set_new(a, "covered", json_integer((json_int_t)
						       r->ncovered));
	json_object_set_new(a, "conditional",
			    json_integer((json_int_t)r->nconditional));
	json_object_set_new(a, "args_judged",
			    json_integer((json_int_t)r->nargs_judged));
	json_object_set_new(a, "uncovered",
			    json_integer((json_int_t)r->nuncovered));
	json_object_set_new(a, "unused", json_integer((json_int_t)r->nunused));
	{
		/* each uncovered syscall once, however many rows name it */
		json_t *names = json_array(), *arches = json_array();

		for (i = 0; i < r->nuncovered_names; i++)
			json_array_append_new(names,
					      jstr(r->uncovered_names[i]));
		for (i = 0; i < r->ndenied_arches; i++)
			json_array_append_new(arches,
					      jstr(r->denied_arches[i]));
		json_object_set_new(a, "uncovered_syscalls", names);
		json_object_set_new(a, "arches_not_allowed", arches);
	}
	json_object_set_new(a, "knowledge_base", r->kb_error ?
			    json_string("unavailable") :
			    json_string("loaded"));
	if (r->kb_error)
		json_object_set_new(a, "knowledge_base_error",
				    jstr(r->kb_error));
	json_object_set_new(o, "summary", a);
	ret = dump(f, o);
	json_decref(o);
	report_stacks_free(rs);
	return ret;
}

/* -------------------------------------------------------- report model */

static json_t *col_json(sqlite3_stmt *s, int i)
{
	switch (sqlite3_column_type(s, i)) {
	case SQLITE_NULL:
		return json_null();
	case SQLITE_INTEGER:
		return json_integer((json_int_t)sqlite3_column_int64(s, i));
	default:
		return jstr((const char *)sqlite3_column_text(s, i));
	}
}

static json_t *time_json(sqlite3_stmt *s, int i)
{
	time_t t;
	struct tm tm;
	char buf[64];

	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return json_null();
	t = (time_t)(sqlite3_column_int64(s, i) / 1000000000);
	if (!gmtime_r(&t, &tm) ||
	    !strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm))
		return json_null();
	return json_string(buf);
}

/* Run sql, adding one object per row to arr: names[i] for column i. */
static int rows_json(struct store *st, const char *sql,
		     const char *const *names, json_t *arr)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s = NULL;
	int rc, i, ret = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
		error("%s: %s", store_path(st), sqlite3_errmsg(db));
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		json_t *o = json_object();

		for (i = 0; names[i]; i++) {
			if (!strcmp(names[i], "-"))
				continue;
			if (!strncmp(names[i], "time:", 5))
				json_object_set_new(o, names[i] + 5,
						    time_json(s, i));
			else
				json_object_set_new(o, names[i],
						    col_json(s, i));
		}
		json_array_append_new(arr, o);
	}
	if (rc != SQLITE_DONE) {
		error("%s: %s", store_path(st), sqlite3_errmsg(db));
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(s);
	return ret;
}

/* Syscalls summed over runs, each with its errnos and first stack. */
static int syscalls_json(struct store *st, json_t *arr)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s = NULL, *e = NULL, *k = NULL;
	int rc, ret = -1;

	if (sqlite3_prepare_v2(db,
			       "SELECT p.name, x.path, s.arch, s.syscall,"
			       " sum(s.calls), sum(s.errors), s.phase_id,"
			       " s.exe_id, s.first_stack_id, min(s.first_ns)"
			       " FROM syscalls AS s"
			       " JOIN phases AS p ON p.id = s.phase_id"
			       " JOIN exes AS x ON x.id = s.exe_id"
			       " GROUP BY s.phase_id, s.exe_id, s.arch,"
			       " s.syscall ORDER BY p.name, x.path,"
			       " sum(s.calls) DESC, s.syscall",
			       -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "SELECT errno, sum(count) FROM syscall_errors"
			       " WHERE phase_id = ? AND exe_id = ?"
			       " AND arch = ? AND syscall = ?"
			       " GROUP BY errno ORDER BY sum(count) DESC,"
			       " errno",
			       -1, &e, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT frames FROM stacks WHERE id = ?",
			       -1, &k, NULL) != SQLITE_OK) {
		error("%s: %s", store_path(st), sqlite3_errmsg(db));
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		json_t *o = json_object(), *errs = json_object();
		int rc2;

		json_object_set_new(o, "phase", col_json(s, 0));
		json_object_set_new(o, "exe", col_json(s, 1));
		json_object_set_new(o, "arch", col_json(s, 2));
		json_object_set_new(o, "syscall", col_json(s, 3));
		json_object_set_new(o, "calls", col_json(s, 4));
		json_object_set_new(o, "errors", col_json(s, 5));
		sqlite3_reset(e);
		sqlite3_bind_int64(e, 1, sqlite3_column_int64(s, 6));
		sqlite3_bind_int64(e, 2, sqlite3_column_int64(s, 7));
		sqlite3_bind_text(e, 3, (const char *)sqlite3_column_text(s, 2),
				  -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(e, 4, (const char *)sqlite3_column_text(s, 3),
				  -1, SQLITE_TRANSIENT);
		while ((rc2 = sqlite3_step(e)) == SQLITE_ROW) {
			const char *name = (const char *)sqlite3_column_text(
				e, 0);
			json_t *n = col_json(e, 1);
			struct strbuf sb = STRBUF_INIT;

			esc_text(&sb, name ? name : "?");
			json_object_set_new(errs, sb.buf, n);
			strbuf_release(&sb);
		}
		json_object_set_new(o, "errnos", errs);
		/* the first call's stack (bare column of min(first_ns)) */
		if (sqlite3_column_type(s, 8) == SQLITE_INTEGER) {
			sqlite3_reset(k);
			sqlite3_bind_int64(k, 1, sqlite3_column_int64(s, 8));
			if (sqlite3_step(k) == SQLITE_ROW)
				stack_set(o, (const char *)sqlite3_column_text(
						     k, 0),
					  (const char *)sqlite3_column_text(s,
									    1));
		}
		json_array_append_new(arr, o);
		if (rc2 != SQLITE_DONE) {
			error("%s: %s", store_path(st), sqlite3_errmsg(db));
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		error("%s: %s", store_path(st), sqlite3_errmsg(db));
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(s);
	sqlite3_finalize(e);
	sqlite3_finalize(k);
	return ret;
}

/* Phase names in the order the trace first entered them (the matrix's
 * columns), names breaking ties. */
static int phase_order_json(struct store *st, json_t *arr)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s = NULL;
	int rc, ret = -1;

	if (sqlite3_prepare_v2(db,
			       "SELECT p.name FROM syscalls AS s"
			       " JOIN phases AS p ON p.id = s.phase_id"
			       " GROUP BY s.phase_id"
			       " ORDER BY min(s.first_ns), p.name",
			       -1, &s, NULL) != SQLITE_OK) {
		error("%s: %s", store_path(st), sqlite3_errmsg(db));
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		json_array_append_new(arr, col_json(s, 0));
	if (rc != SQLITE_DONE) {
		error("%s: %s", store_path(st), sqlite3_errmsg(db));
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(s);
	return ret;
}

/* Kills: name the syscall (from its number when the log gave only that)
 * and say which policy line would have let it through. */
static void kills_fix(json_t *kills)
{
	size_t i;
	json_t *k;

	json_array_foreach(kills, i, k) {
		json_t *sc = json_object_get(k, "syscall");
		json_t *nr = json_object_get(k, "nr");
		json_t *arch = json_object_get(k, "arch");
		const char *name = json_string_value(sc);
		char buf[SYSCALL_NAME_MAX];

		if ((!name || !*name) && json_is_integer(nr) &&
		    json_integer_value(nr) >= 0) {
			uint32_t a = json_string_value(arch) ?
				arch_from_name(json_string_value(arch)) :
				arch_native();

			if (a) {
				name = syscall_name(a, (int)json_integer_value(
							       nr), buf);
				json_object_set_new(k, "syscall",
						    json_string(name));
				name = json_string_value(json_object_get(
					k, "syscall"));
			}
		}
		if (name && *name) {
			char *fix = xasprintf("add `%s` to the allowlist",
					      name);

			json_object_set_new(k, "fix", jstr(fix));
			free(fix);
		} else if (json_string_value(json_object_get(k, "detail")) &&
			   *json_string_value(json_object_get(k, "detail"))) {
			/* no syscall (a journal kill: 226/NAMESPACE, a
			 * watchdog timeout, SIGSYS without the audit record):
			 * the importer's explanation is what to do */
			json_object_set_new(k, "fix", json_incref(
				json_object_get(k, "detail")));
			if (!sc)
				json_object_set_new(k, "syscall", json_null());
		} else {
			json_object_set_new(k, "fix", json_string(
				"find the syscall (the log did not name it) "
				"and add it to the allowlist"));
			if (!sc)
				json_object_set_new(k, "syscall", json_null());
		}
	}
}

/* A kill's stack: the last recorded stack of its syscall in its run and
 * executable (a kill has no phase; the fatal call is the latest one). */
static void kills_stacks(struct store *st, json_t *kills)
{
	sqlite3_stmt *s = NULL;
	json_t *k;
	size_t i;

	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT k.frames FROM syscalls AS s"
			       " JOIN exes AS x ON x.id = s.exe_id"
			       " JOIN stacks AS k ON k.id = s.first_stack_id"
			       " WHERE s.run_id = ? AND x.path = ?"
			       " AND s.syscall = ? AND s.arch = ?"
			       " ORDER BY s.first_ns DESC LIMIT 1",
			       -1, &s, NULL) != SQLITE_OK)
		goto out;
	json_array_foreach(kills, i, k) {
		const char *exe = json_string_value(json_object_get(k, "exe"));
		const char *sc = json_string_value(json_object_get(k,
								   "syscall"));
		const char *arch = json_string_value(json_object_get(k,
								     "arch"));

		if (!exe || !sc || !arch)
			continue;
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, json_integer_value(
					   json_object_get(k, "run")));
		sqlite3_bind_text(s, 2, exe, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 3, sc, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 4, arch, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(s) == SQLITE_ROW)
			stack_set(k, (const char *)sqlite3_column_text(s, 0),
				  exe);
	}
out:
	sqlite3_finalize(s);
}

static json_int_t scalar(struct store *st, const char *sql)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s = NULL;
	json_int_t v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = (json_int_t)sqlite3_column_int64(s, 0);
	else
		error("%s: %s", store_path(st), sqlite3_errmsg(db));
	sqlite3_finalize(s);
	return v;
}

/*
 * A new array under key in m (which owns it), filled with the rows of sql
 * named by names.  Returns the array, or NULL on a store error.
 */
static json_t *rows_section(struct store *st, json_t *m, const char *key,
			    const char *sql, const char *const *names)
{
	json_t *a = json_array();

	json_object_set_new(m, key, a);
	return rows_json(st, sql, names, a) < 0 ? NULL : a;
}

/* The number of entries of the array under key in m, as JSON. */
static json_t *array_count(json_t *m, const char *key)
{
	return json_integer((json_int_t)json_array_size(json_object_get(m,
									 key)));
}

/* The direct reach the trace never saw, per executable (no policy: what
 * `check` would call unexercised against any policy that lacks it). */
static json_t *unexercised_json(struct store *st)
{
	struct diff_result r;
	json_t *a;
	size_t i, j;

	memset(&r, 0, sizeof(r));
	if (diff_unexercised(st, NULL, NULL, &r) < 0) {
		diff_unexercised_free(r.unexercised, r.nunexercised);
		return NULL;
	}
	a = json_array();
	for (i = 0; i < r.nunexercised; i++) {
		const struct diff_unexercised *u = &r.unexercised[i];
		json_t *e = json_object(), *via = json_array();

		for (j = 0; j < u->nvia; j++)
			json_array_append_new(via, jstr(u->via[j]));
		json_object_set_new(e, "syscall", jstr(u->syscall));
		json_object_set_new(e, "exe", jstr(u->exe));
		json_object_set_new(e, "arch", jstr(u->arch));
		json_object_set_new(e, "level", jstr(u->level));
		json_object_set_new(e, "via", via);
		json_object_set_new(e, "reason", jstr(u->reason));
		json_array_append_new(a, e);
	}
	diff_unexercised_free(r.unexercised, r.nunexercised);
	return a;
}

json_t *report_model(struct store *st)
{
	static const char *const run_cols[] = {
		"id", "kind", "source", "command", "time:started",
		"time:ended", "status", "lines", "bad_lines", "hostname",
		"kernel", "tool_version", "files", "attached", "attach_failed",
		"engine", "engine_reason", "engine_missing", "paths_unreadable",
		NULL,
	};
	static const char *const unfinished_cols[] = {
		"id", "kind", "source", "time:started", NULL,
	};
	static const char *const exe_cols[] = {
		"exe", "syscalls", "calls", "errors", "phases", NULL,
	};
	static const char *const phase_cols[] = {
		"phase", "syscalls", "calls", "errors", "executables", NULL,
	};
	static const char *const problem_cols[] = {
		"run", "file", "line", "reason", NULL,
	};
	static const char *const kill_cols[] = {
		"run", "pid", "exe", "arch", "nr", "syscall", "time:time",
		"source", "file", "line", "detail", NULL,
	};
	json_t *m = json_object(), *a, *t;
	json_int_t nprob;

	json_object_set_new(m, "database", jstr(store_path(st)));
	json_object_set_new(m, "schema_version",
			    json_integer(store_schema_version()));
	a = rows_section(st, m, "kills",
			 "SELECT run_id, pid, exe, arch, nr, syscall,"
			 " time_ns, source, file, line, detail FROM kills"
			 " ORDER BY id", kill_cols);
	if (!a)
		goto fail;
	kills_fix(a);
	kills_stacks(st, a);
	if (!rows_section(st, m, "runs",
			  "SELECT id, kind, source, command, started_ns,"
			  " ended_ns, status, lines, bad_lines, hostname,"
			  " kernel, tool_version, (SELECT count(*) FROM"
			  " run_files AS f WHERE f.run_id = runs.id),"
			  " attached, attach_failed, engine, engine_reason,"
			  " engine_missing, paths_unreadable"
			  " FROM runs ORDER BY id", run_cols))
		goto fail;
	/* no end recorded: still tracing, or the tracer was killed */
	if (!rows_section(st, m, "unfinished_runs",
			  "SELECT id, kind, source, started_ns FROM runs"
			  " WHERE ended_ns IS NULL ORDER BY id",
			  unfinished_cols))
		goto fail;
	if (!rows_section(st, m, "executables",
			  "SELECT x.path, count(DISTINCT s.syscall),"
			  " sum(s.calls), sum(s.errors),"
			  " count(DISTINCT s.phase_id) FROM syscalls AS s"
			  " JOIN exes AS x ON x.id = s.exe_id"
			  " GROUP BY s.exe_id ORDER BY x.path", exe_cols))
		goto fail;
	if (!rows_section(st, m, "phases",
			  "SELECT p.name, count(DISTINCT s.syscall),"
			  " sum(s.calls), sum(s.errors),"
			  " count(DISTINCT s.exe_id) FROM syscalls AS s"
			  " JOIN phases AS p ON p.id = s.phase_id"
			  " GROUP BY s.phase_id ORDER BY p.name", phase_cols))
		goto fail;
	a = json_array();
	json_object_set_new(m, "phase_order", a);
	if (phase_order_json(st, a) < 0)
		goto fail;
	a = json_array();
	json_object_set_new(m, "syscalls", a);
	if (syscalls_json(st, a) < 0)
		goto fail;
	a = unexercised_json(st);
	if (!a)
		goto fail;
	json_object_set_new(m, "unexercised", a);
	if (!rows_section(st, m, "problems",
			  "SELECT run_id, file, line, reason FROM problems"
			  " ORDER BY id LIMIT " REPORT_MAX_PROBLEMS,
			  problem_cols))
		goto fail;
	nprob = scalar(st, "SELECT count(*) FROM problems");
	if (nprob < 0)
		goto fail;
	t = json_object();
	json_object_set_new(t, "runs", array_count(m, "runs"));
	json_object_set_new(t, "executables", array_count(m, "executables"));
	json_object_set_new(t, "distinct_syscalls", json_integer(scalar(st,
		"SELECT count(DISTINCT syscall) FROM syscalls")));
	json_object_set_new(t, "calls", json_integer(scalar(st,
		"SELECT coalesce(sum(calls), 0) FROM syscalls")));
	json_object_set_new(t, "errors", json_integer(scalar(st,
		"SELECT coalesce(sum(errors), 0) FROM syscalls")));
	json_object_set_new(t, "problems", json_integer(nprob));
	json_object_set_new(t, "problems_listed", array_count(m, "problems"));
	json_object_set_new(t, "kills", array_count(m, "kills"));
	json_object_set_new(t, "unfinished_runs",
			    array_count(m, "unfinished_runs"));
	json_object_set_new(m, "totals", t);
	return m;
fail:
	json_decref(m);
	return NULL;
}

int report_write_json(FILE *f, json_t *model)
{
	return dump(f, model);
}
