/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * policy-c.c - the libseccomp C source reader: the policy a program builds
 * with seccomp_init() and seccomp_rule_add*(), found with PCRE2 in the
 * source text (comments blanked first, positions kept).
 *
 *   seccomp_init(ACTION)                         the default action
 *   seccomp_arch_add(ctx, SCMP_ARCH_X86)         an admitted arch
 *   seccomp_rule_add(ctx, ACTION, SYSCALL, N, COND...)
 *   seccomp_rule_add_exact(...), seccomp_rule_add_array(...) (conditions
 *   of _array are in an array we cannot see: the rule counts as
 *   conditional)
 *
 * ACTION: SCMP_ACT_ALLOW, SCMP_ACT_KILL(_PROCESS|_THREAD), SCMP_ACT_TRAP,
 * SCMP_ACT_LOG, SCMP_ACT_NOTIFY, SCMP_ACT_ERRNO(E), SCMP_ACT_TRACE(N).
 * SYSCALL: SCMP_SYS(name), __NR_name, __SNR_name, SYS_name, a number (the
 * native arch's), seccomp_syscall_resolve_name("name") or a variable last
 * assigned from it before the call (what `emit --format c` writes).
 * COND: SCMP_A0(SCMP_CMP_EQ, V) .. SCMP_A5 (also _32/_64) and
 * SCMP_CMP(i, op, V[, V2]); V is a constant expression (AF_UNIX,
 * PROT_READ|PROT_WRITE, 0x10, ...).
 *
 * What cannot be read statically (a syscall or action held in a variable
 * we cannot trace) is a warning at FILE:LINE:COL and the rule is skipped:
 * the model is then short of that rule, and says so.
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <errno.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"

struct csrc {
	const char *path;
	const char *orig; /* for line starts */
	char *text;       /* comments and strings' contents kept apart */
	size_t len;
	struct policy *p;
	struct parse_error *pe;
};

/* Blank comments, keeping newlines so offsets and lines stay right. */
static void blank_comments(char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		if (s[i] == '"' || s[i] == '\'') {
			char q = s[i++];

			while (i < n && s[i] != q && s[i] != '\n') {
				if (s[i] == '\\' && i + 1 < n)
					i++;
				i++;
			}
			i++;
		} else if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
			for (; i < n && !(s[i] == '*' && i + 1 < n &&
					  s[i + 1] == '/'); i++)
				if (s[i] != '\n')
					s[i] = ' ';
			if (i < n)
				s[i] = s[i + 1] = ' ', i += 2;
		} else if (s[i] == '/' && i + 1 < n && s[i + 1] == '/') {
			for (; i < n && s[i] != '\n'; i++)
				s[i] = ' ';
		} else {
			i++;
		}
	}
}

