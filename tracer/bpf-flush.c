/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bpf-flush.c - the bpf engine's reading of its program's maps: every
 * second, at each phase change and at the end, bpf_flush() reads the
 * per-CPU totals (the fast rows of the first (exe, phase) pairs, the
 * counts, errno and fact hashes), adds what is new since the last read
 * into the run's struct agg, keyed by store ids (the maps are never
 * cleared: a count taken between a read and a delete would be lost), and
 * writes it with store_flush_agg() in one transaction.
 */
#include "config.h"

#ifdef HAVE_BPF

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>

#include "tracer/bpf-int.h"

/* "SIGHUP"; real-time signals as strace names them (SIGRTMIN, SIGRT_1). */
static const char *signal_name(int sig, char *buf, size_t size)
{
	const char *abbrev = sig > 0 && sig < 32 ? sigabbrev_np(sig) : NULL;

	if (abbrev)
		snprintf(buf, size, "SIG%s", abbrev);
	else if (sig == 32)
		snprintf(buf, size, "SIGRTMIN");
	else if (sig > 32 && sig <= 64)
		snprintf(buf, size, "SIGRT_%d", sig - 32);
	else
		snprintf(buf, size, "SIG%d", sig);
	return buf;
}

/* The store id of phase index idx; -1 if unknown. */
static int64_t phase_id(struct bpf_tracer *bt, uint32_t idx)
{
	if (idx & CENSUS_PHASE_SIGNAL) {
		unsigned sig = idx & ~CENSUS_PHASE_SIGNAL;
		char sname[32], name[64];

		if (sig >= ARRAY_SIZE(bt->sig_phase))
			return -1;
		if (!bt->sig_phase[sig]) {
			snprintf(name, sizeof(name), "after-%s",
				 signal_name((int)sig, sname, sizeof(sname)));
			bt->sig_phase[sig] = store_intern_phase(bt->st, name);
		}
		return bt->sig_phase[sig];
	}
	return idx < bt->nphases ? bt->phase_ids[idx] : -1;
}

/* ------------------------------------------------------------ flush */

static size_t seen_hash(uint8_t tag, const void *key, size_t len)
{
	const unsigned char *p = key;
	uint64_t h = 0xcbf29ce484222325ULL ^ tag;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return (size_t)(h ^ (h >> 31));
}

static struct seen *seen_slot(struct seen *tab, size_t cap, uint8_t tag,
			      const void *key, size_t len)
{
	size_t i = seen_hash(tag, key, len) & (cap - 1);

	while (tab[i].used &&
	       (tab[i].tag != tag || memcmp(tab[i].key, key, len)))
		i = (i + 1) & (cap - 1);
	return &tab[i];
}

/* The entry for (tag, key): the total already counted.  Keys are
 * zero-padded to one size, so hashing and comparing never depend on
 * which map they came from. */
static struct seen *seen_get(struct bpf_tracer *bt, uint8_t tag,
			     const void *key, size_t len)
{
	unsigned char k[sizeof(((struct seen *)0)->key)];
	struct seen *s;

	memset(k, 0, sizeof(k));
	memcpy(k, key, len);
	if ((bt->nseen + 1) * 2 > bt->seen_cap) {
		size_t ncap = bt->seen_cap ? bt->seen_cap * 2 : 1024, i;
		struct seen *n = xcalloc(ncap, sizeof(*n));

		for (i = 0; i < bt->seen_cap; i++)
			if (bt->seen[i].used)
				*seen_slot(n, ncap, bt->seen[i].tag,
					   bt->seen[i].key,
					   sizeof(k)) = bt->seen[i];
		free(bt->seen);
		bt->seen = n;
		bt->seen_cap = ncap;
	}
	s = seen_slot(bt->seen, bt->seen_cap, tag, k, sizeof(k));
	if (!s->used) {
		s->used = true;
		s->tag = tag;
		memcpy(s->key, k, sizeof(k));
		bt->nseen++;
	}
	return s;
}

