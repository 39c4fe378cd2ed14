/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd.c - the table of subcommands and the framework that runs them: the
 * one getopt loop of the program, built from each command's declared
 * options; --help generated from the same declaration, so help cannot
 * drift from the options; usage errors; and the store and output a
 * command asks for, opened on first use and closed (write errors checked)
 * after it.  See cmd.h.
 */
#include "config.h"

#include <assert.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_record_entry,
	&cmd_attach_entry,
	&cmd_mark_entry,
	&cmd_import_entry,
	&cmd_diff_entry,
	&cmd_check_entry,
	&cmd_emit_entry,
	&cmd_report_entry,
	&cmd_verify_entry,
	&cmd_inspect_entry,
	&cmd_lint_entry,
	&cmd_merge_entry,
	&cmd_scan_entry,
	NULL,
};

char *cmd_line;
struct cmd_ctx cmd_ctx;

/* getopt_long() values of the long options: OPT_BASE + index. */
#define OPT_BASE 0x1000
#define OPT_HELP (OPT_BASE - 1)
/* Whether o is the CMD_END that ends a command's options. */
#define IS_END(o) (!(o)->long_name && !(o)->help && !(o)->spec)

const struct cmd_entry *cmd_find(const char *name)
{
	size_t i;

	for (i = 0; cmd_table[i]; i++)
		if (!strcmp(cmd_table[i]->name, name))
			return cmd_table[i];
	return NULL;
}

/* Append text, each line after the first indented by col spaces. */
static void add_indented(struct strbuf *sb, const char *text, unsigned col)
{
	for (; *text; text++) {
		strbuf_addch(sb, *text);
		if (*text == '\n' && text[1])
			strbuf_addf(sb, "%*s", (int)col, "");
	}
}

/* The option lines of e, as --help prints them. */
static void options_help(const struct cmd_entry *e, struct strbuf *sb)
{
	const struct cmd_option *o;
	size_t start;

	for (o = e->options; o && !IS_END(o); o++) {
		if (o->kind == CMD_OPT_TEXT && !o->spec) {
			strbuf_addstr(sb, o->help);
			continue;
		}
		start = sb->len;
		strbuf_addstr(sb, "  ");
		if (o->spec)
			strbuf_addstr(sb, o->spec);
		else if (o->short_name)
			strbuf_addf(sb, "-%c, ", o->short_name);
		else if (e->flags & CMD_HELP_ALIGN_LONG)
			strbuf_addstr(sb, "    ");
		if (o->long_name)
			strbuf_addf(sb, "--%s", o->long_name);
		if (o->arg)
			strbuf_addf(sb, " %s", o->arg);
		do
			strbuf_addch(sb, ' ');
		while (sb->len - start < e->help_col);
		add_indented(sb, o->help ? o->help : "", e->help_col);
		strbuf_addch(sb, '\n');
	}
}

void cmd_print_help(const struct cmd_entry *e, FILE *f)
{
	struct strbuf sb = STRBUF_INIT;

	options_help(e, &sb);
	if (e->help)
		strbuf_addstr(&sb, e->help);
	fprintf(f, "usage: syscensus %s %s\n\n%s\n", e->name, e->usage,
		e->summary);
	if (sb.len)
		fprintf(f, "\n%s", sb.buf);
	fprintf(f, "\nSee syscensus-%s(1).\n", e->name);
	strbuf_release(&sb);
}

int cmd_usage_error(const struct cmd_entry *e, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "syscensus %s: %s\nusage: syscensus %s %s\n"
		"Try 'syscensus %s --help' for more.\n", e->name, msg,
		e->name, e->usage, e->name);
	return EXIT_USAGE;
}

int cmd_no_operands(const struct cmd_entry *self)
{
	if (cmd_ctx.argc > 0)
		return cmd_usage_error(self, "unexpected argument '%s'",
				       cmd_ctx.argv[0]);
	return EXIT_OK;
}

const char *cmd_db_path(const char *opt)
{
	return opt ? opt : store_default_path();
}

struct store *cmd_store(void)
{
	const struct cmd_entry *e = cmd_ctx.entry;

	assert(e->flags & CMD_NEEDS_DB);
	if (!cmd_ctx.store)
		cmd_ctx.store = store_open(cmd_db_path(cmd_ctx.db),
					   e->flags & CMD_DB_CREATE ?
					   STORE_CREATE : STORE_READONLY);
	return cmd_ctx.store;
}

void cmd_inputs_open(void)
{
	const struct cmd_entry *e = cmd_ctx.entry;

	if (cmd_ctx.inputs_open)
		return;
	cmd_ctx.inputs_open = true;
	if (!(e->flags & CMD_CONFINABLE))
		return;
	/*
	 * Issue 15: the one place where a confinable command (import, diff,
	 * check, emit, report, lint, merge, scan) is confined, once every
	 * input and its output are open and before it parses them further.
	 */
}

