/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-lines.c - libFuzzer target for the importers' line loop
 * (analyzer/import/lines.c), a differential one: the input, repeated
 * until it makes at least 16 regions, is read by producer threads with
 * small regions and by the one-thread reader, and every line the line
 * callback gets (its number, bytes, "last" and "NUL" flags, the too-long
 * lines, the record classify() left for it) must be the same; any
 * difference aborts.  The first three bytes pick the region (16 to 271
 * bytes), the longest line (1 to 400 bytes) and the threads (1 to 4).
 */
#include "config.h"

#include "analyzer/import/import.h"
#include "tests/fuzz/fuzz.h"

struct seen {
	struct import_lines L;
	uint64_t hash, lines, too_long;
};

static uint64_t mix(uint64_t h, uint64_t v)
{
	return (h ^ v) * 0x100000001b3ull + (h >> 29);
}

static uint64_t sum_of(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
	return h;
}

/* classify() runs in the producers: the line's length and bytes */
static void classify(const char *s, size_t len, bool nul, void *rec)
{
	uint64_t *r = rec;

	r[0] = len;
	r[1] = sum_of(s, len) ^ nul;
}

static int on_line(void *ctx, const char *s, size_t len, bool last, bool nul,
		   void *rec)
{
	struct seen *w = ctx;
	uint64_t sum = sum_of(s, len);

	/* a record belongs to its own line */
	if (rec && (((uint64_t *)rec)[0] != len ||
		    ((uint64_t *)rec)[1] != (sum ^ nul)))
		abort();
	if ((memchr(s, '\0', len) != NULL) != nul)
		abort();
	w->hash = mix(w->hash, w->L.lineno);
	w->hash = mix(w->hash, len);
	w->hash = mix(w->hash, sum);
	w->hash = mix(w->hash, (uint64_t)last << 1 | nul);
	w->lines++;
	return 0;
}

static int on_too_long(void *ctx)
{
	struct seen *w = ctx;

	w->hash = mix(w->hash, w->L.lineno ^ 0xdeadull);
	w->too_long++;
	return 0;
}

static void read_it(const char *path, struct seen *w, bool threads,
		    size_t chunk, size_t max_line)
{
	FILE *f = fopen(path, "re");

	if (!f)
		abort();
	memset(w, 0, sizeof(*w));
	w->L.display = "fuzz";
	w->L.max_line = max_line;
	w->L.stream_long = "too long";
	w->L.too_long = on_too_long;
	w->L.line = on_line;
	w->L.ctx = w;
	w->L.chunk = chunk;
	if (threads) {
		w->L.threads = true;
		w->L.rec_size = 2 * sizeof(uint64_t);
		w->L.classify = classify;
	}
	if (import_lines_read(&w->L, f) < 0)
		abort();
	fclose(f);
	if (w->L.lineno != w->lines + w->too_long)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int threads_set = -1;
	char path[128], n[8];
	struct seen one, many;
	size_t chunk, max_line, done = 0;
	int threads;
	FILE *f;

	if (size < 4)
		return 0;
	chunk = 16 + data[0];
	max_line = 1 + (data[1] | (data[2] & 1) << 8) % 400;
	threads = 1 + data[2] % 4;
	data += 3;
	size -= 3;
	if (threads != threads_set) {
		snprintf(n, sizeof(n), "%d", threads);
		setenv("SYSCENSUS_IMPORT_THREADS", n, 1);
		import_lines_prepare();
		threads_set = threads;
	}
	snprintf(path, sizeof(path), "%s/input", fuzz_dir());
	f = fopen(path, "we");
	if (!f)
		abort();
	/* at least 16 regions: the threads read it */
	while (done < 16 * chunk + size % chunk) {
		if (fwrite(data, 1, size, f) != size)
			abort();
		done += size;
	}
	if (fclose(f))
		abort();
	read_it(path, &one, false, chunk, max_line);
	read_it(path, &many, true, chunk, max_line);
	if (one.hash != many.hash || one.lines != many.lines ||
	    one.too_long != many.too_long)
		abort();
	return 0;
}
