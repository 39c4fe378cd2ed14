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
#include "cli/confine.h"

enum {
	OPT_DB = 256,
	OPT_FORMAT,
	OPT_PHASE,
	OPT_EXE,
	OPT_NO_SIBLINGS,
	OPT_ACTION,
	OPT_ARGS,
	OPT_ARGS_MAX,
	OPT_OBSERVED_ONLY,
	OPT_REACH,
	OPT_ROLLOUT,
	OPT_DEPTH,
};

/* --reach: how much of the static reach `scan` stored is added. */
enum reach_level { REACH_NONE, REACH_DIRECT, REACH_TRANSITIVE };

static const struct option emit_options[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "phase", required_argument, NULL, OPT_PHASE },
	{ "exe", required_argument, NULL, OPT_EXE },
	{ "no-siblings", no_argument, NULL, OPT_NO_SIBLINGS },
	{ "action", required_argument, NULL, OPT_ACTION },
	{ "args", no_argument, NULL, OPT_ARGS },
	{ "args-max", required_argument, NULL, OPT_ARGS_MAX },
	{ "observed-only", no_argument, NULL, OPT_OBSERVED_ONLY },
	{ "reach", required_argument, NULL, OPT_REACH },
	{ "rollout", required_argument, NULL, OPT_ROLLOUT },
	{ "collapse-depth", required_argument, NULL, OPT_DEPTH },
	{ "verbose", no_argument, NULL, 'v' },
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

/*
 * Append the static reach of level ("direct" or "transitive") to the set:
 * each syscall of rs not yet in it, on an architecture of the selection
 * (any when none is known), once, with a comment saying how the code
 * reaches it.  *whys collects the strings to free.
 */
static void add_reach(const struct reach_set *rs, const char *level,
		      const struct observed_summary *sum,
		      struct emit_item **items, size_t *nitems,
		      size_t *alloc, char ***whys, size_t *nwhys)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, j;

	for (i = 0; i < rs->n; i++) {
		const struct reach_entry *e = &rs->v[i];
		uint32_t arch = arch_from_name(e->arch);
		bool arch_ok = !sum->narches;

		if (strcmp(e->level, level))
			continue;
		for (j = 0; j < sum->narches; j++)
			arch_ok |= sum->arches[j] == arch;
		if (!arch_ok)
			continue;
		for (j = 0; j < *nitems; j++)
			if (!strcmp((*items)[j].syscall, e->syscall))
				break;
		if (j < *nitems)
			continue;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s: ", e->syscall);
		reach_describe(&sb, e, 3);
		if (!strcmp(level, "transitive"))
			strbuf_addstr(&sb, ", an over-approximation");
		strbuf_addstr(&sb, "; never observed");
		*whys = xrealloc(*whys, (*nwhys + 2) * sizeof(char *));
		(*whys)[(*nwhys)++] = strbuf_detach(&sb, NULL);
		(*whys)[(*nwhys)++] = xstrdup(e->syscall);
		*items = xgrow(*items, sizeof(**items), *nitems + 1, alloc);
		(*items)[*nitems].syscall = (*whys)[*nwhys - 1];
		(*items)[*nitems].calls = 0;
		(*items)[*nitems].why = (*whys)[*nwhys - 2];
		(*nitems)++;
	}
	strbuf_release(&sb);
}

/*
 * The set: observed (most calls first), then the knowledge base's
 * siblings, then the direct and transitive reach, as far as asked.
 * Returns the number of items; *items, *sources (where each item comes
 * from) and the strings in *whys are the caller's.
 */
static size_t build_items(struct store *st, const struct observed_filter *flt,
			  const struct observed_summary *sum,
			  const struct reach_set *rs, bool siblings,
			  enum reach_level reach, struct emit_item **items,
			  enum emit_source **sources, char ***whys,
			  size_t *nwhys, bool *kb_ok)
{
	size_t i, nitems = 0, alloc = 0, end[3];

	for (i = 0; i < sum->nnames; i++) {
		*items = xgrow(*items, sizeof(**items), nitems + 1, &alloc);
		memset(&(*items)[nitems], 0, sizeof(**items));
		(*items)[nitems].syscall = sum->names[i].syscall;
		(*items)[nitems].calls = sum->names[i].calls;
		nitems++;
	}
	qsort(*items, nitems, sizeof(**items), cmp_item);
	end[0] = nitems;
	if (siblings && *kb_ok &&
	    add_siblings(st, flt, sum, items, &nitems, &alloc, whys,
			 nwhys) < 0)
		*kb_ok = false;
	end[1] = nitems;
	if (reach >= REACH_DIRECT)
		add_reach(rs, "direct", sum, items, &nitems, &alloc, whys,
			  nwhys);
	end[2] = nitems;
	if (reach >= REACH_TRANSITIVE)
		add_reach(rs, "transitive", sum, items, &nitems, &alloc, whys,
			  nwhys);
	/* each step only appends: its items are a range */
	*sources = xcalloc(nitems + 1, sizeof(**sources));
	for (i = 0; i < nitems; i++)
		(*sources)[i] = i < end[0] ? EMIT_OBSERVED :
				i < end[1] ? EMIT_SIBLING :
				i < end[2] ? EMIT_DIRECT : EMIT_TRANSITIVE;
	return nitems;
}

