/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * policy-minijail.c - the minijail policy reader (minijail0(5) syntax, as
 * minijail's tools/parser.py reads it).  Constants (AF_UNIX, TCGETS...) are
 * const_eval()'s, in common/consts.c.
 *
 *   # comment                    \ at the end of a line continues it
 *   @include ./other.policy      relative to this file, 10 levels deep
 *   @default kill-process        the action for unlisted syscalls
 *   @frequency ./foo.frequency   checked (`name: count` lines), not used
 *   @denylist                    listed syscalls are denied, others allowed
 *   read: 1                      allow (also `allow`)
 *   {getpid, getppid}: 1         several names, one filter
 *   ioctl: arg1 == TCGETS || arg1 == FIONREAD
 *   mmap: arg2 in ~PROT_EXEC && arg3 != 0; return EPERM
 *   ptrace: return EPERM         also kill-process, kill-thread, kill,
 *                                trap, trace, log, user-notify
 *
 * A filter is a disjunction of conjunctions of `argN OP VALUE` (OP: ==
 * != < <= > >= & in).  Each conjunction becomes one conditional rule; `;
 * return E` adds an unconditional errno rule (what the call gets when no
 * conjunction holds).  `argN & V` (some bit of V set) is kept as the
 * masked comparison (argN & V) == V, exact for one bit; `argN in V` (no
 * bit outside V) as (argN & ~V) == 0, which is exact.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/policy/policy.h"

/* --------------------------------------------------------------- reader */

#define INCLUDE_DEPTH 10

struct mj {
	struct policy *p;
	struct parse_error *pe;
	bool denylist;
};

static const char *skip_ws(const char *s, const char *e)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

static const char *trim_end(const char *s, const char *e)
{
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	return e;
}

static bool word_is(const char *s, const char *e, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(e - s) == n && !memcmp(s, w, n);
}

/* An action word: 0 and *a, or -1. */
static int parse_action(const char *s, const char *e, struct action *a)
{
	static const struct {
		const char *w;
		enum action_kind k;
	} words[] = {
		{ "1", ACTION_ALLOW }, { "allow", ACTION_ALLOW },
		{ "kill-process", ACTION_KILL_PROCESS },
		{ "kill-thread", ACTION_KILL_THREAD },
		{ "kill", ACTION_KILL_PROCESS }, { "trap", ACTION_TRAP },
		{ "trace", ACTION_TRACE }, { "log", ACTION_LOG },
		{ "user-notify", ACTION_NOTIFY },
	};
	size_t i;

	e = trim_end(s, e);
	a->data = 0;
	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (word_is(s, e, words[i].w)) {
			a->kind = words[i].k;
			return 0;
		}
	if (e - s > 7 && !memcmp(s, "return", 6) &&
	    isspace((unsigned char)s[6])) {
		char buf[32];
		uint64_t v;
		int err;

		s = skip_ws(s + 6, e);
		if ((size_t)(e - s) >= sizeof(buf) || s == e)
			return -1;
		memcpy(buf, s, (size_t)(e - s));
		buf[e - s] = '\0';
		err = errno_from_name(buf);
		if (err < 0) {
			if (const_eval(buf, strlen(buf), &v) ||
			    v > 4095)
				return -1;
			err = (int)v;
		}
		a->kind = ACTION_ERRNO;
		a->data = err;
		return 0;
	}
	return -1;
}

static unsigned long col_of(const char *line, const char *at)
{
	return (unsigned long)(at - line) + 1;
}

/* One conjunction "argN OP V && ..." into conds; 0 or -1 (pe set). */
static int parse_conj(struct mj *m, const char *path, unsigned long lineno,
		      const char *line, const char *s, const char *e,
		      struct arg_cond *conds, size_t *nconds)
{
	*nconds = 0;
	while (s < e) {
		const char *and = NULL, *q, *aend, *op, *opend;
		struct arg_cond c;
		uint64_t v;

		for (q = s; q + 1 < e; q++)
			if (q[0] == '&' && q[1] == '&') {
				and = q;
				break;
			}
		aend = and ? and : e;
		s = skip_ws(s, aend);
		if (aend - s < 5 || memcmp(s, "arg", 3) || s[3] < '0' ||
		    s[3] > '5') {
			parse_error_set(m->pe, path, lineno, col_of(line, s),
					"expected argN (N 0..5) in a filter");
			return -1;
		}
		memset(&c, 0, sizeof(c));
		c.index = (unsigned)(s[3] - '0');
		op = skip_ws(s + 4, aend);
		opend = op;
		while (opend < aend && strchr("=!<>&", *opend))
			opend++;
		if (opend == op && aend - op > 2 && !memcmp(op, "in", 2) &&
		    isspace((unsigned char)op[2]))
			opend = op + 2;
		if (word_is(op, opend, "==")) c.op = ARG_EQ;
		else if (word_is(op, opend, "!=")) c.op = ARG_NE;
		else if (word_is(op, opend, "<")) c.op = ARG_LT;
		else if (word_is(op, opend, "<=")) c.op = ARG_LE;
		else if (word_is(op, opend, ">")) c.op = ARG_GT;
		else if (word_is(op, opend, ">=")) c.op = ARG_GE;
		else if (word_is(op, opend, "&") || word_is(op, opend, "in"))
			c.op = ARG_MASKED_EQ;
		else {
			parse_error_set(m->pe, path, lineno, col_of(line, op),
					"unknown operator in a filter "
					"(== != < <= > >= & in)");
			return -1;
		}
		s = skip_ws(opend, aend);
		if (const_eval(s, (size_t)(trim_end(s, aend) - s), &v)) {
			parse_error_set(m->pe, path, lineno, col_of(line, s),
					"cannot evaluate '%.*s'",
					(int)(trim_end(s, aend) - s), s);
			return -1;
		}
		if (word_is(op, opend, "&")) {
			c.value = v;
			c.value2 = v;
		} else if (word_is(op, opend, "in")) {
			c.value = ~v;
			c.value2 = 0;
		} else {
			c.value = v;
		}
		if (*nconds >= 6) {
			parse_error_set(m->pe, path, lineno, col_of(line, s),
					"too many conditions");
			return -1;
		}
		conds[(*nconds)++] = c;
		s = and ? and + 2 : e;
		if (and && skip_ws(s, e) == e) {
			parse_error_set(m->pe, path, lineno, col_of(line, and),
					"empty condition after '&&' in a "
					"filter");
			return -1;
		}
	}
	return 0;
}

static void add_rule_here(struct mj *m, const char *name, struct action a,
			  const struct arg_cond *conds, size_t n,
			  const char *path, unsigned long line,
			  unsigned long col)
{
	struct policy_rule *r = policy_add_rule(m->p, name, 0, a);
	size_t i;

	for (i = 0; i < n; i++)
		policy_rule_add_cond(r, &conds[i]);
	r->file = xstrdup(path);
	r->line = line;
	r->col = col;
}

/* The filter part of `names: filter` for every name. */
static int parse_filter(struct mj *m, const char *path, unsigned long lineno,
			const char *line, char **names, unsigned long *cols,
			size_t nnames, const char *s, const char *e)
{
	struct action a, fallback = { ACTION_NONE, 0 };
	const char *semi, *q;
	size_t i;

	s = skip_ws(s, e);
	e = trim_end(s, e);
	if (s == e) {
		parse_error_set(m->pe, path, lineno, col_of(line, s),
				"missing filter after ':'");
		return -1;
	}
	if (parse_action(s, e, &a) == 0) {
		if (m->denylist && a.kind == ACTION_ALLOW)
			a.kind = ACTION_ALLOW;
		for (i = 0; i < nnames; i++)
			add_rule_here(m, names[i], a, NULL, 0, path, lineno,
				      cols[i]);
		return 0;
	}
	semi = memchr(s, ';', (size_t)(e - s));
	if (semi) {
		if (parse_action(skip_ws(semi + 1, e), e, &fallback) < 0) {
			parse_error_set(m->pe, path, lineno,
					col_of(line, skip_ws(semi + 1, e)),
					"unknown action after ';'");
			return -1;
		}
		e = trim_end(s, semi);
	}
	while (s < e) {
		struct arg_cond conds[6];
		size_t n;
		const char *or = NULL;

		for (q = s; q + 1 < e; q++)
			if (q[0] == '|' && q[1] == '|') {
				or = q;
				break;
			}
		/* an empty term would be an unconditional allow: minijail
		 * refuses "read: || arg0 == 1", and so do we */
		if (skip_ws(s, or ? or : e) == (or ? or : e) ||
		    (or && skip_ws(or + 2, e) == e)) {
			bool before = skip_ws(s, or ? or : e) == (or ? or : e);

			parse_error_set(m->pe, path, lineno,
					col_of(line, or ? or : e),
					"empty term %s '||' in a filter",
					before ? "before" : "after");
			return -1;
		}
		if (parse_conj(m, path, lineno, line, s, or ? or : e, conds,
			       &n) < 0)
			return -1;
		a.kind = ACTION_ALLOW;
		a.data = 0;
		for (i = 0; i < nnames; i++)
			add_rule_here(m, names[i], a, conds, n, path, lineno,
				      cols[i]);
		s = or ? or + 2 : e;
	}
	if (fallback.kind != ACTION_NONE)
		for (i = 0; i < nnames; i++)
			add_rule_here(m, names[i], fallback, NULL, 0, path,
				      lineno, cols[i]);
	return 0;
}

static char *resolve_rel(const char *from, const char *s, const char *e)
{
	const char *slash = strrchr(from, '/');

	if (*s == '/' || !slash)
		return xstrndup(s, (size_t)(e - s));
	return xasprintf("%.*s/%.*s", (int)(slash - from), from,
			 (int)(e - s), s);
}

static int read_text(struct mj *m, const char *path, const char *text,
		     size_t len, int depth);

static int check_frequency(struct mj *m, const char *path,
			   unsigned long lineno, unsigned long col,
			   const char *fpath)
{
	struct strbuf sb = STRBUF_INIT;
	const char *line, *nl;
	unsigned long n = 0;
	int rc, ret = -1;

	if ((rc = strbuf_read_file(&sb, fpath, 16u << 20)) < 0) {
		parse_error_set(m->pe, path, lineno, col,
				"cannot read frequency file '%s': %s", fpath,
				input_strerror(rc));
		goto out;
	}
	for (line = sb.buf; *line; line = nl ? nl + 1 : line + strlen(line)) {
		const char *e, *colon, *s;
		char *end;

		nl = strchr(line, '\n');
		e = nl ? nl : line + strlen(line);
		n++;
		s = skip_ws(line, e);
		e = trim_end(s, e);
		if (s == e || *s == '#')
			continue;
		colon = memchr(s, ':', (size_t)(e - s));
		if (!colon || (strtoull(skip_ws(colon + 1, e), &end, 10),
			       end != e) || colon == s) {
			parse_error_set(m->pe, fpath, n, 1,
					"expected 'syscall: count'");
			goto out;
		}
		if (!nl)
			break;
	}
	ret = 0;
out:
	strbuf_release(&sb);
	return ret;
}

static int directive(struct mj *m, const char *path, unsigned long lineno,
		     const char *line, const char *s, const char *e,
		     int depth)
{
	const char *w = s, *arg;

	while (s < e && !isspace((unsigned char)*s))
		s++;
	arg = skip_ws(s, e);
	if (word_is(w, s, "@include") || word_is(w, s, "@frequency")) {
		char *inc;
		struct strbuf sb = STRBUF_INIT;
		int rc;

		if (arg == e) {
			parse_error_set(m->pe, path, lineno, col_of(line, w),
					"%.*s needs a path", (int)(s - w), w);
			return -1;
		}
		inc = resolve_rel(path, arg, e);
		if (w[1] == 'f') {
			rc = check_frequency(m, path, lineno,
					     col_of(line, arg), inc);
			free(inc);
			return rc;
		}
		if (depth >= INCLUDE_DEPTH) {
			parse_error_set(m->pe, path, lineno, col_of(line, w),
					"@include nested more than %d deep",
					INCLUDE_DEPTH);
			free(inc);
			return -1;
		}
		if ((rc = strbuf_read_file(&sb, inc, 16u << 20)) < 0) {
			parse_error_set(m->pe, path, lineno, col_of(line, arg),
					"cannot read included file '%s': %s",
					inc, input_strerror(rc));
			strbuf_release(&sb);
			free(inc);
			return -1;
		}
		rc = read_text(m, inc, sb.buf, sb.len, depth + 1);
		strbuf_release(&sb);
		free(inc);
		return rc;
	}
	if (word_is(w, s, "@default")) {
		if (parse_action(arg, e, &m->p->default_action) < 0 ||
		    m->p->default_action.kind == ACTION_ALLOW) {
			parse_error_set(m->pe, path, lineno, col_of(line, arg),
					"@default needs a non-allowing action");
			return -1;
		}
		return 0;
	}
	if (word_is(w, s, "@denylist")) {
		m->denylist = true;
		m->p->default_action.kind = ACTION_ALLOW;
		m->p->default_action.data = 0;
		return 0;
	}
	parse_error_set(m->pe, path, lineno, col_of(line, w),
			"unknown directive '%.*s'", (int)(s - w), w);
	return -1;
}

static int statement(struct mj *m, const char *path, unsigned long lineno,
		     const char *line, const char *s, const char *e)
{
	const char *colon = memchr(s, ':', (size_t)(e - s)), *q;
	char *names[64];
	unsigned long cols[64];
	size_t n = 0, i;
	int ret = -1;

	if (!colon) {
		parse_error_set(m->pe, path, lineno, col_of(line, s),
				"expected 'syscall: filter'");
		return -1;
	}
	q = s;
	if (*q == '{')
		q++;
	while (q < colon) {
		const char *w, *we;

		q = skip_ws(q, colon);
		w = q;
		while (q < colon && (isalnum((unsigned char)*q) || *q == '_' ||
				     *q == '@' || *q == '-'))
			q++;
		we = q;
		q = skip_ws(q, colon);
		if (w == we) {
			if (q < colon && (*q == '}' || *q == ','))
				goto sep;
			parse_error_set(m->pe, path, lineno, col_of(line, w),
					"expected a syscall name");
			goto out;
		}
		if (memchr(w, '@', (size_t)(we - w))) {
			parse_error_set(m->pe, path, lineno, col_of(line, w),
					"syscall groups ('%.*s') are not "
					"supported", (int)(we - w), w);
			goto out;
		}
		names[n] = xstrndup(w, (size_t)(we - w));
		cols[n] = col_of(line, w);
		if (!syscall_name_known(names[n]) &&
		    syscall_resolve_name(arch_native(), names[n]) < 0) {
			parse_error_set(m->pe, path, lineno, cols[n],
					"unknown syscall '%s'", names[n]);
			n++;
			goto out;
		}
		if (++n == ARRAY_SIZE(names)) {
			parse_error_set(m->pe, path, lineno, col_of(line, w),
					"too many names in one list");
			goto out;
		}
sep:
		if (q < colon && (*q == ',' || *q == '}'))
			q++;
	}
	if (!n) {
		parse_error_set(m->pe, path, lineno, col_of(line, s),
				"expected a syscall name");
		goto out;
	}
	ret = parse_filter(m, path, lineno, line, names, cols, n, colon + 1, e);
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	return ret;
}

static int read_text(struct mj *m, const char *path, const char *text,
		     size_t len, int depth)
{
	const char *line = text, *end = text + len;
	unsigned long lineno = 0;
	struct strbuf logical = STRBUF_INIT;
	int ret = -1;

	if (memchr(text, '\0', len)) {
		parse_error_set(m->pe, path, 0, 0,
				"binary data in a minijail policy");
		return -1;
	}
	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *eol = nl ? nl : end, *hash, *s, *e;
		unsigned long first = lineno + 1;

		/* join continuation lines; columns count in the first */
		strbuf_reset(&logical);
		for (;;) {
			lineno++;
			hash = memchr(line, '#', (size_t)(eol - line));
			e = trim_end(line, hash ? hash : eol);
			if (!hash && e > line && e[-1] == '\\' && nl) {
				strbuf_add(&logical, line,
					   (size_t)(e - 1 - line));
				strbuf_addch(&logical, ' ');
				line = nl + 1;
				nl = memchr(line, '\n', (size_t)(end - line));
				eol = nl ? nl : end;
				continue;
			}
			strbuf_add(&logical, line, (size_t)(e - line));
			break;
		}
		s = skip_ws(logical.buf, logical.buf + logical.len);
		e = logical.buf + logical.len;
		if (s < e) {
			int rc = *s == '@' ?
				directive(m, path, first, logical.buf, s, e,
					  depth) :
				statement(m, path, first, logical.buf, s, e);
			if (rc < 0)
				goto out;
		}
		line = nl ? nl + 1 : end;
	}
	ret = 0;
out:
	strbuf_release(&logical);
	return ret;
}

int policy_read_minijail(const char *path, const char *text, size_t len,
			 struct policy *p, struct parse_error *pe)
{
	struct mj m = { p, pe, false };

	p->default_action.kind = ACTION_KILL_PROCESS;
	p->default_action.data = 0;
	return read_text(&m, path, text, len, 0);
}
