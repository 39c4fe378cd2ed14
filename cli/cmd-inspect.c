/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd-inspect.c - `syscensus inspect`: decode the seccomp filters loaded in
 * a running process (or any policy file) and print them as a policy.
 *
 * -p PID: PTRACE_SEIZE + PTRACE_INTERRUPT (the tracee must be stopped
 * under ptrace for PTRACE_SECCOMP_GET_FILTER, which also needs
 * CAP_SYS_ADMIN), then read filter 0, 1, ... (0 is the newest) until
 * ENOENT, then PTRACE_DETACH: the process goes on running, nothing is
 * injected and no signal is lost.  The stack is decoded with the BPF
 * emulator (analyzer/policy/bpf.c) as the kernel evaluates it (strictest result
 * wins).  A signal that arrived meanwhile is handed back on detach.
 * --policy FILE decodes a policy file the same way instead, so every
 * reader's model can be printed in every format; --db DB the filters the
 * tracer captured when tracees installed them (the `filters` table).
 *
 * Exit: 0 printed; 1 the process has no seccomp filter (or only strict
 * mode) or DB holds no captured one, a finding, not a failure; 2 usage
 * or a bad policy file; 3 the system refused (no such process, no
 * privilege, a kernel without PTRACE_SECCOMP_GET_FILTER).
 */
#include "config.h"

#include <errno.h>
#include <linux/filter.h>
#include <sqlite3.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "analyzer/emit/emit.h"
#include "analyzer/policy/policy.h"
#include "cli/cmd.h"

#ifndef PTRACE_SECCOMP_GET_FILTER
#define PTRACE_SECCOMP_GET_FILTER 0x420c
#endif

#define MAX_FILTERS 64

static const struct option inspect_options[] = {
	{ "pid", required_argument, NULL, 'p' },
	{ "format", required_argument, NULL, 'f' },
	{ "policy", required_argument, NULL, 'P' },
	{ "policy-format", required_argument, NULL, 'F' },
	{ "output", required_argument, NULL, 'o' },
	{ "db", required_argument, NULL, 'd' },
	{ "filter", required_argument, NULL, 'i' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static const char *const formats[] = {
	"text", "list", "systemd", "oci", "minijail", "c", "bpf", "pfc", NULL,
};

/* "Seccomp:" of /proc/PID/status: 0 none, 1 strict, 2 filter; -1. */
static int seccomp_mode(pid_t pid)
{
	char path[64];
	struct strbuf sb = STRBUF_INIT;
	const char *s;
	int mode = -1;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (strbuf_read_file(&sb, path, 1u << 20) == 0 &&
	    (s = strstr(sb.buf, "\nSeccomp:")) != NULL)
		mode = atoi(s + 9);
	strbuf_release(&sb);
	return mode;
}

struct fetched {
	struct sock_filter *insns[MAX_FILTERS];
	size_t len[MAX_FILTERS];
	size_t n;
};

/* Seize, stop, read every filter, detach.  0, or an exit status. */
static int fetch_filters(pid_t pid, struct fetched *out)
{
	int status, ret = EXIT_SYSTEM, sig = 0;
	long n;

	if (ptrace(PTRACE_SEIZE, pid, 0, 0) < 0) {
		if (errno == ESRCH)
			error("no such process %d", (int)pid);
		else
			error_errno("cannot attach to process %d (ptrace "
				    "needs the same user or CAP_SYS_PTRACE, "
				    "and Yama may forbid it)", (int)pid);
		return EXIT_SYSTEM;
	}
	if (ptrace(PTRACE_INTERRUPT, pid, 0, 0) < 0 ||
	    waitpid(pid, &status, __WALL) < 0) {
		error_errno("cannot stop process %d", (int)pid);
		goto detach;
	}
	if (!WIFSTOPPED(status)) {
		error("process %d exited while being inspected", (int)pid);
		return EXIT_SYSTEM;
	}
	/* a signal-delivery stop came first: hand the signal back */
	if ((status >> 16) != PTRACE_EVENT_STOP)
		sig = WSTOPSIG(status);
	for (out->n = 0; out->n < MAX_FILTERS; out->n++) {
		n = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)out->n,
			   NULL);
		if (n < 0 && errno == ENOENT)
			break;
		if (n < 0) {
			if (errno == EACCES || errno == EPERM)
				error("reading seccomp filters needs "
				      "CAP_SYS_ADMIN (run as root)");
			else if (errno == EINVAL || errno == EIO)
				error("this kernel cannot read filters "
				      "(PTRACE_SECCOMP_GET_FILTER: %s)",
				      strerror(errno));
			else
				error_errno("cannot read filter %zu", out->n);
			goto detach;
		}
		out->len[out->n] = (size_t)n;
		out->insns[out->n] = xcalloc((size_t)n ? (size_t)n : 1,
					     sizeof(struct sock_filter));
		if (ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)out->n,
			   out->insns[out->n]) != n) {
			error_errno("cannot read filter %zu", out->n);
			free(out->insns[out->n]);
			goto detach;
		}
	}
	ret = EXIT_OK;
