/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * report-json.c - JSON for scripts, always through jansson: the result of
 * `diff`/`check` (an object with arrays `uncovered`, `unused` and `flags`,
 * a DESIGN.md contract), the model of `syscensus report` and the
 * comparison of `report --compare`.
 *
 * The report model is C structs (report-model.c), which the text,
 * Markdown and HTML renderers walk too; here it becomes one JSON object:
 * runs, executables, phases, syscalls (summed over runs, with per-errno
 * counts), the first input problems and the seccomp kills, each kill with
 * the policy line that would have prevented it, or, for a kill that names
 * no syscall, the importer's explanation.
 */
#include "config.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "analyzer/policy/policy.h"
#include "reports/reports.h"

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

/* An integer of the model as JSON: null when the store held NULL. */
static json_t *jint(int64_t v)
{
	return v == STORE_NULL ? json_null() : json_integer((json_int_t)v);
}

/* Nanoseconds since the epoch as "2026-01-02T03:04:05Z", or null. */
static json_t *jtime(int64_t ns)
{
	char buf[64];

	return report_time(ns, buf, sizeof(buf)) ? json_string(buf) :
						   json_null();
}

/* "caller" (the model's, for people) and "stack" (every frame) on o. */
static void stack_set_model(json_t *o, const char *frames, const char *caller)
{
	if (!frames || !*frames)
		return;
	if (caller)
		json_object_set_new(o, "caller", jstr(caller));
	json_object_set_new(o, "stack", report_stack_json(frames));
}

static json_t *kill_json(const struct report_model *m, size_t i)
{
	const struct store_report_kill *k = &m->s.kills[i];
	json_t *o = json_object();

	json_object_set_new(o, "run", jint(k->run));
	json_object_set_new(o, "pid", jint(k->pid));
	json_object_set_new(o, "exe", jstr(k->exe));
	json_object_set_new(o, "arch", jstr(k->arch));
	json_object_set_new(o, "nr", jint(k->nr));
	json_object_set_new(o, "syscall", jstr(k->syscall));
	json_object_set_new(o, "time", jtime(k->time_ns));
	json_object_set_new(o, "source", jstr(k->source));
	json_object_set_new(o, "file", jstr(k->file));
	json_object_set_new(o, "line", jint(k->line));
	json_object_set_new(o, "detail", jstr(k->detail));
	json_object_set_new(o, "fix", jstr(m->kill_fix[i]));
	stack_set_model(o, k->stack, m->kill_caller[i]);
	return o;
}

static json_t *run_json(const struct store_report_run *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", jint(r->id));
	json_object_set_new(o, "kind", jstr(r->kind));
	json_object_set_new(o, "source", jstr(r->source));
	json_object_set_new(o, "command", jstr(r->command));
	json_object_set_new(o, "started", jtime(r->started_ns));
	json_object_set_new(o, "ended", jtime(r->ended_ns));
	json_object_set_new(o, "status", jint(r->status));
	json_object_set_new(o, "lines", jint(r->lines));
	json_object_set_new(o, "bad_lines", jint(r->bad_lines));
	json_object_set_new(o, "hostname", jstr(r->hostname));
	json_object_set_new(o, "kernel", jstr(r->kernel));
	json_object_set_new(o, "tool_version", jstr(r->tool_version));
	json_object_set_new(o, "files", jint(r->files));
	json_object_set_new(o, "attached", jint(r->attached));
	json_object_set_new(o, "attach_failed", jint(r->attach_failed));
	json_object_set_new(o, "engine", jstr(r->engine));
	json_object_set_new(o, "engine_reason", jstr(r->engine_reason));
	json_object_set_new(o, "engine_missing", jstr(r->engine_missing));
	json_object_set_new(o, "paths_unreadable",
			    jint(r->paths_unreadable));
	return o;
}

static json_t *unfinished_json(const struct store_report_run *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", jint(r->id));
	json_object_set_new(o, "kind", jstr(r->kind));
	json_object_set_new(o, "source", jstr(r->source));
	json_object_set_new(o, "started", jtime(r->started_ns));
	return o;
}

/* An executable ("exe" ... "phases") or a phase ("phase" ...
 * "executables"). */
static json_t *group_json(const struct store_report_group *g,
			  const char *name, const char *other)
{
	json_t *o = json_object();

	json_object_set_new(o, name, jstr(g->name));
	json_object_set_new(o, "syscalls", jint(g->syscalls));
	json_object_set_new(o, "calls", jint(g->calls));
	json_object_set_new(o, "errors", jint(g->errors));
	json_object_set_new(o, other, jint(g->other));
	return o;
}

static json_t *syscall_json(const struct report_model *m, size_t i)
{
	const struct store_report_syscall *c = &m->s.syscalls[i];
	json_t *o = json_object(), *errs = json_object();
	size_t j;

	json_object_set_new(o, "phase", jstr(c->phase));
	json_object_set_new(o, "exe", jstr(c->exe));
	json_object_set_new(o, "arch", jstr(c->arch));
	json_object_set_new(o, "syscall", jstr(c->syscall));
	json_object_set_new(o, "calls", jint(c->calls));
	json_object_set_new(o, "errors", jint(c->errors));
	for (j = 0; j < c->nerrnos; j++) {
		struct strbuf sb = STRBUF_INIT;

		esc_text(&sb, c->errnos[j].name ? c->errnos[j].name : "?");
		json_object_set_new(errs, sb.buf, jint(c->errnos[j].count));
		strbuf_release(&sb);
	}
	json_object_set_new(o, "errnos", errs);
	stack_set_model(o, c->stack, m->caller[i]);
	return o;
}

