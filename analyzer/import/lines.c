/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lines.c - the one line loop of the importers.  Every format (strace,
 * audit, journal) is a parse callback called here once per line, in
 * order, with the line's number; this file owns reading, line splitting,
 * over-long lines and NUL bytes, so the formats differ only in what a
 * line means.
 *
 * A regular file of READ_BUF bytes or more is read by two threads: a
 * producer reads it with pread() in CHUNK pieces, one per batch buffer
 * (a line cut at the end of one is carried to the next, up to READ_BUF),
 * finds the lines and runs the format's pure classify callback on each
 * (strace_parse_line() for strace); the calling thread takes the batches
 * in order and runs the line callback, which has all the state.  The file
 * is read, never mapped: a log truncated while it is read (logrotate's
 * copytruncate) just ends early, where a mapping would die of SIGBUS.
 * A stream (pipe, FIFO, standard input) or a small file goes through one
 * READ_BUF buffer in this thread.  Memory stays flat whatever the size.
 * import_text_read() wraps the loop for the text formats (audit,
 * journal): what they do to every line before their parser sees it.
 */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/import/import.h"

#define READ_BUF (4u << 20)
/* What the producer reads at a time: small enough that a chunk is still
 * in the CPU's cache when its lines are split, classified and counted. */
#define CHUNK (256u << 10)
#define BATCH_LINES 16384
#define NBATCH 3

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

/* ---------------------------------------------- two threads, big files */

struct rec {
	const char *s;
	size_t len;
	bool last, too_long, nul;
};

struct batch {
	struct rec *recs;
	unsigned char *parsed; /* BATCH_LINES * rec_size bytes */
	size_t n;
	char *buf; /* READ_BUF bytes: the lines of recs point here */
};

struct chunked {
	int fd;
	const struct import_lines *L;
	struct batch b[NBATCH];
	size_t head, tail; /* batches produced, consumed */
	bool done, stop;
	int err; /* errno of a failed read */
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

/* Add CHUNK bytes (up to READ_BUF in all) to buf[0..*have) from the file
 * at *off; false at its end. */
static bool chunk_fill(struct chunked *m, char *buf, size_t *have, off_t *off)
{
	size_t want = *have + CHUNK < READ_BUF ? *have + CHUNK : READ_BUF;

	while (*have < want) {
		ssize_t n = pread(m->fd, buf + *have, want - *have, *off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			m->err = errno;
		if (n <= 0)
			return false;
		*have += (size_t)n;
		*off += n;
	}
	return true;
}

static void *produce(void *arg)
{
	struct chunked *m = arg;
	const struct import_lines *L = m->L;
	const char *carry = NULL;
	size_t carry_len = 0;
	off_t off = 0;
	bool more = true, skipping = false;

	while (more || carry_len) {
		struct batch *b;
		const char *end, *nul_at, *p;
		size_t have;

		pthread_mutex_lock(&m->mu);
		while (m->head - m->tail == NBATCH && !m->stop)
			pthread_cond_wait(&m->cv, &m->mu);
		b = m->stop ? NULL : &m->b[m->head % NBATCH];
		pthread_mutex_unlock(&m->mu);
		if (!b)
			break;
		/* the unfinished last line of the previous batch (a read-
		 * only copy out of a buffer the consumer only reads) */
		if (carry_len)
			memmove(b->buf, carry, carry_len);
		have = carry_len;
		carry_len = 0;
		if (more)
			more = chunk_fill(m, b->buf, &have, &off);
		p = b->buf;
		end = b->buf + have;
		if (skipping) {
			/* the rest of a line longer than the buffer */
			const char *nl = memchr(p, '\n', have);

			if (!nl) {
				if (!more)
					break;
				continue; /* the slot is still ours */
			}
			p = nl + 1;
			skipping = false;
		}
		/* one memchr per buffer: lines before the first NUL have none */
		nul_at = nul_from(p, end);
		for (b->n = 0; b->n < BATCH_LINES && p < end; b->n++) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
			struct rec *r = &b->recs[b->n];

			if (!nl && more) {
				if (b->n || have < READ_BUF)
					break; /* read the rest next time */
				/* no newline in a full buffer: too long */
				skipping = true;
			}
			if (nul_at < p)
				nul_at = nul_from(p, end);
			r->s = p;
			r->len = len;
			r->last = !nl && !more;
			r->too_long = len > L->max_line;
			r->nul = nul_at < p + len;
			if (!r->too_long && L->classify)
				L->classify(p, len, r->nul,
					    b->parsed + b->n * L->rec_size);
			p += len + (nl ? 1 : 0);
		}
		carry = p;
		carry_len = (size_t)(end - p);
		pthread_mutex_lock(&m->mu);
		m->head++;
		pthread_cond_broadcast(&m->cv);
		pthread_mutex_unlock(&m->mu);
	}
	pthread_mutex_lock(&m->mu);
	m->done = true;
	pthread_cond_broadcast(&m->cv);
	pthread_mutex_unlock(&m->mu);
	return NULL;
}

/* Read fd from its start with two threads.  Returns 0, -1 (fatal), or 1
 * when no thread can be started (the caller reads it alone). */
static int read_chunked(struct import_lines *L, int fd)
{
	struct chunked m = { .fd = fd, .L = L };
	size_t i;
	pthread_t th;
	int ret = 0;

	for (i = 0; i < NBATCH; i++) {
		m.b[i].recs = xmalloc(BATCH_LINES * sizeof(struct rec));
		m.b[i].parsed = L->rec_size ?
			xmalloc(BATCH_LINES * L->rec_size) : NULL;
		m.b[i].buf = xmalloc(READ_BUF);
	}
	pthread_mutex_init(&m.mu, NULL);
	pthread_cond_init(&m.cv, NULL);
	/* build errno_from_name()'s table here, before two threads read it */
	errno_from_name("EPERM");
	if (pthread_create(&th, NULL, produce, &m) != 0) {
		ret = 1;
		goto out;
	}
	for (;;) {
		struct batch *b;

		pthread_mutex_lock(&m.mu);
		while (m.head == m.tail && !m.done)
			pthread_cond_wait(&m.cv, &m.mu);
		b = m.head == m.tail ? NULL : &m.b[m.tail % NBATCH];
		pthread_mutex_unlock(&m.mu);
		if (!b)
			break;
		for (i = 0; i < b->n && !ret; i++) {
			struct rec *r = &b->recs[i];

			if (r->too_long) {
				ret = one_too_long(L) < 0 ? -1 : 0;
				continue;
			}
			L->lineno++;
			if (L->line(L->ctx, r->s, r->len, r->last, r->nul,
				    L->classify ? b->parsed + i * L->rec_size
						: NULL) < 0)
				ret = -1;
		}
		pthread_mutex_lock(&m.mu);
		m.tail++;
		if (ret)
			m.stop = true;
		pthread_cond_broadcast(&m.cv);
		pthread_mutex_unlock(&m.mu);
		if (ret)
			break;
	}
	pthread_join(th, NULL);
	if (!ret && m.err) {
		errno = m.err;
		ret = error_errno("cannot read '%s'", L->display);
	}
out:
	pthread_cond_destroy(&m.cv);
	pthread_mutex_destroy(&m.mu);
	for (i = 0; i < NBATCH; i++) {
		free(m.b[i].recs);
		free(m.b[i].parsed);
		free(m.b[i].buf);
	}
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
	if (!stream && L->threads && sb.st_size >= (off_t)READ_BUF &&
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