detach:
	/* a group-stop or our interrupt: detaching resumes the process */
	if (ptrace(PTRACE_DETACH, pid, 0, (void *)(long)sig) < 0 &&
	    errno != ESRCH)
		warning("cannot detach from process %d: %s", (int)pid,
			strerror(errno));
	return ret;
}

/* The allowlist of p as an emit_set (caller frees items). */
static void policy_to_set(const struct policy *p, struct emit_set *set,
			  struct emit_item **items_out)
{
	struct emit_item *items = NULL;
	size_t n = 0, alloc = 0, i, j;
	uint32_t arch = p->narches ? p->arches[0] : arch_native();

	for (i = 0; i < p->nrules; i++) {
		const char *name = p->rules[i].syscall;
		bool dup = false;

		for (j = 0; j < n && !dup; j++)
			dup = !strcmp(items[j].syscall, name);
		if (dup || policy_lookup(p, arch, name, NULL) !=
		    VERDICT_ALLOWED)
			continue;
		items = xgrow(items, sizeof(*items), n + 1, &alloc);
		items[n].syscall = name;
		items[n].calls = 0;
		items[n].why = NULL;
		n++;
	}
	memset(set, 0, sizeof(*set));
	set->items = items;
	set->nitems = n;
	set->arches = p->arches;
	set->narches = p->narches;
	set->unlisted = p->default_action;
	if (set->unlisted.kind != ACTION_ERRNO &&
	    set->unlisted.kind != ACTION_LOG)
		set->unlisted.kind = ACTION_KILL_PROCESS;
	set->title = p->source;
	*items_out = items;
}

static int cmp_rule(const void *a, const void *b)
{
	const struct policy_rule *x = a, *y = b;

	return strcmp(x->syscall, y->syscall);
}

static bool has_conditional(const struct policy *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nrules; i++)
		if (p->rules[i].nconds && !strcmp(p->rules[i].syscall, name) &&
		    !policy_rule_superseded(p, &p->rules[i]))
			return true;
	return false;
}

static void print_cond(FILE *f, const struct policy_rule *r)
{
	static const char *const ops[] = {
		"==", "!=", "<", "<=", ">", ">=", "&",
	};
	size_t j;

	for (j = 0; j < r->nconds; j++) {
		const struct arg_cond *c = &r->conds[j];

		fprintf(f, "%s arg%u %s %#llx", j ? " &&" : "", c->index,
			ops[c->op], (unsigned long long)c->value);
		if (c->op == ARG_MASKED_EQ)
			fprintf(f, " == %#llx", (unsigned long long)c->value2);
	}
}

/*
 * Text: the arches, the default, one line per action listing the
 * syscalls that get it whatever the arguments, then each syscall whose
 * result depends on its arguments with its conditions and what it gets
 * otherwise.  [arch] marks a rule for one architecture only.
 */
