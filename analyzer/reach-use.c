/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reach-use.c - the consumer side of static reach.  `scan` stores what an
 * executable's code can reach (the `reach` table: level direct, the program
 * imports the wrapper or holds the syscall instruction; level transitive,
 * through library internals).  Here that is read back per (exe, arch,
 * syscall, level) with every way it gets there, for `check`/`diff` (the
 * `unexercised` finding: reached directly, denied by the policy, never
 * observed) and for `emit` (cmd-emit.c adds the reach with a comment
 * saying how).  What a trace observed and what the binary can do stay
 * apart: nothing here is ever counted as observed.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "analyzer/policy/policy.h"

/* ------------------------------------------------------------- loading */

struct load_ctx {
	struct reach_set *r;
};

static bool same_key(const struct reach_entry *e,
		     const struct store_reach_row *row)
{
	return !strcmp(e->exe, row->exe) && !strcmp(e->arch, row->arch) &&
	       !strcmp(e->syscall, row->syscall) &&
	       !strcmp(e->level, row->level);
}

static int load_row(const struct store_reach_row *row, void *data)
{
	struct load_ctx *c = data;
	struct reach_set *r = c->r;
	struct reach_entry *e;

	/* rows come ordered by exe, arch, syscall, level: group runs */
	if (!r->n || !same_key(&r->v[r->n - 1], row)) {
		r->v = xgrow(r->v, sizeof(*r->v), r->n + 1, &r->alloc);
		e = &r->v[r->n++];
		memset(e, 0, sizeof(*e));
		e->exe = xstrdup(row->exe);
		e->arch = xstrdup(row->arch);
		e->syscall = xstrdup(row->syscall);
		e->level = xstrdup(row->level);
	}
	e = &r->v[r->n - 1];
	e->via = xrealloc(e->via, (e->nvia + 1) * sizeof(*e->via));
	e->via[e->nvia++] = xstrdup(row->via);
	return 0;
}

int reach_load(struct store *st, const struct observed_filter *f,
	       const char *level, struct reach_set *out)
{
	struct load_ctx c = { out };

	memset(out, 0, sizeof(*out));
	return store_each_reach(st, f, level, load_row, &c) ? -1 : 0;
}

static void via_free(char **via, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(via[i]);
	free(via);
}

void reach_set_release(struct reach_set *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].exe);
		free(r->v[i].arch);
		free(r->v[i].syscall);
		free(r->v[i].level);
		via_free(r->v[i].via, r->v[i].nvia);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* An instruction site ("syscall at 0x401136", "int 0x80 at ...") rather
 * than an imported symbol. */
static bool via_is_site(const char *via)
{
	return strstr(via, " at 0x") != NULL;
}

static void describe_vias(struct strbuf *sb, char *const *via, size_t nvia,
			  const char *exe, const char *level, size_t max)
{
	size_t i, shown = nvia < max ? nvia : max;
	bool sites = shown && via_is_site(via[0]);

	if (!strcmp(level, "transitive"))
		strbuf_addf(sb, "%s reaches it through ", exe);
	else if (sites)
		strbuf_addf(sb, "%s holds ", exe);
	else
		strbuf_addf(sb, "%s imports ", exe);
	for (i = 0; i < shown; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : "", via[i]);
	if (nvia > shown)
		strbuf_addf(sb, " and %zu more", nvia - shown);
}

void reach_describe(struct strbuf *sb, const struct reach_entry *e,
		    size_t max)
{
	size_t i, shown = e->nvia < max ? e->nvia : max;

	if (!shown)
		shown = 1;
	if (!strcmp(e->level, "transitive"))
		strbuf_addf(sb, "reachable from %s through library internals",
			    e->exe);
	else if (e->nvia && via_is_site(e->via[0]))
		strbuf_addf(sb, "called by %s itself", e->exe);
	else
		strbuf_addf(sb, "imported by %s", e->exe);
	strbuf_addstr(sb, " (");
	for (i = 0; i < shown && i < e->nvia; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : "", e->via[i]);
	if (e->nvia > shown)
		strbuf_addf(sb, " and %zu more", e->nvia - shown);
	strbuf_addch(sb, ')');
}

/* --------------------------------------------------------- unexercised */

/* "exe\nsyscall" keys of what the selection observed, sorted. */
struct seen {
	char **v;
	size_t n, alloc;
};

static int seen_row(const struct observed_row *row, void *data)
{
	struct seen *s = data;

	s->v = xgrow(s->v, sizeof(*s->v), s->n + 1, &s->alloc);
	s->v[s->n++] = xasprintf("%s\n%s", row->exe, row->syscall);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool seen_has(const struct seen *s, const char *exe,
		     const char *syscall)
{
	char *key = xasprintf("%s\n%s", exe, syscall);
	bool hit = s->n && bsearch(&key, s->v, s->n, sizeof(*s->v),
				   cmp_str) != NULL;

	free(key);
	return hit;
}

int diff_unexercised(struct store *st, const struct observed_filter *f,
		     const struct policy *p, struct diff_result *r)
{
	struct reach_set rs;
	struct seen seen = { NULL, 0, 0 };
	struct strbuf sb = STRBUF_INIT;
	size_t i, alloc = 0;
	int ret = -1;

	memset(&rs, 0, sizeof(rs));
	if (reach_load(st, f, "direct", &rs) < 0)
		goto out;
	if (!rs.n) {
		ret = 0;
		goto out;
	}
	if (store_each_observed(st, f, seen_row, &seen) != 0)
		goto out;
	qsort(seen.v, seen.n, sizeof(*seen.v), cmp_str);
	for (i = 0; i < rs.n; i++) {
		const struct reach_entry *e = &rs.v[i];
		struct diff_unexercised *u;
		uint32_t arch = arch_from_name(e->arch);
		struct action act;

		if (seen_has(&seen, e->exe, e->syscall))
			continue;
		memset(&act, 0, sizeof(act));
		if (p && policy_lookup(p, arch, e->syscall, &act) !=
		    VERDICT_DENIED)
			continue;
		r->unexercised = xgrow(r->unexercised, sizeof(*u),
				       r->nunexercised + 1, &alloc);
		u = &r->unexercised[r->nunexercised++];
		memset(u, 0, sizeof(*u));
		u->exe = xstrdup(e->exe);
		u->arch = xstrdup(e->arch);
		u->syscall = xstrdup(e->syscall);
		u->level = xstrdup(e->level);
		u->via = rs.v[i].via;
		u->nvia = rs.v[i].nvia;
		rs.v[i].via = NULL;
		rs.v[i].nvia = 0;
		u->action = act;
		strbuf_reset(&sb);
		strbuf_addstr(&sb, "never observed, but ");
		describe_vias(&sb, u->via, u->nvia, u->exe, u->level, 3);
		u->reason = strbuf_detach(&sb, NULL);
	}
	ret = 0;
out:
	for (i = 0; i < seen.n; i++)
		free(seen.v[i]);
	free(seen.v);
	strbuf_release(&sb);
	reach_set_release(&rs);
	return ret;
}

void diff_unexercised_free(struct diff_unexercised *u, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(u[i].exe);
		free(u[i].arch);
		free(u[i].syscall);
		free(u[i].level);
		free(u[i].reason);
		via_free(u[i].via, u[i].nvia);
	}
	free(u);
}
