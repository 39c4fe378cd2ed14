/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lines.c - the one line loop of the importers.  Every format (strace,
 * audit, journal) is a parse callback called here once per line, in
 * order, with the line's number; this file owns reading, line splitting,
 * over-long lines and NUL bytes, so the formats differ only in what a
 * line means.
 *
 * A regular file of 16 regions or more (4 MiB) is read by producer
 * threads (one per CPU but one): each reads a region with pread(),
 * finds the lines that start in it and runs the format's pure classify
 * callback on each (strace_parse_line() for strace); the calling thread
 * takes the batches in the file's order and runs the line callback,
 * which has all the state, and fills regions itself while the next batch
 * is not ready.  The file is read, never mapped: a log truncated while it
 * is read (logrotate's copytruncate) just ends early, where a mapping
 * would die of SIGBUS.
 * A stream (pipe, FIFO, standard input) or a small file goes through one
 * READ_BUF buffer in this thread.  Memory stays flat whatever the size.
 * import_text_read() wraps the loop for the text formats (audit,
 * journal): what they do to every line before their parser sees it.
 */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/import/import.h"

#define READ_BUF (4u << 20)
/* What the producer reads at a time: small enough that a chunk is still
 * in the CPU's cache when its lines are split, classified and counted. */
#define MAX_PRODUCERS 8

/* ------------------------------------------------------- one line */

/* The first NUL at or after p (below end), or end. */
static const char *nul_from(const char *p, const char *end)
{
	const char *z = p < end ? memchr(p, '\0', (size_t)(end - p)) : NULL;

	return z ? z : end;
}

/* A line longer than max_line in a file: counted, handed to too_long. */
static int one_too_long(struct import_lines *L)
{
	L->lineno++;
	return L->too_long(L->ctx);
}

/* ------------------------------------------ several threads, big files */

/*
 * The file is cut into regions of L->chunk bytes (IMPORT_LINES_CHUNK);
 * region k holds the lines that start in it (at its first byte when that
 * follows a newline, else after its first newline), and the last of them
 * is read past the region's end up to its own newline.  So every region
 * can be split and classified on its own, by any producer, and the
 * calling thread takes the batches in region order.  A line over
 * max_line is one too_long record in the region where it starts; the
 * regions it covers hold no line.  A region of more than chunk / 16
 * lines (16 Ki: a log of empty lines has 256 Ki) gives records to the
 * first of them only: the consumer splits the rest itself and its line
 * callback parses them, so memory stays bounded whatever the input.
 * With the region, what a producer reads past it at once (chunk / 64:
 * 4 KiB, where its last line most often ends) and then at a time while
 * that line goes on (chunk / 4) scale too, so tests and fuzzers cover
 * every path with small files.
 */
struct rec {
	uint32_t off, len; /* in the batch's buf */
	bool last, too_long, nul;
};

/* Each batch, and the shared counters, on cache lines of their own: a
 * producer filling one batch must not slow the consumer reading the one
 * before it (a field written per line beside one read per line cost a
 * third of the consumer's time). */
#define LINE_ALIGN 128

struct batch {
	_Alignas(LINE_ALIGN) uint64_t seq; /* the region it holds, once ready */
	bool ready;
	bool eof;       /* a read met the file's end (or an error) */
	bool final;     /* ... before the region's end: the last batch */
	int err;        /* errno of a failed read (with final) */
	off_t base;     /* the file offset of buf[0] */
	char *buf;
	size_t have, cap;
	struct rec *recs;
	unsigned char *parsed; /* recs_cap * rec_size bytes */
	size_t n, recs_cap;
	/* lines past batch_max: buf[rest..rest_end), then one too long
	 * line going on past the region if rest_long */
	size_t rest, rest_end;
	bool rest_long;
};

struct chunked {
	/* read-only once the threads run */
	int fd;
	size_t chunk, batch_max, past, extend;
	size_t max_line, rec_size;
	void (*classify)(const char *s, size_t len, bool nul, void *rec);
	struct batch *b;
	size_t nbatch;
	/* under mu */
	_Alignas(LINE_ALIGN) pthread_mutex_t mu;
	pthread_cond_t cv;
	uint64_t next;    /* the next region a producer takes */
	uint64_t tail;    /* regions consumed */
	uint64_t end_seq; /* regions from here on are past the end */
	bool stop;
};

/* Read the file into b->buf until b->have is want, or to its end
 * (b->eof).  The buffer never moves: classify() keeps pointers into it. */
static void batch_read(const struct chunked *m, struct batch *b, size_t want)
{
	assert(want <= b->cap);
	while (b->have < want && !b->eof) {
		ssize_t n = pread(m->fd, b->buf + b->have, want - b->have,
				  b->base + (off_t)b->have);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			b->err = errno;
		if (n <= 0)
			b->eof = true;
		else
			b->have += (size_t)n;
	}
}

static struct rec *batch_rec(const struct chunked *m, struct batch *b)
{
	if (b->n == b->recs_cap) {
		b->recs_cap = b->recs_cap ? 2 * b->recs_cap : 2048;
		b->recs = xrealloc(b->recs, b->recs_cap * sizeof(*b->recs));
		if (m->rec_size)
			b->parsed = xrealloc(b->parsed,
					     b->recs_cap * m->rec_size);
	}
	return &b->recs[b->n++];
}

/* Split (and classify) the lines that start in region k into b. */
static void batch_fill(const struct chunked *m, struct batch *b, uint64_t k)
{
	const size_t max_line = m->max_line;
	size_t pos = 0, rend, nul_at = 0, nul_lim = 0;

	b->n = 0;
	b->rest = b->rest_end = 0;
	b->rest_long = false;
	b->have = 0;
	b->eof = false;
	b->final = false;
	b->err = 0;
	/* from the byte before the region: is its first byte a line's? */
	b->base = k ? (off_t)(k * m->chunk) - 1 : 0;
	rend = (size_t)((off_t)((k + 1) * m->chunk) - b->base);
	/* and a little past it, where its last line most often ends (a
	 * read of 64 KiB per region for it copied a quarter more) */
	batch_read(m, b, rend + m->past);
	/* the end met past the region (in its last line) leaves the lines
	 * after that line to the next region */
	b->final = b->eof && b->have <= rend;
	if (k) {
		size_t lim = b->have < rend - 1 ? b->have : rend - 1;
		const char *nl = memchr(b->buf, '\n', lim);

		if (!nl)
			return; /* inside a line that started before */
		pos = (size_t)(nl - b->buf) + 1;
	}
	while (pos < rend && pos < b->have) {
		size_t scan = pos, len;
		const char *nl;
		struct rec *r;

		/* the line's newline, read past the region's end when the
		 * line goes on; a line over max_line is not read further */
		for (;;) {
			nl = memchr(b->buf + scan, '\n', b->have - scan);
			if (nl || b->eof || b->have - pos > max_line)
				break;
			scan = b->have;
			batch_read(m, b, b->have + m->extend <
						 pos + max_line + 1 ?
					 b->have + m->extend :
						 pos + max_line + 1);
		}
		len = nl ? (size_t)(nl - (b->buf + pos)) : b->have - pos;
		if (b->n == m->batch_max) {
			/* the consumer splits these itself */
			if (!b->rest)
				b->rest = pos;
			if (!nl && len > max_line) {
				b->rest_long = true;
				break;
			}
			pos += len + (nl ? 1 : 0);
			b->rest_end = pos;
			continue;
		}
		r = batch_rec(m, b);
		r->off = (uint32_t)pos;
		r->len = (uint32_t)(len > max_line ? max_line + 1 : len);
		r->last = !nl;
		r->too_long = len > max_line;
		r->nul = false;
		if (!nl && r->too_long) {
			/* goes on past the region: no other line starts here */
			r->last = false;
			break;
		}
		/* one memchr per stretch of buffer: lines before the first
		 * NUL have none */
		if (nul_at < pos || (nul_at == nul_lim && nul_lim < b->have)) {
			size_t from = nul_at < pos ? pos : nul_lim;
			const char *z = memchr(b->buf + from, '\0',
					       b->have - from);

			nul_at = z ? (size_t)(z - b->buf) : b->have;
			nul_lim = b->have;
		}
		r->nul = nul_at < pos + len;
		if (!r->too_long && m->classify)
			m->classify(b->buf + pos, len, r->nul,
				    b->parsed + (b->n - 1) * m->rec_size);
		pos += len + (nl ? 1 : 0);
	}
}

/* With mu held: fill the next region if one is free, and say so. */
static bool produce_one(struct chunked *m)
{
	struct batch *b;
	uint64_t k;

	if (m->stop || m->next >= m->end_seq || m->next - m->tail >= m->nbatch)
		return false;
	k = m->next++;
	b = &m->b[k % m->nbatch];
	pthread_mutex_unlock(&m->mu);
	batch_fill(m, b, k);
	pthread_mutex_lock(&m->mu);
	b->seq = k;
	b->ready = true;
	if (b->final && k + 1 < m->end_seq)
		m->end_seq = k + 1;
	pthread_cond_broadcast(&m->cv);
	return true;
}

static void *produce(void *arg)
{
	struct chunked *m = arg;

	pthread_mutex_lock(&m->mu);
	while (!m->stop && m->next < m->end_seq)
		if (!produce_one(m))
			pthread_cond_wait(&m->cv, &m->mu);
	pthread_mutex_unlock(&m->mu);
	return NULL;
}

static void *xaligned(size_t size)
{
	void *p;

	size = (size + LINE_ALIGN - 1) / LINE_ALIGN * LINE_ALIGN;
	p = aligned_alloc(LINE_ALIGN, size);
	if (!p)
		die("out of memory (%zu bytes)", size);
	memset(p, 0, size);
	return p;
}

static long import_cpus; /* import_lines_prepare(): 0 until it ran */

void import_lines_prepare(void)
{
	const char *env = getenv("SYSCENSUS_IMPORT_THREADS");
	long n = env && *env ? strtol(env, NULL, 10) :
			       sysconf(_SC_NPROCESSORS_ONLN);

	import_cpus = n < 1 ? 1 : n > MAX_PRODUCERS ? MAX_PRODUCERS : n;
}

/* The lines of a region past its batch_max records, split here and
 * parsed by the line callback (no record). */
static int consume_rest(struct import_lines *L, const struct batch *b)
{
	const char *p = b->buf + b->rest, *end = b->buf + b->rest_end;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (len > L->max_line) {
			if (one_too_long(L) < 0)
				return -1;
		} else {
			L->lineno++;
			if (L->line(L->ctx, p, len, !nl,
				    memchr(p, '\0', len) != NULL, NULL) < 0)
				return -1;
		}
		p += len + (nl ? 1 : 0);
	}
	if (b->rest_long && one_too_long(L) < 0)
		return -1;
	return 0;
}