static uint32_t arch_token_of(struct bpf_tracer *bt, uint32_t a)
{
	return a == CENSUS_ARCH_X32	 ? bt->x32
	       : a == CENSUS_ARCH_COMPAT ? bt->compat
					 : bt->native;
}

/*
 * The agg key of a program key; false when it cannot be named yet (an
 * exec event not read) or must not be counted (our mark client).
 * *skip says the latter.
 */
static bool agg_key_of(struct bpf_tracer *bt, const struct census_key *k,
		       bool last, struct agg_key *out, bool *skip)
{
	struct exe_gen *g = bpf_gen_find(bt, k->exe);

	*skip = false;
	if (g && g->ignore) {
		*skip = true;
		return false;
	}
	if (!g || !g->id) {
		if (!last)
			return false;
		g = bpf_gen_add(bt, k->exe);
		g->id = store_intern_exe(bt->st, "unknown");
	}
	out->exe = g->id;
	out->phase = phase_id(bt, k->phase);
	out->arch = arch_token_of(bt, k->arch);
	out->nr = k->nr;
	return out->phase >= 0 && out->arch;
}

/*
 * What is new in map (keys of key_size): fn(bt, key, delta) for each key
 * whose total grew.  A key fn refuses (returns false) is retried later.
 */
static void read_map(struct bpf_tracer *bt, struct bpf_map *map, uint8_t tag,
		     size_t key_size, bool last,
		     bool (*fn)(struct bpf_tracer *, const void *, uint64_t,
				bool))
{
	unsigned char key[sizeof(struct census_vkey)],
		next[sizeof(struct census_vkey)];
	void *prev = NULL;
	int fd = bpf_map__fd(map), i;

	while (bpf_map_get_next_key(fd, prev, next) == 0) {
		uint64_t total = 0;
		struct seen *s;

		memcpy(key, next, key_size);
		prev = key;
		if (bpf_map_lookup_elem(fd, key, bt->vals) < 0)
			continue;
		for (i = 0; i < bt->ncpus; i++)
			total += bt->vals[i];
		s = seen_get(bt, tag, key, key_size);
		if (total <= s->total)
			continue;
		if (fn(bt, key, total - s->total, last))
			s->total = total;
	}
}

static bool take_count(struct bpf_tracer *bt, const void *key, uint64_t n,
		       bool last)
{
	struct agg_key ak;
	struct agg_entry *e;
	bool skip;

	if (!agg_key_of(bt, key, last, &ak, &skip))
		return skip;
	e = agg_get(&bt->agg, &ak, NULL);
	if (!e->first_ns)
		e->first_ns = time_now_ns();
	e->last_ns = time_now_ns();
	agg_add(e, n, 0);
	agg_mark_dirty(&bt->agg, e);
	bt->calls += n;
	return true;
}

/* The fast rows: for each (exe, phase) with a slot, its native calls
 * summed over the CPUs, taken as counts of their census_key. */
static void read_fast(struct bpf_tracer *bt, bool last)
{
	int sfd = bpf_map__fd(bt->skel->maps.slots);
	int ffd = bpf_map__fd(bt->skel->maps.fast);
	struct census_pkey pk, next, *prev = NULL;
	uint32_t slot;

	while (bpf_map_get_next_key(sfd, prev, &next) == 0) {
		struct census_key k = { .exe = next.exe,
					.phase = next.phase,
					.arch = CENSUS_ARCH_NATIVE };

		pk = next;
		prev = &pk;
		if (bpf_map_lookup_elem(sfd, &pk, &slot) < 0 ||
		    slot >= CENSUS_FAST_SLOTS ||
		    bpf_map_lookup_elem(ffd, &slot, bt->rows) < 0)
			continue;
		for (k.nr = 0; k.nr < CENSUS_FAST_NR; k.nr++) {
			uint64_t total = 0;
			struct seen *s;
			int i;

			for (i = 0; i < bt->ncpus; i++)
				total += bt->rows[i].n[k.nr];
			if (!total)
				continue;
			s = seen_get(bt, 4, &k, sizeof(k));
			if (total > s->total &&
			    take_count(bt, &k, total - s->total, last))
				s->total = total;
		}
	}
}