static void pos_of(const struct csrc *c, size_t off, unsigned long *line,
		   unsigned long *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && i < c->len; i++) {
		if (c->text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/* Split the argument list starting after '(' at off into top-level
 * [start, end) pieces; returns the count or -1 if unbalanced. */
static int split_args(const char *s, size_t len, size_t off, size_t *starts,
		      size_t *ends, int max, size_t *close)
{
	int depth = 0, n = 0;
	size_t i = off, start = off;

	for (; i < len; i++) {
		char ch = s[i];

		if (ch == '"' || ch == '\'') {
			for (i++; i < len && s[i] != ch; i++)
				if (s[i] == '\\')
					i++;
			continue;
		}
		if (ch == '(' || ch == '[' || ch == '{') {
			depth++;
		} else if (ch == ')' || ch == ']' || ch == '}') {
			if (depth-- == 0) {
				if (n < max) {
					starts[n] = start;
					ends[n] = i;
				}
				n++;
				*close = i;
				return n > max ? max : n;
			}
		} else if (ch == ',' && depth == 0) {
			if (n < max) {
				starts[n] = start;
				ends[n] = i;
			}
			n++;
			start = i + 1;
		}
	}
	return -1;
}

static void trim(const char *s, size_t *a, size_t *b)
{
	while (*a < *b && isspace((unsigned char)s[*a]))
		(*a)++;
	while (*b > *a && isspace((unsigned char)s[*b - 1]))
		(*b)--;
}

static bool piece_is(const char *s, size_t a, size_t b, const char *w)
{
	return b - a == strlen(w) && !memcmp(s + a, w, b - a);
}

/* "MACRO(" prefix: the offset inside the parentheses, else 0. */
static size_t macro_arg(const char *s, size_t a, size_t b, const char *m,
			size_t *inner_end)
{
	size_t n = strlen(m), i;

	if (b - a <= n + 1 || memcmp(s + a, m, n))
		return 0;
	i = a + n;
	while (i < b && isspace((unsigned char)s[i]))
		i++;
	if (i >= b || s[i] != '(' || s[b - 1] != ')')
		return 0;
	*inner_end = b - 1;
	return i + 1;
}

static int parse_action(const struct csrc *c, size_t a, size_t b,
			struct action *act)
{
	static const struct {
		const char *name;
		enum action_kind kind;
	} plain[] = {
		{ "SCMP_ACT_ALLOW", ACTION_ALLOW },
		{ "SCMP_ACT_KILL", ACTION_KILL_THREAD },
		{ "SCMP_ACT_KILL_THREAD", ACTION_KILL_THREAD },
		{ "SCMP_ACT_KILL_PROCESS", ACTION_KILL_PROCESS },
		{ "SCMP_ACT_TRAP", ACTION_TRAP },
		{ "SCMP_ACT_LOG", ACTION_LOG },
		{ "SCMP_ACT_NOTIFY", ACTION_NOTIFY },
	};
	const char *s = c->text;
	size_t i, in, ie;

	trim(s, &a, &b);
	act->data = 0;
	for (i = 0; i < ARRAY_SIZE(plain); i++)
		if (piece_is(s, a, b, plain[i].name)) {
			act->kind = plain[i].kind;
			return 0;
		}
	if ((in = macro_arg(s, a, b, "SCMP_ACT_ERRNO", &ie)) ||
	    (in = macro_arg(s, a, b, "SCMP_ACT_TRACE", &ie))) {
		char buf[64];
		uint64_t v;
		int e;

		trim(s, &in, &ie);
		if (ie - in >= sizeof(buf) || ie == in)
			return -1;
		memcpy(buf, s + in, ie - in);
		buf[ie - in] = '\0';
		act->kind = s[a + 9] == 'E' ? ACTION_ERRNO : ACTION_TRACE;
		e = errno_from_name(buf);
		if (e < 0) {
			if (const_eval(buf, strlen(buf), &v) ||
			    v > 0xffff)
				return -1;
			e = (int)v;
		}
		act->data = e;
		return 0;
	}
	return -1;
}

/* The syscall name of an expression, or NULL (caller frees). */
static char *parse_syscall(const struct csrc *c, size_t a, size_t b,
			   size_t call_off)
{
	static const char *const prefixes[] = { "__SNR_", "__NR_", "SYS_" };
	const char *s = c->text;
	size_t in, ie, i;
	PCRE2_SPTR pat;

	trim(s, &a, &b);
	if ((in = macro_arg(s, a, b, "SCMP_SYS", &ie))) {
		trim(s, &in, &ie);
		return xstrndup(s + in, ie - in);
	}
	if ((in = macro_arg(s, a, b, "seccomp_syscall_resolve_name_arch",
			    &ie)) ||
	    (in = macro_arg(s, a, b, "seccomp_syscall_resolve_name", &ie))) {
		const char *q1 = memchr(s + in, '"', ie - in), *q2;

		if (!q1)
			return NULL;
		q2 = memchr(q1 + 1, '"', (size_t)(s + ie - q1 - 1));
		return q2 ? xstrndup(q1 + 1, (size_t)(q2 - q1 - 1)) : NULL;
	}
	for (i = 0; i < ARRAY_SIZE(prefixes); i++) {
		size_t n = strlen(prefixes[i]);

		if (b - a > n && !memcmp(s + a, prefixes[i], n))
			return xstrndup(s + a + n, b - a - n);
	}
	if (isdigit((unsigned char)s[a])) {
		uint64_t v;
		char buf[SYSCALL_NAME_MAX];

		if (const_eval(s + a, b - a, &v) || v > 0xffffff)
			return NULL;
		return xstrdup(syscall_name(arch_native(), (int)v, buf));
	}
	/* a variable: its last `VAR = seccomp_syscall_resolve_name("x")` */
	for (i = a; i < b; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
			return NULL;
	{
		char *re = xasprintf("\\b%.*s\\s*=\\s*seccomp_syscall_resolve_"
				     "name(?:_arch\\s*\\([^,()]*,|\\()\\s*\"("
				     "[A-Za-z0-9_]+)\"\\s*\\)", (int)(b - a),
				     s + a);
		pcre2_code *code;
		pcre2_match_data *md;
		int errc;
		PCRE2_SIZE erro, start = 0;
		char *name = NULL;

		pat = (PCRE2_SPTR)re;
		code = pcre2_compile(pat, PCRE2_ZERO_TERMINATED, 0, &errc,
				     &erro, NULL);
		free(re);
		if (!code)
			return NULL;
		md = pcre2_match_data_create_from_pattern(code, NULL);
		while (pcre2_match(code, (PCRE2_SPTR)s, call_off, start, 0, md,
				   NULL) > 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

			free(name);
			name = xstrndup(s + ov[2], ov[3] - ov[2]);
			start = ov[1];
		}
		pcre2_match_data_free(md);
		pcre2_code_free(code);
		return name;
	}
}

static int parse_cond(const struct csrc *c, size_t a, size_t b,
		      struct arg_cond *out)
{
	const char *s = c->text;
	size_t st[4], en[4], close, in = 0;
	int n, first = 0, idx = -1;
	uint64_t v;

	trim(s, &a, &b);
	memset(out, 0, sizeof(*out));
	if (b - a > 7 && !memcmp(s + a, "SCMP_A", 6) &&
	    s[a + 6] >= '0' && s[a + 6] <= '5') {
		idx = s[a + 6] - '0';
		in = a + 7;
		while (in < b && s[in] != '(')
			in++;
		in++;
	} else if (b - a > 8 && !memcmp(s + a, "SCMP_CMP", 8)) {
		in = a + 8;
		while (in < b && s[in] != '(')
			in++;
		in++;
	}
	if (!in || in >= b)
		return -1;
	n = split_args(s, b, in, st, en, 4, &close);
	if (n < 2)
		return -1;
	if (idx < 0) {
		trim(s, &st[0], &en[0]);
		if (const_eval(s + st[0], en[0] - st[0], &v) || v > 5)
			return -1;
		idx = (int)v;
		first = 1;
	}
	if (n - first < 2)
		return -1;
	out->index = (unsigned)idx;
	trim(s, &st[first], &en[first]);
	if (arg_op_from_scmp_name(s + st[first], en[first] - st[first],
				  &out->op) < 0)
		return -1;
	trim(s, &st[first + 1], &en[first + 1]);
	if (const_eval(s + st[first + 1], en[first + 1] - st[first + 1],
			      &out->value))
		return -1;
	if (n - first > 2) {
		trim(s, &st[first + 2], &en[first + 2]);
		if (const_eval(s + st[first + 2],
				      en[first + 2] - st[first + 2],
				      &out->value2))
			return -1;
	}
	return 0;
}

static int c_error(struct csrc *c, size_t off, const char *what)
{
	unsigned long line, col;

	pos_of(c, off, &line, &col);
	parse_error_set(c->pe, c->path, line, col, "%s", what);
	return -1;
}

static void c_warn(struct csrc *c, size_t off, const char *what)
{
	unsigned long line, col;

	pos_of(c, off, &line, &col);
	warning("%s:%lu:%lu: %s", c->path, line, col, what);
}

static void add_arch(struct policy *p, uint32_t t)
{
	size_t i;

	for (i = 0; i < p->narches; i++)
		if (p->arches[i] == t)
			return;
	p->arches = xrealloc(p->arches, (p->narches + 1) * sizeof(*p->arches));
	p->arches[p->narches++] = t;
}

static int handle_call(struct csrc *c, const char *fn, size_t call_off,
		       size_t open)
{
	const char *s = c->text;
	size_t st[16], en[16], close, i;
	int n = split_args(s, c->len, open + 1, st, en, 16, &close);
	struct action act;

	if (n < 0)
		return c_error(c, call_off, "unbalanced parentheses");
	if (!strcmp(fn, "seccomp_init")) {
		if (n < 1 || parse_action(c, st[0], en[0], &act) < 0) {
			c_warn(c, st[0], "seccomp_init() with an action we "
			       "cannot read; default left as kill-process");
			return 0;
		}
		c->p->default_action = act;
		/* seccomp_init() admits the native arch */
		add_arch(c->p, arch_native());
		return 0;
	}
	if (!strcmp(fn, "seccomp_arch_add")) {
		char *name;
		uint32_t t;

		if (n < 2)
			return 0;
		trim(s, &st[1], &en[1]);
		name = xstrndup(s + st[1], en[1] - st[1]);
		t = arch_from_name(name);
		free(name);
		if (!t) {
			c_warn(c, st[1], "architecture we cannot read");
			return 0;
		}
		add_arch(c->p, t);
		return 0;
	}
	/* seccomp_rule_add* (ctx, action, syscall, count, conds...) */
	{
		struct policy_rule *r;
		unsigned long line, col;
		char *name;
		uint64_t cnt = 0;
		bool array = strstr(fn, "_array") != NULL;

		if (n < 4)
			return c_error(c, call_off, "seccomp_rule_add needs "
				       "ctx, action, syscall and a count");
		if (parse_action(c, st[1], en[1], &act) < 0) {
			trim(s, &st[1], &en[1]);
			c_warn(c, st[1], "an action we cannot read: rule "
			       "skipped");
			return 0;
		}
		name = parse_syscall(c, st[2], en[2], call_off);
		trim(s, &st[2], &en[2]);
		if (!name) {
			c_warn(c, st[2], "a syscall we cannot read: rule "
			       "skipped");
			return 0;
		}
		if (!syscall_name_known(name) &&
		    syscall_resolve_name(arch_native(), name) < 0) {
			char *msg = xasprintf("unknown syscall '%s'", name);

			c_error(c, st[2], msg);
			free(msg);
			free(name);
			return -1;
		}
		pos_of(c, st[2], &line, &col);
		r = policy_add_rule(c->p, name, 0, act);
		free(name);
		r->file = xstrdup(c->path);
		r->line = line;
		r->col = col;
		trim(s, &st[3], &en[3]);
		if (const_eval(s + st[3], en[3] - st[3], &cnt))
			cnt = 1; /* a variable count: conditional */
		if (array) {
			if (cnt) {
				struct arg_cond any = { 0, ARG_MASKED_EQ,
							0, 0 };

				c_warn(c, st[3], "conditions of "
				       "seccomp_rule_add_array are not read: "
				       "the rule counts as conditional");
				policy_rule_add_cond(r, &any);
			}
			return 0;
		}
		for (i = 4; i < (size_t)n; i++) {
			struct arg_cond cond;

			if (parse_cond(c, st[i], en[i], &cond) < 0) {
				trim(s, &st[i], &en[i]);
				return c_error(c, st[i], "cannot read this "
					       "condition (SCMP_A0(SCMP_CMP_EQ,"
					       " V) or SCMP_CMP(i, op, V))");
			}
			policy_rule_add_cond(r, &cond);
		}
	}
	return 0;
}

int policy_read_c(const char *path, const char *text, size_t len,
		  struct policy *p, struct parse_error *pe)
{
	static const char pattern[] =
		"\\b(seccomp_init|seccomp_arch_add|seccomp_rule_add"
		"(?:_exact)?(?:_array)?)\\s*\\(";
	struct csrc c = { path, text, NULL, len, p, pe };
	pcre2_code *code = NULL;
	pcre2_match_data *md = NULL;
	PCRE2_SIZE erro, start = 0;
	int errc, ret = -1;
	bool any = false;

	if (memchr(text, '\0', len)) {
		parse_error_set(pe, path, 0, 0, "binary data in C source");
		return -1;
	}
	c.text = xstrndup(text, len);
	blank_comments(c.text, len);
	code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0,
			     &errc, &erro, NULL);
	if (!code) {
		parse_error_set(pe, path, 0, 0, "internal: bad pattern");
		goto out;
	}
	md = pcre2_match_data_create_from_pattern(code, NULL);
	p->default_action.kind = ACTION_KILL_THREAD; /* if no seccomp_init */
	while (pcre2_match(code, (PCRE2_SPTR)c.text, len, start, 0, md,
			   NULL) > 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		char *fn = xstrndup(c.text + ov[2], ov[3] - ov[2]);
		int rc;

		any = true;
		rc = handle_call(&c, fn, ov[0], ov[1] - 1);
		free(fn);
		if (rc < 0)
			goto out;
		start = ov[1];
	}
	if (!any) {
		parse_error_set(pe, path, 0, 0, "no seccomp_init() or "
				"seccomp_rule_add() calls found");
		goto out;
	}
	ret = 0;
out:
	pcre2_match_data_free(md);
	pcre2_code_free(code);
	free(c.text);
	return ret;
}
