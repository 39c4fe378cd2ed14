/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * t-policy-io.c - unit tests of the policy-io area: every emitter writes a
 * hand-built emit_set and the matching reader reads it back allowing
 * exactly that set; the --action errno split; constant expressions; and
 * rule positions of the OCI and minijail readers.
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
#include <unistd.h>

#include <cmocka.h>

#include "analyzer/emit/emit.h"
#include "analyzer/policy/policy.h"

static const char *const names[] = {
	"write", "read", "futex", "openat", "close", "mmap", "exit_group",
	"getpid", "rt_sigreturn", "clock_nanosleep",
};

static void build_set(struct emit_set *set, struct emit_item *items,
		      uint32_t *arch, enum action_kind unlisted)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		items[i].syscall = names[i];
		items[i].calls = 1000 - i * 10;
		items[i].why = NULL;
	}
	*arch = arch_native();
	memset(set, 0, sizeof(*set));
	set->items = items;
	set->nitems = ARRAY_SIZE(names);
	set->arches = arch;
	set->narches = 1;
	set->unlisted.kind = unlisted;
	set->title = "unit test */ with a comment end";
}

static char *tmpdir;

static int setup(void **state)
{
	char tmpl[] = "/tmp/t-policy-io.XXXXXX";

	(void)state;
	tmpdir = xstrdup(mkdtemp(tmpl));
	return tmpdir ? 0 : -1;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	(void)state;
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(tmpdir);
	return 0;
}

/* Emit set in format to a file and read it back. */
static struct policy *round_trip(const struct emit_set *set,
				 const char *format, const char *ext)
{
	char *path = xasprintf("%s/out.%s", tmpdir, ext);
	FILE *f = xfopen_private(path, "w");
	struct policy *p = NULL;
	struct parse_error pe;

	assert_non_null(f);
	assert_int_equal(emit_write(f, format, set), 0);
	assert_int_equal(fclose(f), 0);
	if (policy_read(path, format, &p, &pe) < 0)
		parse_error_report(&pe);
	assert_non_null(p);
	free(path);
	return p;
}

/* p allows every name of set, and (exact) nothing else libseccomp knows
 * on the native arch. */
static void assert_allows_set(const struct policy *p, bool exact)
{
	uint32_t native = arch_native();
	char buf[SYSCALL_NAME_MAX];
	size_t i;
	int nr;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (policy_lookup(p, native, names[i], NULL) !=
		    VERDICT_ALLOWED)
			fail_msg("%s: '%s' not allowed", p->format, names[i]);
	if (!exact)
		return;
	for (nr = 0; nr < 600; nr++) {
		const char *n = syscall_name(native, nr, buf);
		bool listed = false;

		if (!strncmp(n, "syscall_0x", 10))
			continue;
		for (i = 0; i < ARRAY_SIZE(names); i++)
			listed |= !strcmp(names[i], n);
		if (!listed && policy_lookup(p, native, n, NULL) !=
		    VERDICT_DENIED)
			fail_msg("%s: '%s' allowed", p->format, n);
	}
}

static void test_round_trip_kill(void **state)
{
	static const struct {
		const char *format, *ext;
	} fmts[] = {
		{ "oci", "json" }, { "minijail", "policy" }, { "c", "c" },
		{ "bpf", "bpf" },
	};
	struct emit_item items[ARRAY_SIZE(names)];
	struct emit_set set;
	uint32_t arch;
	size_t i;

	(void)state;
	build_set(&set, items, &arch, ACTION_KILL_PROCESS);
	for (i = 0; i < ARRAY_SIZE(fmts); i++) {
		struct policy *p = round_trip(&set, fmts[i].format,
					      fmts[i].ext);

		assert_int_equal(p->default_action.kind, ACTION_KILL_PROCESS);
		assert_allows_set(p, true);
		policy_free(p);
	}
}

static void test_round_trip_errno(void **state)
{
	static const char *const fmts[] = { "oci", "c", "bpf" };
	struct emit_item items[ARRAY_SIZE(names)];
	struct emit_set set;
	uint32_t arch, native = arch_native();
	struct action a;
	size_t i;

	(void)state;
	build_set(&set, items, &arch, ACTION_ERRNO);
	for (i = 0; i < ARRAY_SIZE(fmts); i++) {
		struct policy *p = round_trip(&set, fmts[i], fmts[i]);

		assert_allows_set(p, true);
		/* older than clock_nanosleep, the newest allowed: EPERM */
		assert_int_equal(policy_lookup(p, native, "mount", &a),
				 VERDICT_DENIED);
		assert_int_equal(a.kind, ACTION_ERRNO);
		assert_int_equal(a.data, EPERM);
		/* newer: ENOSYS, so libc falls back */
		assert_int_equal(policy_lookup(p, native, "clone3", &a),
				 VERDICT_DENIED);
		assert_int_equal(a.kind, ACTION_ERRNO);
		assert_int_equal(a.data, ENOSYS);
		policy_free(p);
	}
}