static void print_text(FILE *f, struct policy *p, const char *what)
{
	static const enum action_kind kinds[] = {
		ACTION_ALLOW, ACTION_LOG, ACTION_ERRNO, ACTION_TRAP,
		ACTION_TRACE, ACTION_NOTIFY, ACTION_KILL_THREAD,
		ACTION_KILL_PROCESS,
	};
	char buf[32];
	size_t i, j, k;

	fprintf(f, "%s\n", what);
	fputs("architectures:", f);
	for (i = 0; i < p->narches; i++)
		fprintf(f, " %s", arch_name(p->arches[i]) ?
			arch_name(p->arches[i]) : "?");
	if (!p->narches)
		fputs(" native", f);
	fprintf(f, "\ndefault: %s\n", action_name(&p->default_action, buf));
	if (p->nrules)
		qsort(p->rules, p->nrules, sizeof(*p->rules), cmp_rule);
	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		for (i = 0; i < p->nrules; i++) {
			const struct policy_rule *r = &p->rules[i];
			size_t count = 0;
			bool seen = false;

			if (r->action.kind != kinds[k] || r->nconds ||
			    has_conditional(p, r->syscall))
				continue;
			for (j = 0; j < i && !seen; j++)
				seen = !p->rules[j].nconds &&
				       p->rules[j].action.kind == kinds[k] &&
				       p->rules[j].action.data ==
					       r->action.data &&
				       !has_conditional(p, p->rules[j].syscall);
			if (seen)
				continue;
			fprintf(f, "%s:", action_name(&r->action, buf));
			for (j = i; j < p->nrules; j++) {
				const struct policy_rule *s = &p->rules[j];

				if (s->nconds || s->action.kind != kinds[k] ||
				    s->action.data != r->action.data ||
				    has_conditional(p, s->syscall))
					continue;
				fprintf(f, " %s", s->syscall);
				if (s->arch)
					fprintf(f, "[%s]", arch_name(s->arch) ?
						arch_name(s->arch) : "?");
				count++;
			}
			fprintf(f, "  (%zu)\n", count);
		}
	}
	for (i = 0; i < p->nrules; i++) {
		const struct policy_rule *r = &p->rules[i];
		struct action other = p->default_action;

		if (!r->nconds || policy_rule_superseded(p, r))
			continue;
		/* the unconditional rule for the name, if any, decides the
		 * rest (the last one, as policy_lookup() reads it) */
		for (j = 0; j < p->nrules; j++)
			if (!p->rules[j].nconds &&
			    !strcmp(p->rules[j].syscall, r->syscall) &&
			    (!r->arch || !p->rules[j].arch ||
			     p->rules[j].arch == r->arch))
				other = p->rules[j].action;
		fprintf(f, "conditional %s", r->syscall);
		if (r->arch)
			fprintf(f, "[%s]", arch_name(r->arch) ?
				arch_name(r->arch) : "?");
		fprintf(f, ": %s when", action_name(&r->action, buf));
		print_cond(f, r);
		fprintf(f, "; else %s\n", action_name(&other, buf));
	}
}


/* Print one decoded program (text) or hand it to an emitter. */
static int print_policy(FILE *f, const char *format, struct policy *p,
			const char *what, const struct sock_filter *raw,
			size_t rawlen)
{
	struct emit_set set;
	struct emit_item *items = NULL;
	int ret = EXIT_OK;

	if (!strcmp(format, "text")) {
		print_text(f, p, what);
	} else if (!strcmp(format, "bpf") && raw) {
		/* the program itself, byte for byte */
		if (fwrite(raw, sizeof(*raw), rawlen, f) != rawlen)
			ret = EXIT_SYSTEM;
	} else {
		policy_to_set(p, &set, &items);
		set.title = what;
		if (emit_write(f, format, &set) < 0)
			ret = EXIT_USAGE;
	}
	free(items);
	return ret;
}

/*
 * --db: the filters the tracer captured when tracees installed them
 * (the store's `filters` table), each decoded on its own.  Text prints
 * them all; other formats need --filter ID (or a single filter).
 */
