/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * t-emit-args.c - unit tests of `emit --args` (analyzer/emit/emit-args.c and
 * the conditions emit-seccomp.c builds): the allow and complement rules of
 * a condition cover every value exactly once, values are named as
 * policies write them, and the libseccomp filter built from a set with
 * conditions, run in the BPF emulator, allows the observed values only
 * and gives the other values what --action says (EPERM under errno).
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/socket.h>

#include "analyzer/emit/emit.h"
#include "analyzer/policy/policy.h"

static bool holds(const struct arg_cond *r, uint64_t v)
{
	switch (r->op) {
	case ARG_EQ: return v == r->value;
	case ARG_NE: return v != r->value;
	case ARG_LT: return v < r->value;
	case ARG_LE: return v <= r->value;
	case ARG_GT: return v > r->value;
	case ARG_GE: return v >= r->value;
	case ARG_MASKED_EQ: return (v & r->value) == r->value2;
	}
	return false;
}

/* How many rules of r[0..n) v matches. */
static size_t matches(const struct arg_cond *r, size_t n, uint64_t v)
{
	size_t i, m = 0;

	for (i = 0; i < n; i++)
		m += holds(&r[i], v);
	return m;
}

static bool in(const uint64_t *vals, size_t n, uint64_t v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (vals[i] == v)
			return true;
	return false;
}

/* Every probe matches one allow rule if it is a value, else a complement
 * rule and no allow rule (disjoint: rule order cannot matter). */
static void check_partition(const struct emit_cond *c, const uint64_t *probe,
			    size_t nprobe)
{
	struct arg_cond *allow, *deny;
	size_t na = emit_cond_rules(c, false, &allow);
	size_t nd = emit_cond_rules(c, true, &deny), i;

	assert_int_equal(na, c->nvalues);
	/* 32-bit comparisons only: masks inside the low half, no LT/GT,
	 * every number fits in an OCI int64 */
	for (i = 0; i < na + nd; i++) {
		const struct arg_cond *r = i < na ? &allow[i] : &deny[i - na];

		assert_int_equal(r->op, ARG_MASKED_EQ);
		assert_true(r->value <= 0xffffffffu);
		assert_true(r->value2 <= 0xffffffffu);
	}
	for (i = 0; i < nprobe; i++) {
		uint64_t v = probe[i];
		uint64_t key = v & (c->arg->mask ? c->arg->mask :
				    0xffffffffu);
		bool ok = in(c->values, c->nvalues, key);

		assert_int_equal(matches(allow, na, v), ok ? 1 : 0);
		/* deny rules may overlap each other (one flag each) */
		if (ok)
			assert_int_equal(matches(deny, nd, v), 0);
		else
			assert_true(matches(deny, nd, v) >= 1);
	}
	free(allow);
	free(deny);
}

static void test_whole_value_partition(void **state)
{
	uint64_t vals[] = { 1, 2, 10, 16, 0x5401, 0x541b, 0x80000000u };
	uint64_t probe[4096];
	struct emit_cond c;
	size_t n = 0, i;
	uint64_t v;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.arg = decisive_arg_find("ioctl");
	assert_non_null(c.arg);
	c.values = vals;
	c.nvalues = ARRAY_SIZE(vals);
	for (v = 0; v < 0x60 && n < ARRAY_SIZE(probe); v++)
		probe[n++] = v;
	for (i = 0; i < ARRAY_SIZE(vals); i++) {
		probe[n++] = vals[i];
		probe[n++] = vals[i] - 1;
		probe[n++] = vals[i] + 1;
	}
	probe[n++] = 0x5400;
	probe[n++] = 0x5410;
	probe[n++] = 0x7fffffffu;
	probe[n++] = 0xffffffffu;
	probe[n++] = 0x100000000ull;
	probe[n++] = 0xffffffff80005401ull;
	probe[n++] = 0xffffffff80000000ull; /* 0x80000000 sign-extended */
	probe[n++] = 0x1234567800005401ull; /* any high half */
	probe[n++] = UINT64_MAX;
	check_partition(&c, probe, n);
}

