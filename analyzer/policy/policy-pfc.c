/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * policy-pfc.c - the reader of libseccomp's Pseudo Filter Code, what
 * seccomp_export_pfc() writes and `emit --format pfc` prints: so a
 * listing syscensus emitted (or any program exported with libseccomp) can
 * be checked, linted and verified like the other formats.
 *
 * The text is a tree by indentation (two spaces a level, gen_pfc.c):
 *
 *   if ($arch == 3221225534)             one block per architecture
 *     if ($syscall == 41)                a syscall
 *       if ($a0.hi32 & 0x00000000 == 0)  argument tests, the halves of a
 *         if ($a0.lo32 & 0xffffffff == 2)  64-bit comparison
 *           action ALLOW;
 *     action KILL_PROCESS;               the default action
 *   action KILL_PROCESS;                 for other architectures
 *
 * The syscall comes from its number and the block's architecture
 * (libseccomp resolves it; the comment naming it is not trusted).  An
 * action reached through a chain of tests is a rule with those tests
 * AND-ed: the two halves of an argument become one 64-bit masked
 * comparison.  Ordered comparisons (> and >=, which libseccomp splits
 * into hi/lo tests joined by else branches) and else branches are not
 * read: they are reported at their FILE:LINE:COL rather than guessed.
 * Binary-tree syscall lookups (`if ($syscall > N)`, libseccomp's
 * SCMP_FLTATR_CTL_OPTIMIZE 2) are walked through.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/policy/policy.h"

/* One argument test: the half of argument index, (half & mask) == datum. */
struct pfc_test {
	unsigned index;
	bool hi;
	uint32_t mask, datum;
};

#define PFC_MAX_TESTS 64

struct pfc {
	const char *path;
	struct parse_error *pe;
	struct policy *p;
	unsigned long lineno;
	const char *line;
	uint32_t arch;	 /* the block's architecture; 0 outside one */
	int sc_nr;	 /* the current syscall; -1 none */
	size_t sc_level; /* its indentation level */
	char sc_name[SYSCALL_NAME_MAX];
	struct pfc_test tests[PFC_MAX_TESTS]; /* by level below sc_level */
	size_t ntests;
};

static int pfc_error(struct pfc *c, const char *at, const char *msg)
{
	parse_error_set(c->pe, c->path, c->lineno,
			(unsigned long)(at - c->line) + 1, "%s", msg);
	return -1;
}

static const char *skip_sp(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Read an unsigned number (decimal or 0x hex) at *s. */
static bool pfc_num(const char **s, uint64_t *v)
{
	char *end;

	if (!isdigit((unsigned char)**s))
		return false;
	errno = 0;
	*v = strtoull(*s, &end, 0);
	if (errno || end == *s)
		return false;
	*s = end;
	return true;
}

static bool eat(const char **s, const char *word)
{
	size_t n = strlen(word);

	*s = skip_sp(*s);
	if (strncmp(*s, word, n))
		return false;
	*s += n;
	return true;
}

/* "action ALLOW;" and the others gen_pfc.c's _pfc_action() writes */
static int pfc_action(struct pfc *c, const char *s, struct action *a)
{
	static const struct {
		const char *name;
		enum action_kind kind;
		bool data;
	} names[] = {
		{ "KILL_PROCESS", ACTION_KILL_PROCESS, false },
		{ "KILL", ACTION_KILL_THREAD, false },
		{ "TRAP", ACTION_TRAP, false },
		{ "ERRNO", ACTION_ERRNO, true },
		{ "TRACE", ACTION_TRACE, true },
		{ "LOG", ACTION_LOG, false },
		{ "ALLOW", ACTION_ALLOW, false },
		{ "NOTIFY", ACTION_NOTIFY, false },
	};
	const char *at = s;
	uint64_t v = 0;
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		n = strlen(names[i].name);
		if (!strncmp(s, names[i].name, n) &&
		    !isalnum((unsigned char)s[n]) && s[n] != '_')
			break;
	}
	if (i == ARRAY_SIZE(names))
		return pfc_error(c, at, "unknown action");
	s += n;
	if (names[i].data && eat(&s, "(")) {
		s = skip_sp(s);
		if (!pfc_num(&s, &v) || v > 0xffff || !eat(&s, ")"))
			return pfc_error(c, at, "bad action data");
	}
	if (!eat(&s, ";") || *skip_sp(s))
		return pfc_error(c, at, "expected ';' after the action");
	a->kind = names[i].kind;
	a->data = (int)v;
	return 0;
}

