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

void rsum_build(struct rsum *s, const struct relf *e, const struct rprog *p)
{
	int32_t *imp_of_sym = xcalloc(e->ndynsyms + 1, sizeof(*imp_of_sym));
	struct walk w = { .p = p, .imp_of_sym = imp_of_sym };
	size_t i, aexp = 0;

	memset(s, 0, sizeof(*s));
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
		x = &s->exports[s->nexports++];
		memset(x, 0, sizeof(*x));
		x->name = xstrdup(d->name);
		x->version = d->version ? xstrdup(d->version) : NULL;
		x->hidden = d->hidden;
		if (f < 0)
			continue;
		x->wrap = p->funcs[f].wrap;
		w.imports = &x->dimports;
		w.pairs = NULL;
		dfs(&w, (int32_t)f, true);
		bits_to_iset(w.own, 0, &x->direct);
		bits_to_iset(w.own32, RNR_I386, &x->direct);
		w.imports = &x->aimports;
		w.pairs = &x->pairs;
		dfs(&w, (int32_t)f, false);
		bits_to_iset(w.own, 0, &x->all);
		bits_to_iset(w.own32, RNR_I386, &x->all);
		x->nonconst = w.nonconst;
		x->nonconst_addr = w.nonconst_addr;
		x->indirect = w.indirect;
		iset_finish(&x->dimports);
		iset_finish(&x->aimports);
		iset_finish(&x->pairs);
	}
	if (s->nexports)
		qsort(s->exports, s->nexports, sizeof(*s->exports), export_cmp);
	{
		uint64_t every[RSET_WORDS] = { 0 }, every32[RSET_WORDS] = { 0 };
		size_t k;

		for (i = 0; i < p->nfuncs; i++)
			for (k = 0; k < RSET_WORDS; k++) {
				every[k] |= p->funcs[i].own[k];
				every32[k] |= p->funcs[i].own32[k];
			}
		bits_to_iset(every, 0, &s->every);
		bits_to_iset(every32, RNR_I386, &s->every);
	}
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
		struct rexport *x = &s->exports[i];

		free(x->name);
		free(x->version);
		iset_release(&x->direct);
		iset_release(&x->all);
		iset_release(&x->dimports);
		iset_release(&x->aimports);
		iset_release(&x->pairs);
	}
	free(s->exports);
	iset_release(&s->every);
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
 * Sets are shared: most exports of a library reach one of a few hundred
 * distinct sets, so they are written once in "sets" and referred to by
 * index.  Keys are the sets' text in a small open-addressing table.
 */
