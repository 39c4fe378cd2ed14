/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * t-import-lines.c - unit tests of the importers' line loop
 * (analyzer/import/lines.c): a big file read by producer threads, each
 * splitting the lines that start in its own region, must give the line
 * callback exactly what one thread reading it in order gives -- the
 * same lines, numbers, "last" and "NUL" flags and too-long lines, and
 * each line with its own classify() record -- whatever the number of
 * threads, on files made to put newlines, NUL bytes and over-long lines
 * on and around the region boundaries.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "analyzer/import/import.h"
#include "common/common.h"

#define CHUNK IMPORT_LINES_CHUNK
#define MAX_LINE 100000u

/* What the callbacks saw: a running hash of every event and counts. */
struct seen {
	uint64_t hash;
	uint64_t lines, too_long, last, nul, recs_ok, norec;
};

/* The callbacks' context: the loop and what it gave. */
struct tctx {
	struct import_lines L;
	struct seen w;
};

struct classified {
	uint64_t len, sum;
};

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h * 0x100000001b3ull;
}

static uint64_t sum_of(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
	return h;
}

static void classify(const char *s, size_t len, bool nul, void *rec)
{
	struct classified *c = rec;

	(void)nul;
	c->len = len;
	c->sum = sum_of(s, len);
}

static int on_line(void *ctx, const char *s, size_t len, bool last, bool nul,
		   void *rec)
{
	struct tctx *t = ctx;
	struct seen *w = &t->w;
	uint64_t sum = sum_of(s, len);

	w->hash = mix(w->hash, t->L.lineno);
	w->hash = mix(w->hash, len);
	w->hash = mix(w->hash, sum);
	w->hash = mix(w->hash, (uint64_t)last << 1 | nul);
	w->lines++;
	w->last += last;
	w->nul += nul;
	if (rec) {
		const struct classified *c = rec;

		/* each record belongs to its own line */
		assert_int_equal(c->len, len);
		assert_int_equal(c->sum, sum);
		w->recs_ok++;
	} else {
		w->norec++; /* the one-thread reader, or past BATCH_MAX */
	}
	return 0;
}

static int on_too_long(void *ctx)
{
	struct tctx *t = ctx;
	struct seen *w = &t->w;

	/* lineno already counts it */
	w->hash = mix(w->hash, t->L.lineno ^ 0xdeadull);
	w->too_long++;
	return 0;
}

/* Read path with `threads` producers (0: the one-thread reader), with
 * regions of chunk bytes (0: the default) and lines up to max_line. */
static struct seen read_opts(const char *path, int threads, size_t chunk,
			     size_t max_line)
{
	struct tctx t = {
		.L = {
			.display = path,
			.max_line = max_line,
			.chunk = chunk,
			.stream_long = "too long",
			.too_long = on_too_long,
			.line = on_line,
		},
		.w = { .hash = 7 },
	};
	struct import_lines *L = &t.L;
	char n[16];
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	L->ctx = &t;
	if (threads) {
		snprintf(n, sizeof(n), "%d", threads);
		setenv("SYSCENSUS_IMPORT_THREADS", n, 1);
		import_lines_prepare();
		L->threads = true;
		L->rec_size = sizeof(struct classified);
		L->classify = classify;
	}
	assert_int_equal(import_lines_read(L, f), 0);
	assert_int_equal(L->lineno, t.w.lines + t.w.too_long);
	assert_int_equal(t.w.recs_ok + t.w.norec, t.w.lines);
	if (!threads)
		assert_int_equal(t.w.recs_ok, 0);
	fclose(f);
	return t.w;
}

static struct seen read_with(const char *path, int threads)
{
	return read_opts(path, threads, 0, MAX_LINE);
}

static uint64_t rnd_state = 88172645463325252ull;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* Append a line of len bytes (printable, a NUL at nul_at if below len). */
static void put_line(FILE *f, size_t len, size_t nul_at, bool newline)
{
	size_t i;

	for (i = 0; i < len; i++)
		fputc(i == nul_at ? '\0' : 'a' + (int)((rnd() >> 11) % 26), f);
	if (newline)
		fputc('\n', f);
}