/* "$aN.hi32 & 0xMASK == DATUM" or "$aN.lo32 == DATUM" (inside "if (") */
static int pfc_test(struct pfc *c, const char *s, struct pfc_test *t)
{
	const char *at = s;
	uint64_t v;

	memset(t, 0, sizeof(*t));
	if (s[0] != '$' || s[1] != 'a' || s[2] < '0' || s[2] > '5' ||
	    s[3] != '.')
		return pfc_error(c, at, "expected $aN.hi32 or $aN.lo32");
	t->index = (unsigned)(s[2] - '0');
	s += 4;
	if (!strncmp(s, "hi32", 4))
		t->hi = true;
	else if (strncmp(s, "lo32", 4))
		return pfc_error(c, at, "expected $aN.hi32 or $aN.lo32");
	s += 4;
	t->mask = 0xffffffffu;
	if (eat(&s, "&")) {
		s = skip_sp(s);
		if (!pfc_num(&s, &v) || v > 0xffffffffu)
			return pfc_error(c, s, "bad mask");
		t->mask = (uint32_t)v;
	}
	s = skip_sp(s);
	if (s[0] == '>' || (s[0] == '<'))
		return pfc_error(c, s, "ordered comparisons are not read "
				 "from PFC (only == and masked ==): read "
				 "the BPF instead");
	if (!eat(&s, "=="))
		return pfc_error(c, s, "expected == in an argument test");
	s = skip_sp(s);
	if (!pfc_num(&s, &v) || v > 0xffffffffu)
		return pfc_error(c, s, "bad value in an argument test");
	t->datum = (uint32_t)v;
	if (!eat(&s, ")") || *skip_sp(s))
		return pfc_error(c, s, "expected ')' after the test");
	return 0;
}

/* The tests on the way to an action, halves joined per argument. */
static void pfc_rule(struct pfc *c, size_t ntests, struct action act,
		     const char *at)
{
	struct arg_cond conds[6];
	bool used[6] = { false };
	struct policy_rule *r;
	size_t i;

	memset(conds, 0, sizeof(conds));
	for (i = 0; i < ntests; i++) {
		const struct pfc_test *t = &c->tests[i];
		struct arg_cond *k = &conds[t->index];
		unsigned sh = t->hi ? 32 : 0;

		used[t->index] = true;
		k->index = t->index;
		k->op = ARG_MASKED_EQ;
		k->value |= (uint64_t)t->mask << sh;
		k->value2 |= (uint64_t)(t->datum & t->mask) << sh;
	}
	r = policy_add_rule(c->p, c->sc_name, c->arch, act);
	for (i = 0; i < 6; i++) {
		if (!used[i] || !conds[i].value)
			continue; /* (x & 0) == 0 holds always */
		if (conds[i].value == UINT64_MAX) {
			conds[i].op = ARG_EQ;
			conds[i].value = conds[i].value2;
			conds[i].value2 = 0;
		}
		policy_rule_add_cond(r, &conds[i]);
	}
	r->file = xstrdup(c->path);
	r->line = c->lineno;
	r->col = (unsigned long)(at - c->line) + 1;
}

static int add_arch(struct policy *p, uint32_t arch)
{
	size_t i;

	for (i = 0; i < p->narches; i++)
		if (p->arches[i] == arch)
			return 0;
	p->arches = xrealloc(p->arches, (p->narches + 1) * sizeof(*p->arches));
	p->arches[p->narches++] = arch;
	return 0;
}

