/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * diff.c - observed syscalls against a policy: the heart of `diff` and
 * `check`.  Per phase and executable (summed over the runs selected), a
 * call is *uncovered* when the policy does not allow it on the arch it was
 * made on, and a policy name is *unused* when it is allowed but never seen.
 * Knowledge-base flags are added when the knowledge base loads.
 *
 * A syscall the policy allows for some argument values only (socket for
 * AF_UNIX, clone without namespace flags, ioctl TCGETS) is judged from the
 * trace's facts of its decisive argument (kind "arg", common/consts.c):
 * each value seen goes through policy_eval(), and a denied value is an
 * uncovered row naming the call and the value.  When the trace does not
 * show the argument for every call, or the policy also tests arguments
 * the trace does not record, the row stays "conditional" (covered, as
 * before) and the result says why; facts are per (phase, exe), so they
 * are compared with the calls of every arch row of the syscall.  Values
 * are the kernel's 32 bits; one with bit 31 set is judged zero- and
 * sign-extended (how a program widens it into the register), and a
 * verdict stands only when both agree.  A raw BPF policy's conditions are
 * only samples of its tests (bpf_decode()), so its program itself is run
 * in the emulator for each value, also when the decoded model denies the
 * syscall outright.
 *
 * The per-syscall totals of a selection and the facts the knowledge base
 * looks at are read in observed.c.
 */
#include "config.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "analyzer/policy/policy.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---------------------------------------------------------- arg facts */

/* The decisive-argument facts of a selection, summed over its runs per
 * (phase, exe, syscall, value); sorted by the first three. */
struct arg_fact {
	char *phase, *exe, *syscall, *value;
	uint64_t count;
};

struct arg_facts {
	struct arg_fact *v;
	size_t n;
};

static int cmp_arg_fact(const void *a, const void *b)
{
	const struct arg_fact *x = a, *y = b;
	int r = strcmp(x->phase, y->phase);

	if (!r)
		r = strcmp(x->exe, y->exe);
	if (!r)
		r = strcmp(x->syscall, y->syscall);
	if (!r)
		r = strcmp(x->value, y->value);
	return r;
}

static void arg_facts_release(struct arg_facts *af)
{
	size_t i;

	for (i = 0; i < af->n; i++) {
		free(af->v[i].phase);
		free(af->v[i].exe);
		free(af->v[i].syscall);
		free(af->v[i].value);
	}
	free(af->v);
	af->v = NULL;
	af->n = 0;
}

struct arg_collect {
	struct arg_facts *af;
	size_t alloc;
};

static int collect_arg_fact(const struct fact_row *row, void *data)
{
	struct arg_collect *c = data;
	struct arg_facts *af = c->af;

	if (!row->count || !row->syscall[0])
		return 0;
	af->v = xgrow(af->v, sizeof(*af->v), af->n + 1, &c->alloc);
	af->v[af->n].phase = xstrdup(row->phase);
	af->v[af->n].exe = xstrdup(row->exe);
	af->v[af->n].syscall = xstrdup(row->syscall);
	af->v[af->n].value = xstrdup(row->value);
	af->v[af->n].count = row->count;
	af->n++;
	return 0;
}

static void arg_facts_merge(struct arg_facts *af);

/* Read every "arg" fact f selects.  0 or -1 after error. */
static int arg_facts_load(struct store *st, const struct observed_filter *f,
			  struct arg_facts *af)
{
	struct arg_collect c = { af, 0 };

	af->v = NULL;
	af->n = 0;
	if (store_each_fact(st, f, "arg", collect_arg_fact, &c) < 0) {
		arg_facts_release(af);
		return -1;
	}
	arg_facts_merge(af);
	return 0;
}

/* Sort af and sum the entries that agree on all four keys. */
static void arg_facts_merge(struct arg_facts *af)
{
	size_t i, j;

	if (af->n)
		qsort(af->v, af->n, sizeof(*af->v), cmp_arg_fact);
	/* one entry per value: the same fact in several runs is summed */
	for (i = 0, j = 0; i < af->n; i++) {
		if (j && !cmp_arg_fact(&af->v[j - 1], &af->v[i])) {
			af->v[j - 1].count += af->v[i].count;
			free(af->v[i].phase);
			free(af->v[i].exe);
			free(af->v[i].syscall);
			free(af->v[i].value);
			continue;
		}
		af->v[j++] = af->v[i];
	}
	af->n = j;
}

