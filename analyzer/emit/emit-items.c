/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emit-items.c - the syscalls `emit` writes, before any format: the
 * observed set ordered by calls, the knowledge base's siblings of it (each
 * with the first sentence of the rule's reason and what triggered it),
 * and the static reach `scan` stored (each saying how the code reaches
 * it).  Each step only appends, so the source of an item is its range.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/emit/emit-items.h"

/* Most calls first; ties by name, so the output is stable. */
static int cmp_item(const void *a, const void *b)
{
	const struct emit_item *x = a, *y = b;

	if (x->calls != y->calls)
		return x->calls > y->calls ? -1 : 1;
	return strcmp(x->syscall, y->syscall);
}

static bool observed_has(const struct observed_summary *s, const char *name)
{
	size_t lo = 0, hi = s->nnames;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(name, s->names[mid].syscall);

		if (!r)
			return true;
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

/* The first sentence of a reason, for a one-line comment. */
static char *first_sentence(const char *s)
{
	const char *dot = strstr(s, ". ");

	return dot ? xstrndup(s, (size_t)(dot - s + 1)) : xstrdup(s);
}

/*
 * Append knowledge-base siblings to the set: each flagged syscall not
 * observed, once, with why it was added.  Returns 0, or -1 when the
 * knowledge base is unavailable (a warning says so).  *whys collects the
 * strings to free.
 */
static int add_siblings(struct store *st, const struct observed_filter *flt,
			const struct observed_summary *sum,
			struct emit_item **items, size_t *nitems,
			size_t *alloc, char ***whys, size_t *nwhys)
{
	struct parse_error pe;
	struct kb *kb;
	struct kb_input in;
	struct kb_fact *facts = NULL;
	struct kb_flag *flags = NULL;
	const char **names = NULL;
	size_t nfacts = 0, nflags = 0, i, j;
	int ret = -1;

	memset(&pe, 0, sizeof(pe));
	kb = kb_load(NULL, &pe);
	if (!kb) {
		warning("siblings are unavailable (knowledge base: %s%s%s); "
			"emitting the observed set only", pe.file,
			*pe.file ? ": " : "", pe.msg);
		return -1;
	}
	if (diff_facts_load(st, flt, &facts, &nfacts) < 0)
		goto out;
	names = xcalloc(sum->nnames + 1, sizeof(*names));
	for (i = 0; i < sum->nnames; i++)
		names[i] = sum->names[i].syscall;
	memset(&in, 0, sizeof(in));
	in.syscalls = names;
	in.nsyscalls = sum->nnames;
	in.facts = facts;
	in.nfacts = nfacts;
	in.arches = sum->arches;
	in.narches = sum->narches;
	if (kb_evaluate(kb, &in, &flags, &nflags) < 0) {
		warning("siblings are unavailable (the knowledge base failed); "
			"emitting the observed set only");
		goto out;
	}
	for (i = 0; i < nflags; i++) {
		const char *sc = flags[i].syscall;
		char *why, *first;

		if (!sc || observed_has(sum, sc))
			continue;
		for (j = 0; j < *nitems; j++)
			if (!strcmp((*items)[j].syscall, sc))
				break;
		if (j < *nitems)
			continue;
		first = first_sentence(flags[i].reason ? flags[i].reason :
				       "implied by the knowledge base");
		why = xasprintf("%s: %s%s%s%s", sc, first,
				flags[i].evidence ? " (seen: " : "",
				flags[i].evidence ? flags[i].evidence : "",
				flags[i].evidence ? ")" : "");
		free(first);
		*whys = xrealloc(*whys, (*nwhys + 2) * sizeof(char *));
		(*whys)[(*nwhys)++] = why;
		(*whys)[(*nwhys)++] = xstrdup(sc);
		*items = xgrow(*items, sizeof(**items), *nitems + 1, alloc);
		(*items)[*nitems].syscall = (*whys)[*nwhys - 1];
		(*items)[*nitems].calls = 0;
		(*items)[*nitems].why = why;
		(*nitems)++;
	}
	ret = 0;
out:
	kb_flags_free(flags, nflags);
	diff_facts_free(facts, nfacts);
	free(names);
	kb_free(kb);
	return ret;
}

/*
 * Append the static reach of level ("direct" or "transitive") to the set:
 * each syscall of rs not yet in it, on an architecture of the selection
 * (any when none is known), once, with a comment saying how the code
 * reaches it.  *whys collects the strings to free.
 */
static void add_reach(const struct reach_set *rs, const char *level,
		      const struct observed_summary *sum,
		      struct emit_item **items, size_t *nitems,
		      size_t *alloc, char ***whys, size_t *nwhys)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, j;

	for (i = 0; i < rs->n; i++) {
		const struct reach_entry *e = &rs->v[i];
		uint32_t arch = arch_from_name(e->arch);
		bool arch_ok = !sum->narches;

		if (strcmp(e->level, level))
			continue;
		for (j = 0; j < sum->narches; j++)
			arch_ok |= sum->arches[j] == arch;
		if (!arch_ok)
			continue;
		for (j = 0; j < *nitems; j++)
			if (!strcmp((*items)[j].syscall, e->syscall))
				break;
		if (j < *nitems)
			continue;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s: ", e->syscall);
		reach_describe(&sb, e, 3);
		if (!strcmp(level, "transitive"))
			strbuf_addstr(&sb, ", an over-approximation");
		strbuf_addstr(&sb, "; never observed");
		*whys = xrealloc(*whys, (*nwhys + 2) * sizeof(char *));
		(*whys)[(*nwhys)++] = strbuf_detach(&sb, NULL);
		(*whys)[(*nwhys)++] = xstrdup(e->syscall);
		*items = xgrow(*items, sizeof(**items), *nitems + 1, alloc);
		(*items)[*nitems].syscall = (*whys)[*nwhys - 1];
		(*items)[*nitems].calls = 0;
		(*items)[*nitems].why = (*whys)[*nwhys - 2];
		(*nitems)++;
	}
	strbuf_release(&sb);
}