/* Ordinary lines up to about `to` bytes from the file's start. */
static void fill_to(FILE *f, long to)
{
	while (ftell(f) < to) {
		size_t len = (size_t)(rnd() % 300);

		put_line(f, len, rnd() % 50 == 0 ? len / 2 : SIZE_MAX, true);
	}
}

/* A line that ends exactly so that its newline is at file offset at. */
static void newline_at(FILE *f, long at)
{
	long here = ftell(f);

	assert_true(at >= here);
	put_line(f, (size_t)(at - here), SIZE_MAX, true);
}

static void compare(const char *path)
{
	struct seen one = read_with(path, 0);
	int threads[] = { 1, 2, 3, 8 };
	size_t i;

	assert_true(one.lines > 1000);
	for (i = 0; i < sizeof(threads) / sizeof(threads[0]); i++) {
		struct seen t = read_with(path, threads[i]);

		assert_int_equal(t.lines, one.lines);
		assert_int_equal(t.too_long, one.too_long);
		assert_int_equal(t.last, one.last);
		assert_int_equal(t.nul, one.nul);
		assert_int_equal(t.hash, one.hash);
	}
}

static FILE *new_file(char *path, size_t size)
{
	const char *tmp = getenv("TMPDIR");
	int fd;

	snprintf(path, size, "%s/t-import-lines.XXXXXX", tmp ? tmp : "/tmp");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	return fdopen(fd, "w");
}

/* Newlines at, before and after region boundaries; NUL bytes on them;
 * a region of empty lines; over-long lines within one region, across
 * several, and at the very end without a newline. */
static void test_boundaries(void **state)
{
	char path[4096];
	FILE *f = new_file(path, sizeof(path));
	long k;

	(void)state;
	fill_to(f, CHUNK - 400);
	newline_at(f, CHUNK - 2);          /* a line starts at CHUNK - 1 */
	newline_at(f, CHUNK - 1);          /* ... and one at CHUNK */
	newline_at(f, 2 * CHUNK);          /* one at 2 CHUNK + 1 */
	newline_at(f, 3 * CHUNK - 1);      /* region 3 starts with a line */
	put_line(f, 20, 0, true);          /* a NUL at 3 CHUNK */
	fill_to(f, 4 * CHUNK - 10);
	put_line(f, 30, 9, true);          /* a NUL at 4 CHUNK - 1 */
	fill_to(f, 5 * CHUNK);
	for (k = 0; k < (long)CHUNK / 2 + 5000; k++)
		fputc('\n', f);            /* more lines than a batch held */
	fill_to(f, 7 * CHUNK - 100);
	put_line(f, MAX_LINE + 5000, SIZE_MAX, true); /* too long, short */
	put_line(f, 10, SIZE_MAX, true);
	put_line(f, 3 * CHUNK, 1000, true); /* too long, three regions */
	put_line(f, MAX_LINE, SIZE_MAX, true); /* just fits */
	put_line(f, MAX_LINE + 1, SIZE_MAX, true); /* just does not */
	fill_to(f, 17 * CHUNK + 3);
	newline_at(f, 18 * CHUNK - 1);
	fill_to(f, 20 * CHUNK);
	put_line(f, 17, SIZE_MAX, false);  /* no newline at the end */
	assert_int_equal(fclose(f), 0);
	compare(path);
	/* the region of empty lines went past a batch's records: the
	 * consumer split the rest itself */
	assert_true(read_with(path, 2).norec > 0);
	unlink(path);
}

/* More lines in a region than a batch holds records for, then in the
 * rest of it NUL bytes, an over-long line, and the same at the end of
 * the file, where an over-long line has no newline. */