static int collect_total(const struct observed_row *row, void *data)
{
	struct arg_collect *c = data;
	struct arg_facts *af = c->af;

	af->v = xgrow(af->v, sizeof(*af->v), af->n + 1, &c->alloc);
	af->v[af->n].phase = xstrdup(row->phase);
	af->v[af->n].exe = xstrdup(row->exe);
	af->v[af->n].syscall = xstrdup(row->syscall);
	af->v[af->n].value = xstrdup("");
	af->v[af->n].count = row->calls;
	af->n++;
	return 0;
}

/*
 * The calls of every (phase, exe, syscall) summed over its arch rows and
 * runs, in the same shape as the facts (value ""): facts are per (phase,
 * exe), not per arch, so they are compared with this.  0 or -1.
 */
static int call_totals_load(struct store *st, const struct observed_filter *f,
			    struct arg_facts *af)
{
	struct arg_collect c = { af, 0 };

	af->v = NULL;
	af->n = 0;
	if (store_each_observed(st, f, collect_total, &c) != 0) {
		arg_facts_release(af);
		return -1;
	}
	arg_facts_merge(af);
	return 0;
}

/* The facts of (phase, exe, syscall): *first and the count. */
static size_t arg_facts_find(const struct arg_facts *af, const char *phase,
			     const char *exe, const char *syscall,
			     const struct arg_fact **first)
{
	size_t lo = 0, hi = af->n, n = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct arg_fact *x = &af->v[mid];
		int r = strcmp(x->phase, phase);

		if (!r)
			r = strcmp(x->exe, exe);
		if (!r)
			r = strcmp(x->syscall, syscall);
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo < af->n ? &af->v[lo] : NULL;
	while (lo + n < af->n && !strcmp(af->v[lo + n].phase, phase) &&
	       !strcmp(af->v[lo + n].exe, exe) &&
	       !strcmp(af->v[lo + n].syscall, syscall))
		n++;
	return n;
}

/* --------------------------------------------------------------- diff */

struct diff_ctx {
	const struct policy *p;
	struct diff_result *r;
	size_t ualloc, conalloc;
	struct arg_facts facts; /* "arg" facts of the selection */
	struct arg_facts totals; /* calls per (phase, exe, syscall) */
	/* the row being summed over runs */
	bool have;
	char *phase, *exe, *arch, *syscall;
	uint64_t calls, errors;
	/* observed names, for unused and the knowledge base */
	char **names;
	size_t nnames, nalloc;
	/* arches seen, for the knowledge base */
	uint32_t arches[32];
	size_t narches;
	/* a raw BPF policy's program (the policy's) */
	const struct sock_filter *prog;
	size_t prog_len;
};

/* Why a row is uncovered, one line (caller frees). */
static char *uncovered_reason(const struct policy *p, const char *arch,
			      bool admitted, const struct action *act)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[32];
	size_t i;

	if (admitted) {
		strbuf_addf(&sb, "the policy says %s", action_name(act, buf));
		return strbuf_detach(&sb, NULL);
	}
	/* the kernel checks the arch before any rule: every call dies */
	strbuf_addf(&sb, "architecture %s is not allowed: the policy does not "
		    "admit it (only ", arch);
	if (!p->narches) {
		strbuf_addstr(&sb, arch_name(arch_native()));
	} else {
		for (i = 0; i < p->narches; i++) {
			const char *n = arch_name(p->arches[i]);

			strbuf_addf(&sb, "%s%s", i ? " " : "", n ? n : "?");
		}
	}
	strbuf_addstr(&sb, "), so the kernel kills the call");
	return strbuf_detach(&sb, NULL);
}

/* --------------------------------------------- conditional allows */

/* Append value v of argument index, named in d's family when d is the
 * argument tested (decisive_arg_format() without its "N="). */
static void add_value(struct strbuf *sb, unsigned index, uint64_t v,
		      const struct decisive_arg *d)
{
	struct strbuf t = STRBUF_INIT;

	if (!d || d->index != index) {
		strbuf_addf(sb, v < 10 ? "%llu" : "%#llx",
			    (unsigned long long)v);
		return;
	}
	decisive_arg_format(&t, d, v);
	if (strchr(t.buf + 2, '|'))
		strbuf_addf(sb, "(%s)", t.buf + 2);
	else
		strbuf_addstr(sb, t.buf + 2);
	strbuf_release(&t);
}

