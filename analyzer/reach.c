/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reach.c - static reach of one program (`syscensus scan`): load the
 * libraries it needs in ld.so's order, bind each of its imports to the
 * library that defines it (versions matched), and combine the libraries'
 * summaries (reach-sum.c) with the program's own code (reach-x86.c) into
 * rows of the `reach` table:
 *
 *   direct      an import's own body or tail calls make the syscall
 *               ("uname@GLIBC_2.2.5"), or the program holds the
 *               instruction or passes a constant to syscall()
 *               ("syscall at 0x401136 in main");
 *   transitive  reached through library internals ("libc.so.6: fopen"),
 *               across libraries through their imports.
 *
 * Library search follows ld.so(8): DT_NEEDED breadth first; DT_RPATH of
 * the requesting object and of the program when there is no DT_RUNPATH,
 * then DT_RUNPATH ($ORIGIN expanded), then the directories of
 * /etc/ld.so.conf (ld.so.cache is built from them) and the default ones.
 * LD_LIBRARY_PATH is the scanner's environment, not the program's, and is
 * not used.  Libraries the trace saw loaded (openat/mmap path facts) are
 * added as dlopened ones.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/reach-int.h"

/* Transitive rows keep at most this many ways per syscall. */
#define MAX_TRANSITIVE_VIAS 5

struct lib {
	struct relf elf;
	struct rsum sum;
	char *json;
	char *key;
	const char *how;
	bool cached;
	int32_t *res_lib; /* per import: the library that defines it, or -1 */
	const struct rexport **res_exp;
};

struct node {
	size_t lib;
	const struct rexport *exp;
	uint64_t direct[2 * RSET_WORDS], all[2 * RSET_WORDS];
	size_t *edges; /* node indices */
	bool *tail;
	size_t nedges, aedges;
};

struct scan {
	const struct reach_opts *o;
	struct reach_result *r;
	struct relf prog;
	struct lib *libs;
	size_t nlibs, alibs;
	struct node *nodes;
	size_t nnodes, anodes;
	/* export pointer -> node index, open addressing */
	const struct rexport **hkeys;
	size_t *hvals, hcap;
	char **sysdirs;
	size_t nsysdirs, asysdirs;
};

/* ---------------------------------------------------------- result rows */

static void add_row(struct reach_result *r, bool i386, int nr,
		    const char *level, const char *via)
{
	char buf[SYSCALL_NAME_MAX];
	struct reach_row *row;
	uint32_t arch = arch_from_name(i386 ? "x86" : "x86_64");

	r->rows = xgrow(r->rows, sizeof(*r->rows), r->nrows + 1, &r->arows);
	row = &r->rows[r->nrows++];
	row->syscall = xstrdup(syscall_name(arch, nr, buf));
	row->arch = i386 ? "x86" : "x86_64";
	row->level = level;
	row->via = xstrdup(via);
}

static void add_unres(struct reach_result *r, const char *kind,
		      const char *detail, uint64_t count)
{
	size_t i;

	for (i = 0; i < r->nunres; i++)
		if (r->unres[i].kind == kind &&
		    !strcmp(r->unres[i].detail, detail)) {
			r->unres[i].count += count;
			return;
		}
	r->unres = xgrow(r->unres, sizeof(*r->unres), r->nunres + 1,
			 &r->aunres);
	r->unres[r->nunres].kind = kind;
	r->unres[r->nunres].detail = xstrdup(detail);
	r->unres[r->nunres].count = count;
	r->nunres++;
}

static int row_cmp(const void *a, const void *b)
{
	const struct reach_row *x = a, *y = b;
	int c = strcmp(x->syscall, y->syscall);

	if (!c)
		c = strcmp(x->arch, y->arch);
	if (!c)
		c = strcmp(x->level, y->level);
	if (!c)
		c = strcmp(x->via, y->via);
	return c;
}

static int unres_cmp(const void *a, const void *b)
{
	const struct reach_unres *x = a, *y = b;
	int c = strcmp(x->kind, y->kind);

	return c ? c : strcmp(x->detail, y->detail);
}

