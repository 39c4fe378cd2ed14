/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * policy.c - the policy model every reader fills, and policy_read(), which
 * loads a file, guesses its format when asked to, and hands it to the
 * reader of that format (policy-<format>.c).  A systemd unit also gets
 * the drop-ins next to it unless POLICY_READ_NO_DROP_INS says otherwise.
 *
 * The model is deliberately small: per syscall name (optionally per arch) an
 * action and AND-ed argument conditions, plus the default action and the
 * architectures admitted.  diff, lint, emit and verify all work on it.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/policy/policy.h"

/* Policies are text we read whole; nothing legitimate is this large. */
#define POLICY_MAX_BYTES (64u << 20)

const char *const policy_formats[] = {
	"auto", "list", "systemd", "oci", "minijail", "c", "bpf", "pfc", NULL,
};

static const struct {
	const char *name;
	policy_reader_fn fn;
} readers[] = {
	{ "list", policy_read_list },
	{ "systemd", policy_read_systemd },
	{ "oci", policy_read_oci },
	{ "minijail", policy_read_minijail },
	{ "c", policy_read_c },
	{ "bpf", policy_read_bpf },
	{ "pfc", policy_read_pfc },
};

policy_reader_fn policy_reader(const char *format)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(readers); i++)
		if (!strcmp(readers[i].name, format))
			return readers[i].fn;
	return NULL;
}

struct policy *policy_new(const char *source, const char *format)
{
	struct policy *p = xcalloc(1, sizeof(*p));

	p->source = xstrdup(source ? source : "");
	p->format = format;
	p->default_action.kind = ACTION_KILL_PROCESS;
	return p;
}

void policy_free(struct policy *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->nrules; i++) {
		free(p->rules[i].syscall);
		free(p->rules[i].conds);
		free(p->rules[i].file);
	}
	free(p->rules);
	free(p->prog);
	policy_dropins_free(p->dropins);
	free(p->arches);
	free(p->source);
	free(p);
}

struct policy_rule *policy_add_rule(struct policy *p, const char *syscall,
				    uint32_t arch, struct action act)
{
	struct policy_rule *r;

	p->rules = xgrow(p->rules, sizeof(*p->rules), p->nrules + 1, &p->alloc);
	r = &p->rules[p->nrules++];
	memset(r, 0, sizeof(*r));
	r->syscall = xstrdup(syscall);
	r->arch = arch;
	r->action = act;
	return r;
}

void policy_rule_add_cond(struct policy_rule *r, const struct arg_cond *c)
{
	r->conds = xrealloc(r->conds, (r->nconds + 1) * sizeof(*r->conds));
	r->conds[r->nconds++] = *c;
}

/*
 * Whether an unconditional rule of a syscall replaces that syscall's
 * conditional rules whatever the actions and the order: true for the
 * formats libseccomp builds (C, and OCI profiles as runc and crun load
 * them), whose db.c drops a syscall's argument chains when it gets an
 * unconditional rule for it (seccomp_export_pfc() of ERRNO(1) on socket
 * plus ALLOW on socket when arg0 == 1, in either order, shows only
 * `if ($syscall == 41) action ERRNO(1);`).  minijail compiles its own
 * filter, a raw BPF program decides by running, and list and systemd have
 * no conditions: there only an unconditional allow supersedes.
 */
static bool uncond_replaces(const struct policy *p)
{
	return p->format &&
	       (!strcmp(p->format, "oci") || !strcmp(p->format, "c"));
}

bool policy_rule_superseded(const struct policy *p,
			    const struct policy_rule *c)
{
	size_t i;

	if (!uncond_replaces(p))
		return false;
	for (i = 0; i < p->nrules; i++) {
		const struct policy_rule *r = &p->rules[i];

		if (!r->nconds && !strcmp(r->syscall, c->syscall) &&
		    (!r->arch || !c->arch || r->arch == c->arch))
			return true;
	}
	return false;
}

/*
 * The rule that decides: the last unconditional rule for the name wins (as
 * systemd's accumulating assignments and most readers build them); if only
 * conditional allow rules exist, the call is allowed for some arguments.
 * For the formats libseccomp builds, conditional rules of a name with an
 * unconditional rule do not count (uncond_replaces()).
 */
