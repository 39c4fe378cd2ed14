/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * t-reports.c - unit tests of reports/ that need no store: parsing the
 * frames `record --stacks` stores, choosing the callers a person sees
 * (never libc), the policy line a SARIF or GitHub finding points at, the
 * format tables, and GitHub's escaping of hostile strings.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "analyzer/analyzer.h"
#include "analyzer/policy/policy.h"
#include "reports/reports.h"

static void test_frame_parse(void **state)
{
	static const char line[] = "do_reload+0x74 (/usr/sbin/svcd (deleted))";
	struct report_frame fr;

	(void)state;
	report_frame_parse(line, strlen(line), &fr);
	assert_string_equal(fr.function, "do_reload");
	assert_int_equal(fr.offset, 0x74);
	assert_string_equal(fr.object, "/usr/sbin/svcd (deleted)");
	report_frame_release(&fr);
	/* no symbol: the address; no object */
	report_frame_parse("0x7f0012 (/lib/libsqlite3.so)", 29, &fr);
	assert_null(fr.function);
	assert_int_equal(fr.offset, 0x7f0012);
	assert_string_equal(fr.object, "/lib/libsqlite3.so");
	report_frame_release(&fr);
	report_frame_parse("a+b+0x10", 8, &fr);
	assert_string_equal(fr.function, "a+b");
	assert_int_equal(fr.offset, 0x10);
	assert_null(fr.object);
	report_frame_release(&fr);
	/* garbage does not crash */
	report_frame_parse(")", 1, &fr);
	report_frame_release(&fr);
	report_frame_parse("", 0, &fr);
	report_frame_release(&fr);
}

static void test_callers(void **state)
{
	static const char frames[] =
		"__open+0xd0 (/usr/lib/x86_64-linux-gnu/libc.so.6)\n"
		"config_read+0x67 (/opt/svcd)\n"
		"do_reload+0x74 (/opt/svcd)\n"
		"main+0x10 (/opt/svcd)\n"
		"_start+0x21 (/opt/svcd)\n";
	static const char lib[] =
		"fdatasync+0x3a (/usr/lib/x86_64-linux-gnu/libc.so.6)\n"
		"0x7f89 (/usr/lib/libsqlite3.so.0)\n"
		"sqlite3WalFrames+0x668 (/usr/lib/libsqlite3.so.0)\n"
		"start_thread+0x305 (/usr/lib/x86_64-linux-gnu/libc.so.6)";
	struct strbuf sb = STRBUF_INIT;
	json_t *j;

	(void)state;
	assert_true(report_stack_callers(&sb, frames, "/opt/svcd"));
	assert_string_equal(sb.buf, "config_read+0x67 <- do_reload+0x74 <- "
				    "main+0x10");
	strbuf_reset(&sb);
	/* another path to the same binary name still counts as the exe */
	assert_true(report_stack_callers(&sb, frames, "/proc/1/root/opt/svcd"));
	assert_non_null(strstr(sb.buf, "do_reload+0x74"));
	strbuf_reset(&sb);
	/* no frame in the program: its own libraries, never libc */
	assert_true(report_stack_callers(&sb, lib, "/opt/svcd"));
	assert_string_equal(sb.buf, "sqlite3WalFrames+0x668 (libsqlite3.so.0)");
	strbuf_reset(&sb);
	assert_false(report_stack_callers(&sb, "read+0x1 (/lib/libc.so.6)",
					  "/opt/svcd"));
	assert_false(report_stack_callers(&sb, "", "/opt/svcd"));
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
	assert_true(report_object_is_system("/lib64/ld-linux-x86-64.so.2"));
	assert_true(report_object_is_system("/lib/libpthread.so.0"));
	assert_false(report_object_is_system("/usr/lib/libsqlite3.so.0"));
	j = report_stack_json(frames);
	assert_int_equal(json_array_size(j), 5);
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(j, 2), "function")), "do_reload");
	assert_int_equal(json_integer_value(json_object_get(
		json_array_get(j, 2), "offset")), 0x74);
	json_decref(j);
}