/* -v: the sizes of each step, whatever was asked, so a reviewer sees
 * what each source costs: observed, + siblings, + direct, + transitive. */
static void sizes_report(struct store *st, const struct observed_filter *flt,
			 const struct observed_summary *sum,
			 const struct reach_set *rs, size_t emitted, bool kb_ok)
{
	struct emit_item *items = NULL;
	enum emit_source *src = NULL;
	char **whys = NULL;
	size_t nwhys = 0, n, i, nsib = 0, ndir = 0, ntr = 0;

	n = build_items(st, flt, sum, rs, true, REACH_TRANSITIVE, &items,
			&src, &whys, &nwhys, &kb_ok);
	for (i = 0; i < n; i++) {
		nsib += src[i] == EMIT_SIBLING;
		ndir += src[i] == EMIT_DIRECT;
		ntr += src[i] == EMIT_TRANSITIVE;
	}
	fprintf(stderr, "emit: sizes: observed %zu, + siblings %zu, "
		"+ direct %zu, + transitive %zu; emitted %zu (%.2fx the "
		"observed set)\n", sum->nnames, sum->nnames + nsib,
		sum->nnames + nsib + ndir, sum->nnames + nsib + ndir + ntr,
		emitted, sum->nnames ? (double)emitted / (double)sum->nnames :
		0.0);
	for (i = 0; i < nwhys; i++)
		free(whys[i]);
	free(whys);
	free(items);
	free(src);
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

static int parse_args_max(const char *s, unsigned *out)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < 1 || v > 1000)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/*
 * --args on stderr: one summary line (which syscalls got conditions and
 * how many stay unconditional); with -v one line per decisive syscall.
 */
static void args_report(const struct emit_set *set, bool verbose)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, ncond = emit_args_count(set, true);
	size_t nun = emit_args_count(set, false);

	for (i = 0; i < set->nitems; i++) {
		const struct emit_item *it = &set->items[i];
		const struct emit_cond *cond = emit_item_cond(set, i);
		const char *note = emit_item_args_note(set, i);

		if (verbose && cond) {
			strbuf_reset(&sb);
			emit_cond_describe(&sb, cond);
			fprintf(stderr, "emit: --args: %s: %s\n", it->syscall,
				sb.buf);
		} else if (verbose && note) {
			fprintf(stderr, "emit: --args: %s: unconditional: "
				"%s\n", it->syscall, note);
		}
	}
	/* emit-args.c notes clone3 only when clone got a condition */
	for (i = 0; i < set->nitems; i++)
		if (!strcmp(set->items[i].syscall, "clone3") &&
		    emit_item_args_note(set, i))
			warning("clone3 stays unconditional: namespaces can "
				"still be made through it; Docker answers "
				"clone3 with ENOSYS so glibc falls back to "
				"clone");
	strbuf_reset(&sb);
	for (i = 0; i < set->nitems; i++)
		if (emit_item_cond(set, i))
			strbuf_addf(&sb, "%s%s", sb.len ? ", " : " (",
				    set->items[i].syscall);
	if (sb.len)
		strbuf_addch(&sb, ')');
	fprintf(stderr, "emit: --args: %zu syscall%s with argument "
		"conditions%s; %zu left unconditional%s\n", ncond,
		ncond == 1 ? "" : "s", sb.buf, nun,
		nun && !verbose ? " (-v says why)" : "");
	strbuf_release(&sb);
}

