/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * t-cmd.c - unit tests of the command framework (cli/cmd.c): every
 * command's --help lists exactly the options it declares, the flags agree
 * with the options (an -o output needs CMD_OUTPUT, --phase needs
 * CMD_SELECTION), the confinable commands are the ones issue 15 names, and
 * the one getopt loop puts values where the declaration says, stops at
 * --help and reports usage errors.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/cmd.h"

static bool is_end(const struct cmd_option *o)
{
	return !o->long_name && !o->help && !o->spec;
}

static bool declared(const struct cmd_entry *e, const char *name, size_t len)
{
	const struct cmd_option *o;

	for (o = e->options; !is_end(o); o++)
		if (o->kind != CMD_OPT_TEXT && strlen(o->long_name) == len &&
		    !strncmp(o->long_name, name, len))
			return true;
	return false;
}

/* The option part of e's --help (before e->help), malloc'd. */
static char *options_part(const struct cmd_entry *e)
{
	char *buf = NULL, *tail;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	cmd_print_help(e, f);
	fclose(f);
	if (e->help && (tail = strstr(buf, e->help)) != NULL)
		*tail = '\0';
	return buf;
}

static void test_help_lists_declared_options(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; cmd_table[i]; i++) {
		const struct cmd_entry *e = cmd_table[i];
		const struct cmd_option *o;
		char *help = options_part(e), *line, *save = NULL;

		/* every option line names a declared option */
		for (line = strtok_r(help, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			const char *p = line, *name;
			size_t n;

			if (strncmp(p, "  ", 2))
				continue;
			p += 2;
			if (p[0] == '-' && p[1] != '-' && p[2] == ',')
				p += 4;
			while (*p == ' ')
				p++;
			if (strncmp(p, "--", 2) || p - line > 8)
				continue;
			name = p + 2;
			n = strcspn(name, " =");
			if (!declared(e, name, n))
				fail_msg("%s --help lists --%.*s, which it does "
					 "not declare", e->name, (int)n, name);
		}
		free(help);
		/* every declared option is listed, with its short name */
		help = options_part(e);
		for (o = e->options; !is_end(o); o++) {
			char want[64];

			if (o->kind == CMD_OPT_TEXT)
				continue;
			if (o->short_name)
				snprintf(want, sizeof(want), "  -%c, --%s%s",
					 o->short_name, o->long_name,
					 o->arg ? " " : "");
			else
				snprintf(want, sizeof(want), "--%s%s",
					 o->long_name, o->arg ? " " : "");
			if (!strstr(help, want))
				fail_msg("%s --help does not list '%s'",
					 e->name, want);
			assert_non_null(o->help);
		}
		free(help);
	}
}

static void test_flags_agree_with_options(void **state)
{
	static const char *const confinable[] = {
		"import", "diff", "check", "emit", "report", "lint", "merge",
		"scan", NULL,
	};
	size_t i, k;

	(void)state;
	for (i = 0; cmd_table[i]; i++) {
		const struct cmd_entry *e = cmd_table[i];
		const struct cmd_option *o, *p;
		bool has_db = false, conf = false;

		for (o = e->options; !is_end(o); o++) {
			if (o->kind == CMD_OPT_TEXT)
				continue;
			if (o->value == &cmd_ctx.out_path &&
			    !(e->flags & CMD_OUTPUT))
				fail_msg("%s: -o without CMD_OUTPUT", e->name);
			if ((o->value == &cmd_ctx.phases ||
			     o->value == &cmd_ctx.filter.exe_regex) &&
			    !(e->flags & CMD_SELECTION))
				fail_msg("%s: --%s without CMD_SELECTION",
					 e->name, o->long_name);
			has_db |= o->value == &cmd_ctx.db;
			/* -h and --help are the framework's */
			if (o->kind != CMD_OPT_HELP &&
			    (o->short_name == 'h' ||
			     !strcmp(o->long_name, "help")))
				fail_msg("%s: declares -h/--help", e->name);
			for (p = e->options; p < o; p++)
				if (p->kind != CMD_OPT_TEXT &&
				    (!strcmp(p->long_name, o->long_name) ||
				     (o->short_name &&
				      p->short_name == o->short_name)))
					fail_msg("%s: --%s declared twice",
						 e->name, o->long_name);
		}
		if ((e->flags & CMD_NEEDS_DB) && !has_db)
			fail_msg("%s: CMD_NEEDS_DB without --db", e->name);
		for (k = 0; confinable[k]; k++)
			conf |= !strcmp(confinable[k], e->name);
		if (conf != !!(e->flags & CMD_CONFINABLE))
			fail_msg("%s: CMD_CONFINABLE is %s", e->name,
				 conf ? "missing" : "unexpected");
	}
}