static void test_extremes(void **state)
{
	uint64_t zero[] = { 0 }, top[] = { 0xffffffffu }, both[] = { 0,
		0xffffffffu };
	uint64_t probe[] = { 0, 1, 2, 0x7fffffffu, 0x80000000u,
			     0xfffffffeu, 0xffffffffu, 0x100000000ull,
			     0x7fffffffffffffffull, 0x8000000000000000ull,
			     UINT64_MAX - 1, UINT64_MAX };
	struct emit_cond c;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.arg = decisive_arg_find("socket");
	c.values = zero;
	c.nvalues = 1;
	check_partition(&c, probe, ARRAY_SIZE(probe));
	c.values = top;
	check_partition(&c, probe, ARRAY_SIZE(probe));
	c.values = both;
	c.nvalues = 2;
	check_partition(&c, probe, ARRAY_SIZE(probe));
}

static void test_mask_partition(void **state)
{
	const struct decisive_arg *d = decisive_arg_find("clone");
	uint64_t only0[] = { 0 }, two[2], probe[512];
	struct emit_cond c;
	size_t n = 0;
	unsigned b;

	(void)state;
	assert_non_null(d);
	assert_true(d->mask != 0);
	memset(&c, 0, sizeof(c));
	c.arg = d;
	probe[n++] = 0;
	probe[n++] = 0x11;       /* SIGCHLD */
	probe[n++] = 0x3d0f00;   /* a thread's flags */
	probe[n++] = d->mask;
	probe[n++] = d->mask | 0x11;
	for (b = 0; b < 64; b++)
		if (d->mask & ((uint64_t)1 << b)) {
			probe[n++] = ((uint64_t)1 << b) | 0x11;
			probe[n++] = (d->mask & ~((uint64_t)1 << b)) | 0x100;
		}
	c.values = only0;
	c.nvalues = 1;
	check_partition(&c, probe, n);
	/* namespaces: none, or exactly user + mount */
	two[0] = 0;
	two[1] = 0x10000000u | 0x20000u;
	c.values = two;
	c.nvalues = 2;
	probe[n++] = two[1] | 0x11;
	check_partition(&c, probe, n);
}

static void test_value_names(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct emit_cond c;
	uint64_t vals[] = { AF_UNIX, AF_INET };
	uint64_t calls[] = { 3, 1 };

	(void)state;
	memset(&c, 0, sizeof(c));
	c.arg = decisive_arg_find("socket");
	c.values = vals;
	c.calls = calls;
	c.nvalues = 2;
	emit_cond_value_name(&sb, &c, AF_UNIX);
	assert_string_equal(sb.buf, "AF_UNIX");
	strbuf_reset(&sb);
	emit_cond_value_name(&sb, &c, 0x4242);
	assert_string_equal(sb.buf, "0x4242");
	strbuf_reset(&sb);
	emit_cond_describe(&sb, &c);
	assert_string_equal(sb.buf, "arg0 == AF_UNIX (3 calls) or AF_INET "
			    "(1 call)");
	strbuf_reset(&sb);
	/* the rules' comments: the low 32 bits, and a complement block */
	{
		struct arg_cond *r;
		size_t n = emit_cond_rules(&c, false, &r);

		assert_int_equal(n, 2);
		strbuf_reset(&sb);
		emit_cond_rule_name(&sb, &c, &r[0]);
		assert_string_equal(sb.buf, "AF_UNIX (low 32 bits)");
		free(r);
		n = emit_cond_rules(&c, true, &r);
		assert_true(n > 2);
		strbuf_reset(&sb);
		emit_cond_rule_name(&sb, &c, &r[0]);
		assert_string_equal(sb.buf, "AF_UNSPEC (low 32 bits)");
		strbuf_reset(&sb);
		emit_cond_rule_name(&sb, &c, &r[2]); /* 3 is r[1] */
		assert_string_equal(sb.buf, "0x4..0x7 (low 32 bits)");
		strbuf_reset(&sb);
		emit_cond_rule_name(&sb, &c, &r[n - 1]);
		assert_string_equal(sb.buf,
				    "0x80000000..0xffffffff (low 32 bits)");
		free(r);
	}
	strbuf_reset(&sb);
	c.arg = decisive_arg_find("clone");
	emit_cond_value_name(&sb, &c, 0);
	assert_string_equal(sb.buf, "0");
	strbuf_reset(&sb);
	emit_cond_value_name(&sb, &c, 0x10000000u);
	assert_string_equal(sb.buf, "CLONE_NEWUSER");
	strbuf_release(&sb);
}

