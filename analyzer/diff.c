/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * diff.c - observed syscalls against a policy: the heart of `diff` and
 * `check`.  Per phase and executable (summed over the runs selected), a
 * call is *uncovered* when the policy does not allow it on the arch it was
 * made on, and a policy name is *unused* when it is allowed but never seen.
 * Knowledge-base flags are added when the knowledge base loads.
 *
 * Also here: the per-syscall totals of a selection (what `emit` orders by
 * frequency) and the facts the knowledge base looks at, both read through
 * the store's `observed` rows and `facts` table.
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ------------------------------------------------------------ summary */

struct sum_ctx {
	struct observed_summary *s;
	size_t alloc;
	uint64_t *arch_calls;
	size_t arch_alloc, calls_alloc;
};

static int sum_row(const struct observed_row *row, void *data)
{
	struct sum_ctx *c = data;
	struct observed_summary *s = c->s;
	uint32_t a = arch_from_name(row->arch);
	size_t i;

	s->nrows++;
	/* names: appended, merged after sorting */
	s->names = xgrow(s->names, sizeof(*s->names), s->nnames + 1, &c->alloc);
	s->names[s->nnames].syscall = xstrdup(row->syscall);
	s->names[s->nnames].calls = row->calls;
	s->names[s->nnames].errors = row->errors;
	s->nnames++;
	if (!a)
		return 0;
	for (i = 0; i < s->narches; i++)
		if (s->arches[i] == a)
			break;
	if (i == s->narches) {
		s->arches = xgrow(s->arches, sizeof(*s->arches), i + 1,
				  &c->arch_alloc);
		c->arch_calls = xgrow(c->arch_calls, sizeof(*c->arch_calls),
				      i + 1, &c->calls_alloc);
		s->arches[i] = a;
		c->arch_calls[i] = 0;
		s->narches++;
	}
	c->arch_calls[i] += row->calls;
	return 0;
}

static int cmp_total(const void *a, const void *b)
{
	return strcmp(((const struct observed_total *)a)->syscall,
		      ((const struct observed_total *)b)->syscall);
}

int observed_summarize(struct store *st, const struct observed_filter *f,
		       struct observed_summary *out)
{
	struct sum_ctx c = { out, 0, NULL, 0, 0 };
	size_t i, j, k;

	memset(out, 0, sizeof(*out));
	if (store_each_observed(st, f, sum_row, &c) != 0) {
		free(c.arch_calls);
		observed_summary_release(out);
		return -1;
	}
	if (out->nnames)
		qsort(out->names, out->nnames, sizeof(*out->names),
		      cmp_total);
	for (i = 0, j = 0; i < out->nnames; i++) {
		if (j && !strcmp(out->names[j - 1].syscall,
				 out->names[i].syscall)) {
			out->names[j - 1].calls += out->names[i].calls;
			out->names[j - 1].errors += out->names[i].errors;
			free(out->names[i].syscall);
			continue;
		}
		out->names[j++] = out->names[i];
	}
	out->nnames = j;
	/* arches by calls, most first (insertion sort: a handful) */
	for (i = 1; i < out->narches; i++)
		for (k = i; k > 0 && c.arch_calls[k] > c.arch_calls[k - 1];
		     k--) {
			uint64_t t = c.arch_calls[k];
			uint32_t a = out->arches[k];

			c.arch_calls[k] = c.arch_calls[k - 1];
			c.arch_calls[k - 1] = t;
			out->arches[k] = out->arches[k - 1];
			out->arches[k - 1] = a;
		}
	free(c.arch_calls);
	return 0;
}

void observed_summary_release(struct observed_summary *s)
{
	size_t i;

	for (i = 0; i < s->nnames; i++)
		free(s->names[i].syscall);
	free(s->names);
	free(s->arches);
	memset(s, 0, sizeof(*s));
}

/* -------------------------------------------------------------- facts */

static int cmp_fact(const void *a, const void *b)
{
	const struct kb_fact *x = a, *y = b;
	int r = strcmp(x->kind, y->kind);

	if (!r)
		r = strcmp(x->value, y->value);
	if (!r)
		r = strcmp(x->syscall, y->syscall);
	return r;
}

static bool phase_selected(const struct observed_filter *f, const char *ph)
{
	size_t i;

	if (!f || !f->phases || !f->phases[0])
		return true;
	for (i = 0; f->phases[i]; i++)
		if (!strcmp(f->phases[i], ph))
			return true;
	return false;
}