void reach_result_release(struct reach_result *r)
{
	size_t i;

	for (i = 0; i < r->nrows; i++) {
		free(r->rows[i].syscall);
		free(r->rows[i].via);
	}
	free(r->rows);
	for (i = 0; i < r->nunres; i++)
		free(r->unres[i].detail);
	free(r->unres);
	for (i = 0; i < r->nlibs; i++) {
		free(r->libs[i].path);
		free(r->libs[i].soname);
		free(r->libs[i].key);
		free(r->libs[i].json);
	}
	free(r->libs);
	free(r->exe);
	free(r->build_id);
	memset(r, 0, sizeof(*r));
}

/* ------------------------------------------------------- library search */

static bool is_x86_64_elf(const char *path)
{
	unsigned char h[20];
	struct stat sb;
	int fd;
	ssize_t n;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return false;
	}
	n = read(fd, h, sizeof(h));
	close(fd);
	return n == (ssize_t)sizeof(h) && !memcmp(h, "\177ELF", 4) &&
	       h[4] == 2 && h[5] == 1 && h[18] == 62 && h[19] == 0;
}

static void add_sysdir(struct scan *sc, const char *d)
{
	size_t i;

	for (i = 0; i < sc->nsysdirs; i++)
		if (!strcmp(sc->sysdirs[i], d))
			return;
	sc->sysdirs = xgrow(sc->sysdirs, sizeof(*sc->sysdirs), sc->nsysdirs + 1,
			    &sc->asysdirs);
	sc->sysdirs[sc->nsysdirs++] = xstrdup(d);
}

/* /etc/ld.so.conf and its includes: what ldconfig puts in ld.so.cache. */
static void read_ld_conf(struct scan *sc, const char *path, int depth)
{
	struct strbuf sb = STRBUF_INIT;
	char *line, *save = NULL;

	if (depth > 8 || strbuf_read_file(&sb, path, 1u << 20) < 0) {
		strbuf_release(&sb);
		return;
	}
	for (line = strtok_r(sb.buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *p = line, *hash = strchr(line, '#');
		size_t len;

		if (hash)
			*hash = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		len = strlen(p);
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' ||
			       p[len - 1] == '\r'))
			p[--len] = '\0';
		if (!*p)
			continue;
		if (!strncmp(p, "include", 7) && (p[7] == ' ' || p[7] == '\t')) {
			char *pat = p + 8, *full;
			glob_t g;
			size_t i;

			while (*pat == ' ' || *pat == '\t')
				pat++;
			full = *pat == '/' ? xstrdup(pat) :
					     xasprintf("/etc/%s", pat);
			if (!glob(full, 0, NULL, &g)) {
				for (i = 0; i < g.gl_pathc; i++)
					read_ld_conf(sc, g.gl_pathv[i],
						     depth + 1);
				globfree(&g);
			}
			free(full);
		} else if (*p == '/') {
			add_sysdir(sc, p);
		}
	}
	strbuf_release(&sb);
}

static void init_sysdirs(struct scan *sc)
{
	static const char *const defaults[] = {
		"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
		"/lib64", "/usr/lib64", "/lib", "/usr/lib",
	};
	size_t i;

	read_ld_conf(sc, "/etc/ld.so.conf", 0);
	for (i = 0; i < ARRAY_SIZE(defaults); i++)
		add_sysdir(sc, defaults[i]);
}

/* Try each directory of a colon list ($ORIGIN expanded); caller frees. */
static char *search_list(const char *list, const char *origin,
			 const char *name)
{
	char *copy, *dir, *save = NULL, *found = NULL;

	if (!list)
		return NULL;
	copy = xstrdup(list);
	for (dir = strtok_r(copy, ":", &save); dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		struct strbuf d = STRBUF_INIT;
		const char *p = dir;
		char *cand;

		while (*p) {
			if (!strncmp(p, "$ORIGIN", 7)) {
				strbuf_addstr(&d, origin);
				p += 7;
			} else if (!strncmp(p, "${ORIGIN}", 9)) {
				strbuf_addstr(&d, origin);
				p += 9;
			} else {
				strbuf_addch(&d, *p++);
			}
		}
		cand = xasprintf("%s/%s", d.buf, name);
		strbuf_release(&d);
		if (is_x86_64_elf(cand))
			found = cand;
		else
			free(cand);
	}
	free(copy);
	return found;
}

static char *dir_of(const char *path)
{
	char *c = xstrdup(path), *d = xstrdup(dirname(c));

	free(c);
	return d;
}