/* Read fd from its start with producer threads.  Returns 0, -1 (fatal),
 * or 1 when no thread can be started (the caller reads it alone). */
static int read_chunked(struct import_lines *L, int fd)
{
	struct chunked *m = xaligned(sizeof(*m));
	pthread_t th[MAX_PRODUCERS];
	size_t i, nth = 0, want = import_cpus > 2 ? (size_t)import_cpus - 1 : 1;
	uint64_t k, lineno = L->lineno;
	bool eof;
	int ret = 0;

	/* build errno_from_name()'s table before the threads read it */
	errno_from_name("EPERM");
	m->fd = fd;
	m->chunk = L->chunk;
	m->batch_max = m->chunk / 16 ? m->chunk / 16 : 1;
	m->past = m->chunk / 64 ? m->chunk / 64 : 1;
	m->extend = m->chunk / 4 ? m->chunk / 4 : 1;
	m->max_line = L->max_line;
	m->rec_size = L->rec_size;
	m->classify = L->classify;
	m->end_seq = UINT64_MAX;
	m->nbatch = 2 * want + 4;
	m->b = xaligned(m->nbatch * sizeof(*m->b));
	for (i = 0; i < m->nbatch; i++) {
		/* a region, the byte before it and its last line: pages
		 * never touched (the most of a long line's) cost nothing */
		m->b[i].cap = m->chunk + 1 + m->past + L->max_line + 1 +
			      m->extend;
		m->b[i].buf = xmalloc(m->b[i].cap);
	}
	pthread_mutex_init(&m->mu, NULL);
	pthread_cond_init(&m->cv, NULL);
	while (nth < want && pthread_create(&th[nth], NULL, produce, m) == 0)
		nth++;
	if (!nth) {
		ret = 1;
		goto out;
	}
	for (k = 0; !ret; k++) {
		struct batch *b = &m->b[k % m->nbatch];
		const struct rec *recs;
		unsigned char *parsed;
		size_t n;

		/* while the next batch is not ready, fill one ahead: with
		 * a producer per CPU but one, every CPU stays busy and none
		 * is shared by two threads */
		pthread_mutex_lock(&m->mu);
		while (!(b->ready && b->seq == k))
			if (!produce_one(m))
				pthread_cond_wait(&m->cv, &m->mu);
		pthread_mutex_unlock(&m->mu);
		recs = b->recs;
		parsed = b->parsed;
		n = b->n;
		for (i = 0; i < n && !ret; i++) {
			const struct rec *r = &recs[i];

			if (r->too_long) {
				L->lineno = lineno;
				ret = one_too_long(L) < 0 ? -1 : 0;
				lineno = L->lineno;
				continue;
			}
			L->lineno = ++lineno;
			if (L->line(L->ctx, b->buf + r->off, r->len, r->last,
				    r->nul,
				    parsed ? parsed + i * L->rec_size : NULL) < 0)
				ret = -1;
		}
		if (!ret && b->rest) {
			L->lineno = lineno;
			ret = consume_rest(L, b);
			lineno = L->lineno;
		}
		if (!ret && b->err) {
			errno = b->err;
			ret = error_errno("cannot read '%s'", L->display);
		}
		/* the slot is a producer's again once tail moves on */
		eof = b->final || b->err;
		pthread_mutex_lock(&m->mu);
		b->ready = false;
		m->tail++;
		if (ret || eof)
			m->stop = true;
		pthread_cond_broadcast(&m->cv);
		pthread_mutex_unlock(&m->mu);
		if (eof)
			break;
	}
	for (i = 0; i < nth; i++)
		pthread_join(th[i], NULL);
out:
	pthread_cond_destroy(&m->cv);
	pthread_mutex_destroy(&m->mu);
	for (i = 0; i < m->nbatch; i++) {
		free(m->b[i].recs);
		free(m->b[i].parsed);
		free(m->b[i].buf);
	}
	free(m->b);
	free(m);
	return ret;
}