static bool take_errno(struct bpf_tracer *bt, const void *key, uint64_t n,
		       bool last)
{
	const struct census_ekey *ek = key;
	struct agg_key ak;
	struct agg_entry *e;
	bool skip;

	if (!agg_key_of(bt, &ek->k, last, &ak, &skip))
		return skip;
	e = agg_get(&bt->agg, &ak, NULL);
	agg_add(e, 0, n);
	agg_add_errno(e, ek->err, n);
	agg_mark_dirty(&bt->agg, e);
	return true;
}

static bool take_fact(struct bpf_tracer *bt, const void *key, uint64_t n,
		      bool last)
{
	const struct census_vkey *vk = key;
	char name[SYSCALL_NAME_MAX], sname[32];
	struct strbuf text = STRBUF_INIT;
	const struct decisive_arg *d;
	const char *kind, *sc = "", *value;
	struct agg_key ak;
	bool skip, ok;

	if (!agg_key_of(bt, &vk->k, last, &ak, &skip))
		return skip;
	if (vk->k.nr >= 0)
		sc = syscall_name(ak.arch, vk->k.nr, name);
	switch (vk->kind) {
	case CENSUS_FACT_ARG:
		d = decisive_arg_find(sc);
		if (!d)
			return true;
		decisive_arg_format(&text, d, vk->value);
		kind = "arg";
		value = text.buf;
		break;
	case CENSUS_FACT_SIGNAL:
		kind = "signal";
		value = signal_name((int)vk->value, sname, sizeof(sname));
		sc = "";
		break;
	case CENSUS_FACT_HANDLER:
		kind = "handler";
		value = signal_name((int)vk->value, sname, sizeof(sname));
		break;
	case CENSUS_FACT_THREAD:
		kind = "flag";
		value = "CLONE_THREAD";
		break;
	default:
		return true;
	}
	ok = store_add_fact(bt->st, bt->run, ak.phase, ak.exe, kind, value, sc,
			    n) == 0;
	strbuf_release(&text);
	return ok;
}

static int flush_paths(struct bpf_tracer *bt, bool last)
{
	char name[SYSCALL_NAME_MAX];
	size_t i;

	for (i = 0; i < bt->npaths; i++) {
		struct pathfact *f = &bt->paths[i];
		struct agg_key ak;
		bool skip;

		if (!f->count)
			continue;
		if (!agg_key_of(bt, &f->k, last, &ak, &skip)) {
			if (skip)
				f->count = 0;
			continue;
		}
		if (store_add_fact(
			    bt->st, bt->run, ak.phase, ak.exe, "path", f->path,
			    syscall_name(ak.arch, f->k.nr, name), f->count) < 0)
			return -1;
		f->count = 0;
	}
	return 0;
}

/* One transaction: what the kernel counted since the last flush. */
void bpf_flush(struct bpf_tracer *bt, bool last)
{
	ring_buffer__consume(bt->rb);
	if (store_begin(bt->st) < 0)
		goto out;
	read_fast(bt, last);
	read_map(bt, bt->skel->maps.counts, 1, sizeof(struct census_key), last,
		 take_count);
	read_map(bt, bt->skel->maps.errs, 2, sizeof(struct census_ekey), last,
		 take_errno);
	read_map(bt, bt->skel->maps.facts, 3, sizeof(struct census_vkey), last,
		 take_fact);
	if (flush_paths(bt, last) < 0 ||
	    store_flush_agg(bt->st, bt->run, &bt->agg) < 0 ||
	    store_commit(bt->st) < 0) {
		store_rollback(bt->st);
		warning("counts not written yet; retrying at the next flush");
	}
out:
	bt->last_flush_ns = time_mono_ns();
}

#endif /* HAVE_BPF */