static int pfc_line(struct pfc *c, const char *s, size_t level)
{
	const char *at = s;
	uint64_t v;

	if (c->sc_nr >= 0 && level <= c->sc_level)
		c->sc_nr = -1; /* the syscall's block has ended */
	if (eat(&s, "if (")) {
		s = skip_sp(s);
		if (eat(&s, "$arch")) {
			if (level || !eat(&s, "==") ||
			    (s = skip_sp(s), !pfc_num(&s, &v)) ||
			    v > UINT32_MAX || !eat(&s, ")") ||
			    !arch_name((uint32_t)v))
				return pfc_error(c, at, "expected if ($arch == "
						 "TOKEN) of a known "
						 "architecture");
			c->arch = (uint32_t)v;
			return add_arch(c->p, c->arch);
		}
		if (eat(&s, "$syscall")) {
			const char *op = skip_sp(s);

			if (!c->arch)
				return pfc_error(c, at, "a syscall outside "
						 "an architecture block");
			if (!eat(&s, "=="))
				return 0; /* a binary-tree range test */
			s = skip_sp(s);
			if (!pfc_num(&s, &v) || v > INT32_MAX ||
			    !eat(&s, ")"))
				return pfc_error(c, op, "bad syscall number");
			/* a number unknown here keeps its number */
			syscall_name(c->arch, (int)v, c->sc_name);
			c->sc_nr = (int)v;
			c->sc_level = level;
			c->ntests = 0;
			return 0;
		}
		if (c->sc_nr < 0)
			return pfc_error(c, s, "an argument test outside a "
					 "syscall");
		if (level - c->sc_level - 1 >= PFC_MAX_TESTS)
			return pfc_error(c, at, "argument tests nested too "
					 "deeply");
		c->ntests = level - c->sc_level - 1;
		if (pfc_test(c, s, &c->tests[c->ntests]) < 0)
			return -1;
		c->ntests++;
		return 0;
	}
	if (eat(&s, "else")) {
		if (c->sc_nr >= 0 && *skip_sp(s) == '\0')
			return pfc_error(c, at, "else branches of argument "
					 "tests are not read from PFC: read "
					 "the BPF instead");
		return 0; /* of a binary-tree syscall range test */
	}
	if (eat(&s, "action")) {
		struct action a;

		s = skip_sp(s);
		if (pfc_action(c, s, &a) < 0)
			return -1;
		if (c->sc_nr >= 0) {
			pfc_rule(c, level - c->sc_level - 1, a, at);
			return 0;
		}
		if (level == 1 && c->arch)
			c->p->default_action = a;
		/* level 0: what other architectures get (the kernel kills
		 * them whatever the filter says; the model has no place) */
		return 0;
	}
	return pfc_error(c, at, "expected if, else or action");
}

int policy_read_pfc(const char *path, const char *text, size_t len,
		    struct policy *p, struct parse_error *pe)
{
	struct pfc c;
	const char *s = text, *end = text + len;
	struct strbuf line = STRBUF_INIT;
	int ret = -1;

	memset(&c, 0, sizeof(c));
	c.path = path;
	c.pe = pe;
	c.p = p;
	c.sc_nr = -1;
	if (memchr(text, '\0', len)) {
		parse_error_set(pe, path, 0, 0, "%s", "binary data in PFC");
		return -1;
	}
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s), sp = 0;
		const char *b;

		c.lineno++;
		strbuf_reset(&line);
		strbuf_add(&line, s, n);
		strbuf_rtrim(&line);
		s = nl ? nl + 1 : end;
		c.line = line.buf;
		while (line.buf[sp] == ' ')
			sp++;
		b = line.buf + sp;
		if (!*b || *b == '#')
			continue;
		if (line.buf[sp] == '\t' || sp % 2) {
			pfc_error(&c, b, "PFC indents by two spaces a level");
			goto out;
		}
		if (pfc_line(&c, b, sp / 2) < 0)
			goto out;
	}
	if (!p->narches) {
		parse_error_set(pe, path, 0, 0, "%s", "no architecture block "
				"(if ($arch == ...)): not PFC");
		goto out;
	}
	ret = 0;
out:
	strbuf_release(&line);
	return ret;
}
