/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * xmalloc.c - allocation that never returns NULL.  Running out of memory
 * is not something a library layer can recover from here, so these are the
 * only functions outside cli/ allowed to exit.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common.h"

static void ATTR_NORETURN oom(size_t n)
{
	fprintf(stderr, "syscensus: error: out of memory (%zu bytes)\n", n);
	exit(EXIT_SYSTEM);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		oom(nmemb * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *r = realloc(p, n ? n : 1);

	if (!r)
		oom(n);
	return r;
}

void *xgrow(void *p, size_t sz, size_t want, size_t *alloc)
{
	size_t n;

	if (want <= *alloc)
		return p;
	n = *alloc ? *alloc : 8;
	while (n < want) {
		if (n > SIZE_MAX / 2 / sz)
			oom(SIZE_MAX);
		n *= 2;
	}
	*alloc = n;
	return xrealloc(p, n * sz);
}

char *xstrdup(const char *s)
{
	char *r = strdup(s ? s : "");

	if (!r)
		oom(strlen(s));
	return r;
}

char *xstrndup(const char *s, size_t n)
{
	char *r = strndup(s, n);

	if (!r)
		oom(n);
	return r;
}

char *xasprintf(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	return strbuf_detach(&sb, NULL);
}