static json_t *problem_json(const struct store_report_problem *p)
{
	json_t *o = json_object();

	json_object_set_new(o, "run", jint(p->run));
	json_object_set_new(o, "file", jstr(p->file));
	json_object_set_new(o, "line", jint(p->line));
	json_object_set_new(o, "reason", jstr(p->reason));
	return o;
}

static json_t *unexercised_json(const struct report_model *m)
{
	json_t *a = json_array();
	size_t i, j;

	for (i = 0; i < m->nunexercised; i++) {
		const struct diff_unexercised *u = &m->unexercised[i];
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
	return a;
}

static json_t *jcount(size_t n)
{
	return json_integer((json_int_t)n);
}

int report_write_json(FILE *f, const struct report_model *m)
{
	const struct store_report *r = &m->s;
	json_t *o, *a, *t;
	size_t i;
	int ret;

	o = json_object();
	json_object_set_new(o, "database", jstr(m->database));
	json_object_set_new(o, "schema_version",
			    json_integer(store_schema_version()));
	a = json_array();
	for (i = 0; i < r->nkills; i++)
		json_array_append_new(a, kill_json(m, i));
	json_object_set_new(o, "kills", a);
	a = json_array();
	for (i = 0; i < r->nruns; i++)
		json_array_append_new(a, run_json(&r->runs[i]));
	json_object_set_new(o, "runs", a);
	a = json_array();
	for (i = 0; i < r->nunfinished; i++)
		json_array_append_new(a, unfinished_json(&r->unfinished[i]));
	json_object_set_new(o, "unfinished_runs", a);
	a = json_array();
	for (i = 0; i < r->nexes; i++)
		json_array_append_new(a, group_json(&r->exes[i], "exe",
						    "phases"));
	json_object_set_new(o, "executables", a);
	a = json_array();
	for (i = 0; i < r->nphases; i++)
		json_array_append_new(a, group_json(&r->phases[i], "phase",
						    "executables"));
	json_object_set_new(o, "phases", a);
	a = json_array();
	for (i = 0; i < r->nphase_order; i++)
		json_array_append_new(a, jstr(r->phase_order[i]));
	json_object_set_new(o, "phase_order", a);
	a = json_array();
	for (i = 0; i < r->nsyscalls; i++)
		json_array_append_new(a, syscall_json(m, i));
	json_object_set_new(o, "syscalls", a);
	json_object_set_new(o, "unexercised", unexercised_json(m));
	a = json_array();
	for (i = 0; i < r->nproblems; i++)
		json_array_append_new(a, problem_json(&r->problems[i]));
	json_object_set_new(o, "problems", a);
	t = json_object();
	json_object_set_new(t, "runs", jcount(r->nruns));
	json_object_set_new(t, "executables", jcount(r->nexes));
	json_object_set_new(t, "distinct_syscalls",
			    json_integer(r->distinct_syscalls));
	json_object_set_new(t, "calls", json_integer(r->calls));
	json_object_set_new(t, "errors", json_integer(r->errors));
	json_object_set_new(t, "problems", json_integer(r->problems_total));
	json_object_set_new(t, "problems_listed", jcount(r->nproblems));
	json_object_set_new(t, "kills", jcount(r->nkills));
	json_object_set_new(t, "unfinished_runs", jcount(r->nunfinished));
	json_object_set_new(o, "totals", t);
	ret = dump(f, o);
	json_decref(o);
	return ret;
}

/* ------------------------------------------------------ report --compare */

static json_t *names_json(char **v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, jstr(v[i]));
	return a;
}

/* {"appeared": [...], "vanished": [...]} */
static json_t *set_json(const struct report_compare_set *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "appeared", names_json(s->appeared,
						      s->nappeared));
	json_object_set_new(o, "vanished", names_json(s->vanished,
						      s->nvanished));
	return o;
}

static json_t *calls_json(const struct report_compare_call *c, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++) {
		json_t *e = json_object();

		json_object_set_new(e, "syscall", jstr(c[i].syscall));
		if (c[i].caller)
			json_object_set_new(e, "caller", jstr(c[i].caller));
		json_object_set_new(e, "phases", names_json(c[i].phases,
							    c[i].nphases));
		json_array_append_new(a, e);
	}
	return a;
}

int report_compare_json(FILE *f, const struct report_compare *c)
{
	json_t *o = json_object(), *by = json_array();
	size_t i;
	int ret;

	json_object_set_new(o, "baseline", jstr(c->baseline));
	json_object_set_new(o, "current", jstr(c->current));
	json_object_set_new(o, "syscalls", set_json(&c->syscalls));
	json_object_set_new(o, "executables", set_json(&c->executables));
	json_object_set_new(o, "phases", set_json(&c->phases));
	for (i = 0; i < c->nby_exe; i++) {
		const struct report_compare_exe *x = &c->by_exe[i];
		json_t *e = json_object();

		json_object_set_new(e, "exe", jstr(x->exe));
		json_object_set_new(e, "appeared",
				    calls_json(x->appeared, x->nappeared));
		json_object_set_new(e, "vanished",
				    calls_json(x->vanished, x->nvanished));
		json_array_append_new(by, e);
	}
	json_object_set_new(o, "by_executable", by);
	ret = dump(f, o);
	json_decref(o);
	return ret;
}
