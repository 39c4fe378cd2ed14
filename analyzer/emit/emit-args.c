/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emit-args.c - `emit --args`: which emitted syscalls a filter may allow
 * for the observed values of their decisive argument only (socket's
 * domain, fcntl's, ioctl's and prctl's command, clone's namespace flags;
 * common/consts.c names them), and the helpers every emitter uses to say
 * those values.
 *
 * The evidence is the store's "arg" facts, "N=TEXT" with a count per (run,
 * phase, exe, syscall).  A condition is sound only if the facts saw every
 * call: an audit log (SystemCallLog= records) or a store older than arg
 * facts counts calls without their arguments, and a filter built from the
 * calls that happened to carry facts would kill the others.  So a syscall
 * gets a condition only when, in every (run, phase, exe) of the
 * selection, the counts of its facts at the decisive index add up to its
 * observed calls (summed over arches, as the facts are); when every value
 * parses; and when it has at most --args-max distinct values (for clone,
 * distinct values under the mask).  Otherwise it stays unconditional and
 * a note says why, for the emitters' comments and the summary.
 *
 * Two queries, both prepared: the observed calls of the decisive syscalls
 * per (run, phase id, exe id, syscall), filtered like the observed rows
 * emit orders (phases and runs in SQL, the --exe regex in C); then their
 * "arg" facts, matched to those groups by id.
 */
#include "config.h"


#include <stdlib.h>
#include <string.h>

#include "analyzer/emit/emit.h"
#include "analyzer/import/import.h"
#include "analyzer/policy/policy.h"

/* Decisive arguments are 32-bit to the kernel (int domain, unsigned int
 * command, int option; clone's namespace flags are in the low half): the
 * rules compare the low half only, whatever the caller's C type put in
 * the register's high half. */
#define ARG32 UINT64_C(0xffffffff)

#define EMIT_CLONE3_NOTE "its flags are in memory, which a seccomp " \
	"filter cannot read, so the clone condition does not cover it: " \
	"namespaces can still be made through clone3; Docker answers " \
	"clone3 with ENOSYS so glibc falls back to clone"

struct group {
	int64_t run, phase, exe;
	size_t pi;       /* index in emit_args.p */
	uint64_t calls;  /* observed, over every arch */
	uint64_t facts;  /* arg facts at the decisive index */
};

/* What is being decided for one item. */
struct pending {
	size_t item;
	const struct decisive_arg *d;
	struct emit_cond cond;
	size_t alloc;
	uint64_t calls, facts;
	bool mismatch;  /* some group's facts differ from its calls */
	uint64_t elsewhere; /* facts naming another argument index */
	char *where;    /* the first of those, "N=..." (cleaned) */
	char *bad;      /* the first value that did not parse (cleaned) */
};

struct emit_args {
	size_t nitems;
	const struct emit_cond **cond; /* per item */
	const char **note;             /* per item */
	struct pending *p;             /* what apply decided (owned) */
	size_t n;
	char **notes;
	size_t nnotes;
};

/* set's conditions, if they were made for its items */
static const struct emit_args *args_of(const struct emit_set *set)
{
	const struct emit_args *a = set->args;

	return a && a->nitems == set->nitems ? a : NULL;
}

bool emit_set_has_args(const struct emit_set *set)
{
	return args_of(set) != NULL;
}

const struct emit_cond *emit_item_cond(const struct emit_set *set, size_t i)
{
	const struct emit_args *a = args_of(set);

	return a && i < a->nitems ? a->cond[i] : NULL;
}

const char *emit_item_args_note(const struct emit_set *set, size_t i)
{
	const struct emit_args *a = args_of(set);

	return a && i < a->nitems ? a->note[i] : NULL;
}

bool emit_item_args_line(struct strbuf *sb, const struct emit_set *set,
			 size_t i)
{
	const struct emit_cond *cond = emit_item_cond(set, i);
	const char *note = emit_item_args_note(set, i);

	if (!cond && !note)
		return false;
	strbuf_addf(sb, "%s: ", set->items[i].syscall);
	if (cond)
		emit_cond_describe(sb, cond);
	else
		strbuf_addf(sb, "unconditional: %s", note);
	return true;
}

struct emit_args *emit_args_new(const struct emit_set *set)
{
	struct emit_args *a = xcalloc(1, sizeof(*a));