FILE *cmd_output(void)
{
	assert(cmd_ctx.entry->flags & CMD_OUTPUT);
	if (!cmd_ctx.out) {
		cmd_ctx.out = output_open(cmd_ctx.out_path);
		if (cmd_ctx.out)
			cmd_inputs_open();
	}
	return cmd_ctx.out;
}

int cmd_output_close(void)
{
	FILE *f = cmd_ctx.out;

	cmd_ctx.out = NULL;
	return f ? output_close(f, cmd_ctx.out_path) : 0;
}

static void list_add(struct cmd_list *l, const char *s)
{
	l->v = xrealloc(l->v, (l->n + 2) * sizeof(*l->v));
	l->v[l->n++] = s;
	l->v[l->n] = NULL;
}

/* Take one option's value.  -1 when taken, else the exit status. */
static int take(const struct cmd_entry *e, const struct cmd_option *o,
		const char *arg)
{
	switch (o->kind) {
	case CMD_OPT_STRING:
		*(const char **)o->value = arg;
		break;
	case CMD_OPT_FLAG:
		*(bool *)o->value = true;
		break;
	case CMD_OPT_LIST:
		if (o->call) {
			int rc = o->call(e, arg, o->value);

			if (rc)
				return rc;
		}
		list_add(o->value, arg);
		break;
	case CMD_OPT_CALL: {
		int rc = o->call(e, arg, o->value);

		if (rc)
			return rc;
		break;
	}
	case CMD_OPT_QUIET:
		log_quiet = 1;
		break;
	case CMD_OPT_HELP:
		cmd_print_help(e, stdout);
		return EXIT_OK;
	case CMD_OPT_TEXT:
		assert(0);
	}
	return -1;
}

/* The one getopt loop: e's options into their places.  -1 when parsed,
 * else the exit status (after --help or a usage error). */
static int parse(const struct cmd_entry *e, int argc, char **argv)
{
	struct option *lo;
	struct strbuf os = STRBUF_INIT;
	const struct cmd_option *o;
	size_t n = 0, i;
	int c, ret = -1;

	for (o = e->options; o && !IS_END(o); o++)
		n++;
	lo = xcalloc(2 * n + 2, sizeof(*lo));
	strbuf_addstr(&os, e->flags & CMD_STOP_AT_OPERAND ? "+:h" : ":h");
	for (i = 0, n = 0; e->options && !IS_END(&e->options[i]); i++) {
		o = &e->options[i];
		if (o->kind == CMD_OPT_TEXT)
			continue;
		lo[n].name = o->long_name;
		lo[n].has_arg = o->arg ? required_argument : no_argument;
		lo[n++].val = OPT_BASE + (int)i;
		if (o->alias) {
			lo[n] = lo[n - 1];
			lo[n++].name = o->alias;
		}
		if (o->short_name)
			strbuf_addf(&os, "%c%s", o->short_name,
				    o->arg ? ":" : "");
	}
	lo[n].name = "help";
	lo[n].has_arg = no_argument;
	lo[n].val = OPT_HELP;
	optind = 1;
	opterr = 0;
	while (ret < 0 &&
	       (c = getopt_long(argc, argv, os.buf, lo, NULL)) != -1) {
		if (c == 'h' || c == OPT_HELP) {
			cmd_print_help(e, stdout);
			ret = EXIT_OK;
		} else if (c == ':') {
			ret = cmd_usage_error(e, "option '%s' needs a value",
					      argv[optind - 1]);
		} else if (c >= OPT_BASE) {
			ret = take(e, &e->options[c - OPT_BASE], optarg);
		} else {
			for (o = e->options; c != '?' && !IS_END(o); o++)
				if (o->short_name == c)
					break;
			if (c == '?' || IS_END(o))
				ret = cmd_usage_error(e, "unknown option '%s'",
						      argv[optind - 1]);
			else
				ret = take(e, o, optarg);
		}
	}
	free(lo);
	strbuf_release(&os);
	return ret;
}

int cmd_run(const struct cmd_entry *e, int argc, char **argv)
{
	const struct cmd_option *o;
	int status;

	memset(&cmd_ctx, 0, sizeof(cmd_ctx));
	cmd_ctx.entry = e;
	status = parse(e, argc, argv);
	if (status >= 0)
		goto out;
	cmd_ctx.argc = argc - optind;
	cmd_ctx.argv = argv + optind;
	if (cmd_ctx.phases.n)
		cmd_ctx.filter.phases = cmd_ctx.phases.v;
	status = e->exec(e);
	if (cmd_ctx.out) {
		if (status != EXIT_OK && status != EXIT_FINDINGS)
			output_abort(cmd_ctx.out);
		else if (output_close(cmd_ctx.out, cmd_ctx.out_path) < 0)
			status = EXIT_SYSTEM;
		cmd_ctx.out = NULL;
	}
out:
	store_close(cmd_ctx.store);
	cmd_ctx.store = NULL;
	for (o = e->options; o && !IS_END(o); o++) {
		if (o->kind == CMD_OPT_LIST) {
			struct cmd_list *l = o->value;

			free(l->v);
			l->v = NULL;
			l->n = 0;
		}
	}
	return status;
}