static struct policy_rule *rule(struct policy *p, const char *name,
				enum action_kind k, unsigned long line)
{
	struct action a = { k, k == ACTION_ERRNO ? 1 : 0 };
	struct policy_rule *r = policy_add_rule(p, name, 0, a);

	r->line = line;
	return r;
}

static void test_policy_line(void **state)
{
	struct policy *p = policy_new("deploy/app.list", "list");
	const char *file = NULL;

	(void)state;
	/* nothing known: line 1 of the policy */
	assert_int_equal(report_policy_line(p, "read", &file), 1);
	assert_string_equal(file, "deploy/app.list");
	rule(p, "close", ACTION_ALLOW, 3);
	rule(p, "futex", ACTION_ALLOW, 4);
	rule(p, "read", ACTION_ALLOW, 5);
	rule(p, "fsync", ACTION_ERRNO, 9);
	/* after the allow rule whose name sorts just before */
	assert_int_equal(report_policy_line(p, "getpid", &file), 4);
	assert_int_equal(report_policy_line(p, "write", &file), 5);
	/* before every name: the first rule */
	assert_int_equal(report_policy_line(p, "accept", &file), 3);
	/* a rule that denies it: that rule */
	assert_int_equal(report_policy_line(p, "fsync", &file), 9);
	policy_free(p);
}

static void test_format_tables(void **state)
{
	static const char *const diff[] = {
		"text", "json", "md", "junit", "sarif", "github" };
	static const char *const report[] = { "text", "md", "html", "json" };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(diff); i++)
		assert_non_null(report_diff_format_find(diff[i]));
	for (i = 0; i < ARRAY_SIZE(report); i++)
		assert_non_null(report_format_find(report[i]));
	assert_null(report_diff_format_find("html"));
	assert_null(report_format_find("junit"));
	assert_null(report_format_find(""));
	assert_non_null(report_verify_format_find("text"));
	assert_null(report_verify_format_find("json"));
}

/* verify's lines are split on spaces: no field may hold a newline, and
 * a backslash is escaped too; the seccomp lines escape non-ASCII bytes,
 * the Landlock ones keep UTF-8 paths readable. */
static void test_field_escape(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	esc_field(&sb, "a b\n\\c\x7f\xc3\xa9", true);
	assert_string_equal(sb.buf, "a b\\x0a\\x5cc\\x7f\\xc3\\xa9");
	strbuf_reset(&sb);
	esc_field(&sb, "a b\n\\c\x7f\xc3\xa9", false);
	assert_string_equal(sb.buf, "a b\\x0a\\x5cc\\x7f\xc3\xa9");
	strbuf_release(&sb);
}

static void test_github_escape(void **state)
{
	struct policy *p = policy_new("a,b:c%.list", "list");
	struct diff_uncovered u = {
		.phase = (char *)"x\r\n::error file=y::z",
		.exe = (char *)"/o,p:t%",
		.arch = (char *)"x86_64",
		.syscall = (char *)"getpid",
		.calls = 2,
		.action = { ACTION_KILL_PROCESS, 0 },
	};
	struct diff_result r;
	struct report_diff_in in;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.uncovered = &u;
	r.nuncovered = 1;
	memset(&in, 0, sizeof(in));
	in.r = &r;
	in.p = p;
	f = open_memstream(&buf, &len);
	assert_int_equal(report_diff_github(f, &in), 0);
	fclose(f);
	assert_string_equal(buf,
		"::error file=a%2Cb%3Ac%25.list,line=1,title=uncovered getpid"
		"::getpid: 2 calls in phase 'x%0D%0A::error file=y::z' of "
		"/o,p:t%25 [x86_64]; the policy says kill-process%0Afix: add "
		"getpid to the allowlist\n");
	free(buf);
	policy_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frame_parse),
		cmocka_unit_test(test_callers),
		cmocka_unit_test(test_policy_line),
		cmocka_unit_test(test_format_tables),
		cmocka_unit_test(test_github_escape),
		cmocka_unit_test(test_field_escape),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