static char *find_lib(struct scan *sc, const char *name,
		      const struct relf *req)
{
	char *origin, *found = NULL, *porigin;
	size_t i;

	if (strchr(name, '/'))
		return is_x86_64_elf(name) ? xstrdup(name) : NULL;
	origin = dir_of(req->path);
	porigin = dir_of(sc->prog.path);
	if (!req->runpath) {
		found = search_list(req->rpath, origin, name);
		if (!found && !sc->prog.runpath && req != &sc->prog)
			found = search_list(sc->prog.rpath, porigin, name);
	}
	if (!found)
		found = search_list(req->runpath, origin, name);
	for (i = 0; !found && i < sc->nsysdirs; i++) {
		char *cand = xasprintf("%s/%s", sc->sysdirs[i], name);

		if (is_x86_64_elf(cand))
			found = cand;
		else
			free(cand);
	}
	free(origin);
	free(porigin);
	return found;
}

/* ------------------------------------------------------ loading libraries */

static bool lib_loaded(struct scan *sc, const char *name, const char *real)
{
	size_t i;

	for (i = 0; i < sc->nlibs; i++) {
		const struct lib *l = &sc->libs[i];

		if ((name && l->elf.soname && !strcmp(l->elf.soname, name)) ||
		    (real && !strcmp(l->elf.path, real)))
			return true;
	}
	return false;
}

/* Load path as library number sc->nlibs; 0 or -1 (warned). */
static int load_lib(struct scan *sc, const char *path, const char *how)
{
	struct lib *l;
	char *real = realpath(path, NULL);
	int ret = -1;

	if (!real)
		real = xstrdup(path);
	if (lib_loaded(sc, NULL, real)) {
		free(real);
		return 0;
	}
	sc->libs = xgrow(sc->libs, sizeof(*sc->libs), sc->nlibs + 1,
			 &sc->alibs);
	l = &sc->libs[sc->nlibs];
	memset(l, 0, sizeof(*l));
	l->how = how;
	if (relf_open(&l->elf, real) < 0) {
		relf_release(&l->elf);
		goto out;
	}
	if (lib_loaded(sc, l->elf.soname, NULL)) {
		relf_release(&l->elf);
		ret = 0;
		goto out;
	}
	l->key = *l->elf.build_id ? xstrdup(l->elf.build_id) :
				    xasprintf("path:%s", real);
	if (!sc->o->no_cache && *l->elf.build_id) {
		l->json = rcache_read(l->elf.build_id);
		if (l->json && rsum_from_json(&l->sum, l->json) == 0 &&
		    !strcmp(l->sum.build_id, l->elf.build_id))
			l->cached = true;
		else if (l->json) {
			rsum_release(&l->sum);
			free(l->json);
			l->json = NULL;
		}
	}
	if (!l->cached) {
		struct rprog p;

		if (rx86_analyse(&l->elf, &p) < 0) {
			rprog_release(&p);
			relf_release(&l->elf);
			free(l->key);
			goto out;
		}
		rsum_build(&l->sum, &l->elf, &p);
		rprog_release(&p);
		l->json = rsum_to_json(&l->sum);
		if (!sc->o->no_cache && *l->elf.build_id)
			rcache_write(l->elf.build_id, l->json);
	}
	if (sc->o->verbose)
		note("%s: %s%s", real, l->cached ? "summary from the cache" :
			"analysed", sc->o->no_cache ? " (cache not used)" : "");
	sc->nlibs++;
	ret = 0;
out:
	free(real);
	return ret;
}

/* Breadth first: the program's DT_NEEDED (when prog), then those of each
 * library from index from on, including the ones this loads.  Libraries
 * are referred to by index: loading one may move sc->libs. */
static void load_needed(struct scan *sc, size_t from, bool prog)
{
	size_t q = from;
	ssize_t cur = prog ? -1 : (ssize_t)q++;

	if (!prog && from >= sc->nlibs)
		return;
	for (;;) {
		size_t i;

		for (i = 0;; i++) {
			const struct relf *req = cur < 0 ? &sc->prog :
						 &sc->libs[cur].elf;
			char *path, *name;

			if (i >= req->nneeded)
				break;
			if (lib_loaded(sc, req->needed[i], NULL))
				continue;
			name = xstrdup(req->needed[i]);
			path = find_lib(sc, name, req);
			if (!path)
				add_unres(sc->r, "missing-lib", name, 1);
			else if (load_lib(sc, path, "needed") < 0)
				add_unres(sc->r, "missing-lib", name, 1);
			free(path);
			free(name);
		}
		if (q >= sc->nlibs)
			break;
		cur = (ssize_t)q++;
	}
}

