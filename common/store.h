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

#endif