static int inspect_db(const char *dbpath, int64_t want, const char *format,
		      FILE *f)
{
	static const char sql[] =
		"SELECT id, run_id, pid, exe, how, program FROM filters "
		"WHERE ?1 = 0 OR id = ?1 ORDER BY id";
	struct store *st = store_open(dbpath, STORE_READONLY);
	sqlite3_stmt *stmt = NULL;
	int rc, ret = EXIT_USAGE;
	size_t n = 0;

	if (!st)
		return EXIT_USAGE;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &stmt, NULL) !=
	    SQLITE_OK) {
		error("cannot read filters from '%s': %s", dbpath,
		      sqlite3_errmsg(store_db(st)));
		goto out;
	}
	sqlite3_bind_int64(stmt, 1, want);
	if (strcmp(format, "text") && !want) {
		sqlite3_stmt *cnt = NULL;

		if (sqlite3_prepare_v2(store_db(st),
				       "SELECT count(*) FROM filters", -1, &cnt,
				       NULL) == SQLITE_OK &&
		    sqlite3_step(cnt) == SQLITE_ROW &&
		    sqlite3_column_int64(cnt, 0) > 1) {
			sqlite3_finalize(cnt);
			error("'%s' holds several filters: choose one with "
			      "--filter ID (see --format text)", dbpath);
			goto out;
		}
		sqlite3_finalize(cnt);
	}
	ret = EXIT_OK;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const void *blob = sqlite3_column_blob(stmt, 5);
		size_t bytes = (size_t)sqlite3_column_bytes(stmt, 5);
		const unsigned char *exe = sqlite3_column_text(stmt, 3);
		const unsigned char *how = sqlite3_column_text(stmt, 4);
		struct sock_filter *insns;
		struct bpf_prog prog;
		struct policy *p;
		char err[256], *what;
		int r;

		if (n++ && !strcmp(format, "text"))
			fputc('\n', f);
		what = xasprintf("filter %lld (run %lld, pid %lld, %s, via "
				 "%s): %zu instructions",
				 (long long)sqlite3_column_int64(stmt, 0),
				 (long long)sqlite3_column_int64(stmt, 1),
				 (long long)sqlite3_column_int64(stmt, 2),
				 exe ? (const char *)exe : "?",
				 how ? (const char *)how : "?",
				 bytes / sizeof(struct sock_filter));
		if (!bytes || bytes % sizeof(struct sock_filter)) {
			error("%s: not a whole number of instructions", what);
			free(what);
			ret = EXIT_USAGE;
			continue;
		}
		insns = xmalloc(bytes);
		memcpy(insns, blob, bytes);
		prog.insns = insns;
		prog.len = bytes / sizeof(struct sock_filter);
		p = policy_new(what, "bpf");
		if (bpf_decode(&prog, 1, p, err, sizeof(err)) < 0) {
			error("%s: %s", what, err);
			ret = EXIT_USAGE;
		} else if ((r = print_policy(f, format, p, what, insns,
					     prog.len)) != EXIT_OK) {
			ret = r;
		}
		policy_free(p);
		free(insns);
		free(what);
	}
	if (rc != SQLITE_DONE) {
		error("cannot read filters from '%s': %s", dbpath,
		      sqlite3_errmsg(store_db(st)));
		ret = EXIT_USAGE;
	} else if (!n) {
		if (want)
			error("no filter %lld in '%s'", (long long)want,
			      dbpath);
		else
			error("no captured filters in '%s'", dbpath);
		ret = EXIT_FINDINGS;
	}
out:
	sqlite3_finalize(stmt);
	store_close(st);
	return ret;
}