enum policy_verdict policy_lookup(const struct policy *p, uint32_t arch,
				  const char *syscall, struct action *act)
{
	const struct policy_rule *uncond = NULL;
	bool conditional = false;
	size_t i;

	for (i = 0; i < p->nrules; i++) {
		const struct policy_rule *r = &p->rules[i];

		if (strcmp(r->syscall, syscall))
			continue;
		if (r->arch && arch && r->arch != arch)
			continue;
		if (r->nconds) {
			if (action_allows(&r->action) &&
			    !policy_rule_superseded(p, r))
				conditional = true;
			continue;
		}
		uncond = r;
	}
	if (uncond) {
		if (act)
			*act = uncond->action;
		if (action_allows(&uncond->action))
			return VERDICT_ALLOWED;
		return conditional ? VERDICT_CONDITIONAL : VERDICT_DENIED;
	}
	if (act)
		*act = p->default_action;
	if (action_allows(&p->default_action))
		return VERDICT_ALLOWED;
	return conditional ? VERDICT_CONDITIONAL : VERDICT_DENIED;
}

static bool action_eq(const struct action *a, const struct action *b)
{
	return a->kind == b->kind &&
	       (a->kind != ACTION_ERRNO || a->data == b->data);
}

bool policy_cond_holds(const struct arg_cond *c, uint64_t arg)
{
	switch (c->op) {
	case ARG_EQ: return arg == c->value;
	case ARG_NE: return arg != c->value;
	case ARG_LT: return arg < c->value;
	case ARG_LE: return arg <= c->value;
	case ARG_GT: return arg > c->value;
	case ARG_GE: return arg >= c->value;
	case ARG_MASKED_EQ: return (arg & c->value) == c->value2;
	}
	return false;
}

/* A rule's conditions: 1 all hold, 0 one fails, -1 it depends on an
 * argument not known (and none of the known ones fails). */
static int rule_matches(const struct policy_rule *r, const uint64_t *args,
			unsigned known)
{
	bool unknown = false;
	size_t i;

	for (i = 0; i < r->nconds; i++) {
		const struct arg_cond *c = &r->conds[i];

		if (c->index > 5 || !(known & (1u << c->index))) {
			unknown = true;
			continue;
		}
		if (!policy_cond_holds(c, args[c->index]))
			return 0;
	}
	return unknown ? -1 : 1;
}

/*
 * The same model as policy_lookup(): the last unconditional rule of the
 * name is what the call gets when no conditional rule matches (minijail's
 * `; return E`), and when it allows, it allows whatever the arguments.
 * For the formats libseccomp builds (OCI, C) any unconditional rule
 * decides outright, whatever its action and the order of the rules:
 * db.c drops the syscall's argument chains when it gets one, so the
 * conditional rules never reach the filter (uncond_replaces()).
 *
 * Several conditional rules that match at once: libseccomp does not pick
 * the strictest.  Its db.c (_db_tree_add(), _db_chain_lt()) merges a
 * syscall's rules into one decision tree whose nodes on a level are sorted
 * by argument, then operator class (EQ/NE/MASKED_EQ before LT/LE before
 * GT/GE), then datum, with NE stored as EQ with the branches swapped and
 * each 64-bit test split into a high and a low word node; gen_bpf.c tests
 * the nodes of a level in that order and the first one with an action on
 * its taken branch returns it.  So which matching rule wins depends on the
 * tree's order, not on the actions: a filter with KILL on arg0 == 1 plus
 * ERRNO on arg0 != 2 returned EPERM for 1 on a 6.x kernel with libseccomp
 * 2.5, whichever rule was added first (seccomp_export_pfc() shows the
 * node "lo32 == 2" with ERRNO on its false branch before "lo32 == 1").
 * The model does not keep enough to rebuild that tree (the readers fold
 * OCI, C and minijail rules into it), so we do not guess:
 *  - every matching rule has the same action: that action;
 *  - they all deny with different actions: DENIED, act kind ACTION_NONE
 *    with data ACTION_DATA_ORDER_DENY ("denied (the action depends on
 *    libseccomp's rule order)");
 *  - some allow and some deny: UNKNOWN, act ACTION_NONE with data
 *    ACTION_DATA_ORDER (the verdict itself hangs on that order).
 * A raw BPF policy is judged by running its program (bpf.c), not here.
 * A rule that may or may not match (an unknown argument) makes the answer
 * unknown only when it could change whether the call is allowed.
 */
