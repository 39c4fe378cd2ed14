/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-scan.c - `syscensus scan PROGRAM...`: the syscalls each program's
 * code can reach (analyzer/reach.c), printed with the way each is reached
 * and stored next to the traces, keyed by the executable's path and its
 * build-id.  Direct and transitive levels are kept apart everywhere.
 */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/reach.h"
#include "cli/cmd.h"
#include "cli/confine.h"
#include "reports/reports.h"

/* The options, filled by the framework (cmd.c). */
static struct {
	const char *format, *reach;
	struct reach_opts o;
	bool no_store;
} scan = {
	.format = "text",
	.reach = "transitive",
};

/* PROGRAM as given, or found through $PATH when it has no slash and is
 * not in the current directory.  Caller frees. */
static char *find_program(const char *name)
{
	struct stat sb;
	char *found;

	if (strchr(name, '/') || stat(name, &sb) == 0)
		return xstrdup(name);
	found = reach_which(name);
	return found ? found : xstrdup(name);
}

void cmd_scan_after(const char *db_path, int64_t run)
{
	struct store *st;

	if (run <= 0)
		return;
	st = store_open(db_path, 0);
	if (!st) {
		warning("the executables traced were not scanned");
		return;
	}
	reach_scan_run(st, run);
	store_close(st);
}

static bool want_level(const char *reach, const char *level)
{
	return strcmp(reach, "direct") || !strcmp(level, "direct");
}

static void print_text(FILE *f, const struct reach_result *r,
		       const char *reach, const char *script)
{
	size_t i, j, ndirect = 0, ntrans = 0, ncached = 0;
	const char *prev_sys = NULL, *prev_level = NULL, *prev_arch = NULL;

	fputs("# ", f);
	fput_text(f, r->exe);
	fprintf(f, " (%s, build-id %s)", r->is_static ? "static" : "dynamic",
		r->build_id ? r->build_id : "none");
	if (script) {
		fputs(", the interpreter of the script ", f);
		fput_text(f, script);
	}
	fputc('\n', f);
	for (i = 0; i < r->nrows; i++) {
		const struct reach_row *w = &r->rows[i];
		bool same = prev_sys && !strcmp(prev_sys, w->syscall) &&
			    !strcmp(prev_level, w->level) &&
			    !strcmp(prev_arch, w->arch);

		if (!want_level(reach, w->level))
			continue;
		if (same) {
			fputs(", ", f);
		} else {
			char name[SYSCALL_NAME_MAX + 8];

			if (prev_sys)
				fputc('\n', f);
			snprintf(name, sizeof(name), "%s%s", w->syscall,
				 strcmp(w->arch, "x86_64") ? " (x86)" : "");
			fprintf(f, "%-22s %-10s  ", name, w->level);
			if (!strcmp(w->level, "direct"))
				ndirect++;
			else
				ntrans++;
		}
		fput_text(f, w->via);
		prev_sys = w->syscall;
		prev_level = w->level;
		prev_arch = w->arch;
	}
	if (prev_sys)
		fputc('\n', f);
	for (i = 0; i < r->nunres; i++) {
		if (!i)
			fputs("unresolved:\n", f);
		fprintf(f, "  %-16s %6llu  ", r->unres[i].kind,
			(unsigned long long)r->unres[i].count);
		fput_text(f, r->unres[i].detail);
		fputc('\n', f);
	}
	for (j = 0; j < r->nlibs; j++)
		ncached += r->libs[j].cached;
	fprintf(f, "%zu direct, %zu transitive; %zu unresolved; %zu "
		"librar%s (%zu from the cache)\n", ndirect, ntrans, r->nunres,
		r->nlibs, r->nlibs == 1 ? "y" : "ies", ncached);
}

/* json_string() refuses invalid UTF-8 (a path, a planted name): such
 * bytes are kept, escaped as the text output writes them. */