static void add_cond(struct strbuf *sb, const struct arg_cond *c,
		     const struct decisive_arg *d)
{
	static const char *const ops[] = {
		[ARG_EQ] = "==", [ARG_NE] = "!=", [ARG_LT] = "<",
		[ARG_LE] = "<=", [ARG_GT] = ">", [ARG_GE] = ">=",
	};

	strbuf_addf(sb, "arg%u ", c->index);
	if (c->op == ARG_MASKED_EQ) {
		strbuf_addstr(sb, "& ");
		add_value(sb, c->index, c->value, d);
		strbuf_addstr(sb, " == ");
		add_value(sb, c->index, c->value2, d);
		return;
	}
	strbuf_addf(sb, "%s ", (size_t)c->op < ARRAY_SIZE(ops) && ops[c->op] ?
		    ops[c->op] : "?");
	add_value(sb, c->index, c->value, d);
}

static bool rule_applies(const struct policy_rule *r, uint32_t arch,
			 const char *syscall)
{
	return !strcmp(r->syscall, syscall) &&
	       !(r->arch && arch && r->arch != arch);
}


/*
 * Allowed whatever the arguments by policy_lookup() only because the
 * default allows, while conditional rules deny some values (a deny list:
 * default allow, socket with arg0 == AF_NETLINK gets EPERM)?
 */
static bool default_allow_with_conds(const struct policy *p, uint32_t arch,
				      const char *syscall)
{
	bool conds = false;
	size_t i;

	for (i = 0; i < p->nrules; i++) {
		const struct policy_rule *r = &p->rules[i];

		if (!rule_applies(r, arch, syscall))
			continue;
		if (!r->nconds)
			return false; /* an unconditional rule decides */
		if (!action_allows(&r->action))
			conds = true;
	}
	return conds;
}

/* "arg0=AF_NETLINK" for value v of d (caller frees). */
static char *arg_text(const struct decisive_arg *d, uint64_t v)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "arg");
	decisive_arg_format(&sb, d, v);
	return strbuf_detach(&sb, NULL);
}

/* Why value v of d is denied, one line (caller frees):
 * "socket(arg0=AF_NETLINK): the policy allows socket only when arg0 ==
 * AF_UNIX or arg0 == AF_INET; this call gets errno EPERM". */
static char *arg_reason(const struct policy *p, uint32_t arch,
			const char *syscall, const struct decisive_arg *d,
			const char *arg, const struct action *act)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[32];
	size_t i, j, nallow = 0;

	strbuf_addf(&sb, "%s(%s): ", syscall, arg);
	for (i = 0; i < p->nrules; i++) {
		const struct policy_rule *r = &p->rules[i];

		if (!r->nconds || !action_allows(&r->action) ||
		    !rule_applies(r, arch, syscall))
			continue;
		strbuf_addstr(&sb, nallow++ ? " or " :
			      "the policy allows ");
		if (nallow == 1)
			strbuf_addf(&sb, "%s only when ", syscall);
		for (j = 0; j < r->nconds; j++) {
			if (j)
				strbuf_addstr(&sb, " && ");
			add_cond(&sb, &r->conds[j], d);
		}
	}
	if (act->kind == ACTION_NONE && act->data == ACTION_DATA_ORDER_DENY)
		/* several denying rules match (policy_eval()) */
		strbuf_addf(&sb, "%sthe policy denies this value; which of "
			    "its matching rules acts depends on libseccomp's "
			    "rule order", nallow ? "; " : "");
	else if (nallow)
		strbuf_addf(&sb, "; this call gets %s", action_name(act, buf));
	else
		strbuf_addf(&sb, "the policy says %s for this value",
			    action_name(act, buf));
	return strbuf_detach(&sb, NULL);
}

/* An uncovered row for the calls of the row in c made with value v. */
static void add_arg_uncovered(struct diff_ctx *c, uint32_t arch,
			      const struct decisive_arg *d, uint64_t v,
			      uint64_t calls, const struct action *act)
{
	struct diff_result *r = c->r;
	struct diff_uncovered *u;
	char buf[32];

	r->uncovered = xgrow(r->uncovered, sizeof(*r->uncovered),
			     r->nuncovered + 1, &c->ualloc);
	u = &r->uncovered[r->nuncovered++];
	memset(u, 0, sizeof(*u));
	u->phase = xstrdup(c->phase);
	u->exe = xstrdup(c->exe);
	u->arch = xstrdup(c->arch);
	u->syscall = xstrdup(c->syscall);
	u->calls = calls;
	u->action = *act;
	u->arg = arg_text(d, v);
	if (c->prog)
		u->reason = xasprintf("%s(%s): the BPF program returns %s "
				      "for this value", c->syscall, u->arg,
				      action_name(act, buf));
	else
		u->reason = arg_reason(c->p, arch, c->syscall, d, u->arg,
				       act);
}

