/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz.h - what the fuzz targets of tests/fuzz/ share: the libFuzzer entry
 * point each defines, and a scratch store for the importers.
 *
 * Every target is built twice: with driver.c into tests/fuzz/regress-NAME,
 * which replays the corpus under plain gcc (make check) and under ASan +
 * UBSan (CI's sanitizer pass), and with libFuzzer into tests/fuzz/fuzz-NAME
 * (./configure CC=clang --enable-fuzzing).  Targets keep no state between
 * inputs except what they create once (the store, a scratch directory), so
 * a reproducer replays alone.
 */
#ifndef SYSCENSUS_FUZZ_H
#define SYSCENSUS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The scratch directory of this process, created 0700 on first use and
 * removed at exit with what the targets left in it. Static string. */
static char fuzz_dir_buf[64];
static char fuzz_db_buf[96];
static struct store *fuzz_st;

static void fuzz_cleanup(void)
{
	char p[160];

	if (fuzz_st) {
		store_close(fuzz_st);
		fuzz_st = NULL;
	}
	if (!*fuzz_dir_buf)
		return;
	/* the files the targets create, by name (no shell, no recursion) */
	static const char *const names[] = {
		"store.db", "store.db-wal", "store.db-shm", "store.db-journal",
		"input", "kb/fuzz.rules", "kb",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", fuzz_dir_buf, names[i]);
		if (unlink(p) < 0)
			rmdir(p);
	}
	rmdir(fuzz_dir_buf);
}

static inline const char *fuzz_dir(void)
{
	if (!*fuzz_dir_buf) {
		const char *tmp = getenv("TMPDIR");

		snprintf(fuzz_dir_buf, sizeof(fuzz_dir_buf),
			 "%s/syscensus-fuzz-XXXXXX",
			 tmp && *tmp && strlen(tmp) < 30 ? tmp : "/tmp");
		if (!mkdtemp(fuzz_dir_buf)) {
			perror("mkdtemp");
			abort();
		}
		atexit(fuzz_cleanup);
	}
	return fuzz_dir_buf;
}

/* A store opened once per process; abort if it cannot be (a harness
 * failure, not a finding). */
static inline struct store *fuzz_store(void)
{
	if (!fuzz_st) {
		snprintf(fuzz_db_buf, sizeof(fuzz_db_buf), "%s/store.db",
			 fuzz_dir());
		fuzz_st = store_open(fuzz_db_buf, STORE_CREATE);
		if (!fuzz_st)
			abort();
	}
	return fuzz_st;
}

/*
 * Begin a run in a transaction the caller ends with store_rollback(), so
 * the store stays empty and every input sees the same state.  Returns the
 * run id (aborts if the store refuses: a harness failure).
 */
static inline int64_t fuzz_run_begin(struct store *st)
{
	const struct store_run r = { "import", "fuzz", "fuzz" };
	int64_t run;

	if (store_begin(st) < 0 || (run = store_run_begin(st, &r)) < 0)
		abort();
	return run;
}

/* A sum of the bytes: picks options deterministically from the input
 * itself, so seeds stay plain text and reproducers replay alone. */
static inline unsigned fuzz_pick(const uint8_t *data, size_t size)
{
	unsigned s = 0;

	for (size_t i = 0; i < size; i++)
		s += data[i];
	return s;
}

/* data as a NUL-terminated heap string of size bytes (caller frees). */
static inline char *fuzz_strdup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
