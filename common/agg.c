/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * agg.c - in-memory aggregation of syscall events.
 *
 * The tracer and the importers see millions of events but only a few
 * hundred distinct (phase, exe, arch, syscall) keys.  They count here, on
 * their hot path, with no allocation after a key's first sighting and no
 * string formatting; store_flush_agg() turns the dirty entries into rows.
 * An open-addressing table keeps lookups to a hash and a compare.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common.h"

void agg_init(struct agg *a)
{
	memset(a, 0, sizeof(*a));
}

void agg_release(struct agg *a)
{
	size_t i;

	for (i = 0; i < a->cap; i++)
		free(a->slots[i].errnos);
	free(a->slots);
	agg_init(a);
}

static size_t key_hash(const struct agg_key *k)
{
	uint64_t h = (uint64_t)k->phase * 0x9e3779b97f4a7c15ULL;

	h ^= (uint64_t)k->exe * 0xc2b2ae3d27d4eb4fULL;
	h ^= ((uint64_t)k->arch << 32 | (uint32_t)k->nr) *
	     0x165667b19e3779f9ULL;
	return (size_t)(h ^ (h >> 29));
}

static bool key_eq(const struct agg_key *a, const struct agg_key *b)
{
	return a->phase == b->phase && a->exe == b->exe &&
	       a->arch == b->arch && a->nr == b->nr;
}

static struct agg_entry *slot_for(struct agg_entry *slots, size_t cap,
				  const struct agg_key *k)
{
	size_t i = key_hash(k) & (cap - 1);

	while (slots[i].used && !key_eq(&slots[i].key, k))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static void agg_rehash(struct agg *a)
{
	size_t ncap = a->cap ? a->cap * 2 : 256, i;
	struct agg_entry *n = xcalloc(ncap, sizeof(*n));

	for (i = 0; i < a->cap; i++)
		if (a->slots[i].used)
			*slot_for(n, ncap, &a->slots[i].key) = a->slots[i];
	free(a->slots);
	a->slots = n;
	a->cap = ncap;
}

struct agg_entry *agg_get(struct agg *a, const struct agg_key *key,
			  bool *new_out)
{
	struct agg_entry *e;

	if ((a->count + 1) * 4 > a->cap * 3)
		agg_rehash(a);
	e = slot_for(a->slots, a->cap, key);
	if (new_out)
		*new_out = !e->used;
	if (!e->used) {
		memset(e, 0, sizeof(*e));
		e->key = *key;
		e->used = true;
		a->count++;
	}
	return e;
}

void agg_mark_dirty(struct agg *a, struct agg_entry *e)
{
	if (!e->dirty) {
		e->dirty = true;
		a->ndirty++;
	}
}

void agg_clear_dirty(struct agg *a)
{
	size_t i;

	for (i = 0; i < a->cap; i++) {
		struct agg_entry *e = &a->slots[i];

		if (!e->used || !e->dirty)
			continue;
		e->calls = e->errors = 0;
		e->nerrnos = 0;
		e->dirty = false;
	}
	a->ndirty = 0;
}

void agg_add_errno(struct agg_entry *e, int err, uint64_t count)
{
	size_t i;

	for (i = 0; i < e->nerrnos; i++) {
		if (e->errnos[i].err == err) {
			e->errnos[i].count += count;
			return;
		}
	}
	e->errnos = xrealloc(e->errnos, (e->nerrnos + 1) * sizeof(*e->errnos));
	e->errnos[e->nerrnos].err = err;
	e->errnos[e->nerrnos].count = count;
	e->nerrnos++;
}

void agg_add(struct agg_entry *e, uint64_t calls, uint64_t errors)
{
	e->calls += calls;
	e->errors += errors;
}

void agg_count(struct agg *a, const struct agg_key *key, int32_t tid,
	       int64_t t_ns, int err)
{
	agg_count_entry(a, agg_get(a, key, NULL), tid, t_ns, err);
}

void agg_count_entry(struct agg *a, struct agg_entry *e, int32_t tid,
		     int64_t t_ns, int err)
{
	if (!e->calls && !e->first_tid) {
		e->first_tid = tid;
		e->first_ns = t_ns;
	}
	if (t_ns)
		e->last_ns = t_ns;
	e->calls++;
	if (err > 0) {
		e->errors++;
		agg_add_errno(e, err, 1);
	}
	agg_mark_dirty(a, e);
}