struct setdedup {
	json_t *sets;
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

static json_int_t set_index(struct setdedup *d, const struct iset *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, h;
	json_t *arr;

	for (i = 0; i < s->n; i++)
		strbuf_addf(&sb, "%d,", s->v[i]);
	if (2 * (d->n + 1) > d->cap) {
		size_t ncap = d->cap ? 2 * d->cap : 256;
		char **keys = xcalloc(ncap, sizeof(*keys));
		size_t *idx = xcalloc(ncap, sizeof(*idx));

		for (i = 0; i < d->cap; i++) {
			if (!d->keys[i])
				continue;
			h = str_hash(d->keys[i]) & (ncap - 1);
			while (keys[h])
				h = (h + 1) & (ncap - 1);
			keys[h] = d->keys[i];
			idx[h] = d->idx[i];
		}
		free(d->keys);
		free(d->idx);
		d->keys = keys;
		d->idx = idx;
		d->cap = ncap;
	}
	h = str_hash(sb.buf) & (d->cap - 1);
	while (d->keys[h]) {
		if (!strcmp(d->keys[h], sb.buf)) {
			strbuf_release(&sb);
			return (json_int_t)d->idx[h];
		}
		h = (h + 1) & (d->cap - 1);
	}
	d->keys[h] = strbuf_detach(&sb, NULL);
	d->idx[h] = d->n++;
	arr = json_array();
	for (i = 0; i < s->n; i++)
		json_array_append_new(arr, json_integer(s->v[i]));
	json_array_append_new(d->sets, arr);
	return (json_int_t)d->idx[h];
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

char *rsum_to_json(const struct rsum *s)
{
	struct setdedup d = { .sets = json_array() };
	json_t *root = json_object(), *imps = json_array(), *exps = json_array();
	size_t i;
	char *out;

	for (i = 0; i < s->nimports; i++)
		json_array_append_new(imps, json_pack("[s o]",
			s->imports[i].name, str_or_null(s->imports[i].version)));
	for (i = 0; i < s->nexports; i++) {
		const struct rexport *x = &s->exports[i];

		json_array_append_new(exps, json_pack("[s o b I I I I I i i i I]",
			x->name, str_or_null(x->version), x->hidden,
			set_index(&d, &x->direct), set_index(&d, &x->all),
			set_index(&d, &x->dimports), set_index(&d, &x->aimports),
			set_index(&d, &x->pairs), (int)x->wrap, (int)x->nonconst,
			(int)x->indirect, (json_int_t)x->nonconst_addr));
	}
	json_object_set_new(root, "scanner", json_integer(REACH_SCANNER_VERSION));
	json_object_set_new(root, "build_id", json_string(s->build_id));
	json_object_set_new(root, "soname", json_string(s->soname));
	json_object_set_new(root, "imports", imps);
	json_object_set_new(root, "sets", d.sets);
	json_object_set_new(root, "exports", exps);
	json_object_set_new(root, "every", json_integer(set_index(&d,
							&s->every)));
	out = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	for (i = 0; i < d.cap; i++)
		free(d.keys[i]);
	free(d.keys);
	free(d.idx);
	return out ? out : xstrdup("{}");
}

static int set_from_json(json_t *sets, json_t *ref, struct iset *out)
{
	json_t *arr, *v;
	size_t i;

	if (!json_is_integer(ref))
		return -1;
	arr = json_array_get(sets, (size_t)json_integer_value(ref));
	if (!json_is_array(arr))
		return -1;
	out->v = xcalloc(json_array_size(arr) + 1, sizeof(*out->v));
	out->alloc = json_array_size(arr) + 1;
	json_array_foreach(arr, i, v) {
		if (!json_is_integer(v))
			return -1;
		out->v[out->n++] = (int32_t)json_integer_value(v);
	}
	return 0;
}

static char *dup_or_null(json_t *v)
{
	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

int rsum_from_json(struct rsum *s, const char *text)
{
	json_t *root = json_loads(text, 0, NULL), *imps, *exps, *sets, *v;
	size_t i;
	int ret = -1;

	memset(s, 0, sizeof(*s));
	if (!root)
		return -1;
	imps = json_object_get(root, "imports");
	exps = json_object_get(root, "exports");
	sets = json_object_get(root, "sets");
	v = json_object_get(root, "scanner");
	if (!json_is_array(imps) || !json_is_array(exps) ||
	    !json_is_array(sets) || !json_is_integer(v) ||
	    json_integer_value(v) != REACH_SCANNER_VERSION)
		goto out;
	s->build_id = dup_or_null(json_object_get(root, "build_id"));
	s->soname = dup_or_null(json_object_get(root, "soname"));
	if (!s->build_id || !s->soname)
		goto out;
	if (set_from_json(sets, json_object_get(root, "every"), &s->every))
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
	s->exports = xcalloc(json_array_size(exps) + 1, sizeof(*s->exports));
	json_array_foreach(exps, i, v) {
		struct rexport *x = &s->exports[i];

		if (!json_is_array(v) || json_array_size(v) != 12 ||
		    !json_is_string(json_array_get(v, 0)))
			goto out;
		s->nexports = i + 1;
		x->name = dup_or_null(json_array_get(v, 0));
		x->version = dup_or_null(json_array_get(v, 1));
		x->hidden = json_is_true(json_array_get(v, 2));
		if (set_from_json(sets, json_array_get(v, 3), &x->direct) ||
		    set_from_json(sets, json_array_get(v, 4), &x->all) ||
		    set_from_json(sets, json_array_get(v, 5), &x->dimports) ||
		    set_from_json(sets, json_array_get(v, 6), &x->aimports) ||
		    set_from_json(sets, json_array_get(v, 7), &x->pairs))
			goto out;
		x->wrap = (uint32_t)json_integer_value(json_array_get(v, 8));
		x->nonconst = (uint32_t)json_integer_value(json_array_get(v, 9));
		x->indirect = (uint32_t)json_integer_value(json_array_get(v, 10));
		x->nonconst_addr =
			(uint64_t)json_integer_value(json_array_get(v, 11));
	}
	/* Import indices must stay in range: the file may be tampered with. */
	for (i = 0; i < s->nexports; i++) {
		const struct rexport *x = &s->exports[i];
		size_t k;

		for (k = 0; k < x->aimports.n; k++)
			if (x->aimports.v[k] < 0 ||
			    (size_t)x->aimports.v[k] >= s->nimports)
				goto out;
		for (k = 0; k < x->dimports.n; k++)
			if (x->dimports.v[k] < 0 ||
			    (size_t)x->dimports.v[k] >= s->nimports)
				goto out;
		for (k = 0; k < x->pairs.n; k++)
			if (x->pairs.v[k] < 0 ||
			    (size_t)(x->pairs.v[k] / 1024) >= s->nimports)
				goto out;
	}
	ret = 0;
out:
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