static bool run_selected(const struct observed_filter *f, int64_t run)
{
	size_t i;

	if (!f || !f->nrun_ids)
		return true;
	for (i = 0; i < f->nrun_ids; i++)
		if (f->run_ids[i] == run)
			return true;
	return false;
}

void diff_facts_free(struct kb_fact *facts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free((char *)facts[i].kind);
		free((char *)facts[i].value);
		free((char *)facts[i].syscall);
	}
	free(facts);
}

int diff_facts_load(struct store *st, const struct observed_filter *f,
		    struct kb_fact **facts, size_t *nfacts)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s = NULL;
	pcre2_code *re = NULL;
	pcre2_match_data *md = NULL;
	struct kb_fact *v = NULL;
	size_t n = 0, alloc = 0, i, j;
	int rc, ret = -1;

	*facts = NULL;
	*nfacts = 0;
	if (f && f->exe_regex) {
		int errcode;
		PCRE2_SIZE off;

		re = pcre2_compile((PCRE2_SPTR)f->exe_regex,
				   PCRE2_ZERO_TERMINATED, PCRE2_UTF, &errcode,
				   &off, NULL);
		if (!re) {
			error("--exe '%s': invalid regular expression",
			      f->exe_regex);
			goto out;
		}
		md = pcre2_match_data_create_from_pattern(re, NULL);
	}
	if (sqlite3_prepare_v2(db,
			       "SELECT f.run_id, p.name, e.path, f.kind,"
			       " f.value, f.syscall FROM facts AS f"
			       " JOIN phases AS p ON p.id = f.phase_id"
			       " JOIN exes AS e ON e.id = f.exe_id",
			       -1, &s, NULL) != SQLITE_OK) {
		error("%s: cannot read facts: %s", store_path(st),
		      sqlite3_errmsg(db));
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *ph = (const char *)sqlite3_column_text(s, 1);
		const char *exe = (const char *)sqlite3_column_text(s, 2);
		const char *kind = (const char *)sqlite3_column_text(s, 3);
		const char *val = (const char *)sqlite3_column_text(s, 4);
		const char *sc = (const char *)sqlite3_column_text(s, 5);

		if (!ph || !exe || !kind || !val)
			continue;
		if (!run_selected(f, sqlite3_column_int64(s, 0)) ||
		    !phase_selected(f, ph))
			continue;
		if (re && pcre2_match(re, (PCRE2_SPTR)exe,
				      PCRE2_ZERO_TERMINATED, 0, 0, md,
				      NULL) < 0)
			continue;
		v = xgrow(v, sizeof(*v), n + 1, &alloc);
		v[n].kind = xstrdup(kind);
		v[n].value = xstrdup(val);
		v[n].syscall = xstrdup(sc ? sc : "");
		n++;
	}
	if (rc != SQLITE_DONE) {
		error("%s: cannot read facts: %s", store_path(st),
		      sqlite3_errmsg(db));
		goto out;
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_fact);
	for (i = 0, j = 0; i < n; i++) {
		if (j && !cmp_fact(&v[j - 1], &v[i])) {
			free((char *)v[i].kind);
			free((char *)v[i].value);
			free((char *)v[i].syscall);
			continue;
		}
		v[j++] = v[i];
	}
	*facts = steal_pointer(&v);
	*nfacts = j;
	n = 0;
	ret = 0;
out:
	diff_facts_free(v, n);
	sqlite3_finalize(s);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return ret;
}

/* --------------------------------------------------------------- diff */

struct diff_ctx {
	const struct policy *p;
	struct diff_result *r;
	size_t ualloc;
	/* the row being summed over runs */
	bool have;
	char *phase, *exe, *arch, *syscall;
	uint64_t calls, errors;
	/* observed names, for unused and the knowledge base */
	char **names;
	size_t nnames, nalloc;
	/* arches seen, for the knowledge base */
	uint32_t arches[32];
	size_t narches;
};

/* Why a row is uncovered, one line (caller frees). */
static char *uncovered_reason(const struct policy *p, const char *arch,
			      bool admitted, const struct action *act)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[32];
	size_t i;

	if (admitted) {
		strbuf_addf(&sb, "the policy says %s", action_name(act, buf));
		return strbuf_detach(&sb, NULL);
	}
	/* the kernel checks the arch before any rule: every call dies */
	strbuf_addf(&sb, "architecture %s is not allowed: the policy does not "
		    "admit it (only ", arch);
	if (!p->narches) {
		strbuf_addstr(&sb, arch_name(arch_native()));
	} else {
		for (i = 0; i < p->narches; i++) {
			const char *n = arch_name(p->arches[i]);

			strbuf_addf(&sb, "%s%s", i ? " " : "", n ? n : "?");
		}
	}
	strbuf_addstr(&sb, "), so the kernel kills the call");
	return strbuf_detach(&sb, NULL);
}

