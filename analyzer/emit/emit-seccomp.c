/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emit-seccomp.c - what the libseccomp-based emitters share: building a
 * filter context from an emit_set (emit-bpf.c and emit-pfc.c export it;
 * emit-c.c writes C that builds the same filter at run time), and the
 * EPERM/ENOSYS split of `--action errno`.
 *
 * The filter: the unlisted action as default; the architectures of the set
 * (the native one removed when the set does not have it); one allow rule
 * per syscall with seccomp_syscall_priority() from its rank in the set
 * (most frequent first, so the hot syscalls are tested first).  A name
 * libseccomp does not know is skipped, never fatal: a trace from a newer
 * kernel must still give a filter.
 *
 * `--action errno`: a program probing a syscall newer than any it uses
 * (clone3, statx, openat2...) expects ENOSYS and falls back; an older,
 * known syscall it is denied should see EPERM, as in a container.  So the
 * default is ERRNO(ENOSYS), which also covers syscalls nobody knows yet,
 * and explicit ERRNO(EPERM) rules cover the known syscalls numbered below
 * the newest allowed one.
 *
 * `--args`: a syscall allowed for some values of its decisive argument
 * only gets one allow rule per value ((arg & 0xffffffff) == v: the
 * argument is a 32-bit int to the kernel, and an int caller may
 * sign-extend it in the register; (arg & mask) == v for clone) and,
 * with --action errno, EPERM rules for every other value, disjoint
 * from the allow rules (emit_cond_rules()): libseccomp lets an
 * unconditional rule supersede conditional ones, so "allow these, EPERM
 * the rest" cannot be one conditional allow plus one plain errno rule.
 * Every filter with conditions is exported and run in the BPF emulator
 * (bpf.c) for each conditional syscall and arch: its values must be
 * allowed and neighbouring values, gaps and other flag combinations must
 * get what --action says.  A syscall whose condition does not come out
 * exactly is rebuilt unconditional, with a warning.
 */
#include "config.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/emit/emit.h"
#include "analyzer/policy/policy.h"

static const uint32_t nr_bases[] = { 0, 0x40000000, 4000, 5000, 6000 };
#define NR_SPAN 1024