static void test_dense(void **state)
{
	char path[4096];
	FILE *f = new_file(path, sizeof(path));
	long k;

	(void)state;
	fill_to(f, 3 * CHUNK + 10);
	for (k = 0; k < 40000; k++)
		put_line(f, (size_t)(rnd() % 3), rnd() % 7 == 0 ? 0 : SIZE_MAX,
			 true);
	put_line(f, MAX_LINE + 10, SIZE_MAX, true);
	for (k = 0; k < 20000; k++)
		put_line(f, 1, SIZE_MAX, true);
	fill_to(f, 17 * CHUNK);
	for (k = 0; k < 30000; k++)
		put_line(f, (size_t)(rnd() % 4), rnd() % 5 == 0 ? 1 : SIZE_MAX,
			 true);
	put_line(f, MAX_LINE + 10, 3, false);
	assert_int_equal(fclose(f), 0);
	compare(path);
	assert_true(read_with(path, 3).norec > 0);
	unlink(path);
}

/* The last line is over-long and has no newline; random lines before. */
static void test_random_long_end(void **state)
{
	char path[4096];
	FILE *f = new_file(path, sizeof(path));

	(void)state;
	fill_to(f, 18 * CHUNK + 12345);
	put_line(f, MAX_LINE + 3, 7, false);
	assert_int_equal(fclose(f), 0);
	compare(path);
	unlink(path);
}

/* A file of ordinary lines whose last newline is at file offset end. */
static void ends_at(long end)
{
	char path[4096];
	FILE *f = new_file(path, sizeof(path));

	fill_to(f, end - 500);
	newline_at(f, end);
	assert_int_equal(fclose(f), 0);
	compare(path);
	unlink(path);
}

/* The file ends on a region boundary, just before, and just past it
 * (where the region before reads its last line to the end). */
static void test_end_on_boundary(void **state)
{
	(void)state;
	ends_at(17 * CHUNK - 1);
	ends_at(17 * CHUNK - 2);
	ends_at(17 * CHUNK);
	ends_at(17 * CHUNK + 100);
	ends_at(17 * CHUNK + 3000);
	ends_at(17 * CHUNK + 5000);
}

/*
 * Small regions (16 to 200 bytes), so a small file has many: random files
 * of short lines, empty ones, NUL bytes and lines over a small max_line,
 * read with every thread count against the one-thread reader.  Regions
 * this small hold few records (chunk / 16), so most of them have a rest
 * the consumer splits.
 */
static void test_small_regions(void **state)
{
	char path[4096];
	int round, threads[] = { 1, 2, 5 };

	(void)state;
	for (round = 0; round < 150; round++) {
		FILE *f = new_file(path, sizeof(path));
		size_t chunk = 16 + (size_t)(rnd() % 185), max_line;
		long size = 16 * (long)chunk + (long)(rnd() % 20000);
		struct seen one;
		size_t i;

		max_line = 1 + (size_t)(rnd() % (2 * chunk));
		while (ftell(f) < size) {
			uint64_t r = rnd() % 100;
			size_t len = r < 30 ? (size_t)(rnd() % 3) :
				     r < 95 ? (size_t)(rnd() % (chunk / 2 + 1)) :
					      (size_t)(rnd() % (4 * chunk));

			put_line(f, len, rnd() % 9 == 0 ? len / 3 : SIZE_MAX,
				 true);
		}
		if (rnd() % 2)
			put_line(f, (size_t)(rnd() % (3 * chunk)), SIZE_MAX,
				 false);
		assert_int_equal(fclose(f), 0);
		one = read_opts(path, 0, chunk, max_line);
		for (i = 0; i < sizeof(threads) / sizeof(threads[0]); i++) {
			struct seen t = read_opts(path, threads[i], chunk,
						  max_line);

			assert_int_equal(t.lines, one.lines);
			assert_int_equal(t.too_long, one.too_long);
			assert_int_equal(t.last, one.last);
			assert_int_equal(t.nul, one.nul);
			assert_int_equal(t.hash, one.hash);
		}
		unlink(path);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boundaries),
		cmocka_unit_test(test_dense),
		cmocka_unit_test(test_small_regions),
		cmocka_unit_test(test_random_long_end),
		cmocka_unit_test(test_end_on_boundary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