/* The row in c stays conditional: say why (takes reason). */
static void add_conditional(struct diff_ctx *c, uint64_t known, char *reason)
{
	struct diff_result *r = c->r;
	struct diff_conditional *e;

	r->conditional = xgrow(r->conditional, sizeof(*r->conditional),
			       r->nconditional + 1, &c->conalloc);
	e = &r->conditional[r->nconditional++];
	e->phase = xstrdup(c->phase);
	e->exe = xstrdup(c->exe);
	e->arch = xstrdup(c->arch);
	e->syscall = xstrdup(c->syscall);
	e->calls = c->calls;
	e->known = known;
	e->reason = reason;
}

/* The arguments other than index that p's conditions on syscall test,
 * as "arg1, arg2" (caller frees); NULL if none.  *tests_index: whether
 * a condition tests index too. */
static char *other_args(const struct policy *p, uint32_t arch,
			const char *syscall, unsigned index, bool *tests_index)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned mask = 0, i;
	size_t k, j;

	for (k = 0; k < p->nrules; k++) {
		const struct policy_rule *r = &p->rules[k];

		if (!rule_applies(r, arch, syscall))
			continue;
		for (j = 0; j < r->nconds; j++)
			if (r->conds[j].index < 6)
				mask |= 1u << r->conds[j].index;
	}
	*tests_index = mask & (1u << index);
	mask &= ~(1u << index);
	if (!mask)
		return NULL;
	for (i = 0; i < 6; i++)
		if (mask & (1u << i))
			strbuf_addf(&sb, "%sarg%u", sb.len ? ", " : "", i);
	return strbuf_detach(&sb, NULL);
}

/* The program of a raw BPF policy (format "bpf"): false when none. */
static bool prog_load(struct diff_ctx *c)
{
	if (c->p->prog) {
		c->prog = c->p->prog;
		c->prog_len = c->p->prog_len;
	}
	return c->prog != NULL;
}

/*
 * Run the program for syscall on arch with argument index = v and every
 * other argument 0: the answer counts only if the run read no argument
 * word but index's (UNKNOWN otherwise, or for x32, whose calls the kernel
 * tags differently).
 */
static enum policy_eval_result prog_eval(const struct diff_ctx *c,
					 uint32_t arch, const char *syscall,
					 unsigned index, uint64_t v,
					 struct action *act)
{
	struct seccomp_data d;
	uint32_t reads = 0, ret;
	int nr = syscall_resolve_name(arch, syscall);

	if (nr < 0 || arch == arch_from_name("x32"))
		return POLICY_EVAL_UNKNOWN;
	memset(&d, 0, sizeof(d));
	d.nr = nr;
	d.arch = arch;
	d.args[index] = v;
	ret = bpf_run(c->prog, c->prog_len, &d, &reads);
	/* words: 0 nr, 1 arch, 2-3 the IP, 4 + 2i and 5 + 2i args[i] */
	if (reads & ~(3u | (3u << (4 + 2 * index))))
		return POLICY_EVAL_UNKNOWN;
	action_from_seccomp(ret, act);
	return action_allows(act) ? POLICY_EVAL_ALLOWED : POLICY_EVAL_DENIED;
}

enum arg_verdict { ARGS_ALLOWED, ARGS_DENIED, ARGS_UNDECIDED };

/* What one value of the decisive argument gets. */
enum value_verdict {
	VALUE_ALLOWED,
	VALUE_DENIED,
	VALUE_UNKNOWN,  /* the policy tests arguments the trace lacks */
	VALUE_WIDEN,    /* zero- and sign-extension get different verdicts */
	VALUE_ORDER,    /* libseccomp's rule order decides (policy_eval()) */
};

static enum policy_eval_result eval_one(const struct diff_ctx *c,
					uint32_t arch,
					const struct decisive_arg *d,
					uint64_t v, struct action *act)
{
	uint64_t args[6] = { 0 };

	if (c->prog)
		return prog_eval(c, arch, c->syscall, d->index, v, act);
	args[d->index] = v;
	return policy_eval(c->p, arch, c->syscall, args, 1u << d->index,
			   act);
}

/*
 * Judge value v of d.  Decisive arguments are 32-bit to the kernel and
 * facts carry the low 32 bits (as strace prints them), but the 64-bit
 * register seccomp sees holds the value zero-extended (glibc's unsigned
 * long ioctl request) or sign-extended (musl's and bionic's int request,
 * any int variable).  With bit 31 set both are judged: the same verdict
 * stands; different ones leave the value undecided (VALUE_WIDEN).  Only
 * on 64-bit arches (__AUDIT_ARCH_64BIT in the token, or an arch not
 * known): a 32-bit kernel (x86, arm) takes the register as is, so there
 * the value is only judged zero-extended.
 */