/* ------------------------------------------------------------- binding */

static bool lookup(struct scan *sc, const char *name, const char *version,
		   size_t *lib, const struct rexport **exp)
{
	size_t i;

	for (i = 0; i < sc->nlibs; i++) {
		const struct rexport *x = rsum_find(&sc->libs[i].sum, name,
						    version);

		if (x) {
			*lib = i;
			*exp = x;
			return true;
		}
	}
	return false;
}

static size_t ptr_hash(const void *p, size_t cap)
{
	uintptr_t x = (uintptr_t)p;

	return (size_t)((x >> 4) * 11400714819323198485u) & (cap - 1);
}

static size_t node_get(struct scan *sc, size_t lib, const struct rexport *x,
		       bool *created)
{
	size_t h, i;

	*created = false;
	if (2 * (sc->nnodes + 1) > sc->hcap) {
		size_t ncap = sc->hcap ? 2 * sc->hcap : 1024;
		const struct rexport **keys = xcalloc(ncap, sizeof(*keys));
		size_t *vals = xcalloc(ncap, sizeof(*vals));

		for (i = 0; i < sc->hcap; i++) {
			if (!sc->hkeys[i])
				continue;
			h = ptr_hash(sc->hkeys[i], ncap);
			while (keys[h])
				h = (h + 1) & (ncap - 1);
			keys[h] = sc->hkeys[i];
			vals[h] = sc->hvals[i];
		}
		free(sc->hkeys);
		free(sc->hvals);
		sc->hkeys = keys;
		sc->hvals = vals;
		sc->hcap = ncap;
	}
	h = ptr_hash(x, sc->hcap);
	while (sc->hkeys[h]) {
		if (sc->hkeys[h] == x)
			return sc->hvals[h];
		h = (h + 1) & (sc->hcap - 1);
	}
	sc->nodes = xgrow(sc->nodes, sizeof(*sc->nodes), sc->nnodes + 1,
			  &sc->anodes);
	memset(&sc->nodes[sc->nnodes], 0, sizeof(*sc->nodes));
	sc->nodes[sc->nnodes].lib = lib;
	sc->nodes[sc->nnodes].exp = x;
	sc->hkeys[h] = x;
	sc->hvals[h] = sc->nnodes;
	*created = true;
	return sc->nnodes++;
}

static void set_bit(uint64_t *b, int32_t nr)
{
	size_t off = nr & RNR_I386 ? RSET_WORDS : 0;

	nr &= ~RNR_I386;
	if (nr >= 0 && nr < RNR_MAX)
		b[off + (size_t)nr / 64] |= UINT64_C(1) << (nr % 64);
}

/* Resolve import imp of library lib in the global scope (memoised). */
static const struct rexport *bind_import(struct scan *sc, size_t lib,
					 int32_t imp, size_t *deflib)
{
	struct lib *l = &sc->libs[lib];

	if (!l->res_lib) {
		size_t i;

		l->res_lib = xcalloc(l->sum.nimports + 1, sizeof(*l->res_lib));
		l->res_exp = xcalloc(l->sum.nimports + 1, sizeof(*l->res_exp));
		for (i = 0; i < l->sum.nimports; i++)
			l->res_lib[i] = -2; /* not looked up yet */
	}
	if (l->res_lib[imp] == -2) {
		size_t d;
		const struct rexport *x;

		if (lookup(sc, l->sum.imports[imp].name,
			   l->sum.imports[imp].version, &d, &x)) {
			l->res_lib[imp] = (int32_t)d;
			l->res_exp[imp] = x;
		} else {
			l->res_lib[imp] = -1;
		}
	}
	if (l->res_lib[imp] < 0)
		return NULL;
	*deflib = (size_t)l->res_lib[imp];
	return l->res_exp[imp];
}

static void add_edge(struct node *n, size_t to, bool tail)
{
	size_t i;

	for (i = 0; i < n->nedges; i++)
		if (n->edges[i] == to) {
			n->tail[i] |= tail;
			return;
		}
	n->edges = xgrow(n->edges, sizeof(*n->edges), n->nedges + 1,
			 &n->aedges);
	n->tail = xrealloc(n->tail, n->aedges * sizeof(*n->tail));
	n->edges[n->nedges] = to;
	n->tail[n->nedges] = tail;
	n->nedges++;
}