/* A command for the parser tests. */
static struct {
	const char *s;
	bool flag;
	struct cmd_list list;
	int called, exec_runs, argc;
	const char *first_operand, *items[3];
	size_t nitems;
} t;

static int t_call(const struct cmd_entry *self, const char *arg, void *v)
{
	assert_ptr_equal(v, &t.called);
	t.called++;
	if (!strcmp(arg, "bad"))
		return cmd_usage_error(self, "bad value '%s'", arg);
	return 0;
}

static int t_exec(const struct cmd_entry *self)
{
	(void)self;
	t.exec_runs++;
	t.argc = cmd_ctx.argc;
	t.first_operand = cmd_ctx.argc ? cmd_ctx.argv[0] : NULL;
	/* the framework frees the list after the command */
	t.nitems = t.list.n;
	if (t.list.n == 2)
		memcpy(t.items, t.list.v, sizeof(t.items));
	return EXIT_OK;
}

static const struct cmd_option t_options[] = {
	{ .kind = CMD_OPT_STRING, .short_name = 's', .long_name = "string",
	  .alias = "other", .arg = "S", .value = &t.s, .help = "a string" },
	CMD_FLAG(0, "flag", &t.flag, "a flag"),
	CMD_LIST(0, "item", "I", &t.list, "repeatable"),
	CMD_CALL(0, "call", "V", t_call, &t.called, "checked"),
	CMD_OPT_PHASES,
	CMD_OPT_EXE,
	CMD_END,
};

static const struct cmd_entry t_entry = {
	.name = "t",
	.usage = "[options] ARG...",
	.summary = "a test command",
	.options = t_options,
	.help_col = 20,
	.flags = CMD_SELECTION | CMD_STOP_AT_OPERAND,
	.exec = t_exec,
};

static int run(int argc, const char **argv)
{
	memset(&t, 0, sizeof(t));
	return cmd_run(&t_entry, argc, (char **)argv);
}

static void test_parse(void **state)
{
	const char *a1[] = { "t", "-s", "x", "--flag", "--item", "a",
			     "--item=b", "--call", "ok", "--phase", "p1",
			     "--phase", "p2", "--exe", "re", "op", "--flag",
			     NULL };
	const char *a2[] = { "t", "--other", "y", NULL };
	const char *a3[] = { "t", "--call", "bad", NULL };
	const char *a4[] = { "t", "--string", NULL };
	const char *a5[] = { "t", "--nope", NULL };
	const char *a6[] = { "t", "--flag", "--help", "--nope", NULL };
	FILE *saved;
	int rc;

	(void)state;
	assert_int_equal(run(17, a1), EXIT_OK);
	assert_int_equal(t.exec_runs, 1);
	assert_string_equal(t.s, "x");
	assert_true(t.flag);
	assert_int_equal(t.called, 1);
	/* options stop at the first operand: the second --flag is one */
	assert_int_equal(t.argc, 2);
	assert_string_equal(t.first_operand, "op");
	assert_int_equal(t.nitems, 2);
	assert_string_equal(t.items[0], "a");
	assert_string_equal(t.items[1], "b");
	assert_null(t.items[2]);
	assert_null(t.list.v);
	/* the selection: freed by cmd_run(), read here through filter */
	assert_string_equal(cmd_ctx.filter.exe_regex, "re");

	assert_int_equal(run(3, a2), EXIT_OK);
	assert_string_equal(t.s, "y");

	assert_int_equal(run(3, a3), EXIT_USAGE);
	assert_int_equal(t.exec_runs, 0);

	assert_int_equal(run(2, a4), EXIT_USAGE);
	assert_int_equal(t.exec_runs, 0);

	assert_int_equal(run(2, a5), EXIT_USAGE);
	assert_int_equal(t.exec_runs, 0);

	/* --help stops the parse: the unknown option after it is not seen
	 * (the help goes to stdout: not into the TAP stream) */
	saved = stdout;
	stdout = fopen("/dev/null", "w");
	assert_non_null(stdout);
	rc = run(4, a6);
	fclose(stdout);
	stdout = saved;
	assert_int_equal(rc, EXIT_OK);
	assert_int_equal(t.exec_runs, 0);
}

static void test_help_format(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	cmd_print_help(&t_entry, f);
	fclose(f);
	assert_non_null(strstr(buf, "usage: syscensus t [options] ARG...\n\n"
				    "a test command\n\n"
				    "  -s, --string S    a string\n"
				    "  --flag            a flag\n"
				    "  --item I          repeatable\n"));
	/* a declared alias is not listed */
	assert_null(strstr(buf, "--other"));
	assert_non_null(strstr(buf, "\nSee syscensus-t(1).\n"));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help_lists_declared_options),
		cmocka_unit_test(test_flags_agree_with_options),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_help_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