/* ------------------------------------------ the filter libseccomp builds */

static uint32_t run(const struct sock_filter *p, size_t n, const char *name,
		    unsigned index, uint64_t v)
{
	struct seccomp_data d;

	memset(&d, 0, sizeof(d));
	d.arch = seccomp_arch_native();
	d.nr = seccomp_syscall_resolve_name(name);
	d.args[index] = v;
	return bpf_run(p, n, &d, NULL);
}

/* The program emit_bpf() writes for set, read back (caller frees). */
static struct sock_filter *emitted(const struct emit_set *set, size_t *n)
{
	FILE *f = tmpfile(); /* emit_bpf() writes to the fd */
	struct sock_filter *p;
	char err[256];
	long len;

	assert_non_null(f);
	assert_int_equal(emit_bpf(f, set), 0);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len > 0 && len % (long)sizeof(struct sock_filter) == 0);
	p = malloc((size_t)len);
	assert_non_null(p);
	rewind(f);
	assert_int_equal(fread(p, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = len / sizeof(*p);
	assert_int_equal(bpf_validate(p, *n, err, sizeof(err)), 0);
	return p;
}

static void test_filter(void **state)
{
	uint64_t sock_vals[] = { AF_UNIX, AF_INET6 }, sock_calls[] = { 5, 1 };
	uint64_t ioctl_vals[] = { 0x5401, 0x541b, 0x80086601u };
	uint64_t ioctl_calls[] = { 2, 2, 1 };
	uint64_t clone_vals[] = { 0 }, clone_calls[] = { 1 };
	struct emit_cond sc = { NULL, sock_vals, sock_calls, 2 };
	struct emit_cond ic = { NULL, ioctl_vals, ioctl_calls, 3 };
	struct emit_cond cc = { NULL, clone_vals, clone_calls, 1 };
	struct emit_item items[] = {
		{ "write", 10, NULL }, { "socket", 6, NULL },
		{ "ioctl", 4, NULL }, { "clone", 1, NULL },
		{ "fcntl", 1, NULL },
	};
	struct emit_args *a;
	uint32_t native = seccomp_arch_native();
	struct emit_set set;
	struct sock_filter *p;
	size_t n;
	int pass;

	(void)state;
	sc.arg = decisive_arg_find("socket");
	ic.arg = decisive_arg_find("ioctl");
	cc.arg = decisive_arg_find("clone");
	for (pass = 0; pass < 2; pass++) {
		uint32_t other = pass ? SECCOMP_RET_ERRNO | EPERM :
			SECCOMP_RET_KILL_PROCESS;

		memset(&set, 0, sizeof(set));
		set.items = items;
		set.nitems = ARRAY_SIZE(items);
		set.arches = &native;
		set.narches = 1;
		set.unlisted.kind = pass ? ACTION_ERRNO : ACTION_KILL_PROCESS;
		set.unlisted.data = pass ? EPERM : 0;
		assert_false(emit_set_has_args(&set));
		a = emit_args_new(&set);
		set.args = a;
		emit_args_set(a, 1, &sc, NULL);
		emit_args_set(a, 2, &ic, NULL);
		emit_args_set(a, 3, &cc, NULL);
		emit_args_set(a, 4, NULL, "no argument facts");
		assert_true(emit_set_has_args(&set));
		assert_int_equal(emit_args_count(&set, true), 3);
		assert_int_equal(emit_args_count(&set, false), 1);
		p = emitted(&set, &n);
		emit_args_free(a);
		set.args = NULL;
		assert_null(emit_item_cond(&set, 1));
		assert_int_equal(run(p, n, "socket", 0, AF_UNIX),
				 SECCOMP_RET_ALLOW);
		assert_int_equal(run(p, n, "socket", 0, AF_INET6),
				 SECCOMP_RET_ALLOW);
		assert_int_equal(run(p, n, "socket", 0, AF_INET), other);
		assert_int_equal(run(p, n, "socket", 0, AF_NETLINK), other);
		assert_int_equal(run(p, n, "socket", 0, 0), other);
		assert_int_equal(run(p, n, "ioctl", 1, 0x5401),
				 SECCOMP_RET_ALLOW);
		assert_int_equal(run(p, n, "ioctl", 1, 0x5413), other);
		assert_int_equal(run(p, n, "ioctl", 1, 0x1005401ull), other);
		/* FS_IOC_GETFLAGS through an int: sign-extended */
		assert_int_equal(run(p, n, "ioctl", 1, 0x80086601u),
				 SECCOMP_RET_ALLOW);
		assert_int_equal(run(p, n, "ioctl", 1,
				     0xffffffff80086601ull),
				 SECCOMP_RET_ALLOW);
		assert_int_equal(run(p, n, "ioctl", 1,
				     0xffffffff80086602ull), other);
		assert_int_equal(run(p, n, "socket", 0,
				     0xffffffff00000001ull),
				 SECCOMP_RET_ALLOW);
		assert_int_equal(run(p, n, "clone", 0, 0x3d0f00),
				 SECCOMP_RET_ALLOW);
		assert_int_equal(run(p, n, "clone", 0, 0x10000011), other);
		/* unconditional ones whatever the arguments */
		assert_int_equal(run(p, n, "fcntl", 1, 1234),
				 SECCOMP_RET_ALLOW);
		assert_int_equal(run(p, n, "write", 0, 99), SECCOMP_RET_ALLOW);
		free(p);
	}
}

/* x86 multiplexes socket through socketcall, whose arguments no filter
 * sees: socketcall(SYS_SOCKET) stays allowed whatever the domain; with
 * kill the direct socket call keeps its conditions; with errno the EPERM
 * rules would take socketcall too, so socket becomes unconditional. */
static void test_filter_x86(void **state)
{
	uint64_t vals[] = { AF_UNIX, AF_INET6 }, calls[] = { 1, 1 };
	struct emit_cond sc = { NULL, vals, calls, 2 };
	struct emit_item items[] = { { "socket", 2, NULL }, { "read", 1,
								NULL } };
	uint32_t arches[2];
	struct emit_set set;
	struct emit_args *a;
	struct sock_filter *p;
	struct seccomp_data d;
	size_t n;
	int pass;

	(void)state;
	arches[0] = SCMP_ARCH_X86_64;
	arches[1] = SCMP_ARCH_X86;
	sc.arg = decisive_arg_find("socket");
	for (pass = 0; pass < 2; pass++) {
		memset(&set, 0, sizeof(set));
		set.items = items;
		set.nitems = ARRAY_SIZE(items);
		set.arches = arches;
		set.narches = 2;
		set.unlisted.kind = pass ? ACTION_ERRNO : ACTION_KILL_PROCESS;
		set.unlisted.data = pass ? EPERM : 0;
		a = emit_args_new(&set);
		set.args = a;
		emit_args_set(a, 0, &sc, NULL);
		p = emitted(&set, &n);
		emit_args_free(a);
		set.args = NULL;
		memset(&d, 0, sizeof(d));
		d.arch = SCMP_ARCH_X86;
		d.nr = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86,
							 "socketcall");
		d.args[0] = 1; /* SYS_SOCKET */
		assert_int_equal(bpf_run(p, n, &d, NULL), SECCOMP_RET_ALLOW);
		d.nr = 359; /* x86's direct socket (libseccomp: a pseudo nr) */
		d.args[0] = AF_INET6;
		assert_int_equal(bpf_run(p, n, &d, NULL), SECCOMP_RET_ALLOW);
		d.args[0] = AF_INET;
		assert_int_equal(bpf_run(p, n, &d, NULL), pass ?
				 SECCOMP_RET_ALLOW : SECCOMP_RET_KILL_PROCESS);
		d.arch = SCMP_ARCH_X86_64;
		d.nr = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64,
							 "socket");
		assert_int_equal(bpf_run(p, n, &d, NULL), pass ?
				 SECCOMP_RET_ALLOW : SECCOMP_RET_KILL_PROCESS);
		free(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_value_partition),
		cmocka_unit_test(test_extremes),
		cmocka_unit_test(test_mask_partition),
		cmocka_unit_test(test_value_names),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_filter_x86),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
