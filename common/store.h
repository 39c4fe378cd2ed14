/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * store.h - the store's typed queries beyond the basics in common.h:
 * rows and models as C structs, so no code outside common/store*.c needs
 * SQL or sqlite3.h.  Included by common.h; common/ depends on nothing
 * else, so every type here is plain C.
 *
 * Conventions: functions return 0, or -1 after error(); an iterator's
 * callback returning non-zero stops the walk and is returned; strings a
 * callback gets are valid only during the callback; a loaded model is
 * owned by the caller and freed with its _release().  An integer column
 * that may be NULL reads as STORE_NULL.
 */
#ifndef SYSCENSUS_STORE_H
#define SYSCENSUS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;
struct observed_filter;

/* The value of a NULL integer column. */
#define STORE_NULL INT64_MIN

/* ----------------------------------------------------------------- merge */

/* What merge_stores() copied (store-merge.c). */
struct merge_stats {
	uint64_t inputs;   /* stores merged */
	uint64_t runs;     /* runs copied */
	uint64_t syscalls; /* rows of the syscalls table copied */
	uint64_t rows;     /* rows of every per-run table, runs excluded */
};

/*
 * Copy every run of the stores at paths[0..n) into out (opened for
 * writing), remapping run, phase, exe and stack ids, one transaction per
 * input; the merge itself is recorded as a run of kind "merge" with
 * `command` as its provenance.  Every input is opened read-only and checked
 * (a syscensus store, not newer than us, not out itself) before anything is
 * written.  Returns 0, or -1 after an error; inputs merged before a failing
 * one stay merged, nothing of the failing one is written.
 */
int merge_stores(struct store *out, char *const paths[], size_t n,
		 const char *command, struct merge_stats *stats);

#endif