enum policy_eval_result policy_eval(const struct policy *p, uint32_t arch,
				    const char *syscall,
				    const uint64_t args[6], unsigned known,
				    struct action *act)
{
	const struct policy_rule *uncond = NULL;
	struct action fallback, hit = { ACTION_NONE, 0 };
	bool maybe_allow = false, maybe_deny = false;
	bool hit_allow = false, hit_deny = false, hit_differ = false;
	size_t i;

	if (arch && !policy_admits_arch(p, arch)) {
		/* the kernel kills calls of an arch the filter does not
		 * admit */
		if (act) {
			act->kind = ACTION_KILL_PROCESS;
			act->data = 0;
		}
		return POLICY_EVAL_DENIED;
	}
	for (i = 0; i < p->nrules; i++) {
		const struct policy_rule *r = &p->rules[i];

		if (strcmp(r->syscall, syscall) ||
		    (r->arch && arch && r->arch != arch))
			continue;
		if (!r->nconds)
			uncond = r;
	}
	fallback = uncond ? uncond->action : p->default_action;
	if (uncond && action_allows(&uncond->action)) {
		if (act)
			*act = fallback;
		return POLICY_EVAL_ALLOWED;
	}
	if (uncond && uncond_replaces(p)) {
		if (act)
			*act = fallback;
		return POLICY_EVAL_DENIED;
	}
	for (i = 0; i < p->nrules; i++) {
		const struct policy_rule *r = &p->rules[i];
		int m;

		if (!r->nconds || strcmp(r->syscall, syscall) ||
		    (r->arch && arch && r->arch != arch))
			continue;
		m = rule_matches(r, args, known);
		if (m == 1) {
			if (action_allows(&r->action))
				hit_allow = true;
			else
				hit_deny = true;
			if (hit.kind == ACTION_NONE)
				hit = r->action;
			else if (!action_eq(&hit, &r->action))
				hit_differ = true;
		} else if (m < 0) {
			if (action_allows(&r->action))
				maybe_allow = true;
			else
				maybe_deny = true;
		}
	}
	if (hit_allow && hit_deny) {
		/* libseccomp's tree order picks one of them */
		if (act) {
			act->kind = ACTION_NONE;
			act->data = ACTION_DATA_ORDER;
		}
		return POLICY_EVAL_UNKNOWN;
	}
	if (hit_differ && hit_deny) {
		hit.kind = ACTION_NONE;
		hit.data = ACTION_DATA_ORDER_DENY;
	}
	if (act)
		*act = hit_allow || hit_deny ? hit : fallback;
	if (hit_deny)
		/* an allowing rule that may match may come first */
		return maybe_allow ? POLICY_EVAL_UNKNOWN : POLICY_EVAL_DENIED;
	if (hit_allow)
		/* a rule that may match may come first in the tree */
		return maybe_deny ? POLICY_EVAL_UNKNOWN : POLICY_EVAL_ALLOWED;
	if (action_allows(&fallback))
		return maybe_deny ? POLICY_EVAL_UNKNOWN : POLICY_EVAL_ALLOWED;
	return maybe_allow ? POLICY_EVAL_UNKNOWN : POLICY_EVAL_DENIED;
}

bool policy_admits_arch(const struct policy *p, uint32_t arch)
{
	size_t i;

	if (!p->narches)
		return arch == arch_native();
	for (i = 0; i < p->narches; i++)
		if (p->arches[i] == arch)
			return true;
	return false;
}

/* libseccomp's names of the comparisons, as C code and OCI write them */
static const struct {
	const char *name;
	enum arg_op op;
} scmp_ops[] = {
	{ "SCMP_CMP_NE", ARG_NE }, { "SCMP_CMP_LT", ARG_LT },
	{ "SCMP_CMP_LE", ARG_LE }, { "SCMP_CMP_EQ", ARG_EQ },
	{ "SCMP_CMP_GE", ARG_GE }, { "SCMP_CMP_GT", ARG_GT },
	{ "SCMP_CMP_MASKED_EQ", ARG_MASKED_EQ },
};

const char *arg_op_scmp_name(enum arg_op op)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(scmp_ops); i++)
		if (scmp_ops[i].op == op)
			return scmp_ops[i].name;
	return "SCMP_CMP_EQ";
}