static json_t *jstr(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *j = json_string(s);

	if (j)
		return j;
	esc_text(&sb, s);
	j = json_string(sb.buf);
	strbuf_release(&sb);
	return j ? j : json_string("");
}

static json_t *result_json(const struct reach_result *r, const char *reach,
			   const char *script)
{
	json_t *o = json_object(), *rows = json_array(), *un = json_array(),
	       *libs = json_array(), *cur = NULL;
	size_t i;

	json_object_set_new(o, "exe", jstr(r->exe));
	if (script) /* r is its interpreter's reach */
		json_object_set_new(o, "script", jstr(script));
	json_object_set_new(o, "build_id", r->build_id ?
			    json_string(r->build_id) : json_null());
	json_object_set_new(o, "arch", json_string(r->arch));
	json_object_set_new(o, "linkage", json_string(r->is_static ? "static" :
							"dynamic"));
	for (i = 0; i < r->nrows; i++) {
		const struct reach_row *w = &r->rows[i];

		if (!want_level(reach, w->level))
			continue;
		if (!cur || strcmp(json_string_value(json_object_get(cur,
				"syscall")), w->syscall) ||
		    strcmp(json_string_value(json_object_get(cur, "level")),
			   w->level) ||
		    strcmp(json_string_value(json_object_get(cur, "arch")),
			   w->arch)) {
			cur = json_pack("{s:s s:s s:s s:[]}", "syscall",
					w->syscall, "arch", w->arch, "level",
					w->level, "via");
			json_array_append_new(rows, cur);
		}
		json_array_append_new(json_object_get(cur, "via"),
				      jstr(w->via));
	}
	for (i = 0; i < r->nunres; i++)
		json_array_append_new(un, json_pack("{s:s s:o s:I}", "kind",
			r->unres[i].kind, "detail", jstr(r->unres[i].detail),
			"count", (json_int_t)r->unres[i].count));
	for (i = 0; i < r->nlibs; i++)
		json_array_append_new(libs, json_pack("{s:o s:o s:o s:s s:b}",
			"path", jstr(r->libs[i].path),
			"soname", jstr(r->libs[i].soname),
			"key", jstr(r->libs[i].key), "how", r->libs[i].how,
			"cached", r->libs[i].cached));
	json_object_set_new(o, "reach", rows);
	json_object_set_new(o, "unresolved", un);
	json_object_set_new(o, "libraries", libs);
	return o;
}

static int opt_format(const struct cmd_entry *self, const char *arg, void *v)
{
	static const char *const formats[] = { "text", "json", NULL };

	(void)v;
	if (!cmd_in_list(formats, arg))
		return cmd_usage_error(self, "unknown format '%s'", arg);
	scan.format = arg;
	return 0;
}

static int opt_reach(const struct cmd_entry *self, const char *arg, void *v)
{
	static const char *const levels[] = { "direct", "transitive", NULL };

	(void)v;
	if (!cmd_in_list(levels, arg))
		return cmd_usage_error(self, "--reach is direct or transitive, "
				       "not '%s'", arg);
	scan.reach = arg;
	return 0;
}