/* The node of (lib, x) with every node it reaches across libraries. */
static size_t reach_node(struct scan *sc, size_t lib, const struct rexport *x)
{
	size_t first, q, *queue = NULL, nq = 0, aq = 0;
	bool created;

	first = node_get(sc, lib, x, &created);
	if (!created)
		return first;
	queue = xgrow(queue, sizeof(*queue), 1, &aq);
	queue[nq++] = first;
	for (q = 0; q < nq; q++) {
		size_t ni = queue[q], k;
		struct node *n = &sc->nodes[ni];
		const struct rexport *e = n->exp;
		size_t nlib = n->lib;

		for (k = 0; k < e->direct->n; k++)
			set_bit(n->direct, e->direct->v[k]);
		for (k = 0; k < e->all->n; k++)
			set_bit(n->all, e->all->v[k]);
		for (k = 0; k < e->pairs->n; k++) {
			size_t d;
			const struct rexport *w = bind_import(
				sc, nlib, e->pairs->v[k] / 1024, &d);

			if (w && (w->wrap & 1))
				set_bit(sc->nodes[ni].all, e->pairs->v[k] % 1024);
		}
		for (k = 0; k < e->aimports->n; k++) {
			int32_t imp = e->aimports->v[k];
			size_t d, to;
			const struct rexport *t = bind_import(sc, nlib, imp, &d);
			bool tail = false, made;
			size_t j;

			if (!t)
				continue;
			for (j = 0; j < e->dimports->n; j++)
				tail |= e->dimports->v[j] == imp;
			to = node_get(sc, d, t, &made);
			/* node_get may move sc->nodes */
			add_edge(&sc->nodes[ni], to, tail);
			if (made) {
				queue = xgrow(queue, sizeof(*queue), nq + 1, &aq);
				queue[nq++] = to;
			}
		}
	}
	free(queue);
	return first;
}

static void close_nodes(struct scan *sc)
{
	bool changed = true;
	size_t i, j, w;

	while (changed) {
		changed = false;
		for (i = 0; i < sc->nnodes; i++) {
			struct node *n = &sc->nodes[i];

			for (j = 0; j < n->nedges; j++) {
				const struct node *m = &sc->nodes[n->edges[j]];

				for (w = 0; w < 2 * RSET_WORDS; w++) {
					uint64_t a = n->all[w] | m->all[w];
					uint64_t d = n->direct[w];

					if (n->tail[j])
						d |= m->direct[w];
					changed |= a != n->all[w] ||
						   d != n->direct[w];
					n->all[w] = a;
					n->direct[w] = d;
				}
			}
		}
	}
}

/* ----------------------------------------------------------- the program */

static const char *func_name(const struct rprog *p, size_t f)
{
	return p->funcs[f].name ? p->funcs[f].name : "?";
}

static char *sym_label(const struct relf_sym *s)
{
	if (!s->version)
		return xstrdup(s->name);
	return xasprintf("%s@%s", s->name, s->version);
}

/* The program's own code: syscall instructions, syscall() calls. */
static void scan_own(struct scan *sc, const struct rprog *p, uint64_t *direct)
{
	struct reach_result *r = sc->r;
	uint64_t indirect = 0;
	size_t i, j;

	for (i = 0; i < p->nfuncs; i++) {
		const struct rfunc *f = &p->funcs[i];

		indirect += f->indirect;
		for (j = 0; j < f->nsites; j++) {
			const struct rsite *s = &f->sites[j];
			bool i386 = (s->nr & RNR_I386) != 0;
			char *via;

			if (s->call >= 0)
				via = xasprintf("%s() at 0x%llx in %s",
					func_name(p, (size_t)f->calls[s->call].target),
					(unsigned long long)s->addr,
					func_name(p, i));
			else
				via = xasprintf("%s at 0x%llx in %s",
					i386 ? "int 0x80" : "syscall",
					(unsigned long long)s->addr,
					func_name(p, i));
			add_row(r, i386, s->nr & ~RNR_I386, "direct", via);
			set_bit(direct, s->nr);
			free(via);
		}
		if (f->nonconst) {
			char *d = xasprintf("syscall number not constant at "
					    "0x%llx in %s",
					    (unsigned long long)f->nonconst_addr,
					    func_name(p, i));

			add_unres(r, "nonconst-syscall", d, f->nonconst);
			free(d);
		}
		/* Calls to an imported syscall()-like wrapper. */
		for (j = 0; j < f->ncalls; j++) {
			const struct rcall *c = &f->calls[j];
			const struct relf_sym *s;
			const struct rexport *x;
			size_t lib;
			char *label, *via;

			if (c->target_kind != RT_IMPORT)
				continue;
			s = &sc->prog.dynsyms[c->target];
			if (!lookup(sc, s->name, s->version, &lib, &x) ||
			    !(x->wrap & 1))
				continue;
			label = sym_label(s);
			if (c->args[0].kind == RS_CONST && c->args[0].v >= 0 &&
			    c->args[0].v < RNR_MAX) {
				via = xasprintf("%s at 0x%llx in %s", label,
						(unsigned long long)c->addr,
						func_name(p, i));
				add_row(r, false, (int)c->args[0].v, "direct",
					via);
				set_bit(direct, (int32_t)c->args[0].v);
			} else {
				via = xasprintf("%s with a number not constant "
						"at 0x%llx in %s", label,
						(unsigned long long)c->addr,
						func_name(p, i));
				add_unres(r, "nonconst-syscall", via, 1);
			}
			free(via);
			free(label);
		}
	}
	if (indirect)
		add_unres(r, "indirect-call", "the program's own code",
			  indirect);
}