/* Judge the summed row held in c. */
static void diff_judge(struct diff_ctx *c)
{
	struct diff_result *r = c->r;
	uint32_t arch = arch_from_name(c->arch);
	struct action act = { ACTION_NONE, 0 };
	enum policy_verdict v;
	bool admitted = arch && policy_admits_arch(c->p, arch);

	r->nrows++;
	v = policy_lookup(c->p, arch, c->syscall, &act);
	if (admitted && v != VERDICT_DENIED) {
		r->ncovered++;
		if (v == VERDICT_CONDITIONAL)
			r->nconditional++;
		goto done;
	}
	r->uncovered = xgrow(r->uncovered, sizeof(*r->uncovered),
			     r->nuncovered + 1, &c->ualloc);
	r->uncovered[r->nuncovered].phase = steal_pointer(&c->phase);
	r->uncovered[r->nuncovered].exe = steal_pointer(&c->exe);
	r->uncovered[r->nuncovered].arch = steal_pointer(&c->arch);
	r->uncovered[r->nuncovered].syscall = steal_pointer(&c->syscall);
	r->uncovered[r->nuncovered].calls = c->calls;
	r->uncovered[r->nuncovered].errors = c->errors;
	r->uncovered[r->nuncovered].action = admitted ? act :
		c->p->default_action;
	if (!admitted) /* the kernel kills calls of other arches */
		r->uncovered[r->nuncovered].action.kind = ACTION_KILL_PROCESS;
	r->uncovered[r->nuncovered].arch_denied = !admitted;
	r->uncovered[r->nuncovered].reason = uncovered_reason(
		c->p, r->uncovered[r->nuncovered].arch, admitted,
		&r->uncovered[r->nuncovered].action);
	r->nuncovered++;
done:
	free(c->phase);
	free(c->exe);
	free(c->arch);
	free(c->syscall);
	c->phase = c->exe = c->arch = c->syscall = NULL;
	c->have = false;
}

static int diff_row(const struct observed_row *row, void *data)
{
	struct diff_ctx *c = data;

	/* rows come ordered by phase, exe, arch, syscall, then run */
	if (c->have && !strcmp(c->phase, row->phase) &&
	    !strcmp(c->exe, row->exe) && !strcmp(c->arch, row->arch) &&
	    !strcmp(c->syscall, row->syscall)) {
		c->calls += row->calls;
		c->errors += row->errors;
		return 0;
	}
	if (c->have)
		diff_judge(c);
	{
		uint32_t a = arch_from_name(row->arch);
		size_t i;

		for (i = 0; i < c->narches && c->arches[i] != a; i++)
			;
		if (a && i == c->narches && i < ARRAY_SIZE(c->arches))
			c->arches[c->narches++] = a;
	}
	c->have = true;
	c->phase = xstrdup(row->phase);
	c->exe = xstrdup(row->exe);
	c->arch = xstrdup(row->arch);
	c->syscall = xstrdup(row->syscall);
	c->calls = row->calls;
	c->errors = row->errors;
	c->names = xgrow(c->names, sizeof(char *), c->nnames + 1, &c->nalloc);
	c->names[c->nnames++] = xstrdup(row->syscall);
	return 0;
}

static size_t uniq_sorted(char **v, size_t n)
{
	size_t i, j;

	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_str);
	for (i = 0, j = 0; i < n; i++) {
		if (j && !strcmp(v[j - 1], v[i])) {
			free(v[i]);
			continue;
		}
		v[j++] = v[i];
	}
	return j;
}

/* Does name exist on an arch p admits?  (Groups name calls of all kernels.) */
static bool name_on_policy_arch(const struct policy *p, const char *name)
{
	size_t i;

	if (!p->narches)
		return syscall_resolve_name(arch_native(), name) >= 0;
	for (i = 0; i < p->narches; i++)
		if (syscall_resolve_name(p->arches[i], name) >= 0)
			return true;
	return false;
}