static int cmd_inspect_exec(const struct cmd_entry *self, int argc, char **argv)
{
	const char *format = "text", *policy_path = NULL, *pformat = "auto";
	const char *out_path = "-", *db = NULL;
	long long filter_id = 0;
	struct fetched fx = { .n = 0 };
	struct bpf_prog progs[MAX_FILTERS];
	struct policy *p = NULL;
	char err[256], *what = NULL, *end;
	long pid = 0;
	FILE *f = NULL;
	size_t i, ninsns = 0;
	int c, ret = EXIT_USAGE;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hp:f:o:", inspect_options,
				NULL)) != -1) {
		switch (c) {
		case 'h':
			cmd_print_help(self, stdout);
			return EXIT_OK;
		case 'p':
			errno = 0;
			pid = strtol(optarg, &end, 10);
			if (errno || *end || pid <= 0 || pid > INT32_MAX)
				return cmd_usage_error(self, "bad pid '%s'",
						       optarg);
			break;
		case 'f': format = optarg; break;
		case 'P': policy_path = optarg; break;
		case 'F': pformat = optarg; break;
		case 'o': out_path = optarg; break;
		case 'd': db = optarg; break;
		case 'i':
			errno = 0;
			filter_id = strtoll(optarg, &end, 10);
			if (errno || *end || filter_id <= 0)
				return cmd_usage_error(self, "bad filter id "
						       "'%s'", optarg);
			break;
		case ':':
			return cmd_usage_error(self, "'%s' needs a value",
					       argv[optind - 1]);
		default:
			return cmd_getopt_error(self, c, argv);
		}
	}
	if (optind < argc)
		return cmd_no_operands(self, argc, argv);
	if ((pid != 0) + (policy_path != NULL) + (db != NULL) != 1)
		return cmd_usage_error(self, "give one of -p PID, --policy "
				       "FILE or --db DB");
	if (filter_id && !db)
		return cmd_usage_error(self, "--filter goes with --db");
	for (i = 0; formats[i]; i++)
		if (!strcmp(formats[i], format))
			break;
	if (!formats[i])
		return cmd_usage_error(self, "unknown format '%s'", format);

	if (db) {
		f = output_open(out_path);
		if (!f)
			return EXIT_SYSTEM;
		ret = inspect_db(db, filter_id, format, f);
		if (output_close(f, out_path) < 0 && ret == EXIT_OK)
			ret = EXIT_SYSTEM;
		return ret;
	}
	if (policy_path) {
		if (cmd_policy_load(policy_path, pformat, 0, &p) < 0)
			return EXIT_USAGE;
		what = xasprintf("policy %s (%s)", policy_path, p->format);
	} else {
		int mode = seccomp_mode((pid_t)pid);

		if (mode == 0 || mode == 1) {
			error("process %ld has no seccomp filter (Seccomp: "
			      "%s)", pid, mode ? "strict mode" : "none");
			return EXIT_FINDINGS;
		}
		ret = fetch_filters((pid_t)pid, &fx);
		if (ret != EXIT_OK)
			goto out;
		if (!fx.n) {
			error("process %ld has no seccomp filter", pid);
			ret = EXIT_FINDINGS;
			goto out;
		}
		for (i = 0; i < fx.n; i++) {
			progs[i].insns = fx.insns[i];
			progs[i].len = fx.len[i];
			ninsns += fx.len[i];
		}
		what = xasprintf("process %ld: %zu seccomp filter%s, %zu "
				 "instructions", pid, fx.n,
				 fx.n == 1 ? "" : "s", ninsns);
		p = policy_new(what, "bpf");
		if (bpf_decode(progs, fx.n, p, err, sizeof(err)) < 0) {
			error("process %ld: %s", pid, err);
			ret = EXIT_USAGE;
			goto out;
		}
	}
	f = output_open(out_path);
	if (!f) {
		ret = EXIT_SYSTEM;
		goto out;
	}
	ret = print_policy(f, format, p, what, fx.n == 1 ? fx.insns[0] : NULL,
			   fx.n == 1 ? fx.len[0] : 0);
	if (output_close(f, out_path) < 0 && ret == EXIT_OK)
		ret = EXIT_SYSTEM;
out:
	for (i = 0; i < fx.n; i++)
		free(fx.insns[i]);
	free(what);
	policy_free(p);
	return ret;
}

const struct cmd_entry cmd_inspect_entry = {
	.name = "inspect",
	.usage = "(-p PID | --policy FILE [--policy-format F] | "
		 "--db DB [--filter ID]) [--format F] [-o FILE]",
	.summary = "decode the seccomp filters of a running process",
	.help =
	"  -p, --pid PID          read the filters loaded in process PID\n"
	"                         (needs CAP_SYS_ADMIN; the process is\n"
	"                         stopped briefly and left running)\n"
	"  --policy FILE          decode a policy file instead\n"
	"  --policy-format F      auto|list|systemd|oci|minijail|c|bpf|pfc\n"
	"  --db DB                decode the filters the tracer captured\n"
	"                         when tracees installed them\n"
	"  --filter ID            only that one (needed for formats other\n"
	"                         than text when DB holds several)\n"
	"  --format F             text (default), list, systemd, oci,\n"
	"                         minijail, c, bpf, pfc\n"
	CMD_OUTPUT_HELP
	"Exit: 0 printed, 1 no filter, 2 usage or bad input, 3 refused.\n",
	.exec = cmd_inspect_exec,
};