	a->nitems = set->nitems;
	a->cond = xcalloc(set->nitems + 1, sizeof(*a->cond));
	a->note = xcalloc(set->nitems + 1, sizeof(*a->note));
	return a;
}

void emit_args_set(struct emit_args *a, size_t item,
		   const struct emit_cond *c, const char *note)
{
	if (item >= a->nitems)
		return;
	a->cond[item] = c;
	a->note[item] = c ? NULL : note;
}

static int cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->run != y->run)
		return x->run < y->run ? -1 : 1;
	if (x->phase != y->phase)
		return x->phase < y->phase ? -1 : 1;
	if (x->exe != y->exe)
		return x->exe < y->exe ? -1 : 1;
	return x->pi < y->pi ? -1 : x->pi > y->pi;
}

static size_t pending_of(const struct emit_args *a, const struct emit_set *set,
			 const char *syscall)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (!strcmp(set->items[a->p[i].item].syscall, syscall))
			return i;
	return (size_t)-1;
}

struct group_load {
	const struct emit_set *set;
	const struct emit_args *a;
	struct group *g;
	size_t ng, alloc;
};

static int add_group(const struct store_call_group *cg, void *data)
{
	struct group_load *l = data;
	size_t k = pending_of(l->a, l->set, cg->syscall);
	struct group *g;

	if (k == (size_t)-1)
		return 0;
	l->g = xgrow(l->g, sizeof(*l->g), l->ng + 1, &l->alloc);
	g = &l->g[l->ng++];
	g->run = cg->run;
	g->phase = cg->phase_id;
	g->exe = cg->exe_id;
	g->pi = k;
	g->calls = cg->calls;
	g->facts = 0;
	return 0;
}

static int load_groups(struct store *st, const struct observed_filter *f,
		       const struct emit_set *set, const struct emit_args *a,
		       struct group **out, size_t *nout)
{
	struct group_load l = { .set = set, .a = a };
	const char **names = xcalloc(a->n ? a->n : 1, sizeof(*names));
	size_t i;
	int ret = -1;

	for (i = 0; i < a->n; i++)
		names[i] = set->items[a->p[i].item].syscall;
	if (store_each_call_group(st, f, names, a->n, add_group, &l) < 0)
		goto out;
	if (l.ng)
		qsort(l.g, l.ng, sizeof(*l.g), cmp_group);
	*out = steal_pointer(&l.g);
	*nout = l.ng;
	ret = 0;
out:
	free(l.g);
	free(names);
	return ret;
}