static bool set_has(const struct emit_set *set, const char *name)
{
	size_t i;

	for (i = 0; i < set->nitems; i++)
		if (!strcmp(set->items[i].syscall, name))
			return true;
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **emit_eperm_names(const struct emit_set *set)
{
	uint32_t native = arch_native();
	const uint32_t *arches = set->narches ? set->arches : &native;
	size_t narches = set->narches ? set->narches : 1, a, b, i, n = 0;
	size_t alloc = 0;
	char **names = NULL;

	for (a = 0; a < narches; a++) {
		int maxnr = -1;

		for (i = 0; i < set->nitems; i++) {
			int nr = syscall_resolve_name(arches[a],
						      set->items[i].syscall);
			if (nr > maxnr)
				maxnr = nr;
		}
		for (b = 0; b < ARRAY_SIZE(nr_bases); b++) {
			/* only the arch's own range: libseccomp also names
			 * x32 numbers without __X32_SYSCALL_BIT */
			if (maxnr < 0 || (uint32_t)maxnr < nr_bases[b] ||
			    (uint32_t)maxnr - nr_bases[b] >= NR_SPAN)
				continue;
			for (i = 0; i < NR_SPAN; i++) {
				uint32_t nr = nr_bases[b] + (uint32_t)i;
				char *name;

				if ((int64_t)nr > maxnr)
					break;
				name = seccomp_syscall_resolve_num_arch(
					arches[a], (int)nr);
				if (!name)
					continue;
				if (set_has(set, name)) {
					free(name);
					continue;
				}
				names = xgrow(names, sizeof(*names), n + 2,
					      &alloc);
				names[n++] = name;
			}
		}
	}
	if (!names)
		names = xcalloc(1, sizeof(*names));
	qsort(names, n, sizeof(*names), cmp_str);
	/* unique */
	for (i = 0, b = 0; i < n; i++) {
		if (b && !strcmp(names[b - 1], names[i])) {
			free(names[i]);
			continue;
		}
		names[b++] = names[i];
	}
	names[b] = NULL;
	return names;
}

void emit_names_free(char **names)
{
	size_t i;

	if (!names)
		return;
	for (i = 0; names[i]; i++)
		free(names[i]);
	free(names);
}

static uint32_t scmp_action(const struct action *a)
{
	switch (a->kind) {
	case ACTION_ALLOW: return SCMP_ACT_ALLOW;
	case ACTION_ERRNO: return SCMP_ACT_ERRNO(ENOSYS);
	case ACTION_KILL_THREAD: return SCMP_ACT_KILL_THREAD;
	case ACTION_TRAP: return SCMP_ACT_TRAP;
	case ACTION_LOG: return SCMP_ACT_LOG;
	case ACTION_TRACE: return SCMP_ACT_TRACE((uint16_t)a->data);
	case ACTION_NONE:
	case ACTION_KILL_PROCESS:
	case ACTION_NOTIFY:
		break;
	}
	return SCMP_ACT_KILL_PROCESS;
}

/* Syscall number to give libseccomp for name: its (pseudo) number, or the
 * native number of strace's syscall_0x... form; __NR_SCMP_ERROR if none. */
static int scmp_nr(const char *name)
{
	int nr = seccomp_syscall_resolve_name(name);

	if (nr == __NR_SCMP_ERROR && !strncmp(name, "syscall_0x", 10)) {
		nr = syscall_resolve_name(arch_native(), name);
		if (nr < 0)
			nr = __NR_SCMP_ERROR;
	}
	return nr;
}

static enum scmp_compare scmp_op(enum arg_op op)
{
	switch (op) {
	case ARG_NE: return SCMP_CMP_NE;
	case ARG_LT: return SCMP_CMP_LT;
	case ARG_LE: return SCMP_CMP_LE;
	case ARG_GT: return SCMP_CMP_GT;
	case ARG_GE: return SCMP_CMP_GE;
	case ARG_MASKED_EQ: return SCMP_CMP_MASKED_EQ;
	case ARG_EQ: break;
	}
	return SCMP_CMP_EQ;
}

/* One rule per comparison of rules[0..n) for nr: 0, or libseccomp's
 * negative errno. */
static int add_cond_rules(scmp_filter_ctx ctx, uint32_t action, int nr,
			  const struct arg_cond *rules, size_t n)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		struct scmp_arg_cmp cmp = {
			rules[i].index, scmp_op(rules[i].op), rules[i].value,
			rules[i].value2,
		};

		rc = seccomp_rule_add_array(ctx, action, nr, 1, &cmp);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static uint16_t older_errno(const struct emit_set *set)
{
	return (uint16_t)(set->unlisted.data && set->unlisted.data != ENOSYS ?
			  set->unlisted.data : EPERM);
}

/*
 * The allow rule(s) of item i: unconditional, or one per value of its
 * --args condition (and with --action errno the complement as EPERM).  A
 * condition libseccomp refuses (a value too wide for a 32-bit arch, EPERM
 * rules that would take socketcall(SYS_SOCKET) on x86) falls back to an
 * unconditional allow, with a warning, and is marked in *plain; so is one
 * *plain marks already.  0, or -ENOMEM.
 */
static int add_item(scmp_filter_ctx ctx, const struct emit_set *set,
		    size_t i, int nr, bool *plain)
{
	const struct emit_item *it = &set->items[i];
	const struct emit_cond *cond = emit_item_cond(set, i);
	struct arg_cond *rules = NULL;
	size_t n;
	int rc = 0;

	if (emit_item_rollout(set, i)) {
		/* --rollout: static reach the trace never saw is logged (or
		 * fails) instead of being allowed outright */
		uint32_t act = set->rollout.kind == ACTION_ERRNO ?
			SCMP_ACT_ERRNO((uint16_t)(set->rollout.data ?
						  set->rollout.data : EPERM)) :
			SCMP_ACT_LOG;

		rc = seccomp_rule_add(ctx, act, nr, 0);
		return rc == -ENOMEM ? rc : 0;
	}
	if (cond && !*plain) {
		n = emit_cond_rules(cond, false, &rules);
		rc = add_cond_rules(ctx, SCMP_ACT_ALLOW, nr, rules, n);
		free(rules);
		rules = NULL;
		if (rc == 0 && set->unlisted.kind == ACTION_ERRNO) {
			n = emit_cond_rules(cond, true, &rules);
			rc = add_cond_rules(ctx,
					    SCMP_ACT_ERRNO(older_errno(set)),
					    nr, rules, n);
			free(rules);
		}
		if (rc == -ENOMEM)
			return rc;
		if (rc == 0)
			return 0;
		warning("libseccomp refuses the argument condition of '%s' "
			"(%s): allowed whatever its arguments",
			it->syscall, strerror(-rc));
		*plain = true;
	}
	rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
	return rc == -ENOMEM ? rc : 0;
}

static void *build_ctx(const struct emit_set *set, bool *plain)
{
	scmp_filter_ctx ctx = NULL;
	uint32_t native = arch_native();
	bool native_listed = !set->narches;
	char **eperm = NULL;
	size_t i;
	int rc;

	ctx = seccomp_init(scmp_action(&set->unlisted));
	if (!ctx) {
		error("cannot create a libseccomp filter");
		return NULL;
	}
	/* a call from an arch the filter does not admit kills the process,
	 * not only the thread (libseccomp's default) */
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			      SCMP_ACT_KILL_PROCESS);
	if (rc < 0) {
		error("libseccomp cannot set the bad-arch action: %s",
		      strerror(-rc));
		goto fail;
	}
	for (i = 0; i < set->narches; i++) {
		if (set->arches[i] == native) {
			native_listed = true;
			continue;
		}
		rc = seccomp_arch_add(ctx, set->arches[i]);
		if (rc < 0 && rc != -EEXIST) {
			error("libseccomp cannot add architecture '%s': %s",
			      arch_name(set->arches[i]) ?
			      arch_name(set->arches[i]) : "?", strerror(-rc));
			goto fail;
		}
	}
	if (!native_listed) {
		rc = seccomp_arch_remove(ctx, native);
		if (rc < 0) {
			error("libseccomp cannot remove the native "
			      "architecture: %s", strerror(-rc));
			goto fail;
		}
	}
	for (i = 0; i < set->nitems; i++) {
		int nr = scmp_nr(set->items[i].syscall);
		uint8_t prio = (uint8_t)(i < 254 ? 255 - i : 1);

		if (nr == __NR_SCMP_ERROR)
			continue;
		rc = add_item(ctx, set, i, nr, &plain[i]);
		if (rc == 0)
			rc = seccomp_syscall_priority(ctx, nr, prio);
		if (rc == -ENOMEM) {
			error("out of memory building the filter");
			goto fail;
		}
	}
	if (set->unlisted.kind == ACTION_ERRNO) {
		uint16_t older = older_errno(set);

		eperm = emit_eperm_names(set);
		for (i = 0; eperm[i]; i++) {
			int nr = scmp_nr(eperm[i]);

			if (nr == __NR_SCMP_ERROR)
				continue;
			rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(older), nr,
					      0);
			if (rc == -ENOMEM) {
				error("out of memory building the filter");
				goto fail;
			}
		}
	}
	emit_names_free(eperm);
	return ctx;