static int cmd_emit_exec(const struct cmd_entry *self, int argc, char **argv)
{
	const char *db = NULL, *format = NULL, *out_path = NULL;
	struct observed_filter filter;
	struct observed_summary sum;
	struct emit_set set;
	struct emit_item *items = NULL;
	enum emit_source *sources = NULL;
	const char **phases;
	char **whys = NULL;
	size_t nphases = 0, nitems = 0, nwhys = 0, i;
	bool siblings = true, args = false, verbose = false, kb_ok = true;
	bool observed_only = false, reach_given = false;
	enum reach_level reach = REACH_DIRECT;
	struct reach_set rs;
	size_t nreach_items = 0;
	unsigned args_max = 8;
	struct emit_args *eargs = NULL;
	struct layers_opts layers = { .depth = 2 };
	struct store *st = NULL;
	FILE *out = NULL;
	int c, rc, status = EXIT_USAGE;

	memset(&filter, 0, sizeof(filter));
	memset(&sum, 0, sizeof(sum));
	memset(&set, 0, sizeof(set));
	memset(&rs, 0, sizeof(rs));
	set.unlisted.kind = ACTION_KILL_PROCESS;
	phases = xcalloc((size_t)argc + 1, sizeof(*phases));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ho:v", emit_options, NULL)) !=
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
		case 'v': verbose = true; break;
		case OPT_OBSERVED_ONLY: observed_only = true; break;
		case OPT_REACH:
			reach_given = true;
			if (!strcmp(optarg, "none")) {
				reach = REACH_NONE;
			} else if (!strcmp(optarg, "direct")) {
				reach = REACH_DIRECT;
			} else if (!strcmp(optarg, "transitive")) {
				reach = REACH_TRANSITIVE;
			} else {
				status = cmd_usage_error(self, "unknown "
					"--reach '%s' (direct, transitive or "
					"none)", optarg);
				goto out;
			}
			break;
		case OPT_ROLLOUT:
			if (!strcmp(optarg, "log")) {
				set.rollout.kind = ACTION_LOG;
			} else if (!strcmp(optarg, "errno")) {
				set.rollout.kind = ACTION_ERRNO;
				set.rollout.data = EPERM;
			} else {
				status = cmd_usage_error(self, "unknown "
					"--rollout '%s' (log or errno)",
					optarg);
				goto out;
			}
			break;
		case OPT_ARGS: args = true; break;
		case OPT_DEPTH:
			if (parse_args_max(optarg, &layers.depth) < 0 ||
			    layers.depth > 64) {
				status = cmd_usage_error(self, "--collapse-depth "
					"wants a number from 1 to 64, not "
					"'%s'", optarg);
				goto out;
			}
			break;
		case OPT_ARGS_MAX:
			if (parse_args_max(optarg, &args_max) < 0) {
				status = cmd_usage_error(self, "--args-max "
					"wants a number from 1 to 1000, not "
					"'%s'", optarg);
				goto out;
			}
			args = true;
			break;
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
	if (observed_only && (reach_given || set.rollout.kind)) {
		status = cmd_usage_error(self, "--observed-only is the trace "
					 "alone: no --reach, no --rollout");
		goto out;
	}
	if (observed_only) {
		siblings = false;
		reach = REACH_NONE;
	} else if (!siblings && !reach_given) {
		/* --no-siblings alone keeps its meaning: exactly what was
		 * observed (scripts rely on it) */
		reach = REACH_NONE;
	}
	if (nphases)
		filter.phases = phases;
	cmd_confine("emit", CONFINE_LIST(cmd_db_path(db)), CONFINE_NONE, CONFINE_LIST(out_path), !strncmp(format, "landlock", 8) ? CONFINE_READ_ANYWHERE : 0);
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
	if ((reach != REACH_NONE || verbose) &&
	    reach_load(st, &filter, NULL, &rs) < 0)
		goto out;
	nitems = build_items(st, &filter, &sum, &rs, siblings, reach, &items,
			     &sources, &whys, &nwhys, &kb_ok);
	for (i = 0; i < nitems; i++)
		nreach_items += sources[i] == EMIT_DIRECT ||
				sources[i] == EMIT_TRANSITIVE;
	if (verbose)
		sizes_report(st, &filter, &sum, &rs, nitems, kb_ok);
	if (set.rollout.kind != ACTION_NONE && nreach_items &&
	    strcmp(format, "c") && strcmp(format, "bpf") &&
	    strcmp(format, "pfc") && strcmp(format, "oci"))
		warning("--rollout: --format %s cannot give a syscall its own "
			"action: the %zu syscalls of static reach are allowed "
			"outright (c, bpf, pfc and oci can log them)", format,
			nreach_items);
	else if (set.rollout.kind != ACTION_NONE && !nreach_items)
		note("--rollout: no static reach beyond the trace (run "
		     "`syscensus scan`?): nothing to roll out, the filter "
		     "is the plain one");
	set.items = items;
	set.nitems = nitems;
	set.sources = sources;
	set.arches = sum.arches;
	set.narches = sum.narches;
	if (args) {
		if (emit_args_apply(st, &filter, &set, args_max, &eargs) < 0)
			goto out;
		set.args = eargs;
		args_report(&set, verbose);
	}
	set.title = cmd_line;
	set.store = st;
	layers.st = st;
	layers.filter = &filter;
	set.layers = &layers;
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
	output_abort(out);
	for (i = 0; i < nwhys; i++)
		free(whys[i]);
	free(whys);
	emit_args_free(eargs);
	free(items);
	free(sources);
	reach_set_release(&rs);
	observed_summary_release(&sum);
	store_close(st);
	free(phases);
	return status;
}