/* Add count calls of value v to p's distinct values (kept ascending). */
static void cond_add(struct pending *p, uint64_t v, uint64_t count)
{
	struct emit_cond *c = &p->cond;
	size_t lo = 0, hi = c->nvalues, alloc;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->values[mid] == v) {
			c->calls[mid] += count;
			return;
		}
		if (c->values[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	alloc = p->alloc;
	c->values = xgrow(c->values, sizeof(*c->values), c->nvalues + 1,
			  &alloc);
	alloc = p->alloc;
	c->calls = xgrow(c->calls, sizeof(*c->calls), c->nvalues + 1, &alloc);
	p->alloc = alloc;
	memmove(c->values + lo + 1, c->values + lo,
		(c->nvalues - lo) * sizeof(*c->values));
	memmove(c->calls + lo + 1, c->calls + lo,
		(c->nvalues - lo) * sizeof(*c->calls));
	c->values[lo] = v;
	c->calls[lo] = count;
	c->nvalues++;
}

struct fact_ctx {
	const struct emit_set *set;
	struct emit_args *a;
	struct group *g;
	size_t ng;
};

/* A fact of p's syscall about another argument than its decisive one
 * ("9=1"): not evidence, but the note says the facts are there. */
static int other_index(struct pending *p, const char *val, uint64_t count)
{
	p->elsewhere += count;
	if (!p->where) {
		struct strbuf b = STRBUF_INIT;

		import_add_clean(&b, val, 40);
		p->where = strbuf_detach(&b, NULL);
	}
	return 0;
}

/* One "arg" fact: counted into its (run, phase, exe) group, if selected,
 * and its value into the syscall's condition. */
static int add_fact(const struct fact_row *row, void *data)
{
	struct fact_ctx *c = data;
	struct group key, *hit;
	struct pending *p;
	const char *val = row->value;
	unsigned idx;
	uint64_t v;

	if (!row->count)
		return 0;
	memset(&key, 0, sizeof(key));
	key.run = row->run_id;
	key.phase = row->phase_id;
	key.exe = row->exe_id;
	key.pi = pending_of(c->a, c->set, row->syscall);
	if (key.pi == (size_t)-1)
		return 0;
	/* a group not selected (phase, run, exe): not ours */
	hit = c->ng ? bsearch(&key, c->g, c->ng, sizeof(*c->g), cmp_group)
		    : NULL;
	if (!hit)
		return 0;
	p = &c->a->p[key.pi];
	if (decisive_arg_parse(val, &idx, &v) < 0) {
		/* counted, so the note names the value, not the coverage */
		if (val[0] != (char)('0' + p->d->index) || val[1] != '=')
			return other_index(p, val, row->count);
		hit->facts += row->count;
		if (!p->bad) {
			struct strbuf b = STRBUF_INIT;

			import_add_clean(&b, val + 2, 40);
			p->bad = strbuf_detach(&b, NULL);
		}
		return 0;
	}
	if (idx != p->d->index)
		return other_index(p, val, row->count);
	hit->facts += row->count;
	/* the kernel's 32-bit value: a store older than the tracer's
	 * masking may hold a sign-extended register */
	cond_add(p, v & (p->d->mask ? p->d->mask : ARG32), row->count);
	return 0;
}

static int load_facts(struct store *st, const struct observed_filter *f,
		      const struct emit_set *set, struct emit_args *a,
		      struct group *g, size_t ng)
{
	struct fact_ctx c = { set, a, g, ng };

	return store_each_fact(st, f, "arg", add_fact, &c) < 0 ? -1 : 0;
}

/* s390 passes clone's stack first: its flags are not arg0 there. */
static bool clone_flags_first(const struct emit_set *set)
{
	size_t i;

	for (i = 0; i < set->narches; i++) {
		const char *n = arch_name(set->arches[i]);

		if (n && !strncmp(n, "s390", 4))
			return false;
	}
	return true;
}

static const char *plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

static char *decide(struct pending *p, const struct emit_set *set,
		    unsigned max)
{
	if (!p->calls)
		return xstrdup("no observed calls in the selection");
	if (p->d->mask && !clone_flags_first(set))
		return xasprintf("%s's flags are not its first argument on "
				 "s390", p->d->syscall);
	if (!p->facts && p->elsewhere)
		return xasprintf("its argument facts do not name arg%u (%llu "
				 "fact%s about another argument, such as "
				 "'%s')", p->d->index,
				 (unsigned long long)p->elsewhere,
				 plural(p->elsewhere), p->where);
	if (!p->facts)
		return xasprintf("no argument facts for its %llu call%s (an "
				 "audit log, or a store older than argument "
				 "facts)",
				 (unsigned long long)p->calls,
				 plural(p->calls));
	if (p->facts != p->calls || p->mismatch)
		return xasprintf("argument facts cover %llu of its %llu "
				 "calls%s", (unsigned long long)p->facts,
				 (unsigned long long)p->calls,
				 p->facts == p->calls ?
				 ", but not in every run, phase and program" :
				 "");
	if (p->bad)
		return xasprintf("cannot read the arg%u value '%s'",
				 p->d->index, p->bad);
	if (p->cond.nvalues > max)
		return xasprintf("%zu distinct arg%u values, more than "
				 "--args-max %u", p->cond.nvalues,
				 p->d->index, max);
	if (!p->cond.nvalues)
		return xstrdup("no argument value observed");
	return NULL;
}

/*
 * clone3 takes its flags in a struct in memory, which no seccomp filter
 * can read: when clone gets a condition and clone3 is allowed, namespaces
 * can still be made through clone3.  It stays allowed (a program using
 * it for threads would die otherwise) and every format says so with the
 * note (cmd-emit.c also warns).
 */
static void clone3_note(const struct emit_set *set, struct emit_args *a)
{
	size_t i;
	bool cond = false;

	for (i = 0; i < set->nitems; i++)
		if (!strcmp(set->items[i].syscall, "clone") && a->cond[i])
			cond = true;
	if (!cond)
		return;
	for (i = 0; i < set->nitems; i++)
		if (!strcmp(set->items[i].syscall, "clone3"))
			emit_args_set(a, i, NULL, EMIT_CLONE3_NOTE);
}

int emit_args_apply(struct store *st, const struct observed_filter *f,
		    const struct emit_set *set, unsigned max,
		    struct emit_args **out)
{
	struct emit_args *a = emit_args_new(set);
	struct group *g = NULL;
	size_t ng = 0, alloc = 0, i;
	int ret = -1;

	*out = NULL;
	for (i = 0; i < set->nitems; i++) {
		const struct decisive_arg *d;

		if (set->items[i].why)
			continue; /* a sibling was never observed */
		d = decisive_arg_find(set->items[i].syscall);
		if (!d)
			continue;
		a->p = xgrow(a->p, sizeof(*a->p), a->n + 1, &alloc);
		memset(&a->p[a->n], 0, sizeof(a->p[a->n]));
		a->p[a->n].item = i;
		a->p[a->n].d = d;
		a->p[a->n].cond.arg = d;
		a->n++;
	}
	if (!a->n)
		goto done;
	if (load_groups(st, f, set, a, &g, &ng) < 0 ||
	    load_facts(st, f, set, a, g, ng) < 0)
		goto out;
	for (i = 0; i < ng; i++) {
		struct pending *p = &a->p[g[i].pi];

		p->calls += g[i].calls;
		p->facts += g[i].facts;
		if (g[i].facts != g[i].calls)
			p->mismatch = true;
	}
	a->notes = xcalloc(a->n, sizeof(*a->notes));
	for (i = 0; i < a->n; i++) {
		struct pending *p = &a->p[i];
		char *note = decide(p, set, max);

		if (note)
			a->notes[a->nnotes++] = note;
		emit_args_set(a, p->item, note ? NULL : &p->cond, note);
	}
	clone3_note(set, a);
done:
	*out = steal_pointer(&a);
	ret = 0;
out:
	free(g);
	emit_args_free(a);
	return ret;
}

void emit_args_free(struct emit_args *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->n; i++) {
		free(a->p[i].cond.values);
		free(a->p[i].cond.calls);
		free(a->p[i].bad);
		free(a->p[i].where);
	}
	for (i = 0; i < a->nnotes; i++)
		free(a->notes[i]);
	free(a->notes);
	free(a->p);
	free(a->cond);
	free(a->note);
	free(a);
}