static enum value_verdict judge_value(const struct diff_ctx *c,
				      uint32_t arch,
				      const struct decisive_arg *d,
				      uint64_t v, struct action *act)
{
	enum policy_eval_result r1, r2;
	struct action act2 = { ACTION_NONE, 0 };

	v &= 0xffffffffu;
	r1 = eval_one(c, arch, d, v, act);
	if ((v & 0x80000000u) && (!arch || (arch & 0x80000000u))) {
		r2 = eval_one(c, arch, d, v | 0xffffffff00000000ull, &act2);
		if (r1 != r2)
			return r1 == POLICY_EVAL_UNKNOWN ||
			       r2 == POLICY_EVAL_UNKNOWN ? VALUE_UNKNOWN :
							   VALUE_WIDEN;
	}
	switch (r1) {
	case POLICY_EVAL_ALLOWED:
		return VALUE_ALLOWED;
	case POLICY_EVAL_DENIED:
		return VALUE_DENIED;
	case POLICY_EVAL_UNKNOWN:
		break;
	}
	return act->kind == ACTION_NONE && act->data == ACTION_DATA_ORDER ?
	       VALUE_ORDER : VALUE_UNKNOWN;
}

/* The calls of the row's (phase, exe, syscall) on every arch. */
static uint64_t calls_all_arches(const struct diff_ctx *c)
{
	const struct arg_fact *t = NULL;

	if (!arg_facts_find(&c->totals, c->phase, c->exe, c->syscall, &t) ||
	    t->count < c->calls)
		return c->calls;
	return t->count;
}

/*
 * Judge the row in c, which p allows for some argument values only, from
 * the facts of its decisive argument: DENIED (uncovered rows added, one
 * per denied value), ALLOWED (every call shown, every value allowed) or
 * UNDECIDED (a conditional entry added saying why).
 */
static enum arg_verdict diff_judge_args(struct diff_ctx *c, uint32_t arch)
{
	const struct decisive_arg *d = decisive_arg_find(c->syscall);
	const struct arg_fact *fa = NULL;
	struct { uint64_t v, count; } *seen = NULL;
	size_t nf, nseen = 0, i, j;
	uint64_t known = 0, unread = 0, undecided = 0, widen = 0, order = 0;
	uint64_t total = calls_all_arches(c);
	bool denied = false;
	char *others, *why;
	bool tests_index = false;