fail:
	emit_names_free(eperm);
	seccomp_release(ctx);
	return NULL;
}

/* ------------------------------------------- checking the conditions */

/* The program libseccomp generates for ctx (caller frees), or NULL. */
static struct sock_filter *export_prog(scmp_filter_ctx ctx, size_t *n)
{
	struct strbuf sb = STRBUF_INIT;
	FILE *t = tmpfile();
	char buf[4096];
	size_t got;

	*n = 0;
	if (!t)
		return NULL;
	if (seccomp_export_bpf(ctx, fileno(t)) < 0 || fseek(t, 0, SEEK_SET)) {
		fclose(t);
		return NULL;
	}
	while ((got = fread(buf, 1, sizeof(buf), t)) > 0)
		strbuf_add(&sb, buf, got);
	fclose(t);
	if (!sb.len || sb.len % sizeof(struct sock_filter)) {
		strbuf_release(&sb);
		return NULL;
	}
	*n = sb.len / sizeof(struct sock_filter);
	return (struct sock_filter *)(void *)strbuf_detach(&sb, NULL);
}

/* Does prog give ret for nr on arch with arg index = v? */
static bool run_is(const struct sock_filter *prog, size_t n, uint32_t arch,
		   int nr, unsigned index, uint64_t v, uint32_t want)
{
	struct seccomp_data d;

	memset(&d, 0, sizeof(d));
	d.nr = nr;
	d.arch = arch;
	d.args[index] = v;
	return bpf_run(prog, n, &d, NULL) == want;
}