/* Transitive rows: at most MAX_TRANSITIVE_VIAS per syscall, none for a
 * syscall already direct. */
static void add_transitive(struct scan *sc, const uint64_t *direct,
			   const uint64_t *bits, const char *via,
			   unsigned *nvias)
{
	size_t w;

	for (w = 0; w < 2 * RSET_WORDS; w++) {
		uint64_t x = bits[w] & ~direct[w];

		while (x) {
			int b = __builtin_ctzll(x);
			size_t nr = (w % RSET_WORDS) * 64 + (size_t)b;
			size_t slot = (w / RSET_WORDS) * RNR_MAX + nr;

			x &= x - 1;
			if (nvias[slot]++ >= MAX_TRANSITIVE_VIAS)
				continue;
			add_row(sc->r, w >= RSET_WORDS, (int)nr, "transitive",
				via);
		}
	}
}

static void lib_unresolved(struct scan *sc)
{
	size_t i;
	uint64_t *indirect = xcalloc(sc->nlibs + 1, sizeof(*indirect));

	for (i = 0; i < sc->nnodes; i++) {
		const struct node *n = &sc->nodes[i];
		const struct lib *l = &sc->libs[n->lib];
		const char *so = l->sum.soname[0] ? l->sum.soname : l->elf.path;

		if (n->exp->indirect)
			indirect[n->lib]++;
		if (n->exp->nonconst) {
			/* One row per site; count: the exports reaching it. */
			char *d = xasprintf("%s: syscall number not constant "
				"at 0x%llx", so,
				(unsigned long long)n->exp->nonconst_addr);

			add_unres(sc->r, "nonconst-syscall", d, 1);
			free(d);
		}
		if (!strcmp(n->exp->name, "dlopen") ||
		    !strcmp(n->exp->name, "dlmopen")) {
			char *d = xasprintf("%s reached: libraries loaded at "
					    "run time are known only from a "
					    "trace", n->exp->name);

			add_unres(sc->r, "dlopen", d, 1);
			free(d);
		}
	}
	for (i = 0; i < sc->nlibs; i++) {
		const struct lib *l = &sc->libs[i];
		char *d;

		if (!indirect[i])
			continue;
		d = xasprintf("%s: exports reached whose code makes indirect "
			      "calls", l->sum.soname[0] ? l->sum.soname :
							  l->elf.path);
		add_unres(sc->r, "indirect-call", d, indirect[i]);
		free(d);
	}
	free(indirect);
}

/* Libraries the trace saw this program open or map. */
static void trace_libs(struct scan *sc)
{
	char **paths = NULL;
	size_t n = 0, i;

	if (!sc->o->facts ||
	    store_exe_lib_paths(sc->o->facts, sc->r->exe, &paths, &n) < 0)
		return;
	for (i = 0; i < n; i++) {
		char *real = realpath(paths[i], NULL);
		size_t before = sc->nlibs;

		if (real && is_x86_64_elf(real) && !lib_loaded(sc, NULL, real) &&
		    load_lib(sc, real, "dlopen") == 0 && sc->nlibs > before)
			load_needed(sc, before, false);
		free(real);
		free(paths[i]);
	}
	free(paths);
}

