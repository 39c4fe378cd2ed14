/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * report-inspect.c - the renderers of `inspect`: a decoded seccomp program
 * (or any policy) as text for people, as the raw program itself (bpf, when
 * the program is at hand) or as a policy in any format an emitter writes,
 * behind one format table.
 */
#include "config.h"

#include <errno.h>
#include <linux/filter.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "reports/reports.h"

/* The allowlist of p as an emit_set (caller frees items). */
static void policy_to_set(const struct policy *p, struct emit_set *set,
			  struct emit_item **items_out)
{
	struct emit_item *items = NULL;
	size_t n = 0, alloc = 0, i, j;
	uint32_t arch = p->narches ? p->arches[0] : arch_native();

	for (i = 0; i < p->nrules; i++) {
		const char *name = p->rules[i].syscall;
		bool dup = false;

		for (j = 0; j < n && !dup; j++)
			dup = !strcmp(items[j].syscall, name);
		if (dup || policy_lookup(p, arch, name, NULL) !=
		    VERDICT_ALLOWED)
			continue;
		items = xgrow(items, sizeof(*items), n + 1, &alloc);
		items[n].syscall = name;
		items[n].calls = 0;
		items[n].why = NULL;
		n++;
	}
	memset(set, 0, sizeof(*set));
	set->items = items;
	set->nitems = n;
	set->arches = p->arches;
	set->narches = p->narches;
	set->unlisted = p->default_action;
	if (set->unlisted.kind != ACTION_ERRNO &&
	    set->unlisted.kind != ACTION_LOG)
		set->unlisted.kind = ACTION_KILL_PROCESS;
	set->title = p->source;
	*items_out = items;
}

static int cmp_rule(const void *a, const void *b)
{
	const struct policy_rule *x = a, *y = b;

	return strcmp(x->syscall, y->syscall);
}

static bool has_conditional(const struct policy *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nrules; i++)
		if (p->rules[i].nconds && !strcmp(p->rules[i].syscall, name) &&
		    !policy_rule_superseded(p, &p->rules[i]))
			return true;
	return false;
}

static void print_cond(FILE *f, const struct policy_rule *r)
{
	static const char *const ops[] = {
		"==", "!=", "<", "<=", ">", ">=", "&",
	};
	size_t j;

	for (j = 0; j < r->nconds; j++) {
		const struct arg_cond *c = &r->conds[j];

		fprintf(f, "%s arg%u %s %#llx", j ? " &&" : "", c->index,
			ops[c->op], (unsigned long long)c->value);
		if (c->op == ARG_MASKED_EQ)
			fprintf(f, " == %#llx", (unsigned long long)c->value2);
	}
}

/*
 * Text: the arches, the default, one line per action listing the
 * syscalls that get it whatever the arguments, then each syscall whose
 * result depends on its arguments with its conditions and what it gets
 * otherwise.  [arch] marks a rule for one architecture only.
 */
static int write_text(FILE *f, const struct report_inspect_in *in)
{
	static const enum action_kind kinds[] = {
		ACTION_ALLOW, ACTION_LOG, ACTION_ERRNO, ACTION_TRAP,
		ACTION_TRACE, ACTION_NOTIFY, ACTION_KILL_THREAD,
		ACTION_KILL_PROCESS,
	};
	struct policy *p = in->p;
	char buf[32];
	size_t i, j, k;

	fprintf(f, "%s\n", in->what);
	fputs("architectures:", f);
	for (i = 0; i < p->narches; i++)
		fprintf(f, " %s", arch_name(p->arches[i]) ?
			arch_name(p->arches[i]) : "?");
	if (!p->narches)
		fputs(" native", f);
	fprintf(f, "\ndefault: %s\n", action_name(&p->default_action, buf));
	if (p->nrules)
		qsort(p->rules, p->nrules, sizeof(*p->rules), cmp_rule);
	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		for (i = 0; i < p->nrules; i++) {
			const struct policy_rule *r = &p->rules[i];
			size_t count = 0;
			bool seen = false;

			if (r->action.kind != kinds[k] || r->nconds ||
			    has_conditional(p, r->syscall))
				continue;
			for (j = 0; j < i && !seen; j++)
				seen = !p->rules[j].nconds &&
				       p->rules[j].action.kind == kinds[k] &&
				       p->rules[j].action.data ==
					       r->action.data &&
				       !has_conditional(p, p->rules[j].syscall);
			if (seen)
				continue;
			fprintf(f, "%s:", action_name(&r->action, buf));
			for (j = i; j < p->nrules; j++) {
				const struct policy_rule *s = &p->rules[j];

				if (s->nconds || s->action.kind != kinds[k] ||
				    s->action.data != r->action.data ||
				    has_conditional(p, s->syscall))
					continue;
				fprintf(f, " %s", s->syscall);
				if (s->arch)
					fprintf(f, "[%s]", arch_name(s->arch) ?
						arch_name(s->arch) : "?");
				count++;
			}
			fprintf(f, "  (%zu)\n", count);
		}
	}
	for (i = 0; i < p->nrules; i++) {
		const struct policy_rule *r = &p->rules[i];
		struct action other = p->default_action;

		if (!r->nconds || policy_rule_superseded(p, r))
			continue;
		/* the unconditional rule for the name, if any, decides the
		 * rest (the last one, as policy_lookup() reads it) */
		for (j = 0; j < p->nrules; j++)
			if (!p->rules[j].nconds &&
			    !strcmp(p->rules[j].syscall, r->syscall) &&
			    (!r->arch || !p->rules[j].arch ||
			     p->rules[j].arch == r->arch))
				other = p->rules[j].action;
		fprintf(f, "conditional %s", r->syscall);
		if (r->arch)
			fprintf(f, "[%s]", arch_name(r->arch) ?
				arch_name(r->arch) : "?");
		fprintf(f, ": %s when", action_name(&r->action, buf));
		print_cond(f, r);
		fprintf(f, "; else %s\n", action_name(&other, buf));
	}
	return 0;
}

/* Any other format: the allowlist through its emitter. */
static int write_emit(FILE *f, const char *format,
		      const struct report_inspect_in *in)
{
	struct emit_set set;
	struct emit_item *items = NULL;
	int ret = 0;

	policy_to_set(in->p, &set, &items);
	set.title = in->what;
	if (emit_write(f, format, &set) < 0)
		ret = -EINVAL;
	free(items);
	return ret;
}

static int write_bpf(FILE *f, const struct report_inspect_in *in)
{
	if (!in->raw)
		return write_emit(f, "bpf", in);
	/* the program itself, byte for byte */
	if (fwrite(in->raw, sizeof(*in->raw), in->rawlen, f) != in->rawlen)
		return -EIO;
	return 0;
}

#define EMITTED(name) \
	static int write_##name(FILE *f, const struct report_inspect_in *in) \
	{ \
		return write_emit(f, #name, in); \
	}
EMITTED(list)
EMITTED(systemd)
EMITTED(oci)
EMITTED(minijail)
EMITTED(c)
EMITTED(pfc)

static const struct report_inspect_format inspect_formats[] = {
	{ "text", write_text },
	{ "list", write_list },
	{ "systemd", write_systemd },
	{ "oci", write_oci },
	{ "minijail", write_minijail },
	{ "c", write_c },
	{ "bpf", write_bpf },
	{ "pfc", write_pfc },
};

const struct report_inspect_format *
report_inspect_format_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(inspect_formats); i++)
		if (!strcmp(inspect_formats[i].name, name))
			return &inspect_formats[i];
	return NULL;
}