size_t emit_items_build(struct store *st, const struct observed_filter *flt,
			  const struct observed_summary *sum,
			  const struct reach_set *rs, bool siblings,
			  enum emit_reach reach, struct emit_item **items,
			  enum emit_source **sources, char ***whys,
			  size_t *nwhys, bool *kb_ok)
{
	size_t i, nitems = 0, alloc = 0, end[3];

	for (i = 0; i < sum->nnames; i++) {
		*items = xgrow(*items, sizeof(**items), nitems + 1, &alloc);
		memset(&(*items)[nitems], 0, sizeof(**items));
		(*items)[nitems].syscall = sum->names[i].syscall;
		(*items)[nitems].calls = sum->names[i].calls;
		nitems++;
	}
	qsort(*items, nitems, sizeof(**items), cmp_item);
	end[0] = nitems;
	if (siblings && *kb_ok &&
	    add_siblings(st, flt, sum, items, &nitems, &alloc, whys,
			 nwhys) < 0)
		*kb_ok = false;
	end[1] = nitems;
	if (reach >= EMIT_REACH_DIRECT)
		add_reach(rs, "direct", sum, items, &nitems, &alloc, whys,
			  nwhys);
	end[2] = nitems;
	if (reach >= EMIT_REACH_TRANSITIVE)
		add_reach(rs, "transitive", sum, items, &nitems, &alloc, whys,
			  nwhys);
	/* each step only appends: its items are a range */
	*sources = xcalloc(nitems + 1, sizeof(**sources));
	for (i = 0; i < nitems; i++)
		(*sources)[i] = i < end[0] ? EMIT_OBSERVED :
				i < end[1] ? EMIT_SIBLING :
				i < end[2] ? EMIT_DIRECT : EMIT_TRANSITIVE;
	return nitems;
}

void emit_whys_free(char **whys, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(whys[i]);
	free(whys);
}