static int do_scan(struct scan *sc)
{
	struct reach_result *r = sc->r;
	uint64_t direct[2 * RSET_WORDS] = { 0 };
	unsigned *nvias = xcalloc(2 * RNR_MAX, sizeof(*nvias));
	struct rprog p;
	size_t i, nneeded;
	ssize_t interp = -1;
	bool dl_imported = false;

	if (rx86_analyse(&sc->prog, &p) < 0) {
		free(nvias);
		return -1;
	}
	init_sysdirs(sc);
	load_needed(sc, 0, true);
	if (sc->prog.interp) {
		/* ld.so: usually already there as libc's DT_NEEDED. */
		char *real = realpath(sc->prog.interp, NULL);

		if (!real)
			add_unres(r, "missing-lib", sc->prog.interp, 1);
		else if (!lib_loaded(sc, NULL, real))
			load_lib(sc, real, "interp");
		for (i = 0; real && i < sc->nlibs; i++)
			if (!strcmp(sc->libs[i].elf.path, real))
				interp = (ssize_t)i;
		free(real);
	}
	nneeded = sc->nlibs;
	trace_libs(sc);

	scan_own(sc, &p, direct);

	/* Imports: direct first for every one, then transitive. */
	for (i = 0; i < sc->prog.ndynsyms; i++) {
		const struct relf_sym *s = &sc->prog.dynsyms[i];
		const struct rexport *x;
		size_t lib;
		char *label;

		if (s->defined || !*s->name || (s->type != STT_FUNC &&
						s->type != STT_NOTYPE))
			continue;
		if (!strcmp(s->name, "dlopen") || !strcmp(s->name, "dlmopen"))
			dl_imported = true;
		label = sym_label(s);
		if (!lookup(sc, s->name, s->version, &lib, &x)) {
			if (s->bind != STB_WEAK && s->type == STT_FUNC)
				add_unres(r, "missing-symbol", label, 1);
			free(label);
			continue;
		}
		reach_node(sc, lib, x);
		free(label);
	}
	close_nodes(sc);
	for (i = 0; i < sc->prog.ndynsyms; i++) {
		const struct relf_sym *s = &sc->prog.dynsyms[i];
		const struct rexport *x;
		size_t lib, n, w;
		bool created;
		char *label;

		if (s->defined || !*s->name || (s->type != STT_FUNC &&
						s->type != STT_NOTYPE) ||
		    !lookup(sc, s->name, s->version, &lib, &x))
			continue;
		n = node_get(sc, lib, x, &created);
		label = sym_label(s);
		for (w = 0; w < 2 * RSET_WORDS; w++) {
			uint64_t bits = sc->nodes[n].direct[w];

			direct[w] |= bits;
			while (bits) {
				int b = __builtin_ctzll(bits);

				bits &= bits - 1;
				add_row(r, w >= RSET_WORDS,
					(int)((w % RSET_WORDS) * 64 + (size_t)b),
					"direct", label);
			}
		}
		free(label);
	}
	for (i = 0; i < sc->prog.ndynsyms; i++) {
		const struct relf_sym *s = &sc->prog.dynsyms[i];
		const struct rexport *x;
		size_t lib, n;
		bool created;
		char *via;

		if (s->defined || !*s->name || (s->type != STT_FUNC &&
						s->type != STT_NOTYPE) ||
		    !lookup(sc, s->name, s->version, &lib, &x))
			continue;
		n = node_get(sc, lib, x, &created);
		via = xasprintf("%s: %s", sc->libs[lib].sum.soname[0] ?
				sc->libs[lib].sum.soname :
				sc->libs[lib].elf.path, s->name);
		add_transitive(sc, direct, sc->nodes[n].all, via, nvias);
		free(via);
	}
	/* Each library loaded runs its initialisers, and the imports whose
	 * address it stores (function tables) are reachable through them. */
	for (i = 0; i < sc->nlibs; i++) {
		const struct lib *l = &sc->libs[i];
		const struct rexport *x = rsum_find(&l->sum, REXPORT_LOAD, NULL);
		size_t n;
		bool created;
		char *via;

		if (!x || (ssize_t)i == interp)
			continue;
		reach_node(sc, i, x);
		close_nodes(sc);
		n = node_get(sc, i, x, &created);
		via = xasprintf("%s: initialisers and functions whose address "
				"it takes", l->sum.soname[0] ? l->sum.soname :
				l->elf.path);
		add_transitive(sc, direct, sc->nodes[n].all, via, nvias);
		free(via);
	}
	/* The dynamic loader runs before main: its start-up reaches its
	 * code through pointers, so every function of it counts. */
	if (interp >= 0) {
		const struct lib *l = &sc->libs[interp];
		uint64_t every[2 * RSET_WORDS] = { 0 };
		char *via;

		for (i = 0; i < l->sum.every->n; i++)
			set_bit(every, l->sum.every->v[i]);
		via = xasprintf("%s: program start-up (the dynamic loader)",
				l->sum.soname[0] ? l->sum.soname : l->elf.path);
		add_transitive(sc, direct, every, via, nvias);
		free(via);
	}
	/* Libraries loaded at run time (seen in the trace): every export. */
	for (i = nneeded; i < sc->nlibs; i++) {
		struct lib *l = &sc->libs[i];
		uint64_t all[2 * RSET_WORDS] = { 0 };
		size_t k, w, n;
		char *via;

		for (k = 0; k < l->sum.nexports; k++)
			reach_node(sc, i, &l->sum.exports[k]);
		close_nodes(sc);
		for (k = 0; k < l->sum.nexports; k++) {
			bool created;

			n = node_get(sc, i, &l->sum.exports[k], &created);
			for (w = 0; w < 2 * RSET_WORDS; w++)
				all[w] |= sc->nodes[n].all[w];
		}
		via = xasprintf("%s (loaded at run time, seen in the trace)",
				l->sum.soname[0] ? l->sum.soname : l->elf.path);
		add_transitive(sc, direct, all, via, nvias);
		free(via);
	}
	lib_unresolved(sc);
	if (dl_imported) {
		char *d = xasprintf("the program imports dlopen%s",
				    sc->nlibs > nneeded ?
				    "; libraries the trace saw loaded are "
				    "included" : "");

		add_unres(r, "dlopen", d, 1);
		free(d);
	}

	for (i = 0; i < sc->nlibs; i++) {
		struct lib *l = &sc->libs[i];
		struct reach_lib *o;

		r->libs = xgrow(r->libs, sizeof(*r->libs), r->nlibs + 1,
				&r->alibs);
		o = &r->libs[r->nlibs++];
		o->path = xstrdup(l->elf.path);
		o->soname = xstrdup(l->elf.soname ? l->elf.soname : "");
		o->key = xstrdup(l->key);
		o->json = steal_pointer(&l->json);
		o->how = l->how;
		o->cached = l->cached;
	}
	if (r->nrows)
		qsort(r->rows, r->nrows, sizeof(*r->rows), row_cmp);
	if (r->nunres)
		qsort(r->unres, r->nunres, sizeof(*r->unres), unres_cmp);
	rprog_release(&p);
	free(nvias);
	return 0;
}

