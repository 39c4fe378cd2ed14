/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emit-items.h - what `emit` writes, as items (analyzer/emit-items.c):
 * the observed syscalls, the knowledge base's siblings and the static
 * reach, each with where it came from and why.
 */
#ifndef SYSCENSUS_EMIT_ITEMS_H
#define SYSCENSUS_EMIT_ITEMS_H

#include "analyzer/analyzer.h"
#include "analyzer/emit/emit.h"

/* How much of the static reach `scan` stored is added. */
enum emit_reach { EMIT_REACH_NONE, EMIT_REACH_DIRECT, EMIT_REACH_TRANSITIVE };

/*
 * The set: observed (sum, most calls first), then the knowledge base's
 * siblings (with siblings, while *kb_ok: a knowledge base that cannot be
 * loaded or evaluated is a warning and clears *kb_ok), then the direct and
 * transitive reach of rs, as far as reach asks.  Returns the number of
 * items; *items and *sources (where each item comes from) are malloc'd,
 * the caller's; the strings items point to are in *whys (*nwhys of them,
 * freed with emit_whys_free()) or in sum.
 */
size_t emit_items_build(struct store *st, const struct observed_filter *flt,
			const struct observed_summary *sum,
			const struct reach_set *rs, bool siblings,
			enum emit_reach reach, struct emit_item **items,
			enum emit_source **sources, char ***whys,
			size_t *nwhys, bool *kb_ok);
void emit_whys_free(char **whys, size_t n);

#endif
