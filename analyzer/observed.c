/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * observed.c - what a selection of the store observed, summed for the
 * commands that judge or emit it: the per-syscall totals over every
 * phase, executable and arch (what `emit` orders by frequency, with the
 * arches seen, most calls first), and the facts the knowledge base looks
 * at, unique by (kind, value, syscall).  Both are read through the
 * store's `observed` rows and `facts` table; diff.c, emit and report use
 * them.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"

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

struct kb_facts {
	struct kb_fact *v;
	size_t n, alloc;
};

static int collect_kb_fact(const struct fact_row *row, void *data)
{
	struct kb_facts *kf = data;

	kf->v = xgrow(kf->v, sizeof(*kf->v), kf->n + 1, &kf->alloc);
	kf->v[kf->n].kind = xstrdup(row->kind);
	kf->v[kf->n].value = xstrdup(row->value);
	kf->v[kf->n].syscall = xstrdup(row->syscall);
	kf->n++;
	return 0;
}

int diff_facts_load(struct store *st, const struct observed_filter *f,
		    struct kb_fact **facts, size_t *nfacts)
{
	struct kb_facts kf = { NULL, 0, 0 };
	struct kb_fact *v;
	size_t i, j;

	*facts = NULL;
	*nfacts = 0;
	if (store_each_fact(st, f, NULL, collect_kb_fact, &kf) < 0) {
		diff_facts_free(kf.v, kf.n);
		return -1;
	}
	v = kf.v;
	if (kf.n)
		qsort(v, kf.n, sizeof(*v), cmp_fact);
	for (i = 0, j = 0; i < kf.n; i++) {
		if (j && !cmp_fact(&v[j - 1], &v[i])) {
			free((char *)v[i].kind);
			free((char *)v[i].value);
			free((char *)v[i].syscall);
			continue;
		}
		v[j++] = v[i];
	}
	*facts = v;
	*nfacts = j;
	return 0;
}
