/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * const-eval.c - the constant expressions policies write for argument
 * conditions (libseccomp C source, minijail, strace's decoded flags):
 * numbers with C suffixes, named constants (common/consts.c's table,
 * const_value()), `|`, `&`, `~`, `<<` and parentheses; and reading a
 * decisive-argument fact ("N=TEXT", the tracer's or strace's text) back
 * into a number for `emit --args` and `check`.  A small recursive-descent
 * evaluator with a depth limit: policies and traces are hostile input.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/policy/policy.h"

struct cx {
	const char *s, *end;
	int err;
	unsigned depth;
};

static void cx_ws(struct cx *c)
{
	while (c->s < c->end && isspace((unsigned char)*c->s))
		c->s++;
}

static uint64_t cx_or(struct cx *c);

static uint64_t cx_number(struct cx *c, const char *w, size_t n)
{
	char buf[32], *e;
	uint64_t v;

	if (n >= sizeof(buf)) {
		c->err = 1;
		return 0;
	}
	memcpy(buf, w, n);
	buf[n] = '\0';
	/* C suffixes: 1UL, 0x10ULL */
	while (n > 1 && strchr("uUlL", buf[n - 1]) &&
	       !(buf[1] == 'x' && isxdigit((unsigned char)buf[n - 1])))
		buf[--n] = '\0';
	errno = 0;
	v = strtoull(buf, &e, 0);
	if (errno || *e)
		c->err = 1;
	return v;
}

static uint64_t cx_unary(struct cx *c)
{
	const char *w;
	uint64_t v = 0;
	size_t n;

	cx_ws(c);
	if (c->s >= c->end || c->depth > 64) {
		c->err = 1;
		return 0;
	}
	if (*c->s == '~') {
		c->s++;
		c->depth++;
		v = ~cx_unary(c);
		c->depth--;
		return v;
	}
	if (*c->s == '(') {
		c->s++;
		c->depth++;
		v = cx_or(c);
		c->depth--;
		cx_ws(c);
		if (c->s >= c->end || *c->s != ')')
			c->err = 1;
		else
			c->s++;
		return v;
	}
	w = c->s;
	while (c->s < c->end &&
	       (isalnum((unsigned char)*c->s) || *c->s == '_'))
		c->s++;
	n = (size_t)(c->s - w);
	if (!n) {
		c->err = 1;
		return 0;
	}
	if (isdigit((unsigned char)*w))
		return cx_number(c, w, n);
	if (!const_value(w, n, &v))
		c->err = 1;
	return v;
}

static uint64_t cx_shift(struct cx *c)
{
	uint64_t v = cx_unary(c);

	for (;;) {
		cx_ws(c);
		if (c->end - c->s >= 2 && !memcmp(c->s, "<<", 2)) {
			uint64_t n;

			c->s += 2;
			n = cx_unary(c);
			/* C leaves a shift by the width or more undefined;
			 * no policy means one */
			if (n >= 64)
				c->err = 1;
			else
				v <<= n;
		} else {
			return v;
		}
	}
}

static uint64_t cx_and(struct cx *c)
{
	uint64_t v = cx_shift(c);

	for (;;) {
		cx_ws(c);
		if (c->s < c->end && *c->s == '&' &&
		    (c->s + 1 >= c->end || c->s[1] != '&')) {
			c->s++;
			v &= cx_shift(c);
		} else {
			return v;
		}
	}
}

static uint64_t cx_or(struct cx *c)
{
	uint64_t v = cx_and(c);

	for (;;) {
		cx_ws(c);
		if (c->s < c->end && *c->s == '|' &&
		    (c->s + 1 >= c->end || c->s[1] != '|')) {
			c->s++;
			v |= cx_and(c);
		} else {
			return v;
		}
	}
}

int const_eval(const char *expr, size_t len, uint64_t *v)
{
	struct cx c = { expr, expr + len, 0, 0 };

	*v = cx_or(&c);
	cx_ws(&c);
	if (c.err || c.s != c.end)
		return -1;
	return 0;
}

/* -------------------------------------------------- decisive arguments */

/* One alternative of strace's text: a name, a number, an expression, or
 * "0x5401 /\* TCGETS *\/" (strace -X verbose). */
static int parse_one(const char *s, size_t n, uint64_t *v)
{
	const char *c = memmem(s, n, "/*", 2);

	if (c)
		n = (size_t)(c - s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	return n ? const_eval(s, n, v) : -1;
}

int decisive_arg_parse(const char *fact, unsigned *index, uint64_t *v)
{
	const char *s = fact, *alt;
	bool found = false;

	if (!isdigit((unsigned char)s[0]) || s[0] > '5' || s[1] != '=')
		return -1;
	*index = (unsigned)(s[0] - '0');
	s += 2;
	/*
	 * strace names an ambiguous ioctl "A or B": the same number under
	 * several names.  Alternatives we cannot read are skipped; the ones
	 * we can must all agree, and at least one must be readable.
	 */
	for (;;) {
		size_t n;
		uint64_t x;

		alt = strstr(s, " or ");
		n = alt ? (size_t)(alt - s) : strlen(s);
		if (parse_one(s, n, &x) == 0) {
			if (found && x != *v)
				return -1;
			*v = x;
			found = true;
		}
		if (!alt)
			break;
		s = alt + 4;
	}
	return found ? 0 : -1;
}