const struct cmd_entry cmd_emit_entry = {
	.name = "emit",
	.usage = "[--db DB] --format list|systemd|oci|minijail|c|bpf|pfc|"
		 "landlock|landlock-json|systemd-hardening "
		 "[--phase NAME]... [--exe REGEX] [--no-siblings] "
		 "[--reach direct|transitive|none] [--observed-only] "
		 "[--action kill|errno|log] [--rollout log|errno] "
		 "[--args [--args-max N]] [--collapse-depth N] [-v] [-o FILE]",
	.summary = "write the observed syscalls as a policy",
	.help =
	"  --db DB              the database (default ./syscensus.db or "
	"$SYSCENSUS_DB)\n"
	"  --format F           list, systemd, oci, minijail, c, bpf or pfc;\n"
	"                       landlock (C source exporting\n"
	"                       int install_landlock_ruleset(void)),\n"
	"                       landlock-json (the same ruleset for "
	"launchers),\n"
	"                       systemd-hardening (a unit drop-in with the\n"
	"                       evidence of each line)\n"
	"  --phase NAME         only this phase (repeatable)\n"
	"  --exe REGEX          only executables whose path matches (PCRE2)\n"
	"  --no-siblings        no knowledge-base siblings (alone: exactly "
	"the\n                       observed syscalls, no reach either)\n"
	"  --reach LEVEL        static reach from `syscensus scan` to add: "
	"direct\n                       (default: what the program imports "
	"or calls itself),\n                       transitive (through "
	"library internals too) or none\n"
	"  --observed-only      the trace alone: no siblings, no reach\n"
	"  --action A           what unlisted syscalls get: kill (default), "
	"errno, log\n"
	"  --rollout A          the reach the trace never saw gets log "
	"(SCMP_ACT_LOG) or\n                       errno (EPERM) instead of "
	"allow; formats c, bpf, pfc, oci\n"
	"  --args               allow socket, socketpair, fcntl, ioctl, prctl "
	"and clone\n"
	"                       only for the decisive argument values seen\n"
	"  --args-max N         at most N distinct values per syscall "
	"(default 8)\n"
	"  --collapse-depth N   landlock: writes, creations and removals "
	"give a rule on\n"
	"                       their directory when it has at least N "
	"components\n"
	"                       (default 2) and is no system directory "
	"(/, /etc, ...)\n"
	"  -v, --verbose        the sizes: observed, + siblings, + direct, + "
	"transitive;\n                       with --args, say per syscall "
	"what was decided\n"
	CMD_OUTPUT_HELP
	"\nSyscalls are ordered by observed frequency, most first (the list "
	"format\nsorts them by name).  Without --no-siblings the knowledge "
	"base adds what\nthe same code needs on other paths, each with a "
	"comment saying why.\n"
	"When `syscensus scan` stored the static reach of the programs "
	"observed, the\nsyscalls their code reaches directly are added too, "
	"each commented with how\n(\"uname: /usr/bin/app imports "
	"uname@GLIBC_2.2.5; never observed\").  With\n--rollout they are "
	"logged (or refused with EPERM) instead of allowed, while\nanything "
	"else still gets --action: production logs the path no test ran "
	"instead\nof dying, and `syscensus import` of those logs makes the "
	"next trace.\n"
	"With --args a syscall gets conditions only when the trace holds the "
	"argument\nof every one of its calls (not so for audit logs); see "
	"syscensus-emit(1).\n",
	.exec = cmd_emit_exec,
};
