/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reach-sum.c - per-library summaries for static reach, and the
 * machine-wide cache that keeps them.
 *
 * A summary says, for each exported function of a library, which syscalls
 * it reaches *directly* (its own body, its tail calls, constants it passes
 * to a syscall() wrapper) and *at all* (everything its call graph inside
 * the library reaches), which imports (functions of other libraries) it
 * calls, and whether it is itself a wrapper whose syscall number is an
 * argument.  It depends only on the library's bytes, so it is cached per
 * build-id and scanner version in $XDG_CACHE_HOME/syscensus (else
 * ~/.cache/syscensus), a 0700 directory of 0600 JSON files written to a
 * temporary name and renamed, so concurrent scans never see half a file.
 * The same JSON is copied into each store that uses the library.
 */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/reach-int.h"

/* ---------------------------------------------------------------- isets */

void iset_add(struct iset *s, int32_t x)
{
	s->v = xgrow(s->v, sizeof(*s->v), s->n + 1, &s->alloc);
	s->v[s->n++] = x;
}

static int i32_cmp(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return x < y ? -1 : x > y;
}

void iset_finish(struct iset *s)
{
	size_t i, j = 0;

	if (!s->n)
		return;
	qsort(s->v, s->n, sizeof(*s->v), i32_cmp);
	for (i = 1; i < s->n; i++)
		if (s->v[i] != s->v[j])
			s->v[++j] = s->v[i];
	s->n = j + 1;
}

