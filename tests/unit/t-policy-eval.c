/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * t-policy-eval.c - unit tests of policy_eval() (analyzer/policy/policy.c), the
 * one evaluation of a policy for a call with some known arguments that
 * `verify` (every argument known) and `check` (the decisive argument a
 * trace shows) share: each comparison, AND-ed conditions, several rules
 * (libseccomp's tree order, which we do not guess), the unconditional rule and the default as
 * fallbacks, unknown arguments, and arches the policy does not admit.
 * Also diff_compute() on a store whose facts decide a conditional row.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "analyzer/analyzer.h"
#include "analyzer/policy/policy.h"

#define ALL 0x3fu

static struct policy *mkpolicy_fmt(const char *format, enum action_kind def,
				   int data)
{
	struct policy *p = policy_new("test", format);

	p->default_action.kind = def;
	p->default_action.data = data;
	return p;
}

static struct policy *mkpolicy(enum action_kind def, int data)
{
	struct policy *p = policy_new("test", "oci");

	p->default_action.kind = def;
	p->default_action.data = data;
	return p;
}

static struct policy_rule *rule(struct policy *p, const char *name,
				enum action_kind kind, int data)
{
	struct action a = { kind, data };

	return policy_add_rule(p, name, 0, a);
}

static void cond(struct policy_rule *r, unsigned index, enum arg_op op,
		 uint64_t value, uint64_t value2)
{
	struct arg_cond c = { index, op, value, value2 };

	policy_rule_add_cond(r, &c);
}

/* policy_eval with args[index] = v and every argument known. */
static enum policy_eval_result ev1(const struct policy *p, const char *name,
				   unsigned index, uint64_t v,
				   struct action *act)
{
	uint64_t args[6] = { 0 };

	args[index] = v;
	return policy_eval(p, 0, name, args, ALL, act);
}

static void test_comparisons(void **state)
{
	static const struct {
		enum arg_op op;
		uint64_t value, value2;
		uint64_t yes, no;
	} cases[] = {
		{ ARG_EQ, 5, 0, 5, 6 },
		{ ARG_NE, 40, 0, 1, 40 },
		{ ARG_LT, 10, 0, 9, 10 },
		{ ARG_LE, 10, 0, 10, 11 },
		{ ARG_GT, 10, 0, 11, 10 },
		{ ARG_GE, 10, 0, 10, 9 },
		/* Docker's clone rule: no namespace flag */
		{ ARG_MASKED_EQ, 0x7e020000, 0, 0x3d0f00, 0x40000011 },
		{ ARG_MASKED_EQ, 0xff, 0x11, 0x1011, 0x12 },
		/* 64-bit values compare whole */
		{ ARG_EQ, 0x100000001ull, 0, 0x100000001ull, 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct policy *p = mkpolicy(ACTION_ERRNO, 1);
		struct action act;

		cond(rule(p, "socket", ACTION_ALLOW, 0), 2, cases[i].op,
		     cases[i].value, cases[i].value2);
		assert_int_equal(ev1(p, "socket", 2, cases[i].yes, &act),
				 POLICY_EVAL_ALLOWED);
		assert_int_equal(act.kind, ACTION_ALLOW);
		assert_int_equal(ev1(p, "socket", 2, cases[i].no, &act),
				 POLICY_EVAL_DENIED);
		assert_int_equal(act.kind, ACTION_ERRNO);
		assert_int_equal(act.data, 1);
		assert_true(policy_cond_holds(&p->rules[0].conds[0],
					      cases[i].yes));
		assert_false(policy_cond_holds(&p->rules[0].conds[0],
					       cases[i].no));
		policy_free(p);
	}
}

static void test_and_or_default(void **state)
{
	struct policy *p = mkpolicy_fmt("minijail", ACTION_KILL_PROCESS, 0);
	struct policy_rule *r;
	uint64_t args[6] = { 0 };
	struct action act;

	(void)state;
	/* ioctl: arg1 == TCGETS && arg0 == 0 || arg1 == 0x541b; else
	 * errno ENOTTY (minijail's `; return ENOTTY`) */
	r = rule(p, "ioctl", ACTION_ALLOW, 0);
	cond(r, 1, ARG_EQ, 0x5401, 0);
	cond(r, 0, ARG_EQ, 0, 0);
	cond(rule(p, "ioctl", ACTION_ALLOW, 0), 1, ARG_EQ, 0x541b, 0);
	rule(p, "ioctl", ACTION_ERRNO, 25);
	rule(p, "read", ACTION_ALLOW, 0);

	args[1] = 0x5401;
	assert_int_equal(policy_eval(p, 0, "ioctl", args, ALL, &act),
			 POLICY_EVAL_ALLOWED);
	args[0] = 3; /* one condition of the conjunction fails */
	assert_int_equal(policy_eval(p, 0, "ioctl", args, ALL, &act),
			 POLICY_EVAL_DENIED);
	assert_int_equal(act.kind, ACTION_ERRNO);
	assert_int_equal(act.data, 25);
	args[1] = 0x541b; /* the other alternative */
	assert_int_equal(policy_eval(p, 0, "ioctl", args, ALL, &act),
			 POLICY_EVAL_ALLOWED);
	/* an unconditional allow: any arguments; no rule: the default */
	assert_int_equal(policy_eval(p, 0, "read", args, ALL, &act),
			 POLICY_EVAL_ALLOWED);
	assert_int_equal(policy_eval(p, 0, "write", args, ALL, &act),
			 POLICY_EVAL_DENIED);
	assert_int_equal(act.kind, ACTION_KILL_PROCESS);
	/* what policy_lookup() says stays as it was */
	assert_int_equal(policy_lookup(p, 0, "ioctl", NULL),
			 VERDICT_CONDITIONAL);
	policy_free(p);
}

static void test_several_matches(void **state)
{
	struct policy *p = mkpolicy(ACTION_ALLOW, 0);
	struct action act;

	(void)state;
	/* a deny list: default allow; AF_NETLINK gets EPERM, AF_PACKET is
	 * killed, and a second rule matching AF_PACKET logs only */
	cond(rule(p, "socket", ACTION_ERRNO, 1), 0, ARG_EQ, 16, 0);
	cond(rule(p, "socket", ACTION_LOG, 0), 0, ARG_GE, 17, 0);
	cond(rule(p, "socket", ACTION_KILL_PROCESS, 0), 0, ARG_EQ, 17, 0);
	assert_int_equal(ev1(p, "socket", 0, 1, &act), POLICY_EVAL_ALLOWED);
	assert_int_equal(act.kind, ACTION_ALLOW);
	assert_int_equal(ev1(p, "socket", 0, 16, &act), POLICY_EVAL_DENIED);
	assert_int_equal(act.kind, ACTION_ERRNO);
	/* a logging and a killing rule both match: libseccomp's tree order
	 * picks one, and the model cannot tell which */
	assert_int_equal(ev1(p, "socket", 0, 17, &act), POLICY_EVAL_UNKNOWN);
	assert_int_equal(act.kind, ACTION_NONE);
	assert_int_equal(act.data, ACTION_DATA_ORDER);
	assert_int_equal(ev1(p, "socket", 0, 18, &act), POLICY_EVAL_ALLOWED);
	assert_int_equal(act.kind, ACTION_LOG);
	/* an unconditional allow supersedes conditional rules (libseccomp) */
	rule(p, "socket", ACTION_ALLOW, 0);
	assert_int_equal(ev1(p, "socket", 0, 17, &act), POLICY_EVAL_ALLOWED);
	policy_free(p);
}

/*
 * libseccomp (C, and runc/crun for OCI) drops a syscall's conditional
 * rules once it gets an unconditional one, whatever the actions and the
 * order (the reviewer's lsc.c: seccomp_export_pfc() shows only ERRNO(1)
 * for socket).  minijail compiles its own filter and keeps them.
 */
static void test_uncond_replaces(void **state)
{
	static const char *const formats[] = { "oci", "c" };
	uint64_t args[6] = { 0 };
	struct action act;
	size_t i, order;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(formats); i++)
		for (order = 0; order < 2; order++) {
			struct policy *p = mkpolicy_fmt(formats[i],
							ACTION_KILL_PROCESS,
							0);

			if (order)
				cond(rule(p, "socket", ACTION_ALLOW, 0), 0,
				     ARG_EQ, 1, 0);
			rule(p, "socket", ACTION_ERRNO, 1);
			if (!order)
				cond(rule(p, "socket", ACTION_ALLOW, 0), 0,
				     ARG_EQ, 1, 0);
			assert_int_equal(ev1(p, "socket", 0, 1, &act),
					 POLICY_EVAL_DENIED);
			assert_int_equal(act.kind, ACTION_ERRNO);
			assert_int_equal(act.data, 1);
			assert_int_equal(ev1(p, "socket", 0, 2, &act),
					 POLICY_EVAL_DENIED);
			/* an argument not known changes nothing */
			assert_int_equal(policy_eval(p, 0, "socket", args, 0,
						     &act),
					 POLICY_EVAL_DENIED);
			assert_int_equal(policy_lookup(p, 0, "socket", &act),
					 VERDICT_DENIED);
			assert_int_equal(act.kind, ACTION_ERRNO);
			/* an unconditional allow: allowed, as before */
			rule(p, "socket", ACTION_ALLOW, 0);
			assert_int_equal(ev1(p, "socket", 0, 2, &act),
					 POLICY_EVAL_ALLOWED);
			assert_int_equal(policy_lookup(p, 0, "socket", NULL),
					 VERDICT_ALLOWED);
			/* a name without an unconditional rule keeps its
			 * conditions */
			cond(rule(p, "bind", ACTION_ALLOW, 0), 0, ARG_EQ, 1,
			     0);
			assert_int_equal(ev1(p, "bind", 0, 1, &act),
					 POLICY_EVAL_ALLOWED);
			assert_int_equal(ev1(p, "bind", 0, 2, &act),
					 POLICY_EVAL_DENIED);
			assert_int_equal(policy_lookup(p, 0, "bind", NULL),
					 VERDICT_CONDITIONAL);
			policy_free(p);
		}

	/* minijail: the conditional allow still counts */
	{
		struct policy *p = mkpolicy_fmt("minijail",
						ACTION_KILL_PROCESS, 0);

		cond(rule(p, "socket", ACTION_ALLOW, 0), 0, ARG_EQ, 1, 0);
		rule(p, "socket", ACTION_ERRNO, 1);
		assert_int_equal(ev1(p, "socket", 0, 1, &act),
				 POLICY_EVAL_ALLOWED);
		assert_int_equal(ev1(p, "socket", 0, 2, &act),
				 POLICY_EVAL_DENIED);
		assert_int_equal(act.kind, ACTION_ERRNO);
		assert_int_equal(policy_lookup(p, 0, "socket", NULL),
				 VERDICT_CONDITIONAL);
		policy_free(p);
	}
}

/* The reviewer's ov.c: KILL on arg0 == 1 and ERRNO(EPERM) on arg0 != 2;
 * the kernel answered EPERM for 1 (not the stricter kill).  Denied
 * either way; the action is reported as depending on the rule order. */
static void test_order_dependent_action(void **state)
{
	struct policy *p = mkpolicy(ACTION_ALLOW, 0);
	char buf[32];
	struct action act;

	(void)state;
	cond(rule(p, "socket", ACTION_KILL_PROCESS, 0), 0, ARG_EQ, 1, 0);
	cond(rule(p, "socket", ACTION_ERRNO, 1), 0, ARG_NE, 2, 0);
	assert_int_equal(ev1(p, "socket", 0, 1, &act), POLICY_EVAL_DENIED);
	assert_int_equal(act.kind, ACTION_NONE);
	assert_int_equal(act.data, ACTION_DATA_ORDER_DENY);
	assert_string_equal(action_name(&act, buf), "denied (the action "
			    "depends on libseccomp's rule order)");
	assert_int_equal(ev1(p, "socket", 0, 2, &act), POLICY_EVAL_ALLOWED);
	assert_int_equal(act.kind, ACTION_ALLOW);
	assert_int_equal(ev1(p, "socket", 0, 10, &act), POLICY_EVAL_DENIED);
	assert_int_equal(act.kind, ACTION_ERRNO);
	assert_int_equal(act.data, 1);
	policy_free(p);
	/* two rules with the same action: that action */
	p = mkpolicy(ACTION_ALLOW, 0);
	cond(rule(p, "socket", ACTION_ERRNO, 1), 0, ARG_EQ, 1, 0);
	cond(rule(p, "socket", ACTION_ERRNO, 1), 0, ARG_NE, 2, 0);
	assert_int_equal(ev1(p, "socket", 0, 1, &act), POLICY_EVAL_DENIED);
	assert_int_equal(act.kind, ACTION_ERRNO);
	/* an allow and a deny both match: the verdict is unknown */
	cond(rule(p, "socket", ACTION_ALLOW, 0), 0, ARG_LT, 2, 0);
	assert_int_equal(ev1(p, "socket", 0, 1, &act), POLICY_EVAL_UNKNOWN);
	policy_free(p);
}

static void test_unknown_args(void **state)
{
	struct policy *p = mkpolicy(ACTION_ERRNO, 1);
	struct policy_rule *r;
	uint64_t args[6] = { 0 };
	struct action act;

	(void)state;
	r = rule(p, "ioctl", ACTION_ALLOW, 0);
	cond(r, 1, ARG_EQ, 0x5401, 0);
	cond(r, 0, ARG_EQ, 0, 0);
	/* arg1 known and failing decides, whatever arg0 is */
	args[1] = 0x541b;
	assert_int_equal(policy_eval(p, 0, "ioctl", args, 1u << 1, &act),
			 POLICY_EVAL_DENIED);
	/* arg1 holds: the answer hangs on arg0, not known */
	args[1] = 0x5401;
	args[0] = 7; /* ignored: not in the mask */
	assert_int_equal(policy_eval(p, 0, "ioctl", args, 1u << 1, &act),
			 POLICY_EVAL_UNKNOWN);
	assert_int_equal(policy_eval(p, 0, "ioctl", args, ALL, &act),
			 POLICY_EVAL_DENIED);
	args[0] = 0;
	assert_int_equal(policy_eval(p, 0, "ioctl", args, ALL, &act),
			 POLICY_EVAL_ALLOWED);
	/* nothing known */
	assert_int_equal(policy_eval(p, 0, "ioctl", args, 0, &act),
			 POLICY_EVAL_UNKNOWN);
	/* a rule that may match but cannot change the answer */
	cond(rule(p, "ioctl", ACTION_KILL_PROCESS, 0), 2, ARG_EQ, 9, 0);
	args[1] = 0x541b;
	assert_int_equal(policy_eval(p, 0, "ioctl", args, 1u << 1, &act),
			 POLICY_EVAL_DENIED);
	/* ... but can when the known ones allow */
	args[1] = 0x5401;
	args[0] = 0;
	assert_int_equal(policy_eval(p, 0, "ioctl", args, 0x3, &act),
			 POLICY_EVAL_UNKNOWN);
	policy_free(p);
}

static void test_arches(void **state)
{
	struct policy *p = mkpolicy(ACTION_ERRNO, 1);
	uint32_t native = arch_native(), other = arch_from_name("aarch64");
	uint64_t args[6] = { 1, 0, 0, 0, 0, 0 };
	struct policy_rule *r;
	struct action act;

	(void)state;
	if (native == other)
		other = arch_from_name("x86_64");
	p->arches = xcalloc(2, sizeof(*p->arches));
	p->arches[p->narches++] = native;
	p->arches[p->narches++] = other;
	/* socket allowed only for AF_UNIX on the native arch; any on other */
	r = policy_add_rule(p, "socket", native,
			    (struct action){ ACTION_ALLOW, 0 });
	cond(r, 0, ARG_EQ, 1, 0);
	policy_add_rule(p, "socket", other,
			(struct action){ ACTION_ALLOW, 0 });
	assert_int_equal(policy_eval(p, native, "socket", args, 1, &act),
			 POLICY_EVAL_ALLOWED);
	args[0] = 16;
	assert_int_equal(policy_eval(p, native, "socket", args, 1, &act),
			 POLICY_EVAL_DENIED);
	assert_int_equal(policy_eval(p, other, "socket", args, 1, &act),
			 POLICY_EVAL_ALLOWED);
	/* an arch the policy does not admit: the kernel kills the call */
	assert_int_equal(policy_eval(p, arch_from_name("x86"), "socket",
				     args, 1, &act), POLICY_EVAL_DENIED);
	assert_int_equal(act.kind, ACTION_KILL_PROCESS);
	policy_free(p);
}

/* ------------------------------------------------ diff on a real store */

static char dbpath[] = "/tmp/t-policy-eval.XXXXXX";

static int64_t add_calls_arch(struct store *st, int64_t run, int64_t ph,
			      int64_t exe, uint32_t arch, const char *name,
			      uint64_t calls)
{
	struct agg a;
	struct agg_key k;
	struct agg_entry *e;
	bool isnew;

	agg_init(&a);
	k.phase = ph;
	k.exe = exe;
	k.arch = arch;
	k.nr = syscall_resolve_name(k.arch, name);
	assert_true(k.nr >= 0);
	e = agg_get(&a, &k, &isnew);
	agg_add(e, calls, 0);
	agg_mark_dirty(&a, e);
	assert_int_equal(store_flush_agg(st, run, &a), 0);
	agg_release(&a);
	return 0;
}

static int64_t add_calls(struct store *st, int64_t run, int64_t ph,
			 int64_t exe, const char *name, uint64_t calls)
{
	return add_calls_arch(st, run, ph, exe, arch_native(), name, calls);
}

static void rm_db(void)
{
	char side[64];

	unlink(dbpath);
	snprintf(side, sizeof(side), "%s-wal", dbpath);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", dbpath);
	unlink(side);
}

/* The policy p with the arches x86_64 and x86. */
static void two_arches(struct policy *p)
{
	p->arches = xcalloc(2, sizeof(*p->arches));
	p->arches[0] = arch_from_name("x86_64");
	p->arches[1] = arch_from_name("x86");
	p->narches = 2;
}

/*
 * Facts are per (phase, exe), not per arch: a call on two arches with
 * one fact is not every call shown (review finding 5).  And a 32-bit
 * value with bit 31 set is judged zero- and sign-extended (finding 1):
 * the verdict stands only when both agree.
 */
static void test_diff_arches_and_widening(void **state)
{
	struct store_run sr = { "import", "test", "t-policy-eval" };
	struct observed_filter f;
	struct diff_result r;
	struct policy *p;
	struct store *st;
	int64_t run, ph, exe;
	size_t i;
	int fd;

	(void)state;
	if (arch_native() != arch_from_name("x86_64"))
		skip();
	strcpy(dbpath, "/tmp/t-policy-eval.XXXXXX");
	fd = mkstemp(dbpath);
	assert_true(fd >= 0);
	close(fd);
	unlink(dbpath);
	st = store_open(dbpath, STORE_CREATE);
	assert_non_null(st);
	run = store_run_begin(st, &sr);
	ph = store_intern_phase(st, "default");
	exe = store_intern_exe(st, "/bin/app");
	add_calls(st, run, ph, exe, "prctl", 1);
	add_calls_arch(st, run, ph, exe, arch_from_name("x86"), "prctl", 1);
	assert_int_equal(store_add_fact(st, run, ph, exe, "arg",
					"0=PR_SET_NAME", "prctl", 1), 0);
	add_calls(st, run, ph, exe, "ioctl", 2);
	/* strace's FS_IOC_GETFLAGS: the kernel's 32 bits; an older record
	 * kept the register sign-extended: the same value */
	assert_int_equal(store_add_fact(st, run, ph, exe, "arg",
					"1=0x80086601", "ioctl", 1), 0);
	assert_int_equal(store_add_fact(st, run, ph, exe, "arg",
					"1=0xffffffff80086601", "ioctl", 1),
			 0);
	memset(&f, 0, sizeof(f));

	/* prctl for PR_SET_NAME only; ioctl compared on the low 32 bits */
	p = mkpolicy(ACTION_KILL_PROCESS, 0);
	two_arches(p);
	cond(rule(p, "prctl", ACTION_ALLOW, 0), 0, ARG_EQ, 15, 0);
	cond(rule(p, "ioctl", ACTION_ALLOW, 0), 1, ARG_MASKED_EQ,
	     0xffffffffu, 0x80086601u);
	assert_int_equal(diff_compute(st, &f, p, &r), 0);
	assert_int_equal(r.nrows, 3);
	assert_int_equal(r.nuncovered, 0);
	assert_int_equal(r.nargs_judged, 1); /* ioctl */
	assert_int_equal(r.nconditional, 2); /* prctl on both arches */
	for (i = 0; i < r.nconditional; i++) {
		assert_string_equal(r.conditional[i].syscall, "prctl");
		assert_non_null(strstr(r.conditional[i].reason,
				       "1 of 2 calls"));
	}
	diff_result_release(&r);
	policy_free(p);

	/* a 64-bit compare with the zero-extended value: a sign-extending
	 * (musl) caller would be killed, a glibc one not */
	p = mkpolicy(ACTION_KILL_PROCESS, 0);
	cond(rule(p, "ioctl", ACTION_ALLOW, 0), 1, ARG_EQ, 0x80086601u, 0);
	assert_int_equal(diff_compute(st, &f, p, &r), 0);
	for (i = 0; i < r.nconditional; i++)
		if (!strcmp(r.conditional[i].syscall, "ioctl"))
			break;
	assert_true(i < r.nconditional);
	assert_non_null(strstr(r.conditional[i].reason, "the policy's "
			       "verdict depends on how the program widens "
			       "the 32-bit value (zero- or sign-extended)"));
	for (i = 0; i < r.nuncovered; i++)
		assert_string_not_equal(r.uncovered[i].syscall, "ioctl");
	diff_result_release(&r);
	policy_free(p);

	/* both widenings allowed: judged allowed; neither: denied */
	p = mkpolicy(ACTION_KILL_PROCESS, 0);
	cond(rule(p, "ioctl", ACTION_ALLOW, 0), 1, ARG_EQ, 0x80086601u, 0);
	cond(rule(p, "ioctl", ACTION_ALLOW, 0), 1, ARG_EQ,
	     0xffffffff80086601ull, 0);
	two_arches(p);
	cond(rule(p, "prctl", ACTION_ALLOW, 0), 0, ARG_EQ, 16, 0);
	assert_int_equal(diff_compute(st, &f, p, &r), 0);
	assert_int_equal(r.nconditional, 0);
	assert_int_equal(r.nuncovered, 2); /* prctl on both arches */
	assert_string_equal(r.uncovered[0].syscall, "prctl");
	assert_string_equal(r.uncovered[1].syscall, "prctl");
	assert_int_equal(r.nargs_judged, 3);
	diff_result_release(&r);
	policy_free(p);
	p = mkpolicy(ACTION_KILL_PROCESS, 0);
	cond(rule(p, "ioctl", ACTION_ALLOW, 0), 1, ARG_EQ, 0x5401, 0);
	assert_int_equal(diff_compute(st, &f, p, &r), 0);
	for (i = 0; i < r.nuncovered; i++)
		if (!strcmp(r.uncovered[i].syscall, "ioctl"))
			break;
	assert_true(i < r.nuncovered);
	assert_int_equal(r.uncovered[i].calls, 2);
	assert_string_equal(r.uncovered[i].arg, "arg1=FS_IOC_GETFLAGS");
	diff_result_release(&r);
	policy_free(p);

	/* a 32-bit kernel (x86) takes the register as is: only the
	 * zero-extended value is judged there (review 2, finding 5) */
	add_calls_arch(st, run, ph, exe, arch_from_name("x86"), "ioctl", 2);
	p = mkpolicy(ACTION_KILL_PROCESS, 0);
	two_arches(p);
	cond(rule(p, "ioctl", ACTION_ALLOW, 0), 1, ARG_EQ,
	     0xffffffff80086601ull, 0);
	assert_int_equal(diff_compute(st, &f, p, &r), 0);
	for (i = 0; i < r.nuncovered; i++)
		if (!strcmp(r.uncovered[i].syscall, "ioctl"))
			break;
	assert_true(i < r.nuncovered);
	assert_string_equal(r.uncovered[i].arch, "x86");
	for (i++; i < r.nuncovered; i++)
		assert_string_not_equal(r.uncovered[i].syscall, "ioctl");
	for (i = 0; i < r.nconditional; i++)
		if (!strcmp(r.conditional[i].syscall, "ioctl"))
			break;
	assert_true(i < r.nconditional);
	assert_string_equal(r.conditional[i].arch, "x86_64");
	assert_non_null(strstr(r.conditional[i].reason, "zero- or "
			       "sign-extended"));
	diff_result_release(&r);
	policy_free(p);
	store_close(st);
	rm_db();
}

static void test_diff_facts(void **state)
{
	struct store_run sr = { "import", "test", "t-policy-eval" };
	struct observed_filter f;
	struct diff_result r;
	struct policy *p = mkpolicy(ACTION_ERRNO, 1);
	struct store *st;
	char side[64];
	int64_t run, ph, exe;
	int fd;

	(void)state;
	fd = mkstemp(dbpath);
	assert_true(fd >= 0);
	close(fd);
	unlink(dbpath);
	st = store_open(dbpath, STORE_CREATE);
	assert_non_null(st);
	run = store_run_begin(st, &sr);
	ph = store_intern_phase(st, "default");
	exe = store_intern_exe(st, "/bin/app");
	add_calls(st, run, ph, exe, "socket", 4);
	add_calls(st, run, ph, exe, "prctl", 2);
	add_calls(st, run, ph, exe, "fcntl", 3);
	/* socket: 3 AF_UNIX (two spellings), 1 AF_NETLINK */
	assert_int_equal(store_add_fact(st, run, ph, exe, "arg", "0=AF_UNIX",
					"socket", 2), 0);
	assert_int_equal(store_add_fact(st, run, ph, exe, "arg", "0=1",
					"socket", 1), 0);
	assert_int_equal(store_add_fact(st, run, ph, exe, "arg",
					"0=AF_NETLINK", "socket", 1), 0);
	/* prctl: every call shown, allowed; fcntl: one of three shown */
	assert_int_equal(store_add_fact(st, run, ph, exe, "arg",
					"0=PR_SET_NAME", "prctl", 2), 0);
	assert_int_equal(store_add_fact(st, run, ph, exe, "arg", "1=F_GETFL",
					"fcntl", 1), 0);
	cond(rule(p, "socket", ACTION_ALLOW, 0), 0, ARG_EQ, 1, 0);
	cond(rule(p, "prctl", ACTION_ALLOW, 0), 0, ARG_EQ, 15, 0);
	cond(rule(p, "fcntl", ACTION_ALLOW, 0), 1, ARG_EQ, 3, 0);

	memset(&f, 0, sizeof(f));
	assert_int_equal(diff_compute(st, &f, p, &r), 0);
	assert_int_equal(r.nrows, 3);
	assert_int_equal(r.nuncovered, 1);
	assert_string_equal(r.uncovered[0].syscall, "socket");
	assert_string_equal(r.uncovered[0].arg, "arg0=AF_NETLINK");
	assert_int_equal(r.uncovered[0].calls, 1);
	assert_int_equal(r.uncovered[0].action.kind, ACTION_ERRNO);
	assert_non_null(strstr(r.uncovered[0].reason,
			       "socket(arg0=AF_NETLINK): the policy allows "
			       "socket only when arg0 == AF_UNIX"));
	assert_int_equal(r.ncovered, 2);
	assert_int_equal(r.nargs_judged, 2);
	assert_int_equal(r.nconditional, 1);
	assert_string_equal(r.conditional[0].syscall, "fcntl");
	assert_int_equal(r.conditional[0].calls, 3);
	assert_int_equal(r.conditional[0].known, 1);
	assert_non_null(strstr(r.conditional[0].reason, "1 of 3 calls"));
	diff_result_release(&r);
	policy_free(p);

	/* a deny list: allowed by default, AF_NETLINK gets EPERM; fcntl's
	 * rule tests an argument traces do not record */
	p = mkpolicy(ACTION_ALLOW, 0);
	cond(rule(p, "socket", ACTION_ERRNO, 1), 0, ARG_EQ, 16, 0);
	cond(rule(p, "fcntl", ACTION_ERRNO, 1), 2, ARG_EQ, 0, 0);
	assert_int_equal(diff_compute(st, &f, p, &r), 0);
	assert_int_equal(r.nuncovered, 1);
	assert_string_equal(r.uncovered[0].arg, "arg0=AF_NETLINK");
	assert_non_null(strstr(r.uncovered[0].reason,
			       "the policy says errno EPERM for this value"));
	assert_int_equal(r.nconditional, 1);
	assert_string_equal(r.conditional[0].syscall, "fcntl");
	assert_non_null(strstr(r.conditional[0].reason,
			       "the policy tests arg2 of fcntl, which the "
			       "trace does not record (3 of 3 calls"));
	assert_int_equal(r.ncovered, 2); /* prctl: no rule, the default */
	diff_result_release(&r);
	policy_free(p);

	/* conditions read back from BPF are samples: never judged */
	p = policy_new("blob", "bpf");
	cond(rule(p, "socket", ACTION_ALLOW, 0), 0, ARG_EQ, 1, 0);
	assert_int_equal(diff_compute(st, &f, p, &r), 0);
	assert_int_equal(r.nuncovered, 2); /* prctl, fcntl: the default */
	assert_int_equal(r.nconditional, 1);
	assert_non_null(strstr(r.conditional[0].reason, "samples"));
	diff_result_release(&r);
	policy_free(p);
	store_close(st);
	unlink(dbpath);
	snprintf(side, sizeof(side), "%s-wal", dbpath);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", dbpath);
	unlink(side);
}

/*
 * A raw BPF policy whose decoded model denies ioctl outright, because the
 * value it allows is computed (xor) and no probe finds it: the program
 * itself is run for the values the facts show (review finding 4).
 */
static void test_diff_bpf_denied_by_model(void **state)
{
	const uint32_t key = 0x5a5a5a5a;
	const int ioctl_nr = syscall_resolve_name(arch_native(), "ioctl");
	const int read_nr = syscall_resolve_name(arch_native(), "read");
	struct sock_filter prog[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)read_nr, 5, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)ioctl_nr, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, args[1])),
		BPF_STMT(BPF_ALU | BPF_XOR | BPF_K, key),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x5401 ^ key, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct store_run sr = { "import", "test", "t-policy-eval" };
	char bpfpath[] = "/tmp/t-policy-eval-bpf.XXXXXX";
	struct observed_filter f;
	struct parse_error pe;
	struct diff_result r;
	struct policy *p = NULL;
	struct store *st;
	int64_t run, ph, exe;
	int fd;

	(void)state;
	assert_true(ioctl_nr >= 0 && read_nr >= 0);
	fd = mkstemp(bpfpath);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, prog, sizeof(prog)), (ssize_t)sizeof(prog));
	close(fd);
	memset(&pe, 0, sizeof(pe));
	assert_int_equal(policy_read(bpfpath, "bpf", &p, &pe), 0);
	/* what the decoder could see */
	assert_int_equal(policy_lookup(p, arch_native(), "ioctl", NULL),
			 VERDICT_DENIED);
	strcpy(dbpath, "/tmp/t-policy-eval.XXXXXX");
	fd = mkstemp(dbpath);
	assert_true(fd >= 0);
	close(fd);
	unlink(dbpath);
	st = store_open(dbpath, STORE_CREATE);
	assert_non_null(st);
	run = store_run_begin(st, &sr);
	ph = store_intern_phase(st, "default");
	exe = store_intern_exe(st, "/bin/app");
	add_calls(st, run, ph, exe, "ioctl", 3);
	assert_int_equal(store_add_fact(st, run, ph, exe, "arg", "1=TCGETS",
					"ioctl", 2), 0);
	assert_int_equal(store_add_fact(st, run, ph, exe, "arg", "1=FIONREAD",
					"ioctl", 1), 0);
	memset(&f, 0, sizeof(f));
	assert_int_equal(diff_compute(st, &f, p, &r), 0);
	/* TCGETS allowed by the program; FIONREAD gets EPERM */
	assert_int_equal(r.nuncovered, 1);
	assert_string_equal(r.uncovered[0].syscall, "ioctl");
	assert_int_equal(r.uncovered[0].calls, 1);
	assert_string_equal(r.uncovered[0].arg, "arg1=FIONREAD");
	assert_int_equal(r.uncovered[0].action.kind, ACTION_ERRNO);
	assert_int_equal(r.nargs_judged, 1);
	diff_result_release(&r);
	policy_free(p);
	store_close(st);
	rm_db();
	unlink(bpfpath);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_comparisons),
		cmocka_unit_test(test_and_or_default),
		cmocka_unit_test(test_several_matches),
		cmocka_unit_test(test_uncond_replaces),
		cmocka_unit_test(test_order_dependent_action),
		cmocka_unit_test(test_unknown_args),
		cmocka_unit_test(test_arches),
		cmocka_unit_test(test_diff_facts),
		cmocka_unit_test(test_diff_arches_and_widening),
		cmocka_unit_test(test_diff_bpf_denied_by_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