int arg_op_from_scmp_name(const char *name, size_t len, enum arg_op *op)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(scmp_ops); i++)
		if (strlen(scmp_ops[i].name) == len &&
		    !memcmp(scmp_ops[i].name, name, len)) {
			*op = scmp_ops[i].op;
			return 0;
		}
	return -1;
}

bool action_allows(const struct action *a)
{
	return a->kind == ACTION_ALLOW || a->kind == ACTION_LOG;
}

const char *action_name(const struct action *a, char buf[32])
{
	char e[ERRNO_NAME_MAX];

	switch (a->kind) {
	case ACTION_NONE:
		if (a->data == ACTION_DATA_ORDER_DENY)
			return "denied (the action depends on libseccomp's "
			       "rule order)";
		if (a->data == ACTION_DATA_ORDER)
			return "allowed or denied (libseccomp's rule order "
			       "decides)";
		return "none";
	case ACTION_ALLOW: return "allow";
	case ACTION_ERRNO:
		snprintf(buf, 32, "errno %s", errno_name(a->data, e));
		return buf;
	case ACTION_KILL_PROCESS: return "kill-process";
	case ACTION_KILL_THREAD: return "kill-thread";
	case ACTION_TRAP: return "trap";
	case ACTION_LOG: return "log";
	case ACTION_TRACE: return "trace";
	case ACTION_NOTIFY: return "notify";
	}
	return "unknown";
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* Guess a policy's format from its name and first bytes. */
static const char *sniff_format(const char *path, const char *text,
				size_t len)
{
	const char *p = text;

	if (memchr(text, '\0', len) || (len && len % 8 == 0 &&
	    (ends_with(path, ".bpf") || ends_with(path, ".bin"))))
		return "bpf";
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	/* what seccomp_export_pfc() writes */
	if (ends_with(path, ".pfc") || strstr(text, "\nif ($arch == ") ||
	    !strncmp(p, "if ($arch == ", 13) ||
	    strstr(text, "# pseudo filter code start"))
		return "pfc";
	if (*p == '{' || ends_with(path, ".json"))
		return "oci";
	if (strstr(text, "SystemCallFilter") || strstr(text, "[Service]") ||
	    ends_with(path, ".service") || ends_with(path, ".socket"))
		return "systemd";
	if (strstr(text, "seccomp_rule_add") || strstr(text, "seccomp_init") ||
	    ends_with(path, ".c") || ends_with(path, ".h"))
		return "c";
	if (ends_with(path, ".policy") || strstr(text, "@include") ||
	    strstr(text, ": 1\n") || strstr(text, ": return"))
		return "minijail";
	return "list";
}

int policy_read(const char *path, const char *format, struct policy **out,
		struct parse_error *pe)
{
	return policy_read_flags(path, format, 0, out, pe);
}

int policy_read_flags(const char *path, const char *format, unsigned flags,
		      struct policy **out, struct parse_error *pe)
{
	struct strbuf sb = STRBUF_INIT;
	struct policy *p = NULL;
	size_t i;
	int rc, ret = -1;

	*out = NULL;
	rc = strbuf_read_file(&sb, path, POLICY_MAX_BYTES);
	if (rc < 0) {
		parse_error_set(pe, path, 0, 0, "cannot read: %s",
				rc == -EFBIG ? "larger than 64 MiB"
					     : input_strerror(rc));
		goto out;
	}
	if (!format || !strcmp(format, "auto"))
		format = sniff_format(path, sb.buf, sb.len);
	for (i = 0; i < ARRAY_SIZE(readers); i++)
		if (!strcmp(readers[i].name, format))
			break;
	if (i == ARRAY_SIZE(readers)) {
		parse_error_set(pe, path, 0, 0, "unknown policy format '%s'",
				format);
		goto out;
	}
	p = policy_new(path, readers[i].name);
	/* a unit given by path gets the drop-ins systemd would apply */
	if (readers[i].fn == policy_read_systemd &&
	    !(flags & POLICY_READ_NO_DROP_INS))
		rc = policy_read_systemd_dropins(path, sb.buf, sb.len, p, pe);
	else
		rc = readers[i].fn(path, sb.buf, sb.len, p, pe);
	if (rc < 0)
		goto out;
	*out = steal_pointer(&p);
	ret = 0;
out:
	policy_free(p);
	strbuf_release(&sb);
	return ret;
}
