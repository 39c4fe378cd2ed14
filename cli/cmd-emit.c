/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-emit.c - `syscensus emit`: turn what was observed into a policy.
 * Builds the emit_set (analyzer.h) from the store - the syscalls of the
 * selection ordered by observed calls, most first, and the architectures
 * seen - adds the knowledge base's siblings unless --no-siblings, and hands
 * it to the emitter of the format (emit.c).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "cli/cmd.h"

enum {
	OPT_DB = 256,
	OPT_FORMAT,
	OPT_PHASE,
	OPT_EXE,
	OPT_NO_SIBLINGS,
	OPT_ACTION,
};

static const struct option emit_options[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "phase", required_argument, NULL, OPT_PHASE },
	{ "exe", required_argument, NULL, OPT_EXE },
	{ "no-siblings", no_argument, NULL, OPT_NO_SIBLINGS },
	{ "action", required_argument, NULL, OPT_ACTION },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Most calls first; ties by name, so the output is stable. */
static int cmp_item(const void *a, const void *b)
{
	const struct emit_item *x = a, *y = b;

	if (x->calls != y->calls)
		return x->calls > y->calls ? -1 : 1;
	return strcmp(x->syscall, y->syscall);
}

static bool observed_has(const struct observed_summary *s, const char *name)
{
	size_t lo = 0, hi = s->nnames;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(name, s->names[mid].syscall);

		if (!r)
			return true;
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

/* The first sentence of a reason, for a one-line comment. */
static char *first_sentence(const char *s)
{
	const char *dot = strstr(s, ". ");

	return dot ? xstrndup(s, (size_t)(dot - s + 1)) : xstrdup(s);
}

/*
 * Append knowledge-base siblings to the set: each flagged syscall not
 * observed, once, with why it was added.  Returns 0, or -1 when the
 * knowledge base is unavailable (a warning says so).  *whys collects the
 * strings to free.
 */
static int add_siblings(struct store *st, const struct observed_filter *flt,
			const struct observed_summary *sum,
			struct emit_item **items, size_t *nitems,
			size_t *alloc, char ***whys, size_t *nwhys)
{
	struct parse_error pe;
	struct kb *kb;
	struct kb_input in;
	struct kb_fact *facts = NULL;
	struct kb_flag *flags = NULL;
	const char **names = NULL;
	size_t nfacts = 0, nflags = 0, i, j;
	int ret = -1;

	memset(&pe, 0, sizeof(pe));
	kb = kb_load(NULL, &pe);
	if (!kb) {
		warning("siblings are unavailable (knowledge base: %s%s%s); "
			"emitting the observed set only", pe.file,
			*pe.file ? ": " : "", pe.msg);
		return -1;
	}
	if (diff_facts_load(st, flt, &facts, &nfacts) < 0)
		goto out;
	names = xcalloc(sum->nnames + 1, sizeof(*names));
	for (i = 0; i < sum->nnames; i++)
		names[i] = sum->names[i].syscall;
	memset(&in, 0, sizeof(in));
	in.syscalls = names;
	in.nsyscalls = sum->nnames;
	in.facts = facts;
	in.nfacts = nfacts;
	in.arches = sum->arches;
	in.narches = sum->narches;
	if (kb_evaluate(kb, &in, &flags, &nflags) < 0) {
		warning("siblings are unavailable (the knowledge base failed); "
			"emitting the observed set only");
		goto out;
	}
	for (i = 0; i < nflags; i++) {
		const char *sc = flags[i].syscall;
		char *why, *first;

		if (!sc || observed_has(sum, sc))
			continue;
		for (j = 0; j < *nitems; j++)
			if (!strcmp((*items)[j].syscall, sc))
				break;
		if (j < *nitems)
			continue;
		first = first_sentence(flags[i].reason ? flags[i].reason :
				       "implied by the knowledge base");
		why = xasprintf("%s: %s%s%s%s", sc, first,
				flags[i].evidence ? " (seen: " : "",
				flags[i].evidence ? flags[i].evidence : "",
				flags[i].evidence ? ")" : "");
		free(first);
		*whys = xrealloc(*whys, (*nwhys + 2) * sizeof(char *));
		(*whys)[(*nwhys)++] = why;
		(*whys)[(*nwhys)++] = xstrdup(sc);
		*items = xgrow(*items, sizeof(**items), *nitems + 1, alloc);
		(*items)[*nitems].syscall = (*whys)[*nwhys - 1];
		(*items)[*nitems].calls = 0;
		(*items)[*nitems].why = why;
		(*nitems)++;
	}
	ret = 0;
out:
	kb_flags_free(flags, nflags);
	diff_facts_free(facts, nfacts);
	free(names);
	kb_free(kb);
	return ret;
}

static int parse_action(const char *s, struct action *a)
{
	a->data = 0;
	if (!strcmp(s, "kill")) {
		a->kind = ACTION_KILL_PROCESS;
	} else if (!strcmp(s, "errno")) {
		a->kind = ACTION_ERRNO;
		a->data = EPERM;
	} else if (!strcmp(s, "log")) {
		a->kind = ACTION_LOG;
	} else {
		return -1;
	}
	return 0;
}

static int cmd_emit_exec(const struct cmd_entry *self, int argc, char **argv)
{
	const char *db = NULL, *format = NULL, *out_path = NULL;
	struct observed_filter filter;
	struct observed_summary sum;
	struct emit_set set;
	struct emit_item *items = NULL;
	const char **phases;
	char **whys = NULL;
	size_t nphases = 0, nitems = 0, alloc = 0, nwhys = 0, i;
	bool siblings = true;
	struct store *st = NULL;
	FILE *out = NULL;
	int c, rc, status = EXIT_USAGE;

	memset(&filter, 0, sizeof(filter));
	memset(&sum, 0, sizeof(sum));
	memset(&set, 0, sizeof(set));
	set.unlisted.kind = ACTION_KILL_PROCESS;
	phases = xcalloc((size_t)argc + 1, sizeof(*phases));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ho:", emit_options, NULL)) !=
	       -1) {
		switch (c) {
		case 'h':
			cmd_print_help(self, stdout);
			status = EXIT_OK;
			goto out;
		case OPT_DB: db = optarg; break;
		case OPT_FORMAT: format = optarg; break;
		case OPT_PHASE: phases[nphases++] = optarg; break;
		case OPT_EXE: filter.exe_regex = optarg; break;
		case OPT_NO_SIBLINGS: siblings = false; break;
		case OPT_ACTION:
			if (parse_action(optarg, &set.unlisted) < 0) {
				status = cmd_usage_error(self, "unknown "
					"--action '%s' (kill, errno or log)",
					optarg);
				goto out;
			}
			break;
		case 'o': out_path = optarg; break;
		default:
			status = cmd_getopt_error(self, c, argv);
			goto out;
		}
	}
	status = cmd_no_operands(self, argc, argv);
	if (status != EXIT_OK)
		goto out;
	status = EXIT_USAGE;
	if (!format) {
		status = cmd_usage_error(self, "--format is required");
		goto out;
	}
	for (i = 0; emit_formats[i]; i++)
		if (!strcmp(emit_formats[i], format))
			break;
	if (!emit_formats[i]) {
		status = cmd_usage_error(self, "unknown --format '%s'", format);
		goto out;
	}
	if (nphases)
		filter.phases = phases;
	st = store_open(cmd_db_path(db), STORE_READONLY);
	if (!st)
		goto out;
	if (observed_summarize(st, &filter, &sum) < 0)
		goto out;
	if (!sum.nnames) {
		error("nothing observed in '%s' matches the selection; "
		      "refusing to emit an empty policy", store_path(st));
		goto out;
	}
	for (i = 0; i < sum.nnames; i++) {
		items = xgrow(items, sizeof(*items), nitems + 1, &alloc);
		items[nitems].syscall = sum.names[i].syscall;
		items[nitems].calls = sum.names[i].calls;
		items[nitems].why = NULL;
		nitems++;
	}
	qsort(items, nitems, sizeof(*items), cmp_item);
	if (siblings)
		add_siblings(st, &filter, &sum, &items, &nitems, &alloc,
			     &whys, &nwhys);
	set.items = items;
	set.nitems = nitems;
	set.arches = sum.arches;
	set.narches = sum.narches;
	set.title = cmd_line;
	set.store = st;
	out = output_open(out_path);
	if (!out) {
		status = EXIT_SYSTEM;
		goto out;
	}
	rc = emit_write(out, format, &set);
	if (output_close(out, out_path) < 0) {
		out = NULL;
		status = EXIT_SYSTEM;
		goto out;
	}
	out = NULL;
	status = rc < 0 ? EXIT_USAGE : EXIT_OK;
out:
	if (out && out != stdout)
		fclose(out);
	for (i = 0; i < nwhys; i++)
		free(whys[i]);
	free(whys);
	free(items);
	observed_summary_release(&sum);
	store_close(st);
	free(phases);
	return status;
}

const struct cmd_entry cmd_emit_entry = {
	.name = "emit",
	.usage = "[--db DB] --format list|systemd|oci|minijail|c|bpf|pfc "
		 "[--phase NAME]... [--exe REGEX] [--no-siblings] "
		 "[--action kill|errno|log] [-o FILE]",
	.summary = "write the observed syscalls as a policy",
	.help =
	"  --db DB              the database (default ./syscensus.db or "
	"$SYSCENSUS_DB)\n"
	"  --format F           list, systemd, oci, minijail, c, bpf or pfc\n"
	"  --phase NAME         only this phase (repeatable)\n"
	"  --exe REGEX          only executables whose path matches (PCRE2)\n"
	"  --no-siblings        exactly the observed syscalls, nothing added\n"
	"  --action A           what unlisted syscalls get: kill (default), "
	"errno, log\n"
	"  -o, --output FILE    write there (created 0600) instead of stdout\n"
	"\nSyscalls are ordered by observed frequency, most first (the list "
	"format\nsorts them by name).  Without --no-siblings the knowledge "
	"base adds what\nthe same code needs on other paths, each with a "
	"comment saying why.\n",
	.exec = cmd_emit_exec,
};