size_t emit_args_count(const struct emit_set *set, bool conditional)
{
	size_t i, n = 0;

	for (i = 0; i < set->nitems; i++)
		if (conditional ? emit_item_cond(set, i) != NULL :
		    emit_item_args_note(set, i) != NULL)
			n++;
	return n;
}

void emit_cond_value_name(struct strbuf *sb, const struct emit_cond *c,
			  uint64_t v)
{
	struct strbuf t = STRBUF_INIT;
	const char *eq;

	decisive_arg_format(&t, c->arg, v);
	eq = strchr(t.buf, '=');
	strbuf_addstr(sb, eq ? eq + 1 : t.buf);
	strbuf_release(&t);
}

void emit_cond_describe(struct strbuf *sb, const struct emit_cond *c)
{
	size_t i;

	if (c->arg->mask) {
		strbuf_addf(sb, "(arg%u & (", c->arg->index);
		emit_cond_value_name(sb, c, c->arg->mask);
		strbuf_addstr(sb, ")) == ");
	} else {
		strbuf_addf(sb, "arg%u == ", c->arg->index);
	}
	for (i = 0; i < c->nvalues; i++) {
		if (i)
			strbuf_addstr(sb, " or ");
		emit_cond_value_name(sb, c, c->values[i]);
		strbuf_addf(sb, " (%llu call%s)",
			    (unsigned long long)c->calls[i],
			    plural(c->calls[i]));
	}
}

void emit_cond_rule_name(struct strbuf *sb, const struct emit_cond *c,
			 const struct arg_cond *r)
{
	if (r->op != ARG_MASKED_EQ) {
		emit_cond_value_name(sb, c, r->value);
		return;
	}
	if (c->arg->mask) {
		emit_cond_value_name(sb, c, r->value2);
		strbuf_addstr(sb, " under ");
		emit_cond_value_name(sb, c, r->value);
	} else if (r->value == ARG32) {
		emit_cond_value_name(sb, c, r->value2);
		strbuf_addstr(sb, " (low 32 bits)");
	} else {
		strbuf_addf(sb, "0x%llx..0x%llx (low 32 bits)",
			    (unsigned long long)r->value2,
			    (unsigned long long)(r->value2 |
						 (~r->value & ARG32)));
	}
}

