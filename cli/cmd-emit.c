/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-emit.c - `syscensus emit`: turn what was observed into a policy.
 * Builds the emit_set (analyzer.h) from the store - the syscalls of the
 * selection ordered by observed calls, most first, the knowledge base's
 * siblings unless --no-siblings and the static reach asked for
 * (analyzer/emit/emit-items.c), and the architectures seen - and hands it to
 * the emitter of the format (emit.c).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "analyzer/emit/emit.h"
#include "analyzer/policy/policy.h"
#include "analyzer/emit/emit-items.h"
#include "cli/cmd.h"
#include "cli/confine.h"

/* The options, filled by the framework (cmd.c). */
static struct {
	const char *format;
	bool no_siblings, args, verbose, observed_only, reach_given;
	enum emit_reach reach;
	unsigned args_max;
	struct action unlisted, rollout;
	unsigned depth;
} emit = {
	.reach = EMIT_REACH_DIRECT,
	.args_max = 8,
	.unlisted = { .kind = ACTION_KILL_PROCESS },
	.depth = 2,
};

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

	n = emit_items_build(st, flt, sum, rs, true, EMIT_REACH_TRANSITIVE, &items,
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
	emit_whys_free(whys, nwhys);
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
		emit.reach = EMIT_REACH_NONE;
	else if (!strcmp(s, "direct"))
		emit.reach = EMIT_REACH_DIRECT;
	else if (!strcmp(s, "transitive"))
		emit.reach = EMIT_REACH_TRANSITIVE;
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
	enum emit_reach reach = emit.reach;
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
		reach = EMIT_REACH_NONE;
	} else if (!siblings && !emit.reach_given) {
		/* --no-siblings alone keeps its meaning: exactly what was
		 * observed (scripts rely on it) */
		reach = EMIT_REACH_NONE;
	}
	cmd_confine("emit", CONFINE_LIST(cmd_db_path(cmd_ctx.db)), CONFINE_NONE, CONFINE_LIST(cmd_ctx.out_path), !strncmp(format, "landlock", 8) ? CONFINE_READ_ANYWHERE : 0);
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
	if ((reach != EMIT_REACH_NONE || verbose) &&
	    reach_load(st, flt, NULL, &rs) < 0)
		goto out;
	nitems = emit_items_build(st, flt, &sum, &rs, siblings, reach, &items,
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
	emit_whys_free(whys, nwhys);
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