int reach_scan(const char *path, const struct reach_opts *o,
	       struct reach_result *r)
{
	struct scan sc;
	size_t i;
	int ret;

	memset(r, 0, sizeof(*r));
	memset(&sc, 0, sizeof(sc));
	sc.o = o;
	sc.r = r;
	r->exe = realpath(path, NULL);
	if (!r->exe)
		return error_errno("cannot scan '%s'", path);
	if (relf_open(&sc.prog, r->exe) < 0) {
		relf_release(&sc.prog);
		return -1;
	}
	r->arch = "x86_64";
	r->build_id = *sc.prog.build_id ? xstrdup(sc.prog.build_id) : NULL;
	r->is_static = !sc.prog.dynamic;
	ret = do_scan(&sc);

	for (i = 0; i < sc.nlibs; i++) {
		rsum_release(&sc.libs[i].sum);
		relf_release(&sc.libs[i].elf);
		free(sc.libs[i].json);
		free(sc.libs[i].key);
		free(sc.libs[i].res_lib);
		free(sc.libs[i].res_exp);
	}
	free(sc.libs);
	for (i = 0; i < sc.nnodes; i++) {
		free(sc.nodes[i].edges);
		free(sc.nodes[i].tail);
	}
	free(sc.nodes);
	free(sc.hkeys);
	free(sc.hvals);
	for (i = 0; i < sc.nsysdirs; i++)
		free(sc.sysdirs[i]);
	free(sc.sysdirs);
	relf_release(&sc.prog);
	return ret;
}
