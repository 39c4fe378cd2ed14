/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * store-inspect.h - the store's typed queries for `import`'s summary line
 * and `inspect --db` (common/store-inspect.c), so that no SQL is written
 * outside the store.
 */
#ifndef SYSCENSUS_STORE_INSPECT_H
#define SYSCENSUS_STORE_INSPECT_H

#include "common/common.h"

/* Distinct (arch, syscall) pairs of run; -1 on error. */
long store_run_distinct_syscalls(struct store *st, int64_t run);

/* How many filters the store holds (-1 after error()). */
int64_t store_count_filters(struct store *st);
/*
 * Call fn for filter id (every filter when id is 0), in id order, with
 * its id and its run, pid, exe and how (NULL when unknown), prog and
 * prog_len filled; they belong to the store until fn returns.  fn returns
 * 0 to go on, anything else stops the walk.  Returns 0, or -1 after
 * error() naming the store.
 */
int store_each_filter(struct store *st, int64_t id,
		      int (*fn)(int64_t id, const struct store_filter *f,
				void *data),
		      void *data);

#endif
