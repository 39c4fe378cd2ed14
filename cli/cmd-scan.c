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

enum { OPT_DB = 0x100, OPT_FORMAT, OPT_REACH, OPT_NO_CACHE, OPT_NO_STORE };

/* PROGRAM as given, or found through $PATH when it has no slash and is
 * not in the current directory.  Caller frees. */
static char *find_program(const char *name)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL, *found = NULL;
	struct stat sb;

	if (strchr(name, '/') || !path || stat(name, &sb) == 0)
		return xstrdup(name);
	copy = xstrdup(path);
	for (dir = strtok_r(copy, ":", &save); dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		char *cand = xasprintf("%s/%s", *dir ? dir : ".", name);

		if (stat(cand, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    access(cand, X_OK) == 0)
			found = cand;
		else
			free(cand);
	}
	free(copy);
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
		       const char *reach)
{
	size_t i, j, ndirect = 0, ntrans = 0, ncached = 0;
	const char *prev_sys = NULL, *prev_level = NULL, *prev_arch = NULL;

	fputs("# ", f);
	fput_text(f, r->exe);
	fprintf(f, " (%s, build-id %s)\n", r->is_static ? "static" : "dynamic",
		r->build_id ? r->build_id : "none");
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

static json_t *result_json(const struct reach_result *r, const char *reach)
{
	json_t *o = json_object(), *rows = json_array(), *un = json_array(),
	       *libs = json_array(), *cur = NULL;
	size_t i;

	json_object_set_new(o, "exe", jstr(r->exe));
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

static int cmd_scan_exec(const struct cmd_entry *self, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, OPT_DB },
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "reach", required_argument, NULL, OPT_REACH },
		{ "no-cache", no_argument, NULL, OPT_NO_CACHE },
		{ "no-store", no_argument, NULL, OPT_NO_STORE },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const formats[] = { "text", "json", NULL };
	static const char *const levels[] = { "direct", "transitive", NULL };
	const char *db = NULL, *format = "text", *reach = "transitive";
	struct reach_opts o = { 0 };
	struct store *st = NULL;
	json_t *all = NULL;
	bool no_store = false;
	int c, i, status = EXIT_OK;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:vqh", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB:
		case 'o':
			db = optarg;
			break;
		case OPT_FORMAT:
			if (!cmd_in_list(formats, optarg))
				return cmd_usage_error(self, "unknown format "
						       "'%s'", optarg);
			format = optarg;
			break;
		case OPT_REACH:
			if (!cmd_in_list(levels, optarg))
				return cmd_usage_error(self, "--reach is direct "
						       "or transitive, not '%s'",
						       optarg);
			reach = optarg;
			break;
		case OPT_NO_CACHE:
			o.no_cache = true;
			break;
		case OPT_NO_STORE:
			no_store = true;
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'q':
			log_quiet = 1;
			break;
		case 'h':
			cmd_print_help(self, stdout);
			return EXIT_OK;
		default:
			return cmd_getopt_error(self, c, argv);
		}
	}
	if (optind >= argc)
		return cmd_usage_error(self, "name at least one program");
	if (no_store && db)
		return cmd_usage_error(self, "--no-store and a database "
				       "exclude each other");
	if (!no_store) {
		st = store_open(cmd_db_path(db), STORE_CREATE);
		if (!st)
			return EXIT_USAGE;
		o.facts = st;
	}
	cmd_confine("scan", CONFINE_LIST(st ? store_path(st) : NULL), CONFINE_NONE, CONFINE_NONE, CONFINE_READ_ANYWHERE | (o.no_cache ? 0 : CONFINE_SCAN_CACHE));
	if (!strcmp(format, "json"))
		all = json_array();
	for (i = optind; i < argc; i++) {
		struct reach_result r;
		char *prog = find_program(argv[i]);

		if (reach_scan(prog, &o, &r) < 0) {
			status = EXIT_USAGE;
		} else {
			if (st && reach_store(st, &r) < 0)
				status = EXIT_USAGE;
			if (all)
				json_array_append_new(all,
						      result_json(&r, reach));
			else
				print_text(stdout, &r, reach);
		}
		reach_result_release(&r);
		free(prog);
	}
	if (all) {
		json_t *root = json_pack("{s:o}", "programs", all);

		json_dumpf(root, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
		json_decref(root);
	}
	store_close(st);
	return status;
}

const struct cmd_entry cmd_scan_entry = {
	.name = "scan",
	.usage = "[--db DB | -o DB | --no-store] [--format text|json] "
		 "[--reach direct|transitive] [--no-cache] [-v] PROGRAM...",
	.summary = "the syscalls a program's code can reach (static reach)",
	.help = "  --db DB, -o DB     store the result there (default "
		"./syscensus.db or\n"
		"                     $SYSCENSUS_DB), keyed by the program's "
		"path and build-id\n"
		"  --no-store         print only\n"
		"  --format F         text (default) or json\n"
		"  --reach L          print direct only, or direct and "
		"transitive (default);\n"
		"                     the store always gets both\n"
		"  --no-cache         analyse every library now; neither read "
		"nor write\n"
		"                     the machine-wide cache "
		"($XDG_CACHE_HOME/syscensus)\n"
		"  -v, --verbose      say which library summaries came from "
		"the cache\n"
		"  -q, --quiet        no notes or warnings on stderr\n"
		"  PROGRAM            an x86_64 ELF executable (searched in "
		"$PATH without a /)\n"
		"\nLevels: direct (the program imports the wrapper, e.g. "
		"uname@GLIBC_2.2.5,\nor holds the syscall instruction) and "
		"transitive (reached through library\ninternals: an "
		"over-approximation, never observed).  What stays unresolved\n"
		"(indirect calls, non-constant numbers, dlopen, missing "
		"libraries) is listed.\nExit status: 0 scanned, 2 a program "
		"cannot be scanned or usage.\n",
	.exec = cmd_scan_exec,
};