/* Does the program allow item's values and give `other` to the rest? */
static bool cond_holds(const struct sock_filter *prog, size_t n,
		       uint32_t arch, int nr, const struct emit_cond *c,
		       uint32_t other)
{
	const struct decisive_arg *d = c->arg;
	size_t i;

	if (d->mask) {
		/* every combination of the mask's flags, with and without
		 * flags outside it (CLONE_VM|SIGCHLD) */
		uint64_t bits[64], x;
		unsigned nb = 0, b;

		for (b = 0; b < 64; b++)
			if (d->mask & ((uint64_t)1 << b))
				bits[nb++] = (uint64_t)1 << b;
		if (nb > 10)
			return false;
		for (x = 0; x < ((uint64_t)1 << nb); x++) {
			uint64_t v = 0;
			bool ok = false;

			for (b = 0; b < nb; b++)
				if (x & ((uint64_t)1 << b))
					v |= bits[b];
			for (i = 0; i < c->nvalues; i++)
				ok |= c->values[i] == v;
			if (!run_is(prog, n, arch, nr, d->index, v,
				    ok ? SCMP_ACT_ALLOW : other) ||
			    !run_is(prog, n, arch, nr, d->index,
				    v | 0x100 | 0x11,
				    ok ? SCMP_ACT_ALLOW : other))
				return false;
		}
		return true;
	}
	for (i = 0; i < c->nvalues; i++) {
		uint64_t v = c->values[i], probe[3];
		size_t k;

		/* the value, and the same int sign-extended (or with
		 * any high half): the kernel reads the low half only */
		if (!run_is(prog, n, arch, nr, d->index, v, SCMP_ACT_ALLOW) ||
		    !run_is(prog, n, arch, nr, d->index,
			    v | UINT64_C(0xffffffff00000000), SCMP_ACT_ALLOW))
			return false;
		probe[0] = (v - 1) & UINT32_MAX;
		probe[1] = (v + 1) & UINT32_MAX;
		probe[2] = i + 1 < c->nvalues ?
			v + (c->values[i + 1] - v) / 2 : 0;
		for (k = 0; k < 3; k++) {
			bool allowed = false;
			size_t j;

			for (j = 0; j < c->nvalues; j++)
				allowed |= c->values[j] == probe[k];
			if (allowed)
				continue;
			if (!run_is(prog, n, arch, nr, d->index, probe[k],
				    other) ||
			    !run_is(prog, n, arch, nr, d->index,
				    probe[k] | UINT64_C(0xffffffff00000000),
				    other))
				return false;
		}
	}
	return true;
}

/*
 * The number of syscall on arch as the kernel sees it.  libseccomp names
 * x86's direct socket calls (socket is 359) with a negative pseudo number
 * that stands for them and their socketcall form: find the direct one.
 */