static int cmd_scan_exec(const struct cmd_entry *self)
{
	const char *db = cmd_ctx.db, *format = scan.format;
	const char *reach = scan.reach;
	struct reach_opts o = scan.o;
	struct store *st = NULL;
	json_t *all = NULL;
	bool no_store = scan.no_store;
	int i, status = EXIT_OK;

	if (!cmd_ctx.argc)
		return cmd_usage_error(self, "name at least one program");
	if (no_store && db)
		return cmd_usage_error(self, "--no-store and a database "
				       "exclude each other");
	if (!no_store) {
		st = cmd_store();
		if (!st)
			return EXIT_USAGE;
		o.facts = st;
	}
	cmd_inputs_open();
	cmd_confine("scan", CONFINE_LIST(st ? store_path(st) : NULL), CONFINE_NONE, CONFINE_NONE, CONFINE_READ_ANYWHERE | (o.no_cache ? 0 : CONFINE_SCAN_CACHE));
	if (!strcmp(format, "json"))
		all = json_array();
	for (i = 0; i < cmd_ctx.argc; i++) {
		struct reach_result r;
		char *prog = find_program(cmd_ctx.argv[i]), *interp = NULL;
		int script = reach_script_interp(prog, &interp);

		memset(&r, 0, sizeof(r));
		if (script < 0) {
			error("cannot scan '%s': it is a script and its "
			      "interpreter '%s' is not %s", prog, interp,
			      strchr(interp, '/') ? "an executable file here"
						  : "in $PATH here");
			status = EXIT_USAGE;
		} else if (script) {
			note("'%s' is a script: scanning its interpreter "
			     "'%s'", prog, interp);
		}
		if (script < 0) {
			/* said above */
		} else if (reach_scan(script ? interp : prog, &o, &r) < 0) {
			status = EXIT_USAGE;
		} else {
			const char *as = script ? prog : NULL;

			if (st && reach_store(st, &r) < 0)
				status = EXIT_USAGE;
			if (all)
				json_array_append_new(all,
						      result_json(&r, reach,
								  as));
			else
				print_text(stdout, &r, reach, as);
		}
		reach_result_release(&r);
		free(interp);
		free(prog);
	}
	if (all) {
		json_t *root = json_pack("{s:o}", "programs", all);

		json_dumpf(root, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
		json_decref(root);
	}
	return status;
}

static const struct cmd_option scan_options[] = {
	{ .kind = CMD_OPT_STRING, .short_name = 'o', .long_name = "db",
	  .alias = "output", .arg = "DB", .value = &cmd_ctx.db,
	  .help = "store the result there (default ./syscensus.db or\n"
		  "$SYSCENSUS_DB), keyed by the program's path and build-id" },
	CMD_FLAG(0, "no-store", &scan.no_store, "print only"),
	CMD_CALL(0, "format", "F", opt_format, NULL,
		 "text (default) or json"),
	CMD_CALL(0, "reach", "L", opt_reach, NULL,
		 "print direct only, or direct and transitive (default);\n"
		 "the store always gets both"),
	CMD_FLAG(0, "no-cache", &scan.o.no_cache,
		 "analyse every library now; neither read nor write\n"
		 "the machine-wide cache ($XDG_CACHE_HOME/syscensus)"),
	CMD_FLAG('v', "verbose", &scan.o.verbose,
		 "say which library summaries came from the cache"),
	CMD_QUIET("no notes or warnings on stderr"),
	CMD_OPERAND("PROGRAM", "an x86_64 ELF executable, or a #! script\n"
		    "(its interpreter is scanned); searched in $PATH\n"
		    "without a /"),
	CMD_END,
};

const struct cmd_entry cmd_scan_entry = {
	.name = "scan",
	.usage = "[--db DB | -o DB | --no-store] [--format text|json] "
		 "[--reach direct|transitive] [--no-cache] [-v] PROGRAM...",
	.summary = "the syscalls a program's code can reach (static reach)",
	.options = scan_options,
	.help_col = 21,
	.flags = CMD_NEEDS_DB | CMD_DB_CREATE | CMD_CONFINABLE,
	.help =
		"\nLevels: direct (the program imports the wrapper, e.g. "
		"uname@GLIBC_2.2.5,\nor holds the syscall instruction) and "
		"transitive (reached through library\ninternals: an "
		"over-approximation, never observed).  What stays unresolved\n"
		"(indirect calls, non-constant numbers, dlopen, missing "
		"libraries) is listed.\nA #! script is not an ELF file: its "
		"interpreter is scanned and stored\n(for #!/usr/bin/env NAME, "
		"NAME found in this machine's $PATH).\nExit status: 0 "
		"scanned, 2 a program cannot be scanned or usage.\n",
	.exec = cmd_scan_exec,
};