	if (!strcmp(c->p->format, "bpf") && (!d || !prog_load(c))) {
		/* bpf_decode() keeps one witness per test, not the test */
		add_conditional(c, 0, xasprintf("the conditions read back "
				"from a BPF program are samples, and %s",
				d ? "the program cannot be read again" :
				"traces do not record these arguments"));
		return ARGS_UNDECIDED;
	}
	if (!d) {
		add_conditional(c, 0, xasprintf("the policy tests %s's "
				"arguments, which traces do not record",
				c->syscall));
		return ARGS_UNDECIDED;
	}
	nf = arg_facts_find(&c->facts, c->phase, c->exe, c->syscall, &fa);
	seen = xcalloc(nf ? nf : 1, sizeof(*seen));
	for (i = 0; i < nf; i++) {
		unsigned idx;
		uint64_t v;

		if (decisive_arg_parse(fa[i].value, &idx, &v) < 0 ||
		    idx != d->index) {
			unread += fa[i].count;
			continue;
		}
		/* the kernel's 32 bits (older facts may hold the register
		 * sign-extended) */
		v &= 0xffffffffu;
		for (j = 0; j < nseen && seen[j].v != v; j++)
			;
		if (j == nseen) {
			seen[j].v = v;
			seen[j].count = 0;
			nseen++;
		}
		seen[j].count += fa[i].count;
		known += fa[i].count;
	}
	for (j = 0; j < nseen; j++) {
		struct action act = { ACTION_NONE, 0 };

		switch (judge_value(c, arch, d, seen[j].v, &act)) {
		case VALUE_ALLOWED:
			break;
		case VALUE_DENIED:
			add_arg_uncovered(c, arch, d, seen[j].v,
					  seen[j].count, &act);
			denied = true;
			break;
		case VALUE_UNKNOWN:
			undecided += seen[j].count;
			break;
		case VALUE_WIDEN:
			widen += seen[j].count;
			break;
		case VALUE_ORDER:
			order += seen[j].count;
			break;
		}
	}
	free(seen);
	if (denied)
		return ARGS_DENIED;
	/* facts are per (phase, exe), not per arch: they must cover the
	 * calls of every arch row of the syscall, not just this one's */
	if (!undecided && !widen && !order && known >= total)
		return ARGS_ALLOWED;
	if (widen) {
		add_conditional(c, known, xasprintf("the policy's verdict "
				"depends on how the program widens the "
				"32-bit value (zero- or sign-extended) for "
				"%llu of %llu calls",
				(unsigned long long)widen,
				(unsigned long long)total));
		return ARGS_UNDECIDED;
	}
	if (order) {
		add_conditional(c, known, xasprintf("rules of the policy "
				"that allow and deny the same value of "
				"arg%u both match, and libseccomp's rule "
				"order decides (%llu of %llu calls)",
				d->index, (unsigned long long)order,
				(unsigned long long)total));
		return ARGS_UNDECIDED;
	}
	if (c->prog)
		others = xstrdup("other arguments");
	else
		others = other_args(c->p, arch, c->syscall, d->index,
				    &tests_index);
	if (undecided && others) {
		/* with the calls the trace shows no readable value for */
		uint64_t n = undecided + unread +
			     (total > known + unread ?
			      total - known - unread : 0);

		why = xasprintf("the %s %s of %s, which the trace does not "
				"record (%llu of %llu calls undecided)",
				c->prog ? "BPF program reads" :
				tests_index ? "policy also tests" :
				"policy tests", others, c->syscall,
				(unsigned long long)(n < total ? n : total),
				(unsigned long long)total);
	} else if (!known && !unread) {
		why = xasprintf("the trace does not show arg%u of %s (no "
				"argument facts)", d->index, c->syscall);
	} else {
		why = xasprintf("the trace shows arg%u of %s for %llu of "
				"%llu calls%s%s", d->index, c->syscall,
				(unsigned long long)known,
				(unsigned long long)total,
				total > c->calls ? " on all arches" : "",
				unread ? " (some values it cannot read)" :
				" (every value shown is allowed)");
	}
	free(others);
	add_conditional(c, known, why);
	return ARGS_UNDECIDED;
}

/*
 * A raw BPF policy whose decoded model denies the row's syscall outright
 * (the decoder's probes can miss a value): does its program allow one of
 * the values the facts show?  Then the row is judged value by value.
 */
static bool bpf_allows_a_fact(struct diff_ctx *c, uint32_t arch)
{
	const struct decisive_arg *d = decisive_arg_find(c->syscall);
	const struct arg_fact *fa = NULL;
	size_t nf, i;

	if (!d || strcmp(c->p->format, "bpf") || !prog_load(c))
		return false;
	nf = arg_facts_find(&c->facts, c->phase, c->exe, c->syscall, &fa);
	for (i = 0; i < nf; i++) {
		struct action act;
		unsigned idx;
		uint64_t v;

		if (decisive_arg_parse(fa[i].value, &idx, &v) < 0 ||
		    idx != d->index)
			continue;
		v &= 0xffffffffu;
		if (prog_eval(c, arch, c->syscall, idx, v, &act) ==
		    POLICY_EVAL_ALLOWED ||
		    ((v & 0x80000000u) &&
		     prog_eval(c, arch, c->syscall, idx,
			       v | 0xffffffff00000000ull, &act) ==
		     POLICY_EVAL_ALLOWED))
			return true;
	}
	return false;
}