/* The distinct uncovered names and denied arches, for summaries. */
static void diff_uncovered_distinct(struct diff_result *r)
{
	size_t i, na = 0, nd = 0;

	if (!r->nuncovered)
		return;
	r->uncovered_names = xcalloc(r->nuncovered, sizeof(char *));
	r->denied_arches = xcalloc(r->nuncovered, sizeof(char *));
	for (i = 0; i < r->nuncovered; i++) {
		r->uncovered_names[na++] = xstrdup(r->uncovered[i].syscall);
		if (r->uncovered[i].arch_denied)
			r->denied_arches[nd++] = xstrdup(r->uncovered[i].arch);
	}
	r->nuncovered_names = uniq_sorted(r->uncovered_names, na);
	r->ndenied_arches = uniq_sorted(r->denied_arches, nd);
}

static void diff_unused(struct diff_ctx *c)
{
	const struct policy *p = c->p;
	struct diff_result *r = c->r;
	size_t i, alloc = 0;

	for (i = 0; i < p->nrules; i++) {
		const char *name = p->rules[i].syscall;
		const char *key = name;

		if (c->nnames && bsearch(&key, c->names, c->nnames,
					 sizeof(char *), cmp_str))
			continue;
		if (policy_lookup(p, 0, name, NULL) == VERDICT_DENIED)
			continue;
		if (!name_on_policy_arch(p, name))
			continue;
		r->unused = xgrow(r->unused, sizeof(char *), r->nunused + 1,
				  &alloc);
		r->unused[r->nunused++] = xstrdup(name);
	}
	r->nunused = uniq_sorted(r->unused, r->nunused);
}

static void diff_flags(struct store *st, const struct observed_filter *f,
		       struct diff_ctx *c)
{
	struct parse_error pe;
	struct kb *kb;
	struct kb_input in;
	struct kb_fact *facts = NULL;
	size_t nfacts = 0;

	memset(&pe, 0, sizeof(pe));
	kb = kb_load(NULL, &pe);
	if (!kb) {
		c->r->kb_error = xasprintf("%s%s%s", pe.file,
					   *pe.file ? ": " : "", pe.msg);
		return;
	}
	if (diff_facts_load(st, f, &facts, &nfacts) < 0) {
		c->r->kb_error = xstrdup("cannot read facts from the store");
		kb_free(kb);
		return;
	}
	memset(&in, 0, sizeof(in));
	in.syscalls = (const char *const *)c->names;
	in.nsyscalls = c->nnames;
	in.facts = facts;
	in.nfacts = nfacts;
	in.policy = c->p;
	in.arches = c->arches;
	in.narches = c->narches;
	if (kb_evaluate(kb, &in, &c->r->flags, &c->r->nflags) < 0) {
		c->r->flags = NULL;
		c->r->nflags = 0;
		c->r->kb_error = xstrdup("the knowledge base failed to "
					 "evaluate its rules");
	}
	diff_facts_free(facts, nfacts);
	kb_free(kb);
}

int diff_compute(struct store *st, const struct observed_filter *f,
		 const struct policy *p, struct diff_result *out)
{
	struct diff_ctx c;
	size_t i;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.p = p;
	c.r = out;
	if (store_each_observed(st, f, diff_row, &c) != 0)
		goto out;
	if (c.have)
		diff_judge(&c);
	c.nnames = uniq_sorted(c.names, c.nnames);
	diff_uncovered_distinct(out);
	diff_unused(&c);
	diff_flags(st, f, &c);
	ret = 0;
out:
	free(c.phase);
	free(c.exe);
	free(c.arch);
	free(c.syscall);
	for (i = 0; i < c.nnames; i++)
		free(c.names[i]);
	free(c.names);
	if (ret < 0)
		diff_result_release(out);
	return ret;
}

void diff_result_release(struct diff_result *r)
{
	size_t i;

	for (i = 0; i < r->nuncovered; i++) {
		free(r->uncovered[i].phase);
		free(r->uncovered[i].exe);
		free(r->uncovered[i].arch);
		free(r->uncovered[i].syscall);
		free(r->uncovered[i].reason);
	}
	free(r->uncovered);
	for (i = 0; i < r->nuncovered_names; i++)
		free(r->uncovered_names[i]);
	free(r->uncovered_names);
	for (i = 0; i < r->ndenied_arches; i++)
		free(r->denied_arches[i]);
	free(r->denied_arches);
	for (i = 0; i < r->nunused; i++)
		free(r->unused[i]);
	free(r->unused);
	kb_flags_free(r->flags, r->nflags);
	free(r->kb_error);
	memset(r, 0, sizeof(*r));
}