/* Append one comparison to *out. */
static void push_rule(struct arg_cond **out, size_t *n, size_t *alloc,
		      unsigned index, enum arg_op op, uint64_t value,
		      uint64_t value2)
{
	*out = xgrow(*out, sizeof(**out), *n + 1, alloc);
	(*out)[*n].index = index;
	(*out)[*n].op = op;
	(*out)[*n].value = value;
	(*out)[*n].value2 = value2;
	(*n)++;
}

/*
 * [lo, hi] (lo <= hi + 1, hi <= ARG32) as the fewest aligned power-of-two
 * blocks of the 32-bit space, each one comparison (arg & (ARG32 & ~(2^k -
 * 1))) == start: the mask stays inside the low half, so the high half
 * of the register never matters.  At most about two per bit.
 */
static void push_gap(struct arg_cond **out, size_t *n, size_t *alloc,
		     unsigned index, uint64_t lo, uint64_t hi)
{
	while (lo <= hi) {
		unsigned k = 0;
		uint64_t size;

		/* the largest aligned block at lo that stays inside */
		while (k < 31 && !(lo & (((uint64_t)1 << (k + 1)) - 1)) &&
		       ((uint64_t)1 << (k + 1)) - 1 <= hi - lo)
			k++;
		size = (uint64_t)1 << k;
		push_rule(out, n, alloc, index, ARG_MASKED_EQ,
			  ARG32 & ~(size - 1), lo);
		if (hi - lo < size)
			break;
		lo += size;
	}
}

static bool has_value(const struct emit_cond *c, uint64_t v)
{
	size_t i;

	for (i = 0; i < c->nvalues; i++)
		if (c->values[i] == v)
			return true;
	return false;
}

size_t emit_cond_rules(const struct emit_cond *c, bool complement,
		       struct arg_cond **out)
{
	const struct decisive_arg *d = c->arg;
	size_t n = 0, alloc = 0, i;
	uint64_t bits[64], x;
	unsigned nbits = 0, b;

	*out = NULL;
	if (!complement) {
		/* (arg & mask) == v, the mask clone's flags or the low
		 * half */
		for (i = 0; i < c->nvalues; i++)
			push_rule(out, &n, &alloc, d->index, ARG_MASKED_EQ,
				  d->mask ? d->mask : ARG32,
				  c->values[i] & (d->mask ? d->mask : ARG32));
		return n;
	}
	if (!d->mask) {
		/* the rest of the 32-bit space: below the first value, each
		 * gap and above the last as aligned blocks, disjoint from
		 * the value rules, so no rule order matters */
		uint64_t lo = 0;

		for (i = 0; i < c->nvalues; i++) {
			uint64_t v = c->values[i] & ARG32;

			if (v > lo)
				push_gap(out, &n, &alloc, d->index, lo,
					 v - 1);
			lo = v + 1;
		}
		if (lo <= ARG32)
			push_gap(out, &n, &alloc, d->index, lo, ARG32);
		return n;
	}
	for (b = 0; b < 64; b++)
		if (d->mask & ((uint64_t)1 << b))
			bits[nbits++] = (uint64_t)1 << b;
	if (c->nvalues == 1 && c->values[0] == 0) {
		/* any flag of the mask set: disjoint from the allow rule */
		for (b = 0; b < nbits; b++)
			push_rule(out, &n, &alloc, d->index, ARG_MASKED_EQ,
				  bits[b], bits[b]);
		return n;
	}
	if (nbits > 10)
		return 0; /* never: consts.c's masks are small */
	/* every other combination of the mask's flags */
	for (x = 0; x < ((uint64_t)1 << nbits); x++) {
		uint64_t v = 0;

		for (b = 0; b < nbits; b++)
			if (x & ((uint64_t)1 << b))
				v |= bits[b];
		if (!has_value(c, v))
			push_rule(out, &n, &alloc, d->index, ARG_MASKED_EQ,
				  d->mask, v);
	}
	return n;
}