/* Judge the summed row held in c. */
static void diff_judge(struct diff_ctx *c)
{
	struct diff_result *r = c->r;
	uint32_t arch = arch_from_name(c->arch);
	struct action act = { ACTION_NONE, 0 };
	enum policy_verdict v;
	bool admitted = arch && policy_admits_arch(c->p, arch);

	r->nrows++;
	v = policy_lookup(c->p, arch, c->syscall, &act);
	if (admitted && (v == VERDICT_CONDITIONAL ||
			 (v == VERDICT_ALLOWED &&
			  default_allow_with_conds(c->p, arch, c->syscall)) ||
			 (v == VERDICT_DENIED && bpf_allows_a_fact(c, arch)))) {
		switch (diff_judge_args(c, arch)) {
		case ARGS_DENIED:
			r->nargs_judged++;
			break;
		case ARGS_ALLOWED:
			r->ncovered++;
			r->nargs_judged++;
			break;
		case ARGS_UNDECIDED:
			r->ncovered++;
			break;
		}
		goto done;
	}
	if (admitted && v != VERDICT_DENIED) {
		r->ncovered++;
		goto done;
	}
	r->uncovered = xgrow(r->uncovered, sizeof(*r->uncovered),
			     r->nuncovered + 1, &c->ualloc);
	r->uncovered[r->nuncovered].phase = steal_pointer(&c->phase);
	r->uncovered[r->nuncovered].exe = steal_pointer(&c->exe);
	r->uncovered[r->nuncovered].arch = steal_pointer(&c->arch);
	r->uncovered[r->nuncovered].syscall = steal_pointer(&c->syscall);
	r->uncovered[r->nuncovered].calls = c->calls;
	r->uncovered[r->nuncovered].errors = c->errors;
	r->uncovered[r->nuncovered].action = admitted ? act :
		c->p->default_action;
	if (!admitted) /* the kernel kills calls of other arches */
		r->uncovered[r->nuncovered].action.kind = ACTION_KILL_PROCESS;
	r->uncovered[r->nuncovered].arch_denied = !admitted;
	r->uncovered[r->nuncovered].arg = NULL;
	r->uncovered[r->nuncovered].reason = uncovered_reason(
		c->p, r->uncovered[r->nuncovered].arch, admitted,
		&r->uncovered[r->nuncovered].action);
	r->nuncovered++;
done:
	free(c->phase);
	free(c->exe);
	free(c->arch);
	free(c->syscall);
	c->phase = c->exe = c->arch = c->syscall = NULL;
	c->have = false;
}

static int diff_row(const struct observed_row *row, void *data)
{
	struct diff_ctx *c = data;

	/* rows come ordered by phase, exe, arch, syscall, then run */
	if (c->have && !strcmp(c->phase, row->phase) &&
	    !strcmp(c->exe, row->exe) && !strcmp(c->arch, row->arch) &&
	    !strcmp(c->syscall, row->syscall)) {
		c->calls += row->calls;
		c->errors += row->errors;
		return 0;
	}
	if (c->have)
		diff_judge(c);
	{
		uint32_t a = arch_from_name(row->arch);
		size_t i;

		for (i = 0; i < c->narches && c->arches[i] != a; i++)
			;
		if (a && i == c->narches && i < ARRAY_SIZE(c->arches))
			c->arches[c->narches++] = a;
	}
	c->have = true;
	c->phase = xstrdup(row->phase);
	c->exe = xstrdup(row->exe);
	c->arch = xstrdup(row->arch);
	c->syscall = xstrdup(row->syscall);
	c->calls = row->calls;
	c->errors = row->errors;
	c->names = xgrow(c->names, sizeof(char *), c->nnames + 1, &c->nalloc);
	c->names[c->nnames++] = xstrdup(row->syscall);
	return 0;
}

static size_t uniq_sorted(char **v, size_t n)
{
	size_t i, j;

	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_str);
	for (i = 0, j = 0; i < n; i++) {
		if (j && !strcmp(v[j - 1], v[i])) {
			free(v[i]);
			continue;
		}
		v[j++] = v[i];
	}
	return j;
}

/* Does name exist on an arch p admits?  (Groups name calls of all kernels.) */
static bool name_on_policy_arch(const struct policy *p, const char *name)
{
	size_t i;

	if (!p->narches)
		return syscall_resolve_name(arch_native(), name) >= 0;
	for (i = 0; i < p->narches; i++)
		if (syscall_resolve_name(p->arches[i], name) >= 0)
			return true;
	return false;
}

/* The distinct uncovered names and denied arches, for summaries. */
static void diff_uncovered_distinct(struct diff_result *r)
{
	size_t i, na = 0, nd = 0;

	if (!r->nuncovered)
		return;
	r->uncovered_names = xcalloc(r->nuncovered, sizeof(char *));
	r->denied_arches = xcalloc(r->nuncovered, sizeof(char *));
	for (i = 0; i < r->nuncovered; i++) {
		r->uncovered_names[na++] = xstrdup(r->uncovered[i].syscall);
		if (r->uncovered[i].arch_denied)
			r->denied_arches[nd++] = xstrdup(r->uncovered[i].arch);
	}
	r->nuncovered_names = uniq_sorted(r->uncovered_names, na);
	r->ndenied_arches = uniq_sorted(r->denied_arches, nd);
}

