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

/* --reach: how much of the static reach `scan` stored is added. */
enum reach_level { REACH_NONE, REACH_DIRECT, REACH_TRANSITIVE };

/* The options, filled by the framework (cmd.c). */
static struct {
	const char *format;
	bool no_siblings, args, verbose, observed_only, reach_given;
	enum reach_level reach;
	unsigned args_max;
	struct action unlisted, rollout;
	unsigned depth;
} emit = {
	.reach = REACH_DIRECT,
	.args_max = 8,
	.unlisted = { .kind = ACTION_KILL_PROCESS },
	.depth = 2,
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

static int opt_action(const struct cmd_entry *self, const char *s,
		      void *v)
{
	struct action *a = v;

	a->data = 0;
	if (!strcmp(s, "kill")) {
		a->kind = ACTION_KILL_PROCESS;
	} else if (!strcmp(s, "errno")) {
		a->kind = ACTION_ERRNO;
		a->data = EPERM;
	} else if (!strcmp(s, "log")) {
		a->kind = ACTION_LOG;
	} else {
		return cmd_usage_error(self, "unknown --action '%s' (kill, "
				       "errno or log)", s);
	}
	return 0;
}

static int opt_rollout(const struct cmd_entry *self, const char *s, void *v)
{
	struct action *a = v;

	if (!strcmp(s, "log")) {
		a->kind = ACTION_LOG;
	} else if (!strcmp(s, "errno")) {
		a->kind = ACTION_ERRNO;
		a->data = EPERM;
	} else {
		return cmd_usage_error(self, "unknown --rollout '%s' (log or "
				       "errno)", s);
	}
	return 0;
}

static int opt_reach(const struct cmd_entry *self, const char *s, void *v)
{
	(void)v;
	emit.reach_given = true;
	if (!strcmp(s, "none"))
		emit.reach = REACH_NONE;
	else if (!strcmp(s, "direct"))
		emit.reach = REACH_DIRECT;
	else if (!strcmp(s, "transitive"))
		emit.reach = REACH_TRANSITIVE;
	else
		return cmd_usage_error(self, "unknown --reach '%s' (direct, "
				       "transitive or none)", s);
	return 0;
}

static int parse_number(const char *s, unsigned max, unsigned *out)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < 1 || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int opt_args_max(const struct cmd_entry *self, const char *s, void *v)
{
	(void)v;
	if (parse_number(s, 1000, &emit.args_max) < 0)
		return cmd_usage_error(self, "--args-max wants a number from 1 "
				       "to 1000, not '%s'", s);
	emit.args = true;
	return 0;
}

static int opt_depth(const struct cmd_entry *self, const char *s, void *v)
{
	(void)v;
	if (parse_number(s, 64, &emit.depth) < 0)
		return cmd_usage_error(self, "--collapse-depth wants a number "
				       "from 1 to 64, not '%s'", s);
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

static int cmd_emit_exec(const struct cmd_entry *self)
{
	const char *format = emit.format;
	const struct observed_filter *flt = &cmd_ctx.filter;
	struct observed_summary sum;
	struct emit_set set;
	struct emit_item *items = NULL;
	enum emit_source *sources = NULL;
	char **whys = NULL;
	size_t nitems = 0, nwhys = 0, i;
	bool siblings = !emit.no_siblings, verbose = emit.verbose;
	bool kb_ok = true;
	enum reach_level reach = emit.reach;
	struct reach_set rs;
	size_t nreach_items = 0;
	struct emit_args *eargs = NULL;
	struct layers_opts layers = { .depth = emit.depth };
	struct store *st = NULL;
	FILE *out = NULL;
	int rc, status;

	memset(&sum, 0, sizeof(sum));
	memset(&set, 0, sizeof(set));
	memset(&rs, 0, sizeof(rs));
	set.unlisted = emit.unlisted;
	set.rollout = emit.rollout;
	status = cmd_no_operands(self);
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
	if (emit.observed_only && (emit.reach_given || set.rollout.kind)) {
		status = cmd_usage_error(self, "--observed-only is the trace "
					 "alone: no --reach, no --rollout");
		goto out;
	}
	if (emit.observed_only) {
		siblings = false;
		reach = REACH_NONE;
	} else if (!siblings && !emit.reach_given) {
		/* --no-siblings alone keeps its meaning: exactly what was
		 * observed (scripts rely on it) */
		reach = REACH_NONE;
	}
	st = cmd_store();
	if (!st)
		goto out;
	if (observed_summarize(st, flt, &sum) < 0)
		goto out;
	if (!sum.nnames) {
		error("nothing observed in '%s' matches the selection; "
		      "refusing to emit an empty policy", store_path(st));
		goto out;
	}
	if ((reach != REACH_NONE || verbose) &&
	    reach_load(st, flt, NULL, &rs) < 0)
		goto out;
	nitems = build_items(st, flt, &sum, &rs, siblings, reach, &items,
			     &sources, &whys, &nwhys, &kb_ok);
	for (i = 0; i < nitems; i++)
		nreach_items += sources[i] == EMIT_DIRECT ||
				sources[i] == EMIT_TRANSITIVE;
	if (verbose)
		sizes_report(st, flt, &sum, &rs, nitems, kb_ok);
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
	if (emit.args) {
		if (emit_args_apply(st, flt, &set, emit.args_max, &eargs) < 0)
			goto out;
		set.args = eargs;
		args_report(&set, verbose);
	}
	set.title = cmd_line;
	set.store = st;
	layers.st = st;
	layers.filter = flt;
	set.layers = &layers;
	out = cmd_output();
	if (!out) {
		status = EXIT_SYSTEM;
		goto out;
	}
	rc = emit_write(out, format, &set);
	if (cmd_output_close() < 0) {
		status = EXIT_SYSTEM;
		goto out;
	}
	status = rc < 0 ? EXIT_USAGE : EXIT_OK;
out:
	for (i = 0; i < nwhys; i++)
		free(whys[i]);
	free(whys);
	emit_args_free(eargs);
	free(items);
	free(sources);
	reach_set_release(&rs);
	observed_summary_release(&sum);
	return status;
}

static const struct cmd_option emit_options[] = {
	CMD_OPT_DB_READ,
	CMD_STRING(0, "format", "F", &emit.format,
		   "list, systemd, oci, minijail, c, bpf or pfc;\n"
		   "landlock (C source exporting\n"
		   "int install_landlock_ruleset(void)),\n"
		   "landlock-json (the same ruleset for launchers),\n"
		   "systemd-hardening (a unit drop-in with the\n"
		   "evidence of each line)"),
	CMD_OPT_PHASES,
	CMD_OPT_EXE,
	CMD_FLAG(0, "no-siblings", &emit.no_siblings,
		 "no knowledge-base siblings (alone: exactly the\n"
		 "observed syscalls, no reach either)"),
	CMD_CALL(0, "reach", "LEVEL", opt_reach, NULL,
		 "static reach from `syscensus scan` to add: direct\n"
		 "(default: what the program imports or calls itself),\n"
		 "transitive (through library internals too) or none"),
	CMD_FLAG(0, "observed-only", &emit.observed_only,
		 "the trace alone: no siblings, no reach"),
	CMD_CALL(0, "action", "A", opt_action, &emit.unlisted,
		 "what unlisted syscalls get: kill (default), errno, log"),
	CMD_CALL(0, "rollout", "A", opt_rollout, &emit.rollout,
		 "the reach the trace never saw gets log (SCMP_ACT_LOG) or\n"
		 "errno (EPERM) instead of allow; formats c, bpf, pfc, oci"),
	CMD_FLAG(0, "args", &emit.args,
		 "allow socket, socketpair, fcntl, ioctl, prctl and clone\n"
		 "only for the decisive argument values seen"),
	CMD_CALL(0, "args-max", "N", opt_args_max, NULL,
		 "at most N distinct values per syscall (default 8)"),
	CMD_CALL(0, "collapse-depth", "N", opt_depth, NULL,
		 "landlock: writes, creations and removals give a rule on\n"
		 "their directory when it has at least N components\n"
		 "(default 2) and is no system directory (/, /etc, ...)"),
	CMD_FLAG('v', "verbose", &emit.verbose,
		 "the sizes: observed, + siblings, + direct, + transitive;\n"
		 "with --args, say per syscall what was decided"),
	CMD_OPT_OUTPUT,
	CMD_END,
};

const struct cmd_entry cmd_emit_entry = {
	.name = "emit",
	.usage = "[--db DB] --format list|systemd|oci|minijail|c|bpf|pfc|"
		 "landlock|landlock-json|systemd-hardening "
		 "[--phase NAME]... [--exe REGEX] [--no-siblings] "
		 "[--reach direct|transitive|none] [--observed-only] "
		 "[--action kill|errno|log] [--rollout log|errno] "
		 "[--args [--args-max N]] [--collapse-depth N] [-v] [-o FILE]",
	.summary = "write the observed syscalls as a policy",
	.options = emit_options,
	.help_col = 23,
	.flags = CMD_NEEDS_DB | CMD_SELECTION | CMD_OUTPUT | CMD_CONFINABLE,
	.help =
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