static void test_systemd_and_minijail_frequency(void **state)
{
	struct emit_item items[ARRAY_SIZE(names)];
	struct emit_set set;
	struct strbuf sb = STRBUF_INIT;
	char *freq;
	uint32_t arch;
	struct policy *p;

	(void)state;
	build_set(&set, items, &arch, ACTION_KILL_PROCESS);
	/* systemd adds @default to allow lists: a superset */
	p = round_trip(&set, "systemd", "conf");
	assert_allows_set(p, false);
	policy_free(p);
	/* minijail: the frequency file next to FOO.policy */
	p = round_trip(&set, "minijail", "policy");
	policy_free(p);
	freq = xasprintf("%s/out.frequency", tmpdir);
	assert_int_equal(strbuf_read_file(&sb, freq, 1 << 20), 0);
	assert_non_null(strstr(sb.buf, "write: 1000\nread: 990\n"));
	strbuf_release(&sb);
	free(freq);
}

static void test_eperm_names(void **state)
{
	struct emit_item items[2] = {
		{ "read", 1, NULL }, { "openat", 1, NULL },
	};
	uint32_t x86_64 = arch_from_name("x86_64");
	struct emit_set set = {
		.items = items, .nitems = 2, .arches = &x86_64, .narches = 1,
		.unlisted = { ACTION_ERRNO, 0 },
	};
	char **e = emit_eperm_names(&set);
	bool write_seen = false, read_seen = false, clone3_seen = false;
	size_t i;

	(void)state;
	for (i = 0; e[i]; i++) {
		write_seen |= !strcmp(e[i], "write");
		read_seen |= !strcmp(e[i], "read");
		clone3_seen |= !strcmp(e[i], "clone3");
		if (i)
			assert_true(strcmp(e[i - 1], e[i]) < 0);
	}
	assert_true(write_seen);   /* 1 < openat's 257 */
	assert_false(read_seen);   /* allowed */
	assert_false(clone3_seen); /* 435 > 257: ENOSYS by default */
	emit_names_free(e);

	/* x32: only its own numbers, with __X32_SYSCALL_BIT */
	x86_64 = arch_from_name("x32");
	e = emit_eperm_names(&set);
	for (i = 0, write_seen = clone3_seen = false; e[i]; i++) {
		write_seen |= !strcmp(e[i], "write");
		clone3_seen |= !strcmp(e[i], "clone3");
	}
	assert_true(write_seen);
	assert_false(clone3_seen);
	emit_names_free(e);
}

static void test_eval_const(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(const_eval("PROT_READ|PROT_WRITE", 20, &v), 0);
	assert_int_equal(v, 3);
	assert_int_equal(const_eval("AF_UNIX", 7, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(const_eval(" (1 << 4) | 0x1 ", 16, &v), 0);
	assert_int_equal(v, 0x11);
	assert_int_equal(const_eval("~PROT_EXEC", 10, &v), 0);
	assert_int_equal(v, ~(uint64_t)4);
	assert_int_equal(const_eval("0x10UL", 6, &v), 0);
	assert_int_equal(v, 16);
	assert_int_equal(const_eval("010", 3, &v), 0);
	assert_int_equal(v, 8);
	assert_int_equal(const_eval("NOT_A_CONSTANT", 14, &v), -1);
	assert_int_equal(const_eval("1 |", 3, &v), -1);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void test_positions(void **state)
{
	char *oci = xasprintf("%s/p.json", tmpdir);
	char *mj = xasprintf("%s/p.policy", tmpdir);
	struct policy *p;
	struct parse_error pe;

	(void)state;
	write_file(oci, "{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
		   "  \"syscalls\": [{\"names\": [\"read\",\n"
		   "      \"write\"], \"action\": \"SCMP_ACT_ALLOW\"}]\n}\n");
	assert_int_equal(policy_read(oci, "auto", &p, &pe), 0);
	assert_string_equal(p->format, "oci");
	assert_int_equal(p->nrules, 2);
	assert_int_equal(p->rules[1].line, 4);
	assert_int_equal(p->rules[1].col, 7);
	policy_free(p);

	write_file(mj, "# x\n@default trap\n  {read,  write}: 1\n");
	assert_int_equal(policy_read(mj, "minijail", &p, &pe), 0);
	assert_int_equal(p->default_action.kind, ACTION_TRAP);
	assert_int_equal(p->nrules, 2);
	assert_int_equal(p->rules[1].line, 3);
	assert_int_equal(p->rules[1].col, 11);
	policy_free(p);

	write_file(mj, "read: 1\nwrite: return EBOGUS\n");
	assert_int_equal(policy_read(mj, "minijail", &p, &pe), -1);
	assert_int_equal(pe.line, 2);
	free(oci);
	free(mj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_kill),
		cmocka_unit_test(test_round_trip_errno),
		cmocka_unit_test(test_systemd_and_minijail_frequency),
		cmocka_unit_test(test_eperm_names),
		cmocka_unit_test(test_eval_const),
		cmocka_unit_test(test_positions),
	};

	setenv("SYSCENSUS_DATADIR", SRCDATADIR, 0);
	return cmocka_run_group_tests(tests, setup, teardown);
}