void iset_release(struct iset *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static void bits_to_iset(const uint64_t *b, int32_t flag, struct iset *s)
{
	size_t w;

	for (w = 0; w < RSET_WORDS; w++) {
		uint64_t x = b[w];

		while (x) {
			int bit = __builtin_ctzll(x);

			iset_add(s, (int32_t)(w * 64 + (size_t)bit) | flag);
			x &= x - 1;
		}
	}
}

/* ------------------------------------------------------------- building */

struct walk {
	const struct rprog *p;
	const int32_t *imp_of_sym; /* dynsym index -> import index, -1 */
	uint32_t *seen;
	uint32_t stamp;
	int32_t *stack;
	size_t astack;
	uint64_t own[RSET_WORDS], own32[RSET_WORDS];
	struct iset *imports, *pairs;
	uint32_t nonconst, indirect;
	uint64_t nonconst_addr;
};

/* Everything reachable from function f (tail edges only when tail_only). */
static void dfs(struct walk *w, int32_t f, bool tail_only)
{
	size_t sp = 0, j, k;

	w->stamp++;
	memset(w->own, 0, sizeof(w->own));
	memset(w->own32, 0, sizeof(w->own32));
	w->nonconst = w->indirect = 0;
	w->nonconst_addr = 0;
	w->stack = xgrow(w->stack, sizeof(*w->stack), sp + 1, &w->astack);
	w->stack[sp++] = f;
	w->seen[f] = w->stamp;
	while (sp) {
		const struct rfunc *fn = &w->p->funcs[w->stack[--sp]];

		for (k = 0; k < RSET_WORDS; k++) {
			w->own[k] |= fn->own[k];
			w->own32[k] |= fn->own32[k];
		}
		if (fn->nonconst && !w->nonconst)
			w->nonconst_addr = fn->nonconst_addr;
		w->nonconst += fn->nonconst;
		w->indirect += fn->indirect;
		for (j = 0; j < fn->ncalls; j++) {
			const struct rcall *c = &fn->calls[j];

			if (tail_only && !c->tail)
				continue;
			if (c->target_kind == RT_IMPORT) {
				int32_t imp = w->imp_of_sym[c->target];

				if (imp < 0)
					continue;
				iset_add(w->imports, imp);
				if (w->pairs && c->args[0].kind == RS_CONST &&
				    c->args[0].v >= 0 && c->args[0].v < RNR_MAX)
					iset_add(w->pairs,
						 imp * 1024 + (int32_t)c->args[0].v);
				continue;
			}
			if (w->seen[c->target] == w->stamp)
				continue;
			w->seen[c->target] = w->stamp;
			w->stack = xgrow(w->stack, sizeof(*w->stack), sp + 1,
					 &w->astack);
			w->stack[sp++] = c->target;
		}
	}
}

static int export_cmp(const void *a, const void *b)
{
	const struct rexport *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return strcmp(x->version ? x->version : "", y->version ? y->version : "");
}

/*
 * Interning tables keyed by text: distinct sets (and, when writing JSON,
 * distinct export profiles) get one index each.  Open addressing.
 */
struct intern {
	char **keys;
	size_t *idx;
	size_t cap, n;
};

static size_t str_hash(const char *s)
{
	size_t h = 1469598103934665603u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* The index of key (taken over: freed here when already known), and
 * whether it is new. */
static size_t intern_key(struct intern *t, char *key, bool *isnew)
{
	size_t i, h;

	if (2 * (t->n + 1) > t->cap) {
		size_t ncap = t->cap ? 2 * t->cap : 256;
		char **keys = xcalloc(ncap, sizeof(*keys));
		size_t *idx = xcalloc(ncap, sizeof(*idx));

		for (i = 0; i < t->cap; i++) {
			if (!t->keys[i])
				continue;
			h = str_hash(t->keys[i]) & (ncap - 1);
			while (keys[h])
				h = (h + 1) & (ncap - 1);
			keys[h] = t->keys[i];
			idx[h] = t->idx[i];
		}
		free(t->keys);
		free(t->idx);
		t->keys = keys;
		t->idx = idx;
		t->cap = ncap;
	}
	h = str_hash(key) & (t->cap - 1);
	while (t->keys[h]) {
		if (!strcmp(t->keys[h], key)) {
			free(key);
			*isnew = false;
			return t->idx[h];
		}
		h = (h + 1) & (t->cap - 1);
	}
	t->keys[h] = key;
	t->idx[h] = t->n++;
	*isnew = true;
	return t->idx[h];
}

static void intern_release(struct intern *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		free(t->keys[i]);
	free(t->keys);
	free(t->idx);
	memset(t, 0, sizeof(*t));
}

static char *iset_key(const struct iset *x)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_addch(&sb, 's');
	for (i = 0; i < x->n; i++)
		strbuf_addf(&sb, "%d,", x->v[i]);
	return strbuf_detach(&sb, NULL);
}

struct setpool {
	struct intern keys;
	struct iset *sets;
	size_t alloc;
};

/* Intern *x (finished): its index in the pool; *x is emptied. */
static size_t pool_add(struct setpool *pool, struct iset *x)
{
	bool isnew;
	size_t i = intern_key(&pool->keys, iset_key(x), &isnew);

	if (isnew) {
		pool->sets = xgrow(pool->sets, sizeof(*pool->sets), i + 1,
				   &pool->alloc);
		pool->sets[i] = *x;
		memset(x, 0, sizeof(*x));
	} else {
		iset_release(x);
	}
	return i;
}

void rsum_build(struct rsum *s, const struct relf *e, const struct rprog *p)
{
	int32_t *imp_of_sym = xcalloc(e->ndynsyms + 1, sizeof(*imp_of_sym));
	struct walk w = { .p = p, .imp_of_sym = imp_of_sym };
	struct setpool pool;
	struct iset tmp[5], every = { 0 };
	size_t (*idx)[5] = NULL, aidx = 0, aexp = 0, i, k, every_idx;
	uint64_t ev[RSET_WORDS] = { 0 }, ev32[RSET_WORDS] = { 0 };

	memset(s, 0, sizeof(*s));
	memset(&pool, 0, sizeof(pool));
	s->build_id = xstrdup(e->build_id);
	s->soname = xstrdup(e->soname ? e->soname : "");
	s->imports = xcalloc(e->ndynsyms + 1, sizeof(*s->imports));
	for (i = 0; i < e->ndynsyms; i++) {
		const struct relf_sym *d = &e->dynsyms[i];

		imp_of_sym[i] = -1;
		if (d->defined || !*d->name)
			continue;
		imp_of_sym[i] = (int32_t)s->nimports;
		s->imports[s->nimports].name = xstrdup(d->name);
		s->imports[s->nimports].version =
			d->version ? xstrdup(d->version) : NULL;
		s->nimports++;
	}
	w.seen = xcalloc(p->nfuncs + 1, sizeof(*w.seen));
	for (i = 0; i < e->ndynsyms; i++) {
		const struct relf_sym *d = &e->dynsyms[i];
		struct rexport *x;
		ssize_t f;

		if (!d->defined || !*d->name ||
		    (d->type != STT_FUNC && d->type != STT_GNU_IFUNC) ||
		    (d->bind != STB_GLOBAL && d->bind != STB_WEAK))
			continue;
		f = rprog_func_at(p, d->value);
		s->exports = xgrow(s->exports, sizeof(*s->exports),
				   s->nexports + 1, &aexp);
		idx = xgrow(idx, sizeof(*idx), s->nexports + 1, &aidx);
		x = &s->exports[s->nexports];
		memset(x, 0, sizeof(*x));
		memset(tmp, 0, sizeof(tmp));
		x->name = xstrdup(d->name);
		x->version = d->version ? xstrdup(d->version) : NULL;
		x->hidden = d->hidden;
		if (f >= 0) {
			x->wrap = p->funcs[f].wrap;
			w.imports = &tmp[2];
			w.pairs = NULL;
			dfs(&w, (int32_t)f, true);
			bits_to_iset(w.own, 0, &tmp[0]);
			bits_to_iset(w.own32, RNR_I386, &tmp[0]);
			w.imports = &tmp[3];
			w.pairs = &tmp[4];
			dfs(&w, (int32_t)f, false);
			bits_to_iset(w.own, 0, &tmp[1]);
			bits_to_iset(w.own32, RNR_I386, &tmp[1]);
			x->nonconst = w.nonconst;
			x->nonconst_addr = w.nonconst_addr;
			x->indirect = w.indirect;
		}
		for (k = 0; k < 5; k++) {
			iset_finish(&tmp[k]);
			idx[s->nexports][k] = pool_add(&pool, &tmp[k]);
		}
		s->nexports++;
	}
	/* What runs at load (initialisers) and the imports whose address is
	 * taken, as one pseudo-export the program reaches by loading us. */
	{
		uint64_t all[RSET_WORDS] = { 0 }, all32[RSET_WORDS] = { 0 };
		struct rexport *x;

		s->exports = xgrow(s->exports, sizeof(*s->exports),
				   s->nexports + 1, &aexp);
		idx = xgrow(idx, sizeof(*idx), s->nexports + 1, &aidx);
		x = &s->exports[s->nexports];
		memset(x, 0, sizeof(*x));
		memset(tmp, 0, sizeof(tmp));
		x->name = xstrdup(REXPORT_LOAD);
		for (i = 0; i < e->nroots; i++) {
			ssize_t f = rprog_func_at(p, e->roots[i]);

			if (f < 0)
				continue;
			w.imports = &tmp[3];
			w.pairs = &tmp[4];
			dfs(&w, (int32_t)f, false);
			for (k = 0; k < RSET_WORDS; k++) {
				all[k] |= w.own[k];
				all32[k] |= w.own32[k];
			}
			x->nonconst += w.nonconst;
			x->indirect += w.indirect;
			if (w.nonconst && !x->nonconst_addr)
				x->nonconst_addr = w.nonconst_addr;
		}
		for (i = 0; i < e->ntaken + p->ntaken; i++) {
			int32_t sym = i < e->ntaken ? e->taken[i] :
				      p->taken[i - e->ntaken];

			if (sym >= 0 && (size_t)sym < e->ndynsyms &&
			    imp_of_sym[sym] >= 0)
				iset_add(&tmp[3], imp_of_sym[sym]);
		}
		bits_to_iset(all, 0, &tmp[1]);
		bits_to_iset(all32, RNR_I386, &tmp[1]);
		for (k = 0; k < 5; k++) {
			iset_finish(&tmp[k]);
			idx[s->nexports][k] = pool_add(&pool, &tmp[k]);
		}
		s->nexports++;
	}
	for (i = 0; i < p->nfuncs; i++)
		for (k = 0; k < RSET_WORDS; k++) {
			ev[k] |= p->funcs[i].own[k];
			ev32[k] |= p->funcs[i].own32[k];
		}
	bits_to_iset(ev, 0, &every);
	bits_to_iset(ev32, RNR_I386, &every);
	every_idx = pool_add(&pool, &every);

	/* The pool is complete: now pointers into it are stable. */
	s->sets = pool.sets;
	s->nsets = pool.keys.n;
	for (i = 0; i < s->nexports; i++) {
		struct rexport *x = &s->exports[i];

		x->direct = &s->sets[idx[i][0]];
		x->all = &s->sets[idx[i][1]];
		x->dimports = &s->sets[idx[i][2]];
		x->aimports = &s->sets[idx[i][3]];
		x->pairs = &s->sets[idx[i][4]];
	}
	s->every = &s->sets[every_idx];
	if (s->nexports)
		qsort(s->exports, s->nexports, sizeof(*s->exports), export_cmp);
	intern_release(&pool.keys);
	free(idx);
	free(w.seen);
	free(w.stack);
	free(imp_of_sym);
}

void rsum_release(struct rsum *s)
{
	size_t i;

	for (i = 0; i < s->nimports; i++) {
		free(s->imports[i].name);
		free(s->imports[i].version);
	}
	free(s->imports);
	for (i = 0; i < s->nexports; i++) {
		free(s->exports[i].name);
		free(s->exports[i].version);
	}
	free(s->exports);
	for (i = 0; i < s->nsets; i++)
		iset_release(&s->sets[i]);
	free(s->sets);
	free(s->build_id);
	free(s->soname);
	memset(s, 0, sizeof(*s));
}

const struct rexport *rsum_find(const struct rsum *s, const char *name,
				const char *version)
{
	size_t lo = 0, hi = s->nexports, i;
	const struct rexport *fallback = NULL;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (strcmp(s->exports[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < s->nexports && !strcmp(s->exports[i].name, name);
	     i++) {
		const struct rexport *x = &s->exports[i];

		if (version) {
			if (x->version && !strcmp(x->version, version))
				return x;
			/* An unversioned definition satisfies any version. */
			if (!x->version)
				fallback = x;
		} else if (!x->hidden) {
			return x;
		} else if (!fallback) {
			fallback = x;
		}
	}
	return fallback;
}

/* ----------------------------------------------------------------- JSON */

/*
 * {"scanner": N, "build_id", "soname", "imports": [[name, version|null]],
 *  "sets": [[int...]], "every": set,
 *  "profiles": [[direct, all, dimports, aimports, pairs, wrap, nonconst,
 *                indirect, nonconst_addr]],
 *  "versions": [version...],
 *  "exports": [[name, version index or -1, hidden, profile]]}
 * Sets and profiles are shared: a few hundred serve thousands of exports,
 * which keeps the file small and quick to read.
 */
static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

char *rsum_to_json(const struct rsum *s)
{
	struct intern prof = { 0 }, vers = { 0 };
	json_t *root = json_object(), *imps = json_array(), *exps = json_array(),
	       *sets = json_array(), *profs = json_array(),
	       *versions = json_array();
	size_t i, k;
	char *out;

	for (i = 0; i < s->nimports; i++)
		json_array_append_new(imps, json_pack("[s o]",
			s->imports[i].name, str_or_null(s->imports[i].version)));
	for (i = 0; i < s->nsets; i++) {
		json_t *arr = json_array();

		for (k = 0; k < s->sets[i].n; k++)
			json_array_append_new(arr,
					      json_integer(s->sets[i].v[k]));
		json_array_append_new(sets, arr);
	}
	for (i = 0; i < s->nexports; i++) {
		const struct rexport *x = &s->exports[i];
		json_int_t d = x->direct - s->sets, a = x->all - s->sets,
			   di = x->dimports - s->sets, ai = x->aimports - s->sets,
			   pa = x->pairs - s->sets;
		bool isnew;
		size_t pi = intern_key(&prof, xasprintf("%lld %lld %lld %lld "
			"%lld %u %u %u %llu", (long long)d, (long long)a,
			(long long)di, (long long)ai, (long long)pa, x->wrap,
			x->nonconst, x->indirect,
			(unsigned long long)x->nonconst_addr), &isnew);

		if (isnew)
			json_array_append_new(profs, json_pack(
				"[I I I I I i i i I]", d, a, di, ai, pa,
				(int)x->wrap, (int)x->nonconst,
				(int)x->indirect,
				(json_int_t)x->nonconst_addr));
		json_int_t vi = -1;

		if (x->version) {
			vi = (json_int_t)intern_key(&vers, xstrdup(x->version),
						    &isnew);
			if (isnew)
				json_array_append_new(versions,
						      json_string(x->version));
		}
		json_array_append_new(exps, json_pack("[s I b I]", x->name, vi,
			x->hidden, (json_int_t)pi));
	}
	json_object_set_new(root, "scanner", json_integer(REACH_SCANNER_VERSION));
	json_object_set_new(root, "build_id", json_string(s->build_id));
	json_object_set_new(root, "soname", json_string(s->soname));
	json_object_set_new(root, "imports", imps);
	json_object_set_new(root, "sets", sets);
	json_object_set_new(root, "every",
			    json_integer(s->every ? s->every - s->sets : 0));
	json_object_set_new(root, "profiles", profs);
	json_object_set_new(root, "versions", versions);
	json_object_set_new(root, "exports", exps);
	out = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	intern_release(&prof);
	intern_release(&vers);
	return out ? out : xstrdup("{}");
}

static char *dup_or_null(json_t *v)
{
	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

/* A set index of the JSON, checked; import sets also hold import indices
 * in range (the file may be damaged or planted). */
static const struct iset *set_ref(const struct rsum *s, json_t *v,
				  size_t imports_max, int32_t div)
{
	const struct iset *x;
	size_t k;

	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    (size_t)json_integer_value(v) >= s->nsets)
		return NULL;
	x = &s->sets[json_integer_value(v)];
	for (k = 0; imports_max && k < x->n; k++)
		if (x->v[k] < 0 || (size_t)(x->v[k] / div) >= imports_max)
			return NULL;
	return x;
}

int rsum_from_json(struct rsum *s, const char *text)
{
	json_t *root = json_loads(text, 0, NULL), *imps, *exps, *sets, *profs,
	       *vers, *v, *w;
	struct rexport *prof = NULL;
	size_t i, k, nimp;
	int ret = -1;

	memset(s, 0, sizeof(*s));
	if (!root)
		return -1;
	imps = json_object_get(root, "imports");
	exps = json_object_get(root, "exports");
	sets = json_object_get(root, "sets");
	profs = json_object_get(root, "profiles");
	vers = json_object_get(root, "versions");
	v = json_object_get(root, "scanner");
	if (!json_is_array(imps) || !json_is_array(exps) || !json_is_array(vers) ||
	    !json_is_array(sets) || !json_is_array(profs) ||
	    !json_is_integer(v) ||
	    json_integer_value(v) != REACH_SCANNER_VERSION)
		goto out;
	s->build_id = dup_or_null(json_object_get(root, "build_id"));
	s->soname = dup_or_null(json_object_get(root, "soname"));
	if (!s->build_id || !s->soname)
		goto out;
	s->imports = xcalloc(json_array_size(imps) + 1, sizeof(*s->imports));
	json_array_foreach(imps, i, v) {
		if (!json_is_array(v) ||
		    !json_is_string(json_array_get(v, 0)))
			goto out;
		s->imports[i].name = dup_or_null(json_array_get(v, 0));
		s->imports[i].version = dup_or_null(json_array_get(v, 1));
		s->nimports = i + 1;
	}
	nimp = s->nimports ? s->nimports : (size_t)-1 / 2;
	s->sets = xcalloc(json_array_size(sets) + 1, sizeof(*s->sets));
	json_array_foreach(sets, i, v) {
		struct iset *x = &s->sets[i];

		if (!json_is_array(v))
			goto out;
		s->nsets = i + 1;
		x->alloc = json_array_size(v) + 1;
		x->v = xcalloc(x->alloc, sizeof(*x->v));
		json_array_foreach(v, k, w) {
			if (!json_is_integer(w))
				goto out;
			x->v[x->n++] = (int32_t)json_integer_value(w);
		}
	}
	s->every = set_ref(s, json_object_get(root, "every"), 0, 1);
	if (!s->every)
		goto out;
	prof = xcalloc(json_array_size(profs) + 1, sizeof(*prof));
	json_array_foreach(profs, i, v) {
		struct rexport *x = &prof[i];

		if (!json_is_array(v) || json_array_size(v) != 9)
			goto out;
		x->direct = set_ref(s, json_array_get(v, 0), 0, 1);
		x->all = set_ref(s, json_array_get(v, 1), 0, 1);
		x->dimports = set_ref(s, json_array_get(v, 2),
				      s->nimports ? nimp : 0, 1);
		x->aimports = set_ref(s, json_array_get(v, 3),
				      s->nimports ? nimp : 0, 1);
		x->pairs = set_ref(s, json_array_get(v, 4),
				   s->nimports ? nimp : 0, 1024);
		if (!x->direct || !x->all || !x->dimports || !x->aimports ||
		    !x->pairs)
			goto out;
		/* Without imports, import sets must be empty. */
		if (!s->nimports && (x->dimports->n || x->aimports->n ||
				     x->pairs->n))
			goto out;
		x->wrap = (uint32_t)json_integer_value(json_array_get(v, 5));
		x->nonconst = (uint32_t)json_integer_value(json_array_get(v, 6));
		x->indirect = (uint32_t)json_integer_value(json_array_get(v, 7));
		x->nonconst_addr =
			(uint64_t)json_integer_value(json_array_get(v, 8));
	}
	s->exports = xcalloc(json_array_size(exps) + 1, sizeof(*s->exports));
	json_array_foreach(exps, i, v) {
		struct rexport *x = &s->exports[i];
		json_t *pi, *vi;

		if (!json_is_array(v) || json_array_size(v) != 4 ||
		    !json_is_string(json_array_get(v, 0)))
			goto out;
		pi = json_array_get(v, 3);
		if (!json_is_integer(pi) || json_integer_value(pi) < 0 ||
		    (size_t)json_integer_value(pi) >= json_array_size(profs))
			goto out;
		vi = json_array_get(v, 1);
		if (!json_is_integer(vi) || json_integer_value(vi) < -1 ||
		    json_integer_value(vi) >= (json_int_t)json_array_size(vers))
			goto out;
		*x = prof[json_integer_value(pi)];
		s->nexports = i + 1;
		x->name = dup_or_null(json_array_get(v, 0));
		x->version = json_integer_value(vi) < 0 ? NULL :
			dup_or_null(json_array_get(vers,
					(size_t)json_integer_value(vi)));
		x->hidden = json_is_true(json_array_get(v, 2));
	}
	/* Lookups bisect: a planted file must not break the order. */
	for (i = 1; i < s->nexports; i++)
		if (export_cmp(&s->exports[i - 1], &s->exports[i]) > 0)
			goto out;
	ret = 0;
out:
	free(prof);
	json_decref(root);
	if (ret < 0)
		rsum_release(s);
	return ret;
}

/* ---------------------------------------------------------------- cache */

static int mkdir_private(const char *path)
{
	struct stat sb;

	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		return -1;
	if (lstat(path, &sb) < 0 || !S_ISDIR(sb.st_mode) ||
	    sb.st_uid != geteuid())
		return -1;
	return 0;
}

char *rcache_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char *base, *dir;

	if (xdg && *xdg == '/')
		base = xstrdup(xdg);
	else if (home && *home == '/')
		base = xasprintf("%s/.cache", home);
	else
		return NULL;
	/* The base may be shared ($XDG_CACHE_HOME=/tmp/x): only ours must
	 * be private. */
	if (mkdir(base, 0700) < 0 && errno != EEXIST) {
		free(base);
		return NULL;
	}
	dir = xasprintf("%s/syscensus", base);
	free(base);
	if (mkdir_private(dir) < 0) {
		free(dir);
		return NULL;
	}
	return dir;
}

static char *cache_path(const char *build_id)
{
	char *dir, *p;
	size_t i;

	if (!build_id || !*build_id)
		return NULL;
	for (i = 0; build_id[i]; i++)
		if (!strchr("0123456789abcdef", build_id[i]))
			return NULL;
	dir = rcache_dir();
	if (!dir)
		return NULL;
	p = xasprintf("%s/%s-v%d.json", dir, build_id, REACH_SCANNER_VERSION);
	free(dir);
	return p;
}

char *rcache_read(const char *build_id)
{
	struct strbuf sb = STRBUF_INIT;
	char *path = cache_path(build_id);

	if (!path)
		return NULL;
	if (strbuf_read_file(&sb, path, 256u << 20) < 0) {
		free(path);
		strbuf_release(&sb);
		return NULL;
	}
	free(path);
	return strbuf_detach(&sb, NULL);
}

int rcache_write(const char *build_id, const char *json)
{
	char *path = cache_path(build_id), *tmp;
	size_t len = strlen(json), off = 0;
	int fd, ret = -1;

	if (!path)
		return -1;
	tmp = xasprintf("%s.XXXXXX", path);
	fd = mkstemp(tmp); /* 0600 */
	if (fd < 0)
		goto out;
	while (off < len) {
		ssize_t n = write(fd, json + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	if (close(fd) < 0 || off != len || rename(tmp, path) < 0) {
		unlink(tmp);
		goto out;
	}
	ret = 0;
out:
	free(tmp);
	free(path);
	return ret;
}