static int direct_nr(uint32_t arch, const char *syscall)
{
	int nr = seccomp_syscall_resolve_name_arch(arch, syscall);
	size_t b, i;

	if (nr >= 0)
		return nr;
	for (b = 0; b < ARRAY_SIZE(nr_bases); b++)
		for (i = 0; i < NR_SPAN; i++) {
			char *n = seccomp_syscall_resolve_num_arch(
				arch, (int)(nr_bases[b] + i));
			bool hit = n && !strcmp(n, syscall);

			free(n);
			if (hit)
				return (int)(nr_bases[b] + i);
		}
	return -1;
}

/*
 * On arches with socketcall (x86), libseccomp also turns a rule on socket
 * into one on socketcall(SYS_SOCKET), whose arguments are in memory: its
 * conditions cannot be kept there, and the rules for other values must
 * not take the whole call.  The multiplexed form must stay allowed.
 */
static bool multiplexed_allowed(const struct sock_filter *prog, size_t n,
				uint32_t arch, const char *syscall)
{
	int nr = seccomp_syscall_resolve_name_arch(arch, "socketcall");
	unsigned call;

	if (nr < 0)
		return true;
	if (!strcmp(syscall, "socket"))
		call = 1; /* SYS_SOCKET */
	else if (!strcmp(syscall, "socketpair"))
		call = 8; /* SYS_SOCKETPAIR */
	else
		return true;
	return run_is(prog, n, arch, nr, 0, call, SCMP_ACT_ALLOW);
}

/*
 * Run the exported program in the emulator for every conditional item on
 * every arch: its values allowed, others what --action says (EPERM under
 * errno).  Marks each item whose condition does not hold in bad[];
 * returns how many, or -1 if the program could not be exported.
 */
static long check_conds(scmp_filter_ctx ctx, const struct emit_set *set,
			const bool *plain, bool *bad)
{
	uint32_t native = arch_native();
	const uint32_t *arches = set->narches ? set->arches : &native;
	size_t narches = set->narches ? set->narches : 1, i, a, n;
	struct sock_filter *prog;
	uint32_t other;
	long nbad = 0;

	other = set->unlisted.kind == ACTION_ERRNO ?
		SCMP_ACT_ERRNO(older_errno(set)) : scmp_action(&set->unlisted);
	prog = export_prog(ctx, &n);
	if (!prog)
		return -1;
	for (i = 0; i < set->nitems; i++) {
		if (!emit_item_cond(set, i) || plain[i] || bad[i])
			continue;
		for (a = 0; a < narches; a++) {
			int nr = direct_nr(arches[a], set->items[i].syscall);

			if (nr < 0)
				continue;
			if (!cond_holds(prog, n, arches[a], nr,
					emit_item_cond(set, i), other) ||
			    !multiplexed_allowed(prog, n, arches[a],
						 set->items[i].syscall)) {
				bad[i] = true;
				nbad++;
				break;
			}
		}
	}
	free(prog);
	return nbad;
}

bool *emit_seccomp_plain(const struct emit_set *set)
{
	bool *plain = xcalloc(set->nitems + 1, sizeof(*plain));
	bool *bad = NULL;
	scmp_filter_ctx ctx;
	size_t i;
	long nbad;

	if (!emit_args_count(set, true))
		return plain;
	ctx = build_ctx(set, plain);
	if (!ctx)
		goto fail;
	bad = xcalloc(set->nitems + 1, sizeof(*bad));
	nbad = check_conds(ctx, set, plain, bad);
	seccomp_release(ctx);
	if (nbad < 0) {
		error("cannot export the filter to check its argument "
		      "conditions");
		goto fail;
	}
	for (i = 0; i < set->nitems; i++)
		if (bad[i]) {
			warning("libseccomp's filter does not say the "
				"argument condition of '%s' exactly: allowed "
				"whatever its arguments",
				set->items[i].syscall);
			plain[i] = true;
		}
	free(bad);
	return plain;
fail:
	free(bad);
	free(plain);
	return NULL;
}

void *emit_seccomp_ctx(const struct emit_set *set)
{
	bool *plain = emit_seccomp_plain(set);
	scmp_filter_ctx ctx;

	if (!plain)
		return NULL;
	ctx = build_ctx(set, plain);
	free(plain);
	return ctx;
}