/* ------------------------------------------------- one thread, streams */

/* read_buffered()'s first buffer: it doubles, up to READ_BUF, only while a
 * line does not fit (a 4 MiB buffer for every small input made each fuzz
 * run of the audit and journal readers 25 times slower under ASan) */
#define FIRST_BUF (64u << 10)

static int read_buffered(struct import_lines *L, FILE *f, bool stream)
{
	size_t cap = FIRST_BUF;
	char *buf = xmalloc(cap);
	const char *nul_at;
	size_t have = 0, off = 0;
	bool eof = false, skipping = false;
	int ret = -1;

	nul_at = buf;
	for (;;) {
		const char *nl;

		while (off < have &&
		       (nl = memchr(buf + off, '\n', have - off)) != NULL) {
			size_t len = (size_t)(nl - (buf + off));

			if (skipping) {
				skipping = false;
			} else if (len > L->max_line && stream) {
				goto stream_long;
			} else if (len > L->max_line) {
				if (one_too_long(L) < 0)
					goto out;
			} else {
				if (nul_at < buf + off)
					nul_at = nul_from(buf + off, buf + have);
				L->lineno++;
				if (L->line(L->ctx, buf + off, len, false,
					    nul_at < nl, NULL) < 0)
					goto out;
			}
			off += len + 1;
		}
		if (eof) {
			if (off < have && !skipping) {
				size_t len = have - off;

				if (len > L->max_line && stream)
					goto stream_long;
				if (len > L->max_line) {
					if (one_too_long(L) < 0)
						goto out;
				} else {
					if (nul_at < buf + off)
						nul_at = nul_from(buf + off,
								  buf + have);
					L->lineno++;
					if (L->line(L->ctx, buf + off, len,
						    true, nul_at < buf + have,
						    NULL) < 0)
						goto out;
				}
			}
			break;
		}
		if (have - off > L->max_line && stream)
			goto stream_long; /* a stream may never end: stop */
		if (have - off > L->max_line) {
			if (!skipping) {
				if (one_too_long(L) < 0)
					goto out;
				skipping = true;
			}
			off = have;
		}
		memmove(buf, buf + off, have - off);
		have -= off;
		off = 0;
		if (have == cap && cap < READ_BUF) {
			cap = 2 * cap < READ_BUF ? 2 * cap : READ_BUF;
			buf = xrealloc(buf, cap);
		}
		{
			size_t n = fread(buf + have, 1, cap - have, f);

			if (n == 0) {
				if (ferror(f)) {
					error_errno("cannot read '%s'",
						    L->display);
					goto out;
				}
				eof = true;
			}
			have += n;
		}
		nul_at = nul_from(buf, buf + have);
	}
	ret = 0;
	goto out;
stream_long:
	error("'%s': %s", L->display, L->stream_long);
out:
	free(buf);
	return ret;
}