static void diff_unused(struct diff_ctx *c)
{
	const struct policy *p = c->p;
	struct diff_result *r = c->r;
	size_t i, alloc = 0;

	for (i = 0; i < p->nrules; i++) {
		const char *name = p->rules[i].syscall;
		const char *key = name;

		if (c->nnames && bsearch(&key, c->names, c->nnames,
					 sizeof(char *), cmp_str))
			continue;
		if (policy_lookup(p, 0, name, NULL) == VERDICT_DENIED)
			continue;
		if (!name_on_policy_arch(p, name))
			continue;
		r->unused = xgrow(r->unused, sizeof(char *), r->nunused + 1,
				  &alloc);
		r->unused[r->nunused++] = xstrdup(name);
	}
	r->nunused = uniq_sorted(r->unused, r->nunused);
}

static void diff_flags(struct store *st, const struct observed_filter *f,
		       struct diff_ctx *c)
{
	struct parse_error pe;
	struct kb *kb;
	struct kb_input in;
	struct kb_fact *facts = NULL;
	size_t nfacts = 0;

	memset(&pe, 0, sizeof(pe));
	kb = kb_load(NULL, &pe);
	if (!kb) {
		c->r->kb_error = xasprintf("%s%s%s", pe.file,
					   *pe.file ? ": " : "", pe.msg);
		return;
	}
	if (diff_facts_load(st, f, &facts, &nfacts) < 0) {
		c->r->kb_error = xstrdup("cannot read facts from the store");
		kb_free(kb);
		return;
	}
	memset(&in, 0, sizeof(in));
	in.syscalls = (const char *const *)c->names;
	in.nsyscalls = c->nnames;
	in.facts = facts;
	in.nfacts = nfacts;
	in.policy = c->p;
	in.arches = c->arches;
	in.narches = c->narches;
	if (kb_evaluate(kb, &in, &c->r->flags, &c->r->nflags) < 0) {
		c->r->flags = NULL;
		c->r->nflags = 0;
		c->r->kb_error = xstrdup("the knowledge base failed to "
					 "evaluate its rules");
	}
	diff_facts_free(facts, nfacts);
	kb_free(kb);
}

int diff_compute(struct store *st, const struct observed_filter *f,
		 const struct policy *p, struct diff_result *out)
{
	struct diff_ctx c;
	size_t i;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.p = p;
	c.r = out;
	if (arg_facts_load(st, f, &c.facts) < 0 ||
	    call_totals_load(st, f, &c.totals) < 0)
		goto out;
	if (store_each_observed(st, f, diff_row, &c) != 0)
		goto out;
	if (c.have)
		diff_judge(&c);
	c.nnames = uniq_sorted(c.names, c.nnames);
	diff_uncovered_distinct(out);
	diff_unused(&c);
	diff_flags(st, f, &c);
	if (store_unfinished_runs(st, f, &out->unfinished,
				  &out->nunfinished) < 0)
		goto out;
	if (diff_unexercised(st, f, p, out) < 0)
		goto out;
	ret = 0;
out:
	arg_facts_release(&c.facts);
	arg_facts_release(&c.totals);
	free(c.phase);
	free(c.exe);
	free(c.arch);
	free(c.syscall);
	for (i = 0; i < c.nnames; i++)
		free(c.names[i]);
	free(c.names);
	if (ret < 0)
		diff_result_release(out);
	return ret;
}

void diff_result_release(struct diff_result *r)
{
	size_t i;

	free(r->unfinished);
	for (i = 0; i < r->nuncovered; i++) {
		free(r->uncovered[i].phase);
		free(r->uncovered[i].exe);
		free(r->uncovered[i].arch);
		free(r->uncovered[i].syscall);
		free(r->uncovered[i].reason);
		free(r->uncovered[i].arg);
	}
	free(r->uncovered);
	for (i = 0; i < r->nconditional; i++) {
		free(r->conditional[i].phase);
		free(r->conditional[i].exe);
		free(r->conditional[i].arch);
		free(r->conditional[i].syscall);
		free(r->conditional[i].reason);
	}
	free(r->conditional);
	for (i = 0; i < r->nuncovered_names; i++)
		free(r->uncovered_names[i]);
	free(r->uncovered_names);
	for (i = 0; i < r->ndenied_arches; i++)
		free(r->denied_arches[i]);
	free(r->denied_arches);
	for (i = 0; i < r->nunused; i++)
		free(r->unused[i]);
	free(r->unused);
	kb_flags_free(r->flags, r->nflags);
	free(r->kb_error);
	diff_unexercised_free(r->unexercised, r->nunexercised);
	memset(r, 0, sizeof(*r));
}