int import_lines_read(struct import_lines *L, FILE *f)
{
	struct stat sb;
	int fd = fileno(f);
	bool stream;

	assert(L->max_line < READ_BUF);
	L->lineno = 0;
	stream = !(fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode));
	if (!L->chunk)
		L->chunk = IMPORT_LINES_CHUNK;
	if (!stream && L->threads && sb.st_size >= (off_t)(16 * L->chunk) &&
	    ftello(f) == 0) {
		int r = read_chunked(L, fd);

		if (r <= 0)
			return r;
	}
	return read_buffered(L, f, stream || input_is_stream(f));
}

/* ------------------------------------------------ audit, journal text */

int import_text_problem(struct import_text *t, const char *reason)
{
	return import_kill_problem(t->st, t->run, t->o, t->display,
				   t->lineno, t->stats, reason);
}

static int text_too_long(void *ctx)
{
	struct import_text *t = ctx;

	t->lineno++;
	t->stats->lines++;
	return import_text_problem(t, t->too_long);
}

static int text_line(void *ctx, const char *s, size_t len, bool last,
		     bool nul, void *rec)
{
	struct import_text *t = ctx;

	(void)last;
	(void)rec;
	t->lineno++;
	t->stats->lines++;
	while (len > 0 && s[len - 1] == '\r')
		len--;
	if (!len)
		return 0;
	if (nul && memchr(s, '\0', len))
		return import_text_problem(t, t->binary);
	strbuf_reset(&t->line);
	strbuf_add(&t->line, s, len);
	return t->parse(t, t->line.buf);
}

int import_text_read(struct import_text *t, FILE *f, size_t max_line)
{
	char msg[128];
	struct import_lines L = {
		.display = t->display,
		.max_line = max_line,
		.stream_long = msg,
		.too_long = text_too_long,
		.line = text_line,
		.ctx = t,
	};
	int ret = -1;

	snprintf(msg, sizeof(msg), "a line longer than %zu bytes: not %s (a "
		 "stream stops at the first one)", max_line, t->kind);
	t->lineno = 0;
	agg_init(&t->agg);
	strbuf_init(&t->line, 0);
	if (import_lines_read(&L, f) < 0)
		goto out;
	if (store_flush_agg(t->st, t->run, &t->agg) < 0)
		goto out;
	ret = 0;
out:
	agg_release(&t->agg);
	strbuf_release(&t->line);
	return ret;
}
